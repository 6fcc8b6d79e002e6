package forecast

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// TestErrorDecomposition splits the error of the profile methods into the
// daily level and the intraday shape, on the rolling spans' days off the
// calendar, so that work goes where the error is. Each line is the WAPE of
// a daily total times an intraday profile:
//
//   - level "median5" (pmedian5's: the median of the last 5 same weekdays)
//     or "shared28" (the median of the last 28 days over their weekday
//     factors from 12 weeks, times the weekday's factor: one level shared by
//     every weekday), or "actual" (the day's true total: an oracle);
//   - profile "ours" (intradayProfile from the training days) or "allData"
//     (the weekday's pooled shares over the whole series, future included:
//     the best a fixed weekday shape can do).
//
// "daily" is the WAPE of the daily totals alone. On the 1999 series the
// daily totals miss by about 18% even at their best, the oracle level
// takes the interval WAPE from about 0.37 to 0.33, and the oracle shape
// only from 0.37 to 0.36: the level is the lever, and it is mostly noise.
//
// Each line is followed by its ratio to the better of seasonal naive and
// the 4-week mean on the raw history, per span on the same days: the
// issue's bar (<= 0.90) as far as these days go. On the 1999 series even
// the oracles (true daily totals, whole-series weekday shapes) stay above
// it on the span from 05-20 (0.935: its Sunday after Shavuot brought 3064
// calls, 1.7 times a normal Sunday, 42% of them between 20:00 and 23:00
// against 8% on other Sundays) and on the span from 09-17 (0.927). "blend" (the mean of median5 and shared28) and "huber8" (a
// Huber mean of the last 8 same weekdays) gain about 0.005 on 1999 and lose
// 0.002-0.003 on the bank: no better level from the same weekdays alone.
// "recent" (median5 moved halfway toward the median ratio of the last 14
// days to their own median5) loses on both (1999 0.368 -> 0.378, bank
// 0.0838 -> 0.0844): a two-week departure from the weekday level does not
// persist into the next two weeks, and on 1999 a longer window helps while
// on the bank it hurts, so no one window suits both.
//
//	WFM_ACCURACY=1 go test ./forecast -run TestErrorDecomposition -v
func TestErrorDecomposition(t *testing.T) {
	if os.Getenv("WFM_ACCURACY") == "" {
		t.Skip("set WFM_ACCURACY=1 to print the error decomposition")
	}
	for ds := range dataSets {
		d := dataSets[ds]
		s := loadData(t, d.path, d.tz, d.interval)
		special := calendarDays(loadCalendar(t, d.calendar), s.Queue)
		h := dayMatrix(s, s.Volume)
		tot := dailyTotals(h)
		cuts := evalCuts(h.n())
		// lastSame is y on the k latest days of tr falling on weekday wd.
		lastSame := func(tr days, y []float64, wd time.Weekday, k int) []float64 {
			var xs []float64
			for _, i := range sameWeekday(tr, wd, k) {
				xs = append(xs, y[i])
			}
			return xs
		}
		levels := map[string]func(tr days, y []float64, d int) float64{
			"median5": func(tr days, y []float64, d int) float64 {
				return median(lastSame(tr, y, h.weekday(d), 5))
			},
			"shared28": func(tr days, y []float64, d int) float64 { return sharedLevel(tr, y, 28, 12, h.weekday(d)) },
			"actual":   func(_ days, _ []float64, d int) float64 { return tot[d] },
			"blend": func(tr days, y []float64, d int) float64 {
				return 0.5*median(lastSame(tr, y, h.weekday(d), 5)) + 0.5*sharedLevel(tr, y, 28, 12, h.weekday(d))
			},
			"recent": func(tr days, y []float64, d int) float64 {
				var rs []float64
				for i := tr.n() - 14; i < tr.n(); i++ {
					if m := median(lastSame(tr.head(i), y, tr.weekday(i), 5)); m > 0 && y[i] > 0 {
						rs = append(rs, y[i]/m)
					}
				}
				f := 1.0
				if len(rs) > 0 {
					f = 1 + 0.5*(median(rs)-1)
				}
				return median(lastSame(tr, y, h.weekday(d), 5)) * f
			},
			"huber8": func(tr days, y []float64, d int) float64 {
				return huber(lastSame(tr, y, h.weekday(d), 8))
			},
		}
		profiles := map[string]func(tr days, wd time.Weekday) []float64{
			"ours":    func(tr days, wd time.Weekday) []float64 { return intradayProfile(tr, wd, profileSpec{}) },
			"allData": func(_ days, wd time.Weekday) []float64 { return pooledShares(h, sameWeekday(h, wd, h.n())) },
		}
		// The bar's baseline per span, on the same days: the better of
		// seasonal naive and the 4-week mean on the raw history.
		base := make([]float64, len(cuts))
		for j, cut := range cuts {
			tr := h.head(cut)
			base[j] = math.Inf(1)
			for _, m := range []dayMethod{SeasonalNaive{}, WeekAverage{Weeks: 4}} {
				fd := m.forecastDays(tr, evalSpanDays)
				var se, sa float64
				for k, row := range fd {
					dd := cut + k
					if dd >= h.n() || special[h.first+dd] {
						continue
					}
					for sl, x := range h.val[dd] {
						se += math.Abs(x - row[sl])
						sa += x
					}
				}
				base[j] = math.Min(base[j], ratio(se, sa))
			}
		}
		t.Logf("%s: WAPE off the calendar per span, pooled, and of the daily totals; then over min(snaive, mean4 raw) on the same days", d.name)
		for _, ln := range []string{"median5", "shared28", "blend", "huber8", "recent", "actual"} {
			for _, pn := range []string{"ours", "allData"} {
				var line, rel strings.Builder
				var e, a, de, da float64
				for j, cut := range cuts {
					tr := h.head(cut)
					y := dailyTotals(tr)
					var se, sa float64
					for dd := cut; dd < cut+evalSpanDays && dd < h.n(); dd++ {
						if special[h.first+dd] {
							continue
						}
						lv := levels[ln](tr, y, dd)
						de += math.Abs(lv - tot[dd])
						da += tot[dd]
						p := profiles[pn](tr, h.weekday(dd))
						for sl, x := range h.val[dd] {
							f := 0.0
							if p != nil {
								f = lv * p[sl]
							}
							se += math.Abs(x - f)
							sa += x
						}
					}
					fmt.Fprintf(&line, " %6.4f", ratio(se, sa))
					fmt.Fprintf(&rel, " %6.3f", ratio(se, sa)/base[j])
					e += se
					a += sa
				}
				t.Logf("  level %-8s profile %-7s%s pooled %6.4f daily %6.4f", ln, pn, line.String(), ratio(e, a), ratio(de, da))
				t.Logf("  %-31s%s", "  / baseline", rel.String())
			}
		}
	}
}

// sharedLevel is a daily total for weekday wd from one level shared by
// every weekday: the median of the last levelDays days divided by their
// weekday factors (each weekday's mean over the last factorWeeks weeks
// relative to the mean of all of them), times wd's factor.
func sharedLevel(h days, y []float64, levelDays, factorWeeks int, wd time.Weekday) float64 {
	from := max(0, h.n()-7*factorWeeks)
	var sum, cnt [7]float64
	var all float64
	for d := from; d < h.n(); d++ {
		sum[h.weekday(d)] += y[d]
		cnt[h.weekday(d)]++
		all += y[d]
	}
	if all <= 0 {
		return 0
	}
	mean := all / float64(h.n()-from)
	var factor [7]float64
	for w := range factor {
		if cnt[w] > 0 {
			factor[w] = sum[w] / cnt[w] / mean
		}
	}
	var xs []float64
	for d := h.n() - 1; d >= 0 && d >= h.n()-levelDays; d-- {
		if f := factor[h.weekday(d)]; f > 0.2 {
			xs = append(xs, y[d]/f)
		}
	}
	if len(xs) == 0 {
		return mean * factor[wd]
	}
	return median(xs) * factor[wd]
}
