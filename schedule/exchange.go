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
type exchange struct {
	mu      sync.Mutex
	workers int
	rounds  map[int]*exchangeRound
}

type exchangeRound struct {
	arrived int
	done    chan struct{}
	have    bool
	worker  int
	score   float64
	rows    [][]int16 // a copy: the worker goes on changing its own
}

func newExchange(workers int) *exchange {
	return &exchange{workers: workers, rounds: map[int]*exchangeRound{}}
}

// meet brings a worker's best (feasible: keeps every rule) to round r and
// waits for the others. It returns the round's best feasible roster and
// its objective, ok false when there is none or ctx ended first. The
// rows returned are shared: copy them before changing them.
func (x *exchange) meet(ctx context.Context, r, worker int, rows [][]int16, score float64, feasible bool) ([][]int16, float64, bool) {
	x.mu.Lock()
	rd, ok := x.rounds[r]
	if !ok {
		rd = &exchangeRound{done: make(chan struct{})}
		x.rounds[r] = rd
		delete(x.rounds, r-2) // every worker has left it: its barrier closed before round r-1's could
	}
	if feasible && (!rd.have || score < rd.score || (score == rd.score && worker < rd.worker)) {
		rd.have, rd.worker, rd.score = true, worker, score
		rd.rows = make([][]int16, len(rows))
		for a := range rows {
			rd.rows[a] = append([]int16(nil), rows[a]...)
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
