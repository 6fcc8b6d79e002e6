package gen

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"wfm/schedule"
)

func TestGenerateIsValidAndRepeatable(t *testing.T) {
	for _, p := range append(Suite(1), Params{Agents: 20, Days: 7, Skills: 5, PartTimeShare: 0.9, MultiSkillShare: 1, Seed: 7}) {
		a, err := Generate(p)
		if err != nil {
			t.Fatalf("%s: %v", p.Name(), err)
		}
		b, err := Generate(p)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: two problems from the same parameters differ", p.Name())
		}
		if len(a.Agents) != p.Agents || a.Days != p.Days || a.IntervalMinutes != 15 {
			t.Errorf("%s: %d agents, %d days, %d-minute grid", p.Name(), len(a.Agents), a.Days, a.IntervalMinutes)
		}
		if got := len(a.Demand.Intervals); got != p.Days*p.Skills {
			t.Errorf("%s: %d demand days, want %d", p.Name(), got, p.Days*p.Skills)
		}
		need := 0.0
		for _, d := range a.Demand.Intervals {
			for _, r := range d.Required {
				need += r
			}
		}
		if need == 0 {
			t.Errorf("%s: no requirement", p.Name())
		}
	}
	a, _ := Generate(Issue(1))
	b, _ := Generate(Issue(2))
	if reflect.DeepEqual(a.Demand, b.Demand) {
		t.Error("seeds 1 and 2 give the same demand")
	}
}

func TestSeedsAreSplit(t *testing.T) {
	for _, s := range HeldOutSeeds {
		if slices.Contains(TuningSeeds, s) {
			t.Errorf("seed %d is both tuning and held out", s)
		}
	}
}

func TestParamsValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		p    Params
	}{
		{"19 agents", Params{Agents: 19, Days: 7, Skills: 1}},
		{"10 days", Params{Agents: 20, Days: 10, Skills: 1}},
		{"6 skills", Params{Agents: 20, Days: 7, Skills: 6}},
		{"all part-time", Params{Agents: 20, Days: 7, Skills: 1, PartTimeShare: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Generate(c.p); err == nil {
				t.Errorf("%+v: no error", c.p)
			}
		})
	}
}

// The smallest shape solves to a roster the checker accepts.
func TestGeneratedSolves(t *testing.T) {
	p, err := Generate(Params{Agents: 20, Days: 7, Skills: 2, PartTimeShare: 0.3, MultiSkillShare: 0.3, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	sol, err := schedule.Solve(context.Background(), p, schedule.Options{Seed: 1, MaxIterations: 30})
	if err != nil {
		t.Fatal(err)
	}
	r, err := schedule.Check(p, sol)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Feasible {
		t.Fatalf("infeasible: %v", r.Violations)
	}
	if r.Objective != sol.Objective {
		t.Errorf("solver says %v, checker %v", sol.Objective, r.Objective)
	}
}
