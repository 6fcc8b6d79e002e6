// Package forecast forecasts contact volume and handle time per interval:
// the methods, their rolling-origin backtests, the automatic choice,
// prediction intervals, special days, intraday reforecasts and accuracy.
//
// Everything is pure: values in, values out. Days, weekdays and the
// interval of the day are computed on the local wall clock of the series'
// location, so a daylight-saving day of 23 or 25 hours is still one day.
package forecast

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Series is the history of one queue on a regular grid: Volume[i] is the
// count offered in the interval starting at Start + i*Interval. Closed
// intervals hold 0.
type Series struct {
	Queue    string
	Location *time.Location
	Start    time.Time
	Interval time.Duration
	Volume   []float64
	// AHT is the average handle time in seconds of the contacts answered in
	// each interval; nil when the history has none. Entries with no weight
	// are ignored.
	AHT []float64
	// Answered weighs AHT (the contacts the average is over); nil means
	// weigh by Volume.
	Answered []float64
}

// End is the end of the last interval: where a forecast from this series starts.
func (s Series) End() time.Time {
	return s.Start.Add(time.Duration(len(s.Volume)) * s.Interval)
}

// Validate reports the first thing wrong with the series, naming the field.
func (s Series) Validate() error {
	if s.Location == nil {
		return errors.New("location: missing")
	}
	if err := validInterval(s.Interval); err != nil {
		return err
	}
	if s.Start.IsZero() {
		return errors.New("start: missing")
	}
	if len(s.Volume) == 0 {
		return errors.New("volume: empty")
	}
	for i, v := range s.Volume {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("volume[%d]: must be a finite number >= 0, got %v", i, v)
		}
		if v > 1e9 {
			return fmt.Errorf("volume[%d]: %v contacts in one interval is absurd", i, v)
		}
	}
	if s.AHT != nil {
		if len(s.AHT) != len(s.Volume) {
			return fmt.Errorf("aht: %d values for %d intervals", len(s.AHT), len(s.Volume))
		}
		for i, v := range s.AHT {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > 86400 {
				return fmt.Errorf("aht[%d]: must be between 0 and 86400 seconds, got %v", i, v)
			}
		}
	}
	if s.Answered != nil {
		if len(s.Answered) != len(s.Volume) {
			return fmt.Errorf("answered: %d values for %d intervals", len(s.Answered), len(s.Volume))
		}
		for i, v := range s.Answered {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return fmt.Errorf("answered[%d]: must be a finite number >= 0, got %v", i, v)
			}
		}
	}
	return nil
}

func validInterval(d time.Duration) error {
	if d <= 0 || d%time.Minute != 0 || (24*time.Hour)%d != 0 {
		return fmt.Errorf("interval: %v must be whole minutes that divide a day", d)
	}
	return nil
}

// Observation is one row of interval history, as an adapter reads it.
type Observation struct {
	Start    time.Time
	Offered  float64
	AHT      float64 // seconds; used only when HasAHT
	HasAHT   bool
	Answered float64 // weight of AHT; used only when HasAnswered
	// HasAnswered says Answered was given.
	HasAnswered bool
}

// NewObservation is one row of interval history as the adapters hold it
// (the CLI's CSV rows, the store's rows): offered, and optionally the
// answered count and the average handle time. A handle time of 0 or above
// a day is no handle time (an interval where nothing was answered reports
// 0), so it cannot drag the AHT forecast down.
func NewObservation(start time.Time, offered int, answered *int, ahtSeconds *float64) Observation {
	o := Observation{Start: start, Offered: float64(offered)}
	if ahtSeconds != nil && *ahtSeconds > 0 && *ahtSeconds <= 86400 {
		o.AHT, o.HasAHT = *ahtSeconds, true
	}
	if answered != nil {
		o.Answered, o.HasAnswered = float64(*answered), true
	}
	return o
}

