package staffing

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// goalFromQuantity reads "SL>=0.80", "occupancy<=0.85" and "blocking<=0.02"
// out of a vector's quantity text.
func goalFromQuantity(t *testing.T, q string) (sl, occupancy, blocking float64) {
	t.Helper()
	get := func(pattern string) float64 {
		m := regexp.MustCompile(pattern + `([0-9.]+)`).FindStringSubmatch(q)
		if m == nil {
			return 0
		}
		x, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	return get(`SL>=`), get(`occupancy<=`), get(`blocking<=`)
}

func TestRequiredVectors(t *testing.T) {
	vectors := readVectors(t)
	rawGoal := map[string]string{} // case -> quantity of its raw_positions row
	for _, v := range vectors {
		if strings.HasPrefix(v.quantity, "raw_positions") {
			rawGoal[v.name] = v.quantity
		}
	}
	checked := 0
	for _, v := range vectors {
		if v.model == "erlang_a" || !isStaffingQuantity(v.quantity) {
			continue
		}
		q := v.quantity
		if strings.HasPrefix(q, "positions") {
			q = rawGoal[v.name]
		}
		sl, occupancy, blocking := goalFromQuantity(t, q)
		load := Load{Volume: v.volume, AHTSeconds: v.aht, IntervalSeconds: v.intervalMinutes * 60}
		var agents int
		if v.model == "erlang_b" {
			// Loss-system staffing: the smallest N blocking at most the target.
			for agents = 0; ErlangB(agents, load.Traffic()) > blocking; agents++ {
			}
		} else {
			var err error
			agents, err = Required(load, Goal{ServiceLevel: sl, ThresholdSeconds: v.threshold, MaxOccupancy: occupancy})
			if err != nil {
				t.Fatalf("line %d: %v", v.line, err)
			}
		}
		got := float64(agents)
		if strings.HasPrefix(v.quantity, "positions") {
			scheduled, err := Scheduled(agents, v.shrinkage)
			if err != nil {
				t.Fatal(err)
			}
			// The vectors round scheduled positions up to whole people.
			got = math.Ceil(scheduled - 1e-9)
		}
		if got != v.expected {
			t.Errorf("line %d %s %s: got %v, want %v", v.line, v.name, v.quantity, got, v.expected)
		}
		checked++
	}
	if checked != 8 {
		t.Errorf("checked %d staffing rows, want 8", checked)
	}
}

// linearRequired is the plain search: every N from 0 up, evaluated afresh.
func linearRequired(t *testing.T, load Load, goal Goal) int {
	for n := 0; n < 100000; n++ {
		p, err := Evaluate(load, n, goal)
		if err != nil {
			t.Fatal(err)
		}
		if goal.Meets(p) {
			return n
		}
	}
	t.Fatal("no staffing found")
	return 0
}

func TestRequiredMatchesPlainSearch(t *testing.T) {
	loads := []Load{
		{Volume: 1, AHTSeconds: 180, IntervalSeconds: 900},
		{Volume: 7, AHTSeconds: 300, IntervalSeconds: 900},
		{Volume: 100, AHTSeconds: 180, IntervalSeconds: 1800},
		{Volume: 360, AHTSeconds: 240, IntervalSeconds: 1800},
		{Volume: 400, AHTSeconds: 600, IntervalSeconds: 900},
		{Volume: 2500, AHTSeconds: 420, IntervalSeconds: 900},
		{Volume: 0.3, AHTSeconds: 60, IntervalSeconds: 1800},
	}
	goals := []Goal{
		{ServiceLevel: 0.8, ThresholdSeconds: 20},
		{ServiceLevel: 0.8, ThresholdSeconds: 20, MaxOccupancy: 0.85},
		{ServiceLevel: 0.9, ThresholdSeconds: 15, ASASeconds: 10},
		{ServiceLevel: 0.95, ThresholdSeconds: 0},
		{ASASeconds: 30},
		{MaxOccupancy: 0.7},
		{ServiceLevel: 0.8, ThresholdSeconds: 20, PatienceSeconds: 90},
		{ServiceLevel: 0.9, ThresholdSeconds: 30, ASASeconds: 20, MaxOccupancy: 0.9, PatienceSeconds: 300},
		{ASASeconds: 5, PatienceSeconds: 60},
	}
	for _, l := range loads {
		t.Run(fmt.Sprintf("%g calls of %gs in %gs", l.Volume, l.AHTSeconds, l.IntervalSeconds), func(t *testing.T) {
			for _, g := range goals {
				got, err := Required(l, g)
				if err != nil {
					t.Fatalf("%+v %+v: %v", l, g, err)
				}
				if want := linearRequired(t, l, g); got != want {
					t.Errorf("%+v %+v: Required %d, plain search %d", l, g, got, want)
				}
			}
		})
	}
}

func TestRequiredNoVolume(t *testing.T) {
	n, err := Required(Load{Volume: 0, AHTSeconds: 0, IntervalSeconds: 900}, Goal{ServiceLevel: 0.8, ThresholdSeconds: 20})
	if err != nil || n != 0 {
		t.Errorf("got %d, %v; want 0, nil", n, err)
	}
}

func TestRequiredBadInput(t *testing.T) {
	good := Load{Volume: 100, AHTSeconds: 180, IntervalSeconds: 900}
	goal := Goal{ServiceLevel: 0.8, ThresholdSeconds: 20}
	cases := []struct {
		name  string
		load  Load
		goal  Goal
		field string
	}{
		{"service level 1", good, Goal{ServiceLevel: 1, ThresholdSeconds: 20}, "service_level"},
		{"service level above 1", good, Goal{ServiceLevel: 1.2, ThresholdSeconds: 20}, "service_level"},
		{"negative service level", good, Goal{ServiceLevel: -0.1, ThresholdSeconds: 20}, "service_level"},
		{"NaN service level", good, Goal{ServiceLevel: math.NaN(), ThresholdSeconds: 20}, "service_level"},
		{"no goal", good, Goal{ThresholdSeconds: 20}, "service_level"},
		{"negative threshold", good, Goal{ServiceLevel: 0.8, ThresholdSeconds: -20}, "threshold"},
		{"negative ASA", good, Goal{ServiceLevel: 0.8, ThresholdSeconds: 20, ASASeconds: -1}, "asa"},
		{"occupancy above 1", good, Goal{ServiceLevel: 0.8, ThresholdSeconds: 20, MaxOccupancy: 1.5}, "max_occupancy"},
		{"negative patience", good, Goal{ServiceLevel: 0.8, ThresholdSeconds: 20, PatienceSeconds: -3}, "patience"},
		{"negative volume", Load{Volume: -1, AHTSeconds: 180, IntervalSeconds: 900}, goal, "volume"},
		{"infinite volume", Load{Volume: math.Inf(1), AHTSeconds: 180, IntervalSeconds: 900}, goal, "volume"},
		{"absurd volume", Load{Volume: 1e12, AHTSeconds: 180, IntervalSeconds: 900}, goal, "volume"},
		{"no handle time", Load{Volume: 10, AHTSeconds: 0, IntervalSeconds: 900}, goal, "aht"},
		{"no interval", Load{Volume: 10, AHTSeconds: 180, IntervalSeconds: 0}, goal, "interval"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, err := Required(c.load, c.goal)
			if err == nil || !strings.HasPrefix(err.Error(), c.field+":") {
				t.Errorf("%s: got %d, %v; want an error naming %s", c.name, n, err, c.field)
			}
		})
	}
	// A cap no staffing within MaxAgents reaches is impossible, not a hang.
	_, err := Required(good, Goal{ServiceLevel: 0.8, ThresholdSeconds: 20, MaxOccupancy: 1e-300})
	if !errors.Is(err, ErrImpossible) {
		t.Errorf("occupancy 1e-300: %v, want ErrImpossible", err)
	}
}

