package schedule

import (
	"context"
	"sync"
)

// exchange lets the workers of one solve share their best rosters. At the
// end of each annealing cycle every worker meets the others (a barrier:
// the round closes when all have arrived); the best roster that keeps
// every rule among those brought to the round, ties to the lowest
// worker, is what each worker starts its next cycle from when it is
// better than its own. Workers reach the same rounds after the same
// number of batches, so a solve with a fixed iteration count stays
// deterministic for its seed and worker count; a worker cut short by the
// time limit leaves the barrier through the context.
//
// E is a roster cell: int16 (a template or -1) for the annealer, slot for
// the late-acceptance search, whose workers meet every lateShareEvery
// iterations in the same way.
type exchange[E any] struct {
	mu      sync.Mutex
	workers int
	rounds  map[int]*exchangeRound[E]
}

type exchangeRound[E any] struct {
	arrived int
	done    chan struct{}
	have    bool
	worker  int
	score   float64
	rows    [][]E // a copy: the worker goes on changing its own
}

func newExchange[E any](workers int) *exchange[E] {
	return &exchange[E]{workers: workers, rounds: map[int]*exchangeRound[E]{}}
}

// meet brings a worker's best (feasible: keeps every rule) to round r and
// waits for the others. It returns the round's best feasible roster and
// its objective, ok false when there is none or ctx ended first. The
// rows returned are shared: copy them before changing them.
func (x *exchange[E]) meet(ctx context.Context, r, worker int, rows [][]E, score float64, feasible bool) ([][]E, float64, bool) {
	x.mu.Lock()
	rd, ok := x.rounds[r]
	if !ok {
		rd = &exchangeRound[E]{done: make(chan struct{})}
		x.rounds[r] = rd
		delete(x.rounds, r-2) // every worker has left it: its barrier closed before round r-1's could
	}
	if feasible && (!rd.have || score < rd.score || (score == rd.score && worker < rd.worker)) {
		rd.have, rd.worker, rd.score = true, worker, score
		rd.rows = make([][]E, len(rows))
		for a := range rows {
			rd.rows[a] = append([]E(nil), rows[a]...)
		}
	}
	rd.arrived++
	if rd.arrived == x.workers {
		close(rd.done)
	}
	x.mu.Unlock()
	select {
	case <-rd.done:
	case <-ctx.Done():
		return nil, 0, false
	}
	if !rd.have {
		return nil, 0, false
	}
	return rd.rows, rd.score, true
}