// NewSeries lays observations on the grid [start, end) of the interval;
// intervals without an observation are closed (0). Every observation must
// lie on the grid inside [start, end).
func NewSeries(queue string, loc *time.Location, interval time.Duration, start, end time.Time, obs []Observation) (Series, error) {
	if err := validInterval(interval); err != nil {
		return Series{}, err
	}
	if loc == nil {
		return Series{}, errors.New("location: missing")
	}
	if !end.After(start) {
		return Series{}, fmt.Errorf("end: %v is not after start %v", end, start)
	}
	n := int(end.Sub(start) / interval)
	s := Series{Queue: queue, Location: loc, Start: start, Interval: interval, Volume: make([]float64, n)}
	var aht, ans []float64
	for k, o := range obs {
		d := o.Start.Sub(start)
		if d < 0 || d%interval != 0 || int(d/interval) >= n {
			return Series{}, fmt.Errorf("observations[%d].start: %v is not on the grid of %v from %v to %v", k, o.Start, interval, start, end)
		}
		i := int(d / interval)
		s.Volume[i] = o.Offered
		if !o.HasAHT {
			continue
		}
		if aht == nil {
			aht, ans = make([]float64, n), make([]float64, n)
		}
		// An AHT is weighed by the contacts it averages: the answered
		// count when given, else the offered count. An interval without
		// an AHT weighs nothing, whatever its answered count.
		aht[i], ans[i] = o.AHT, o.Offered
		if o.HasAnswered {
			ans[i] = o.Answered
		}
	}
	s.AHT, s.Answered = aht, ans
	return s, s.Validate()
}

// dayNumber counts local calendar days since 1970-01-01.
func dayNumber(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// slotOf is the interval of the local day that t falls in.
func slotOf(t time.Time, loc *time.Location, interval time.Duration) int {
	l := t.In(loc)
	return (l.Hour()*60 + l.Minute()) / int(interval/time.Minute)
}

func weekdayOfDayNumber(dn int) time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday((dn%7 + 7 + 4) % 7)
}

// days is a history as a matrix of complete local days x intervals of the day.
type days struct {
	first int         // day number of val[0]
	slots int         // intervals per day
	val   [][]float64 // val[day][slot]
}

func (h days) n() int { return len(h.val) }

func (h days) weekday(i int) time.Weekday { return weekdayOfDayNumber(h.first + i) }

func (h days) head(n int) days { return days{first: h.first, slots: h.slots, val: h.val[:n]} }

// dayMatrix turns the values of a series into complete local days. A
// 25-hour day averages the repeated wall-clock hour; the skipped hour of a
// 23-hour day takes the interval before it.
func dayMatrix(s Series, values []float64) days {
	loc := s.Location
	slots := int(24 * time.Hour / s.Interval)
	first := dayNumber(s.Start, loc)
	if l := s.Start.In(loc); l.Hour() != 0 || l.Minute() != 0 || l.Second() != 0 || l.Nanosecond() != 0 {
		first++ // the first day is partial
	}
	last := dayNumber(s.End(), loc) - 1
	if last < first {
		return days{first: first, slots: slots}
	}
	nd := last - first + 1
	val := make([][]float64, nd)
	cnt := make([][]int, nd)
	for d := range val {
		val[d] = make([]float64, slots)
		cnt[d] = make([]int, slots)
	}
	for i, v := range values {
		t := s.Start.Add(time.Duration(i) * s.Interval)
		d := dayNumber(t, loc) - first
		if d < 0 || d >= nd {
			continue
		}
		sl := slotOf(t, loc, s.Interval)
		val[d][sl] += v
		cnt[d][sl]++
	}
	for d := range val {
		for sl := range val[d] {
			switch {
			case cnt[d][sl] > 1:
				val[d][sl] /= float64(cnt[d][sl])
			case cnt[d][sl] == 0 && sl > 0:
				val[d][sl] = val[d][sl-1]
			}
		}
	}
	return days{first: first, slots: slots, val: val}
}
