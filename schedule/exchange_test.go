package schedule

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// A round gives every worker the best feasible roster brought to it, ties
// to the lowest worker; a roster that breaks rules is never shared.
func TestExchangeRoundGivesTheBestFeasible(t *testing.T) {
	x := newExchange[int16](3)
	type brought struct {
		score    float64
		feasible bool
	}
	in := []brought{{10, true}, {7, true}, {3, false}}
	got := make([]float64, 3)
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rows := [][]int16{{int16(w)}}
			r, score, ok := x.meet(context.Background(), 1, w, rows, in[w].score, in[w].feasible)
			if !ok || r[0][0] != 1 {
				t.Errorf("worker %d: ok %v rows %v, want worker 1's", w, ok, r)
			}
			got[w] = score
		}()
	}
	wg.Wait()
	for w, s := range got {
		if s != 7 {
			t.Errorf("worker %d got %v, want 7", w, s)
		}
	}
	// Ties go to the lowest worker.
	x = newExchange[int16](2)
	wg.Add(2)
	for w := range 2 {
		go func() {
			defer wg.Done()
			r, _, _ := x.meet(context.Background(), 1, w, [][]int16{{int16(w)}}, 5, true)
			if r[0][0] != 0 {
				t.Errorf("tie went to worker %d", r[0][0])
			}
		}()
	}
	wg.Wait()
}

// A worker whose time is up leaves the barrier instead of waiting for
// workers that will never come.
func TestExchangeLetsGoWhenTimeIsUp(t *testing.T) {
	x := newExchange[int16](2)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	done := make(chan bool)
	go func() {
		_, _, ok := x.meet(ctx, 1, 0, [][]int16{{1}}, 1, true)
		done <- ok
	}()
	select {
	case ok := <-done:
		if ok {
			t.Error("a round no one else reached gave a roster")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the worker waited past its time")
	}
}

// Sharing keeps a solve deterministic for its seed, worker count and
// iteration count, across a cycle's end (this problem's cycle is 420 batches).
func TestAnnealingWorkersShareDeterministically(t *testing.T) {
	p := annealTestProblem()
	var outs []string
	for range 2 {
		sol, err := Solve(context.Background(), p, Options{Seed: 5, Workers: 2, MaxIterations: 425})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(sol)
		outs = append(outs, string(b))
	}
	if outs[0] != outs[1] {
		t.Fatalf("same seed and workers, different rosters:\n%s\n%s", outs[0], outs[1])
	}
}

// The late-acceptance workers (interval demand) share every
// lateShareEvery iterations and stay deterministic for their seed, worker
// count and iteration count across the rounds; the roster shared keeps
// every rule and the checker prices it as the solver does.
func TestLateAcceptanceWorkersShareDeterministically(t *testing.T) {
	p := breaksProblem(rand.New(rand.NewPCG(3, 4)))
	var outs []string
	for range 2 {
		sol, err := Solve(context.Background(), p, Options{Seed: 7, Workers: 2, MaxIterations: 2*lateShareEvery + 10})
		if err != nil {
			t.Fatal(err)
		}
		r, err := Check(p, sol)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Feasible || math.Abs(r.Objective-sol.Objective) > 1e-6 {
			t.Fatalf("checker: feasible %v objective %v, solver %v", r.Feasible, r.Objective, sol.Objective)
		}
		b, _ := json.Marshal(sol)
		outs = append(outs, string(b))
	}
	if outs[0] != outs[1] {
		t.Fatalf("same seed and workers, different rosters:\n%s\n%s", outs[0], outs[1])
	}
}