func TestScheduled(t *testing.T) {
	for _, c := range []struct {
		agents    int
		shrinkage float64
		want      float64
		ok        bool
	}{{14, 0.3, 20, true}, {15, 0.3, 15 / 0.7, true}, {10, 0, 10, true}, {0, 0.5, 0, true}, {10, 1, 0, false}, {10, -0.1, 0, false}} {
		t.Run(fmt.Sprintf("%d agents shrinkage %v", c.agents, c.shrinkage), func(t *testing.T) {
			got, err := Scheduled(c.agents, c.shrinkage)
			if (err == nil) != c.ok || math.Abs(got-c.want) > 1e-12 {
				t.Errorf("Scheduled(%d, %v) = %v, %v; want %v (ok %v)", c.agents, c.shrinkage, got, err, c.want, c.ok)
			}
		})
	}
}

func TestPlanConcurrency(t *testing.T) {
	load := Load{Volume: 200, AHTSeconds: 900, IntervalSeconds: 900} // 200 erlangs of chats
	goal := Goal{ServiceLevel: 0.8, ThresholdSeconds: 60}
	slots, err := Required(load, goal)
	if err != nil {
		t.Fatal(err)
	}
	for _, concurrency := range []int{0, 1, 2, 3, 7} {
		t.Run(fmt.Sprint("concurrency ", concurrency), func(t *testing.T) {
			plan := Plan{Loads: []Load{load}, Goal: goal, Shrinkage: 0.25, Concurrency: concurrency}
			reqs, err := plan.Requirements()
			if err != nil {
				t.Fatal(err)
			}
			c := max(1, concurrency)
			want := (slots + c - 1) / c
			r := reqs[0]
			if r.Agents != want {
				t.Errorf("concurrency %d: %d agents, want ceil(%d/%d) = %d", concurrency, r.Agents, slots, c, want)
			}
			if r.Performance.Agents != want*c || !goal.Meets(r.Performance) {
				t.Errorf("concurrency %d: performance %+v, want %d slots meeting the goal", concurrency, r.Performance, want*c)
			}
			if math.Abs(r.Scheduled-float64(want)/0.75) > 1e-12 {
				t.Errorf("concurrency %d: scheduled %v, want %v", concurrency, r.Scheduled, float64(want)/0.75)
			}
		})
	}
}

