package forecast

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// Point is one queue and interval of a forecast snapshot or of actuals.
type Point struct {
	Queue  string
	Start  time.Time
	Volume float64
}

// Errors is the accuracy of a forecast over some intervals. WAPE = sum
// |A-F| / sum A; MAPE = mean |A-F| / A over the intervals with A > 0; Bias
// = (sum F - sum A) / sum A (positive: over-forecast). A ratio without a
// denominator is not OK (HasWAPE, HasMAPE false) rather than NaN.
type Errors struct {
	Intervals int
	Actual    float64
	Forecast  float64
	AbsError  float64
	WAPE      float64
	HasWAPE   bool
	MAPE      float64
	HasMAPE   bool
	Bias      float64
}

type errorSum struct {
	n          int
	a, f, ae   float64
	ape        float64
	apeCounted int
}

func (e *errorSum) add(a, f float64) {
	e.n++
	e.a += a
	e.f += f
	e.ae += math.Abs(a - f)
	if a > 0 {
		e.ape += math.Abs(a-f) / a
		e.apeCounted++
	}
}

func (e errorSum) errors() Errors {
	out := Errors{Intervals: e.n, Actual: e.a, Forecast: e.f, AbsError: e.ae}
	if e.a > 0 {
		out.WAPE, out.HasWAPE = e.ae/e.a, true
		out.Bias = (e.f - e.a) / e.a
	}
	if e.apeCounted > 0 {
		out.MAPE, out.HasMAPE = e.ape/float64(e.apeCounted), true
	}
	return out
}

// Accuracy is a forecast snapshot judged against actuals: per queue, per
// queue and local day, and per queue and interval.
type Accuracy struct {
	Queues    map[string]Errors
	Days      map[string]map[string]Errors // queue -> "YYYY-MM-DD" -> errors
	Intervals []IntervalError              // by queue, then time
}

// IntervalError is one interval's forecast and actual.
type IntervalError struct {
	Queue    string
	Start    time.Time
	Forecast float64
	Actual   float64
}

// Measure compares a forecast snapshot with actuals. Only intervals of the
// snapshot are judged; an interval the actuals do not list had no
// contacts (0). Days are local days in loc.
func Measure(snapshot, actuals []Point, loc *time.Location) (Accuracy, error) {
	if loc == nil {
		return Accuracy{}, fmt.Errorf("location: missing")
	}
	type key struct {
		q string
		t int64
	}
	act := make(map[key]float64, len(actuals))
	for i, p := range actuals {
		if p.Volume < 0 || math.IsNaN(p.Volume) || math.IsInf(p.Volume, 0) {
			return Accuracy{}, fmt.Errorf("actuals[%d].volume: %v, must be a finite number >= 0", i, p.Volume)
		}
		act[key{p.Queue, p.Start.UnixNano()}] += p.Volume
	}
	seen := make(map[key]bool, len(snapshot))
	queues := map[string]*errorSum{}
	byDay := map[string]map[string]*errorSum{}
	acc := Accuracy{Queues: map[string]Errors{}, Days: map[string]map[string]Errors{}}
	for i, p := range snapshot {
		if p.Volume < 0 || math.IsNaN(p.Volume) || math.IsInf(p.Volume, 0) {
			return Accuracy{}, fmt.Errorf("snapshot[%d].volume: %v, must be a finite number >= 0", i, p.Volume)
		}
		k := key{p.Queue, p.Start.UnixNano()}
		if seen[k] {
			return Accuracy{}, fmt.Errorf("snapshot[%d]: queue %s interval %v given twice", i, p.Queue, p.Start)
		}
		seen[k] = true
		a := act[k]
		if queues[p.Queue] == nil {
			queues[p.Queue] = &errorSum{}
			byDay[p.Queue] = map[string]*errorSum{}
		}
		queues[p.Queue].add(a, p.Volume)
		day := p.Start.In(loc).Format(time.DateOnly)
		if byDay[p.Queue][day] == nil {
			byDay[p.Queue][day] = &errorSum{}
		}
		byDay[p.Queue][day].add(a, p.Volume)
		acc.Intervals = append(acc.Intervals, IntervalError{Queue: p.Queue, Start: p.Start, Forecast: p.Volume, Actual: a})
	}
	for q, e := range queues {
		acc.Queues[q] = e.errors()
		acc.Days[q] = map[string]Errors{}
		for d, de := range byDay[q] {
			acc.Days[q][d] = de.errors()
		}
	}
	sort.Slice(acc.Intervals, func(i, j int) bool {
		a, b := acc.Intervals[i], acc.Intervals[j]
		if a.Queue != b.Queue {
			return a.Queue < b.Queue
		}
		return a.Start.Before(b.Start)
	})
	return acc, nil
}
