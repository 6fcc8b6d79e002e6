package forecast

import (
	"fmt"
	"math"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"wfm/holidays"
)

// The rolling evaluation: rather than judging on the last two weeks only
// (which on both real series hold a holiday and would reward whatever
// happens to handle that one holiday), forecast 14 days from several
// origins spread across the series, each from only the history before it,
// and pool the errors. Every method is scored three ways: as the method
// alone on the raw history ("raw", what a planner's spreadsheet does),
// through Run without a calendar ("nocal": outlier days found and cleaned
// by Run itself), through Run with the public-holiday calendar ("cal"),
// and, for auto, through Run with only the public holidays the product
// computes ("public": what `wfm forecast` does by default: those of the
// zone's country, or for the bank's UTC those of the country whose
// holidays the training history was seen closed on).

const (
	evalSpans     = 6
	evalSpanDays  = 14
	evalFirstCut  = 56 // the earliest origin leaves 8 weeks of training
	evalWorkers   = 2
	evalBandLevel = 0.8
)

// evalCuts are the origins as days of training, oldest first: the last
// one leaves exactly evalSpanDays after it, the others evenly spaced back
// to about evalFirstCut.
//
// With WFM_EVAL_WEEKLY set, the origins are instead one a week from
// evalFirstCut on, each on the weekday that follows the series' last day:
// where the forecast of the days after the series (the days it is judged
// on) starts.
func evalCuts(nDays int) []int {
	last := nDays - evalSpanDays
	if os.Getenv("WFM_EVAL_WEEKLY") != "" {
		var cuts []int
		for c := evalFirstCut; c <= last; c++ {
			if (nDays-c)%7 == 0 {
				cuts = append(cuts, c)
			}
		}
		return cuts
	}
	step := (last - evalFirstCut) / (evalSpans - 1)
	cuts := make([]int, evalSpans)
	for j := range cuts {
		cuts[j] = last - (evalSpans-1-j)*step
	}
	return cuts
}

// evalScore accumulates one forecast's errors over the days scored.
type evalScore struct {
	absErr, actual       float64 // every day
	normErr, normAct     float64 // days not on the calendar (no event, no anomaly)
	inBand, open         int     // open intervals (actual or forecast > 0) inside the 80% band
	normInBand, normOpen int
	hasBand              bool
}

func (e *evalScore) add(o evalScore) {
	e.absErr += o.absErr
	e.actual += o.actual
	e.normErr += o.normErr
	e.normAct += o.normAct
	e.inBand += o.inBand
	e.open += o.open
	e.normInBand += o.normInBand
	e.normOpen += o.normOpen
	e.hasBand = e.hasBand || o.hasBand
}

func (e evalScore) wape() float64     { return ratio(e.absErr, e.actual) }
func (e evalScore) normWAPE() float64 { return ratio(e.normErr, e.normAct) }
func (e evalScore) coverage() float64 { return float64(e.inBand) / float64(max(1, e.open)) }
func (e evalScore) normCoverage() float64 {
	return float64(e.normInBand) / float64(max(1, e.normOpen))
}

// evalKey names one row of the table: a method and how it was run.
type evalKey struct{ method, variant string }

// evalResult is a data set's scores per row and span, and what auto chose.
type evalResult struct {
	name   string
	cuts   []int
	first  int // day number of the series' first complete day
	scores map[evalKey][]evalScore
	chose  map[string][]string // variant -> auto's choice per span
}

// calendarDays is the set of day numbers the calendar names for queue q.
func calendarDays(cal Calendar, q string) map[int]bool {
	out := map[int]bool{}
	for _, e := range cal.Events {
		if e.Queue == "" || e.Queue == q {
			out[dateNumber(e.Date)] = true
		}
	}
	for _, a := range cal.Anomalies {
		if a.Queue == "" || a.Queue == q {
			out[dateNumber(a.Date)] = true
		}
	}
	return out
}

// scoreSpan compares a forecast (and its band, when low is not nil) with
// the actuals of the test intervals that start at from.
func scoreSpan(s Series, from time.Time, test, fc, low, high []float64, special map[int]bool) evalScore {
	var e evalScore
	e.hasBand = low != nil
	for i, a := range test {
		t := from.Add(time.Duration(i) * s.Interval)
		norm := !special[dayNumber(t, s.Location)]
		d := math.Abs(a - fc[i])
		e.absErr += d
		e.actual += a
		if norm {
			e.normErr += d
			e.normAct += a
		}
		if low == nil || (a == 0 && fc[i] == 0) {
			continue
		}
		in := a >= low[i] && a <= high[i]
		e.open++
		if in {
			e.inBand++
		}
		if norm {
			e.normOpen++
			if in {
				e.normInBand++
			}
		}
	}
	return e
}

