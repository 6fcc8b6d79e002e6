package schedule

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"testing"
)

// decodeStrict reads JSON as `wfm schedule` does: an unknown field is an
// error.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// FuzzProblemAndSolution decodes a fuzzed problem and solution (CONTRACTS.md
// section 4) and checks them. For any input: no panic; a problem Validate
// refuses names the field of every fault; a valid problem is checked
// without error, and the report is consistent (feasible exactly when no
// rule is broken, a finite objective, every violation with its rule). The
// seeds run as an ordinary test; fuzz with
//
//	go test ./schedule -run '^$' -fuzz FuzzProblemAndSolution -fuzztime 60s
func FuzzProblemAndSolution(f *testing.F) {
	p := smallProblem()
	p.Agents[0].MinRestMinutes = intp(660)
	p.Agents[0].MaxConsecutiveShifts = intp(2)
	p.Agents[1].DaysOff = []int{2}
	p.Agents[1].Requests = []Request{{Day: 0, Shift: "E", On: true, Weight: 2}}
	problem, _ := json.Marshal(p)
	solution := []byte(`{"assignments":[{"agent":"A","day":0,"shift":"E","start":"08:00","skill":"billing","breaks":[{"start":"09:00","duration_minutes":60}]},` +
		`{"agent":"B","day":1,"shift":"N"},{"agent":"A","day":1,"shift":"N","start":"21:00"}]}`)
	f.Add(problem, solution)
	f.Add(problem, []byte(`{"assignments":[]}`))
	f.Add([]byte(`{"start_date":"2026-02-30","days":0,"interval_minutes":7,"timezone":"Mars/Base"}`), []byte(`{}`))
	f.Add(bytes.Replace(problem, []byte(`"days":3`), []byte(`"days":3660`), 1), []byte(`{"assignments":[{"agent":"A","day":3659,"shift":"E"}]}`))
	f.Add(bytes.Replace(problem, []byte(`"08:00"`), []byte(`"24:00"`), 1), solution)
	f.Fuzz(func(t *testing.T, problem, solution []byte) {
		var p Problem
		if decodeStrict(problem, &p) != nil {
			return
		}
		if err := p.Validate(); err != nil {
			var fe FieldErrors
			if !errors.As(err, &fe) || len(fe) == 0 {
				t.Fatalf("refusal %T %v names no field", err, err)
			}
			for _, e := range fe {
				if e.Field == "" || e.Message == "" {
					t.Fatalf("refusal %+v does not name its field", e)
				}
			}
			return
		}
		if !smallEnough(p) {
			return // large problems are the solver's benchmarks' to time
		}
		var s Solution
		if decodeStrict(solution, &s) != nil {
			return
		}
		rep, err := Check(p, s)
		if err != nil {
			t.Fatalf("check of a valid problem: %v", err)
		}
		if rep.Feasible != (len(rep.Violations) == 0) || math.IsNaN(rep.Objective) || math.IsInf(rep.Objective, 0) {
			t.Fatalf("report %+v", rep)
		}
		for _, v := range rep.Violations {
			if v.Rule == "" || v.Message == "" {
				t.Fatalf("violation %+v", v)
			}
		}
	})
}

// smallEnough keeps a fuzzed problem to what checks in a moment: the
// checker's work grows with days x intervals x (agents + demands).
func smallEnough(p Problem) bool {
	cells := p.Days * (1440 / p.IntervalMinutes) * (len(p.Agents) + len(p.Demand.Intervals) + 1)
	return cells <= 2_000_000
}
