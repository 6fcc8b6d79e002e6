package staffing

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestSimulateRunsIsDeterministicAndPools(t *testing.T) {
	s := Simulation{IntervalSeconds: 900, ThresholdSeconds: 20, PatienceSeconds: 120,
		Intervals: constantDay(8, 40, 240, 12)}
	a, err := SimulateRuns(s, 5, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := SimulateRuns(s, 5, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different results")
	}
	c, _ := SimulateRuns(s, 5, 8)
	if reflect.DeepEqual(a, c) {
		t.Error("another seed, same results")
	}
	// The pooled total is the sum of the single runs.
	var offered int
	for r := range 5 {
		one, err := Simulate(s, rand.New(rand.NewPCG(7, uint64(r))))
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range one {
			offered += x.Offered
		}
	}
	var pooled SimulatedInterval
	for _, x := range a {
		pooled = pooled.Plus(x)
	}
	if pooled.Offered != offered {
		t.Errorf("pooled offered %d, the runs offered %d", pooled.Offered, offered)
	}
	// 8 x 40 x 5 = 1600 expected: within 5 standard deviations (40).
	if math.Abs(float64(pooled.Offered)-1600) > 200 {
		t.Errorf("offered %d over 5 runs, want about 1600", pooled.Offered)
	}
	if pooled.Answered+pooled.Abandoned+pooled.Unanswered != pooled.Offered {
		t.Errorf("answered %d + abandoned %d + unanswered %d != offered %d", pooled.Answered, pooled.Abandoned, pooled.Unanswered, pooled.Offered)
	}
	if _, err := SimulateRuns(s, 0, 1); err == nil {
		t.Error("0 runs accepted")
	}
}

// More agents never make the pooled service level worse by much, and
// fewer agents than the load make it collapse.
func TestSimulateRunsSeesTheStaffing(t *testing.T) {
	sl := func(agents int) float64 {
		s := Simulation{IntervalSeconds: 900, ThresholdSeconds: 20, PatienceSeconds: 120,
			Intervals: constantDay(16, 40, 240, agents)} // about 10.7 erlangs
		res, err := SimulateRuns(s, 10, 1)
		if err != nil {
			t.Fatal(err)
		}
		var total SimulatedInterval
		for _, x := range res {
			total = total.Plus(x)
		}
		v, _ := total.ServiceLevel()
		return v
	}
	under, fair, over := sl(9), sl(14), sl(20)
	if !(under < 0.5 && fair > 0.7 && over > 0.97) {
		t.Errorf("service level with 9, 14, 20 agents: %.3f %.3f %.3f", under, fair, over)
	}
}
