package staffing

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// vector is one row of ../shared/data/erlang/erlang_test_vectors.csv.
type vector struct {
	line                                    int
	name, model, quantity                   string
	volume, intervalMinutes, aht, threshold float64
	agents                                  int
	patience, shrinkage                     float64
	expected, tolerance                     float64
	hasLoad, hasAgents, hasPatience         bool
}

// traffic is the row's offered load: from volume, interval and AHT, or
// from an "(A=...)" in the quantity for the grid rows.
func (v vector) traffic(t *testing.T) float64 {
	if v.hasLoad {
		return v.volume * v.aht / (v.intervalMinutes * 60)
	}
	m := regexp.MustCompile(`\(A=([0-9.]+)\)`).FindStringSubmatch(v.quantity)
	if m == nil {
		t.Fatalf("line %d: no load and no (A=...) in %q", v.line, v.quantity)
	}
	a, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatalf("line %d: %v", v.line, err)
	}
	return a
}

// readVectors reads the shared Erlang reference vectors, skipping the test
// when the shared data folder is absent.
func readVectors(t *testing.T) []vector {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "data", "erlang", "erlang_test_vectors.csv")
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		t.Skipf("%s is absent: the shared reference data lives beside the repository", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range records[0] {
		col[name] = i
	}
	num := func(rec []string, name string, line int) (float64, bool) {
		s := rec[col[name]]
		if s == "" {
			return 0, false
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("line %d column %s: %v", line, name, err)
		}
		return x, true
	}
	var out []vector
	for i, rec := range records[1:] {
		line := i + 2
		v := vector{line: line, name: rec[col["case"]], model: rec[col["model"]], quantity: rec[col["quantity"]]}
		var ok bool
		v.volume, v.hasLoad = num(rec, "calls_per_interval", line)
		v.intervalMinutes, _ = num(rec, "interval_min", line)
		v.aht, _ = num(rec, "aht_s", line)
		v.threshold, _ = num(rec, "target_answer_s", line)
		var agents float64
		agents, v.hasAgents = num(rec, "agents", line)
		v.agents = int(agents)
		v.patience, v.hasPatience = num(rec, "patience_s", line)
		v.shrinkage, _ = num(rec, "shrinkage", line)
		if v.expected, ok = num(rec, "expected", line); !ok {
			t.Fatalf("line %d: no expected value", line)
		}
		v.tolerance, _ = num(rec, "tolerance", line)
		out = append(out, v)
	}
	if len(out) < 40 {
		t.Fatalf("only %d vectors read", len(out))
	}
	return out
}