func TestWhatIf(t *testing.T) {
	base := Plan{
		Loads: []Load{
			{Volume: 0, AHTSeconds: 0, IntervalSeconds: 1800},
			{Volume: 100, AHTSeconds: 180, IntervalSeconds: 1800},
			{Volume: 360, AHTSeconds: 240, IntervalSeconds: 1800},
		},
		Goal:      Goal{ServiceLevel: 0.8, ThresholdSeconds: 20, MaxOccupancy: 0.85},
		Shrinkage: 0.3,
	}
	// Unchanged: 0, 14 (the worked example) and 55 agents (Westbay, 80/15
	// needs 55; 80/20 needs 54 but 48 erlangs at 85% need 57).
	out, err := WhatIf(base, Change{}, 8)
	if err != nil {
		t.Fatal(err)
	}
	wantAgents := []int{0, 14, 57}
	var hours float64
	for i, r := range out.Intervals {
		if r.Agents != wantAgents[i] {
			t.Errorf("interval %d: %d agents, want %d", i, r.Agents, wantAgents[i])
		}
		hours += float64(wantAgents[i]) / 0.7 * 0.5
	}
	if math.Abs(out.ScheduledHours-hours) > 1e-9 || math.Abs(out.FTE-hours/8) > 1e-9 {
		t.Errorf("hours %v FTE %v, want %v and %v", out.ScheduledHours, out.FTE, hours, hours/8)
	}

	// Twice the volume, 10% longer calls, no shrinkage: each interval is
	// what Required says for the changed load.
	two, longer, none := 2.0, 1.1, 0.0
	out, err = WhatIf(base, Change{VolumeFactor: &two, AHTFactor: &longer, Shrinkage: &none}, 8)
	if err != nil {
		t.Fatal(err)
	}
	hours = 0
	for i, l := range base.Loads {
		want, err := Required(Load{Volume: 2 * l.Volume, AHTSeconds: 1.1 * l.AHTSeconds, IntervalSeconds: l.IntervalSeconds}, base.Goal)
		if err != nil {
			t.Fatal(err)
		}
		if out.Intervals[i].Agents != want || out.Intervals[i].Scheduled != float64(want) {
			t.Errorf("changed interval %d: %+v, want %d agents", i, out.Intervals[i], want)
		}
		hours += float64(want) * 0.5
	}
	if math.Abs(out.FTE-hours/8) > 1e-9 {
		t.Errorf("changed FTE %v, want %v", out.FTE, hours/8)
	}
	if base.Loads[1].Volume != 100 {
		t.Error("WhatIf modified the base plan")
	}

	// A stricter goal needs at least as many agents everywhere.
	strict := Goal{ServiceLevel: 0.95, ThresholdSeconds: 10, MaxOccupancy: 0.85}
	stricter, err := WhatIf(base, Change{Goal: &strict}, 8)
	if err != nil {
		t.Fatal(err)
	}
	for i := range base.Loads {
		if stricter.Intervals[i].Agents < wantAgents[i] {
			t.Errorf("stricter goal, interval %d: %d agents < %d", i, stricter.Intervals[i].Agents, wantAgents[i])
		}
	}

	bad := -1.0
	if _, err := WhatIf(base, Change{VolumeFactor: &bad}, 8); err == nil || !strings.HasPrefix(err.Error(), "volume_factor") {
		t.Errorf("negative volume factor: %v", err)
	}
	if _, err := WhatIf(base, Change{}, 0); err == nil || !strings.HasPrefix(err.Error(), "hours_per_fte") {
		t.Errorf("0 hours per FTE: %v", err)
	}
	badShrink := 1.0
	if _, err := WhatIf(base, Change{Shrinkage: &badShrink}, 8); err == nil || !strings.HasPrefix(err.Error(), "shrinkage") {
		t.Errorf("shrinkage 1: %v", err)
	}
	badGoal := Goal{ServiceLevel: 1, ThresholdSeconds: 20}
	if _, err := WhatIf(base, Change{Goal: &badGoal}, 8); err == nil || !strings.HasPrefix(err.Error(), "goal.service_level") {
		t.Errorf("service level 1: %v", err)
	}
}

