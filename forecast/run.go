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
	methods, err := methodsNamed(o.Method)
	if err != nil {
		return Result{}, err
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
	fd := p.forecastAhead(methods, weights, nd)
	b := fitBands(bt, p, weights)
	low, high := make2(nd, p.h.slots), make2(nd, p.h.slots)
	for k := range fd {
		ev := p.eventVariance(p.h.first + p.h.n() + k)
		for sl, f := range fd[k] {
			f = clean(f)
			fd[k][sl] = f
			low[k][sl], high[k][sl] = b.at(k, sl, p.h.slots, f, ev)
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

// methodsNamed is the methods a Run weighs: every one for auto (or no
// name), else the one named.
func methodsNamed(name string) ([]dayMethod, error) {
	if name == "" || name == Auto {
		return dayMethods(), nil
	}
	m, err := MethodByName(name)
	if err != nil {
		return nil, err
	}
	return []dayMethod{m.(dayMethod)}, nil
}

// forecastAhead is the nd days after the history: the methods' forecasts
// combined by weights, a day kept as another weekday taking that weekday's
// forecast, and each day times its calendar multiplier.
func (p prepared) forecastAhead(methods []dayMethod, weights []float64, nd int) [][]float64 {
	// A week more than asked, so that a day kept as another weekday (a
	// make-up Sunday worked as a Monday) finds that weekday's forecast
	// within three days of it.
	ahead := make2(nd+7, p.h.slots)
	for i, m := range methods {
		if weights[i] == 0 {
			continue
		}
		for k, row := range m.forecastDays(p.h, nd+7) {
			for sl, v := range row {
				ahead[k][sl] += weights[i] * v
			}
		}
	}
	fd := make([][]float64, nd)
	for k := range fd {
		src := k
		if wd, ok := p.like(p.h.first + p.h.n() + k); ok {
			src = nearestWeekday(p.h, k, wd)
		}
		fd[k] = append([]float64(nil), ahead[src]...)
	}
	for k := range fd {
		if mult := p.multiplier(p.h.first + p.h.n() + k); mult != 1 {
			for sl := range fd[k] {
				fd[k][sl] *= mult
			}
		}
	}
	return fd
}

// nearestWeekday is the future day, at most three days from future day k
// (or a week later when that is before the first), that falls on wd.
func nearestWeekday(h days, k int, wd time.Weekday) int {
	d := (int(wd) - int(futureWeekday(h, k)) + 7) % 7
	if d > 3 {
		d -= 7
	}
	if k+d < 0 {
		d += 7
	}
	return k + d
}

// bands is the 80% prediction interval fitted to the backtest errors of
// the chosen forecast. Counts are skewed when small and over-dispersed
// when large, so the errors are judged on the square-root scale, where a
// count's spread is about even: for an over-dispersed Poisson count A of
// mean F (variance F + disp F^2, disp by the method of moments),
// u = 2 (sqrt(A+3/8) - sqrt(F+3/8)) / sqrt(1 + disp F) has a spread of
// about 1 whatever F is. The band is sqrt(F+3/8) -+ z sqrt(1 + disp F)/2,
// squared back, with z the empirical 80% quantile of |u|. The z are kept
// per bucket of forecast horizon (first week, later) and part of the day
// (four blocks of six hours) where a bucket has enough errors, else the
// pooled z. The band is never narrower than a pure Poisson count's
// (F -+ 1.2816 sqrt(F)).
//
// Fitted ends (the 10% and 90% quantiles of u apart) follow whatever bias
// the last weeks had, and covered less on days not seen (rolling_test.go:
// 77-78% of off-calendar intervals of the bank 2003 series against 80%
// with the symmetric z); the plain scale (A-F)/sd had the small counts of
// the 1999 series under-covered (78%).
type bands struct {
	disp float64
	z    [bandHorizons * bandDayParts]float64
}

const (
	bandHorizons = 2
	bandDayParts = 4
	// bandMinErrors is the fewest errors a bucket needs for a z of its own.
	bandMinErrors = 200
	// zNormal80 is the normal 90% quantile: a Poisson count's 80%
	// interval is about F -+ 1.2816 sqrt(F).
	zNormal80 = 1.2816
)

func bandBucket(k, slot, slots int) int {
	return min(k/7, bandHorizons-1)*bandDayParts + slot*bandDayParts/slots
}

// at is the band around the forecast f of future day k, interval slot;
// [0, 0] where the forecast says closed. eventVar is the squared relative
// uncertainty of the day's calendar effects (prepared.eventVariance): an
// effect learned from few or scattered occurrences widens the band like
// more day-level noise.
func (b bands) at(k, slot, slots int, f, eventVar float64) (low, high float64) {
	if f <= 0 {
		return 0, 0
	}
	z := b.z[bandBucket(k, slot, slots)]
	root := math.Sqrt(f + 0.375)
	half := z * math.Sqrt(1+(b.disp+eventVar)*f) / 2
	lo := math.Max(0, root-half)
	pois := zNormal80 * math.Sqrt(f)
	low = math.Max(0, math.Min(lo*lo-0.375, f-pois))
	high = math.Max((root+half)*(root+half)-0.375, f+pois)
	return low, high
}

// fitBands fits the bands to the backtest of the forecast with weights w.
// Without a backtest: disp 0.01 (a 10% day-level noise) and the normal z.
func fitBands(bt backtest, p prepared, w []float64) bands {
	b := bands{disp: 0.01}
	for i := range b.z {
		b.z[i] = zNormal80
	}
	if len(bt.cuts) == 0 {
		return b
	}
	h := p.h
	type pair struct {
		a, f   float64
		bucket int
	}
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
				pairs = append(pairs, pair{a, f, bandBucket(k, sl, h.slots)})
				sq += (a - f) * (a - f)
				sf += f
				sf2 += f * f
			}
		}
	}
	if len(pairs) == 0 || sf2 <= 0 {
		return b
	}
	b.disp = math.Max(0, (sq-sf)/sf2)
	var byBucket [len(bands{}.z)][]float64
	all := make([]float64, len(pairs))
	for i, q := range pairs {
		u := math.Abs(2*(math.Sqrt(q.a+0.375)-math.Sqrt(q.f+0.375))) / math.Sqrt(1+b.disp*q.f)
		all[i] = u
		byBucket[q.bucket] = append(byBucket[q.bucket], u)
	}
	pooled := quantile80(all)
	for i, us := range byBucket {
		b.z[i] = pooled
		if len(us) >= bandMinErrors {
			b.z[i] = quantile80(us)
		}
	}
	return b
}

// quantile80 is the 80% quantile of u (sorted in place), kept finite.
func quantile80(u []float64) float64 {
	sort.Float64s(u)
	z := u[int(math.Ceil(0.8*float64(len(u)-1)))]
	if !(z > 0) {
		return zNormal80
	}
	return math.Min(z, 10)
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