// splitAt cuts s at local midnight cut days after its first midnight and
// returns the training series and the next days days of actuals.
func splitAt(s Series, cut, days int) (Series, time.Time, []float64) {
	first := s.Start.In(s.Location)
	at := time.Date(first.Year(), first.Month(), first.Day()+cut, 0, 0, 0, 0, s.Location)
	stop := time.Date(first.Year(), first.Month(), first.Day()+cut+days, 0, 0, 0, 0, s.Location)
	i := int(at.Sub(s.Start) / s.Interval)
	j := min(len(s.Volume), int(stop.Sub(s.Start)/s.Interval))
	train := s
	train.Volume = s.Volume[:i]
	if s.AHT != nil {
		train.AHT, train.Answered = s.AHT[:i], s.Answered[:i]
	}
	return train, at, s.Volume[i:j]
}

// rollingEval runs the evaluation of data set ds for the methods named
// (auto included); nil means every method and auto.
func rollingEval(t testing.TB, ds int, names []string) evalResult {
	d := dataSets[ds]
	s := loadData(t, d.path, d.tz, d.interval)
	cal := loadCalendar(t, d.calendar)
	special := calendarDays(cal, s.Queue)
	h := dayMatrix(s, s.Volume)
	res := evalResult{name: d.name, cuts: evalCuts(h.n()), first: h.first,
		scores: map[evalKey][]evalScore{}, chose: map[string][]string{}}
	if names == nil {
		for _, m := range Methods() {
			names = append(names, m.Name())
		}
		names = append(names, Auto)
	}
	type job struct {
		span         int
		method, vari string
	}
	var jobs []job
	for j := range res.cuts {
		for _, name := range names {
			if name != Auto {
				jobs = append(jobs, job{j, name, "raw"})
			}
			jobs = append(jobs, job{j, name, "nocal"}, job{j, name, "cal"})
			if name == Auto {
				jobs = append(jobs, job{j, name, "public"})
			}
		}
	}
	for _, jb := range jobs {
		k := evalKey{jb.method, jb.vari}
		if res.scores[k] == nil {
			res.scores[k] = make([]evalScore, len(res.cuts))
		}
	}
	for _, v := range []string{"nocal", "cal", "public"} {
		res.chose[v] = make([]string, len(res.cuts))
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan job)
	var firstErr error
	for w := 0; w < evalWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for jb := range next {
				train, from, test := splitAt(s, res.cuts[jb.span], evalSpanDays)
				var sc evalScore
				var chose string
				var err error
				switch jb.vari {
				case "raw":
					m, _ := MethodByName(jb.method)
					var fc []float64
					if fc, err = m.Forecast(train, len(test)); err == nil {
						sc = scoreSpan(s, from, test, fc, nil, nil, special)
					}
				default:
					o := Options{Method: jb.method}
					switch jb.vari {
					case "cal":
						o.Calendar = cal
					case "public":
						country := holidays.CountryOfZone(d.tz)
						o.Calendar.Public, _, err = PublicHolidaysFor(train, country, country == "", from.AddDate(0, 0, evalSpanDays))
					}
					var r Result
					if err != nil {
						break
					}
					if r, err = Run(train, len(test), o); err == nil {
						sc = scoreSpan(s, from, test, r.Volume, r.Low, r.High, special)
						chose = r.Method
					}
				}
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("%s %s span %d: %w", jb.method, jb.vari, jb.span, err)
				}
				res.scores[evalKey{jb.method, jb.vari}][jb.span] = sc
				if jb.method == Auto {
					res.chose[jb.vari][jb.span] = chose
				}
				mu.Unlock()
			}
		}()
	}
	for _, jb := range jobs {
		next <- jb
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		t.Fatal(firstErr)
	}
	return res
}

func (r evalResult) pooled(k evalKey) evalScore {
	var p evalScore
	for _, sc := range r.scores[k] {
		p.add(sc)
	}
	return p
}

