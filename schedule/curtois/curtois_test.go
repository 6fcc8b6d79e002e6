package curtois

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"wfm/schedule"
)

const dataDir = "../../../shared/data/curtois"

func load(t testing.TB, n int) Instance {
	t.Helper()
	f, err := os.Open(filepath.Join(dataDir, fmt.Sprintf("Instance%d.txt", n)))
	if os.IsNotExist(err) {
		t.Skipf("%s absent: the Curtois instances are not available here", dataDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// evaluate is the benchmark's own definition, written from the instance
// file's semantics without the schedule package: roster[staff][day] is a
// shift id or "". It returns the penalty and the (staff, rule) pairs broken.
func evaluate(in Instance, roster [][]string) (int, []string) {
	length := map[string]int{}
	cannot := map[[2]string]bool{}
	for _, s := range in.Shifts {
		length[s.ID] = s.Minutes
		for _, n := range s.CannotBeFollowedBy {
			cannot[[2]string{s.ID, n}] = true
		}
	}
	idx := map[string]int{}
	for i, s := range in.Staff {
		idx[s.ID] = i
	}
	penalty := 0
	for _, r := range in.On {
		if roster[idx[r.Staff]][r.Day] != r.Shift {
			penalty += r.Weight
		}
	}
	for _, r := range in.Off {
		if roster[idx[r.Staff]][r.Day] == r.Shift {
			penalty += r.Weight
		}
	}
	for _, c := range in.Cover {
		n := 0
		for i := range in.Staff {
			if roster[i][c.Day] == c.Shift {
				n++
			}
		}
		if n < c.Requirement {
			penalty += (c.Requirement - n) * c.UnderWeight
		} else {
			penalty += (n - c.Requirement) * c.OverWeight
		}
	}
	broken := map[string]bool{}
	for i, st := range in.Staff {
		r := roster[i]
		mark := func(rule string) { broken[st.ID+" "+rule] = true }
		count := map[string]int{}
		total := 0
		for d, s := range r {
			if s == "" {
				continue
			}
			count[s]++
			total += length[s]
			if d+1 < len(r) && cannot[[2]string{s, r[d+1]}] {
				mark("cannot_be_followed_by")
			}
		}
		for s, n := range count {
			if n > st.MaxShifts[s] {
				if st.MaxShifts[s] == 0 {
					mark("shifts")
				} else {
					mark("max_shifts")
				}
			}
		}
		if total > st.MaxTotalMinutes {
			mark("max_minutes")
		}
		if total < st.MinTotalMinutes {
			mark("min_minutes")
		}
		for d := 0; d < len(r); {
			e := d
			for e+1 < len(r) && (r[e+1] == "") == (r[d] == "") {
				e++
			}
			n, inner := e-d+1, d > 0 && e < len(r)-1
			if r[d] != "" && n > st.MaxConsecutive {
				mark("max_consecutive_shifts")
			}
			if r[d] != "" && inner && n < st.MinConsecutive {
				mark("min_consecutive_shifts")
			}
			if r[d] == "" && inner && n < st.MinConsecutiveDaysOff {
				mark("min_consecutive_days_off")
			}
			d = e + 1
		}
		weekends := 0
		for w := 5; w < len(r); w += 7 {
			if r[w] != "" || (w+1 < len(r) && r[w+1] != "") {
				weekends++
			}
		}
		if weekends > st.MaxWeekends {
			mark("max_weekends")
		}
		for _, d := range in.DaysOff[st.ID] {
			if r[d] != "" {
				mark("days_off")
			}
		}
	}
	var out []string
	for k := range broken {
		out = append(out, k)
	}
	sort.Strings(out)
	return penalty, out
}

// The checker's objective and violations of rosters built here equal the
// benchmark's own evaluation of them.
func TestConversionMatchesBenchmarkEvaluation(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 7, 8, 10, 12, 14} {
		in := load(t, n)
		p, err := in.Problem()
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("instance %d: %v", n, err)
		}
		rng := rand.New(rand.NewPCG(uint64(n), 7))
		for trial, offShare := range []float64{0.2, 0.35, 0.6, 1} {
			roster := make([][]string, len(in.Staff))
			var sol schedule.Solution
			for i, st := range in.Staff {
				roster[i] = make([]string, in.Horizon)
				for d := range in.Horizon {
					if rng.Float64() < offShare {
						continue
					}
					// Mostly shifts she may work, sometimes any, to break rules.
					s := in.Shifts[rng.IntN(len(in.Shifts))].ID
					if st.MaxShifts[s] == 0 && rng.IntN(4) > 0 {
						continue
					}
					roster[i][d] = s
					sol.Assignments = append(sol.Assignments, schedule.Assignment{Agent: st.ID, Day: d, Shift: s})
				}
			}
			wantObj, wantBroken := evaluate(in, roster)
			r, err := schedule.Check(p, sol)
			if err != nil {
				t.Fatal(err)
			}
			if r.Objective != float64(wantObj) {
				t.Errorf("instance %d trial %d: objective %v, benchmark evaluation %d", n, trial, r.Objective, wantObj)
			}
			got := map[string]bool{}
			for _, v := range r.Violations {
				got[v.Agent+" "+v.Rule] = true
			}
			var gotBroken []string
			for k := range got {
				gotBroken = append(gotBroken, k)
			}
			sort.Strings(gotBroken)
			if fmt.Sprint(gotBroken) != fmt.Sprint(wantBroken) {
				t.Errorf("instance %d trial %d: broken rules\n got %v\nwant %v", n, trial, gotBroken, wantBroken)
			}
		}
	}
}
