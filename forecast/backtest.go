package forecast

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// BacktestOptions places the rolling origins: Origins forecasts of
// HorizonDays days each, the last one ending with the history, the others
// StepDays apart before it.
type BacktestOptions struct {
	Origins     int
	StepDays    int
	HorizonDays int
}

// DefaultBacktest is seven origins four days apart, each forecasting 14
// days: the origins fall on every weekday, so the choice is judged on more
// different weeks than with four origins a week apart (which scored the same
// weekdays at the same horizons), at 1.75 times the backtest's cost.
var DefaultBacktest = BacktestOptions{Origins: 7, StepDays: 4, HorizonDays: 14}

// minTrainDays is the least history an origin may leave for training.
const minTrainDays = 21

// Validate names the first option out of range.
func (o BacktestOptions) Validate() error {
	switch {
	case o.Origins < 1:
		return fmt.Errorf("origins: %d, must be >= 1", o.Origins)
	case o.StepDays < 1:
		return fmt.Errorf("step_days: %d, must be >= 1", o.StepDays)
	case o.HorizonDays < 1:
		return fmt.Errorf("horizon_days: %d, must be >= 1", o.HorizonDays)
	}
	return nil
}

// MethodError is a method's backtest: the WAPE over all origins pooled and
// per origin (oldest first). A method is a single one or a combination.
type MethodError struct {
	Method  string
	WAPE    float64
	Origins []float64
}

// backtest holds what the origins produced, so combinations and
// prediction intervals can be judged without refitting.
type backtest struct {
	cuts    []int         // training days of each origin, oldest first
	horizon int           // days forecast at each origin
	fc      [][][]float64 // fc[method][origin] = the origin's days x slots, flattened per day
	methods []dayMethod
}

// runBacktest forecasts from each origin that leaves at least minTrainDays
// of training. With too little history it shortens the horizon to a week
// and then uses fewer origins; with less than that it returns no origins.
func runBacktest(h days, methods []dayMethod, o BacktestOptions) backtest {
	horizon := o.HorizonDays
	var cuts []int
	for len(cuts) == 0 && horizon >= 1 {
		for j := o.Origins - 1; j >= 0; j-- {
			cut := h.n() - horizon - j*o.StepDays
			if cut >= minTrainDays {
				cuts = append(cuts, cut)
			}
		}
		if len(cuts) == 0 {
			if horizon <= 7 {
				break
			}
			horizon = 7
		}
	}
	bt := backtest{cuts: cuts, horizon: horizon, methods: methods, fc: make([][][]float64, len(methods))}
	for i, m := range methods {
		bt.fc[i] = make([][]float64, len(cuts))
		for j, cut := range cuts {
			fd := m.forecastDays(h.head(cut), horizon)
			flat := make([]float64, 0, horizon*h.slots)
			for _, row := range fd {
				flat = append(flat, row...)
			}
			bt.fc[i][j] = flat
		}
	}
	return bt
}

// errorAt sums |A-F| and A at origin j for the combination w of the
// methods; days marked in skip (calendar events, anomalies) are not scored.
func (bt backtest) errorAt(h days, skip []bool, w []float64, j int) (absErr, actual float64) {
	cut := bt.cuts[j]
	for k := 0; k < bt.horizon; k++ {
		d := cut + k
		if skip != nil && skip[d] {
			continue
		}
		for s, a := range h.val[d] {
			var f float64
			for i, wi := range w {
				if wi != 0 {
					f += wi * bt.fc[i][j][k*h.slots+s]
				}
			}
			absErr += math.Abs(a - f)
			actual += a
		}
	}
	return absErr, actual
}

func (bt backtest) score(h days, skip []bool, w []float64, name string) MethodError {
	me := MethodError{Method: name, Origins: make([]float64, len(bt.cuts))}
	var ae, ac float64
	for j := range bt.cuts {
		e, a := bt.errorAt(h, skip, w, j)
		me.Origins[j] = ratio(e, a)
		ae += e
		ac += a
	}
	me.WAPE = ratio(ae, ac)
	return me
}

// ratio is e/a, or 0 when nothing arrived and nothing was forecast wrong,
// or 1 when nothing arrived but something was forecast (a finite stand-in
// for an infinite WAPE, so rankings still work).
func ratio(e, a float64) float64 {
	switch {
	case a > 0:
		return e / a
	case e == 0:
		return 0
	default:
		return 1
	}
}

// choice is what auto picked: weights over bt.methods.
type choice struct {
	name    string
	weights []float64
	errors  []MethodError // every single method, then the combinations tried
}

// choose ranks the single methods by backtest WAPE and tries inverse-WAPE
// weighted combinations of the best 2 and 3; the lowest WAPE wins (ties go
// to the simpler candidate).
func (bt backtest) choose(h days, skip []bool) choice {
	n := len(bt.methods)
	var errs []MethodError
	for i, m := range bt.methods {
		w := make([]float64, n)
		w[i] = 1
		errs = append(errs, bt.score(h, skip, w, m.Name()))
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return errs[order[a]].WAPE < errs[order[b]].WAPE })
	best := choice{name: errs[order[0]].Method, weights: make([]float64, n)}
	best.weights[order[0]] = 1
	bestWAPE := errs[order[0]].WAPE
	for k := 2; k <= min(3, n); k++ {
		w := make([]float64, n)
		var names []string
		var sum float64
		for _, i := range order[:k] {
			w[i] = 1 / math.Max(errs[i].WAPE, 1e-6)
			sum += w[i]
			names = append(names, bt.methods[i].Name())
		}
		for i := range w {
			w[i] /= sum
		}
		name := strings.Join(names, "+")
		me := bt.score(h, skip, w, name)
		errs = append(errs, me)
		if me.WAPE < bestWAPE-1e-12 {
			best = choice{name: name, weights: w}
			bestWAPE = me.WAPE
		}
	}
	best.errors = errs
	return best
}

// Backtest scores each method on rolling origins of the series. Days on
// the calendar or marked as anomalies are cleaned out of training and not
// scored.
func Backtest(s Series, cal Calendar, methods []Method, o BacktestOptions) ([]MethodError, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	ms := make([]dayMethod, len(methods))
	for i, m := range methods {
		dm, ok := m.(dayMethod)
		if !ok {
			return nil, fmt.Errorf("methods[%d]: %q is not a method of this package", i, m.Name())
		}
		ms[i] = dm
	}
	p, err := prepare(s, cal)
	if err != nil {
		return nil, err
	}
	bt := runBacktest(p.h, ms, o)
	if len(bt.cuts) == 0 {
		return nil, fmt.Errorf("history: %d complete days, a backtest needs at least %d", p.h.n(), minTrainDays+7)
	}
	out := make([]MethodError, len(ms))
	for i, m := range ms {
		w := make([]float64, len(ms))
		w[i] = 1
		out[i] = bt.score(p.h, p.skip, w, m.Name())
	}
	return out, nil
}