func TestDeferred(t *testing.T) {
	// 30-minute intervals, a 2-hour deadline: each interval's work is spread
	// over 4 intervals. 60 emails x 300 s = 18000 s of work; spread over
	// 4 x 1800 s that is 2.5 agents in each of the 4 intervals.
	loads := []Load{
		{Volume: 60, AHTSeconds: 300, IntervalSeconds: 1800},
		{Volume: 0, AHTSeconds: 0, IntervalSeconds: 1800},
		{Volume: 12, AHTSeconds: 600, IntervalSeconds: 1800}, // 7200 s: 1 agent x 4
	}
	got, err := Deferred(loads, 2*3600+900) // 2h15m: still 4 whole intervals
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{2.5, 2.5, 3.5, 3.5, 1, 1}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	var total float64
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("interval %d: %v, want %v", i, got[i], want[i])
		}
		total += got[i] * 1800
	}
	if math.Abs(total-(18000+7200)) > 1e-6 {
		t.Errorf("agent-seconds %v, want all the work, 25200", total)
	}
	if _, err := Deferred(loads, 600); err == nil || !strings.HasPrefix(err.Error(), "deadline") {
		t.Errorf("deadline shorter than the interval: %v", err)
	}
	mixed := []Load{loads[0], {Volume: 1, AHTSeconds: 60, IntervalSeconds: 900}}
	if _, err := Deferred(mixed, 7200); err == nil || !strings.HasPrefix(err.Error(), "loads[1].interval") {
		t.Errorf("mixed intervals: %v", err)
	}
}

func TestEvaluateBadGoal(t *testing.T) {
	load := Load{Volume: 10, AHTSeconds: 180, IntervalSeconds: 900}
	for _, c := range []struct {
		name  string
		goal  Goal
		field string
	}{
		{"threshold NaN", Goal{ThresholdSeconds: math.NaN()}, "threshold"},
		{"infinite threshold", Goal{ThresholdSeconds: math.Inf(1)}, "threshold"},
		{"infinite patience", Goal{ThresholdSeconds: 20, PatienceSeconds: math.Inf(1)}, "patience"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if p, err := Evaluate(load, 5, c.goal); err == nil || !strings.HasPrefix(err.Error(), c.field) {
				t.Errorf("%+v: %+v, %v; want an error naming %s", c.goal, p, err, c.field)
			}
		})
	}
	// With no goal at all Evaluate still answers: it needs only the model.
	if _, err := Evaluate(load, 5, Goal{ThresholdSeconds: 20}); err != nil {
		t.Error(err)
	}
}

// TestRequiredMatchesPlainSearchRandom: the benchmark's kind of loads
// (0-400 contacts per 15 minutes, AHT 180-600 s) against the plain search,
// under goals that make each shortcut of the fast path matter.
func TestRequiredMatchesPlainSearchRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	goals := []Goal{
		{ServiceLevel: 0.8, ThresholdSeconds: 20, MaxOccupancy: 0.85},
		{ServiceLevel: 0.9, ThresholdSeconds: 10, ASASeconds: 15},
		{ServiceLevel: 0.5, ThresholdSeconds: 60},
		{ServiceLevel: 0.8, ThresholdSeconds: 20, MaxOccupancy: 0.85, PatienceSeconds: 90},
		{ServiceLevel: 0.7, ThresholdSeconds: 120, PatienceSeconds: 30},
		{ASASeconds: 10, PatienceSeconds: 600},
	}
	for i := 0; i < 600; i++ {
		l := Load{Volume: float64(rng.IntN(401)), AHTSeconds: 180 + 420*rng.Float64(), IntervalSeconds: 900}
		g := goals[i%len(goals)]
		got, err := Required(l, g)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if l.Volume > 0 {
			want = linearRequired(t, l, g)
		}
		if got != want {
			t.Errorf("%+v %+v: Required %d, plain search %d", l, g, got, want)
		}
	}
}
