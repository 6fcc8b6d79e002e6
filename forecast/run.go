package forecast

import (
	"fmt"
	"math"
	"sort"
	"sync"
	"time"
)

// Auto is the method name that picks per queue by backtest.
const Auto = "auto"

// fallbackMethod is used when the history is too short for a backtest: the
// mean of up to four same weekdays, which is the weekday mean (or the mean
// of all days) when there are fewer.
var fallbackMethod dayMethod = WeekAverage{Weeks: 4}

// Options says how Run forecasts.
type Options struct {
	Method   string // Auto (default when empty) or a name from Methods
	Backtest BacktestOptions
	Calendar Calendar
}

// Result is the forecast of one queue for the intervals after the history.
type Result struct {
	Queue    string
	Start    time.Time
	Interval time.Duration
	Volume   []float64
	Low      []float64 // 10% quantile of volume: the 80% interval's lower end, >= 0
	High     []float64 // 90% quantile
	AHT      []float64 // seconds; nil when the history has no handle time
	// Method names what produced the volume: a method, or methods joined
	// by "+" for an inverse-WAPE weighted combination.
	Method string
	// Backtest holds every method's (and combination's) rolling-origin
	// errors; nil when the history was too short for a backtest.
	Backtest []MethodError
}

// Run forecasts the n intervals after the series: the method (or auto's
// choice), the calendar's effects on future days, an 80% prediction
// interval from the backtest residuals, and AHT.
func Run(s Series, n int, o Options) (Result, error) {
	if n < 0 {
		return Result{}, fmt.Errorf("horizon: %d intervals", n)
	}
	if o.Backtest == (BacktestOptions{}) {
		o.Backtest = DefaultBacktest
	}
	if err := o.Backtest.Validate(); err != nil {
		return Result{}, fmt.Errorf("backtest: %w", err)
	}
	p, err := prepare(s, o.Calendar)
	if err != nil {
		return Result{}, err
	}
	var methods []dayMethod
	if o.Method == "" || o.Method == Auto {
		methods = dayMethods()
	} else {
		m, err := MethodByName(o.Method)
		if err != nil {
			return Result{}, err
		}
		methods = []dayMethod{m.(dayMethod)}
	}
	r := Result{Queue: s.Queue, Start: s.End(), Interval: s.Interval}
	bt := runBacktest(p.h, methods, o.Backtest)
	weights := []float64{1}
	if len(bt.cuts) > 0 {
		c := bt.choose(p.h, p.skip)
		r.Method, weights, r.Backtest = c.name, c.weights, c.errors
	} else {
		if len(methods) > 1 {
			methods = []dayMethod{fallbackMethod}
		}
		r.Method = methods[0].Name()
	}
	nd := futureDays(s, p.h, n)
	fd := make2(nd, p.h.slots)
	for i, m := range methods {
		if weights[i] == 0 {
			continue
		}
		for k, row := range m.forecastDays(p.h, nd) {
			for sl, v := range row {
				fd[k][sl] += weights[i] * v
			}
		}
	}
	for k := range fd {
		if mult := p.multiplier(p.h.first + p.h.n() + k); mult != 1 {
			for sl := range fd[k] {
				fd[k][sl] *= mult
			}
		}
	}
	disp, z := bandParams(bt, p, weights)
	low, high := make2(nd, p.h.slots), make2(nd, p.h.slots)
	for k := range fd {
		for sl, f := range fd[k] {
			f = clean(f)
			fd[k][sl] = f
			sd := math.Sqrt(f + disp*f*f)
			low[k][sl] = math.Max(0, f-z*sd)
			high[k][sl] = f + z*sd
		}
	}
	r.Volume = spreadDays(s, p.h, fd, n)
	r.Low = spreadDays(s, p.h, low, n)
	r.High = spreadDays(s, p.h, high, n)
	if aht := forecastAHT(s, p.h, nd); aht != nil {
		r.AHT = spreadDays(s, p.h, aht, n)
	}
	return r, nil
}

// bandParams fits the spread of the backtest errors of the chosen forecast
// to an over-dispersed Poisson: variance = F + disp F^2, with disp by the
// method of moments, and z the 80% quantile of |A-F|/sd so the band covers
// 80% of the backtest errors. Without a backtest: disp 0.01 (a 10% day-level
// noise) and the normal z.
func bandParams(bt backtest, p prepared, w []float64) (disp, z float64) {
	if len(bt.cuts) == 0 {
		return 0.01, 1.2816
	}
	h := p.h
	type pair struct{ a, f float64 }
	var pairs []pair
	var sq, sf, sf2 float64
	for j, cut := range bt.cuts {
		for k := 0; k < bt.horizon; k++ {
			d := cut + k
			if p.skip[d] {
				continue
			}
			for sl, a := range h.val[d] {
				var f float64
				for i, wi := range w {
					f += wi * bt.fc[i][j][k*h.slots+sl]
				}
				if f <= 0 && a <= 0 {
					continue
				}
				pairs = append(pairs, pair{a, f})
				sq += (a - f) * (a - f)
				sf += f
				sf2 += f * f
			}
		}
	}
	if len(pairs) == 0 || sf2 <= 0 {
		return 0.01, 1.2816
	}
	disp = math.Max(0, (sq-sf)/sf2)
	u := make([]float64, len(pairs))
	for i, q := range pairs {
		u[i] = math.Abs(q.a-q.f) / math.Sqrt(q.f+disp*q.f*q.f+1e-9)
	}
	sort.Float64s(u)
	z = u[int(0.8*float64(len(u)-1))]
	if z <= 0 || math.IsInf(z, 0) || z != z {
		z = 1.2816
	}
	return disp, math.Min(z, 10)
}

// RunAll runs Run for every series on up to workers goroutines (at least
// one) and returns the results in the order of the series. The first error
// names its queue.
func RunAll(series []Series, n []int, o Options, workers int) ([]Result, error) {
	if len(n) != len(series) {
		return nil, fmt.Errorf("horizons: %d for %d series", len(n), len(series))
	}
	out := make([]Result, len(series))
	errs := make([]error, len(series))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < max(1, workers); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = Run(series[i], n[i], o)
			}
		}()
	}
	for i := range series {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("queue %s: %w", series[i].Queue, err)
		}
	}
	return out, nil
}