// baseline is the better of snaive and mean4 run raw: per span and pooled,
// on all days or on the days off the calendar.
func (r evalResult) baseline(span int, normal bool) float64 {
	best := math.Inf(1)
	for _, m := range []string{"snaive", "mean4"} {
		var sc evalScore
		if span < 0 {
			sc = r.pooled(evalKey{m, "raw"})
		} else {
			sc = r.scores[evalKey{m, "raw"}][span]
		}
		w := sc.wape()
		if normal {
			w = sc.normWAPE()
		}
		best = math.Min(best, w)
	}
	return best
}

func (r evalResult) spanDate(j int) string {
	return time.Unix(int64(r.first+r.cuts[j])*86400, 0).UTC().Format("01-02")
}

// TestRollingAccuracy prints, per data set, the WAPE of every method and
// of auto on 6 spans of 14 days spread over the series, each forecast from
// the history before it; the pooled WAPE over all days and over the days
// the calendar does not name; and the 80% band's coverage of open
// intervals. Then auto against the better of raw snaive and mean4.
//
//	WFM_ACCURACY=1 go test ./forecast -run TestRollingAccuracy -v
func TestRollingAccuracy(t *testing.T) {
	if os.Getenv("WFM_ACCURACY") == "" {
		t.Skip("set WFM_ACCURACY=1 to print the rolling accuracy table")
	}
	for ds := range dataSets {
		r := rollingEval(t, ds, nil)
		var hdr strings.Builder
		for j := range r.cuts {
			fmt.Fprintf(&hdr, " %6s", r.spanDate(j))
		}
		t.Logf("%s: WAPE per 14-day span (first day shown), pooled over all days and over days off the calendar; 80%% band coverage (all / off-calendar)", r.name)
		t.Logf("  %-9s %-5s%s %7s %7s %6s %6s", "method", "run", hdr.String(), "pooled", "normal", "cov", "covN")
		var names []string
		for _, m := range Methods() {
			names = append(names, m.Name())
		}
		for _, name := range append(names, Auto) {
			for _, v := range []string{"raw", "nocal", "cal", "public"} {
				k := evalKey{name, v}
				if r.scores[k] == nil {
					continue
				}
				var line strings.Builder
				for _, sc := range r.scores[k] {
					fmt.Fprintf(&line, " %6.4f", sc.wape())
				}
				p := r.pooled(k)
				cov := ""
				if p.hasBand {
					cov = fmt.Sprintf(" %6.3f %6.3f", p.coverage(), p.normCoverage())
				}
				t.Logf("  %-9s %-5s%s %7.4f %7.4f%s", name, v, line.String(), p.wape(), p.normWAPE(), cov)
			}
		}
		for _, v := range []string{"nocal", "cal", "public"} {
			var line strings.Builder
			meets := 0
			for j, sc := range r.scores[evalKey{Auto, v}] {
				q := sc.wape() / r.baseline(j, false)
				if q <= 0.9 {
					meets++
				}
				fmt.Fprintf(&line, " %6.3f", q)
			}
			p := r.pooled(evalKey{Auto, v})
			t.Logf("  auto %-5s / min(snaive, mean4 raw): per span%s; pooled %.3f, off-calendar %.3f; bar (<= 0.90) met on %d of %d spans",
				v, line.String(), p.wape()/r.baseline(-1, false), p.normWAPE()/r.baseline(-1, true), meets, len(r.cuts))
			t.Logf("  auto %-5s chose: %s", v, strings.Join(r.chose[v], ", "))
		}
	}
}

// On days the calendar does not name, auto's 80% band covers close to 80%
// of the open intervals of the rolling spans, with and without the
// calendar, and auto is at least as accurate there as the better of raw
// snaive and mean4 on every span.
func TestRollingBandCoverageAndBaselines(t *testing.T) {
	if testing.Short() {
		t.Skip("forecasts 6 spans x 2 data sets")
	}
	for ds := range dataSets {
		r := rollingEval(t, ds, []string{"snaive", "mean4", Auto})
		for _, v := range []string{"nocal", "cal"} {
			p := r.pooled(evalKey{Auto, v})
			if c := p.normCoverage(); c < 0.78 || c > 0.84 {
				t.Errorf("%s %s: the 80%% band covers %.3f of off-calendar open intervals", r.name, v, c)
			}
			for j, sc := range r.scores[evalKey{Auto, v}] {
				if sc.normWAPE() > r.baseline(j, true) {
					t.Errorf("%s %s span %s: auto off-calendar WAPE %.4f > %.4f of the better raw baseline", r.name, v, r.spanDate(j), sc.normWAPE(), r.baseline(j, true))
				}
			}
		}
	}
}
