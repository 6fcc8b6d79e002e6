package capacity

import (
	"fmt"
	"time"

	"wfm/civil"
)

// Interval is one interval of a skill's history: its start, its length,
// its contacts and their mean handle time (0 when unknown).
type Interval struct {
	Start      time.Time
	Seconds    int
	Offered    float64
	AHTSeconds float64
}

// BaselineWeeks is how many weeks before the plan's start set its level.
const BaselineWeeks = 8

type weekSums struct {
	volume, handled, handleSeconds, openSeconds float64
}

// DemandFromHistory is the plan's weeks (weeks Mondays from start, in
// loc) from the history before start. The level is the mean week of the
// last BaselineWeeks with contacts. Where a year of history is there, each
// week follows its week of last year, scaled by how the recent weeks
// compare with the same weeks a year before (the season, at this year's
// level); else every week is the level. Handle time is the contact-
// weighted mean of the recent weeks, open hours their mean hours with
// contacts. Growth is the plan's (Compute applies it).
func DemandFromHistory(history []Interval, loc *time.Location, start civil.Date, weeks int) ([]Demand, error) {
	byWeek := map[civil.Date]*weekSums{}
	for _, iv := range history {
		w := civil.Of(iv.Start, loc).Monday()
		if !w.Before(start) {
			continue
		}
		s := byWeek[w]
		if s == nil {
			s = &weekSums{}
			byWeek[w] = s
		}
		s.volume += iv.Offered
		if iv.AHTSeconds > 0 {
			s.handled += iv.Offered
			s.handleSeconds += iv.Offered * iv.AHTSeconds
		}
		if iv.Offered > 0 {
			s.openSeconds += float64(iv.Seconds)
		}
	}
	var recent, lastYear, volume, handled, handleSeconds, open float64
	var n, ly int
	for k := 1; k <= BaselineWeeks; k++ {
		w := start.AddDays(-7 * k)
		s := byWeek[w]
		if s == nil || s.volume == 0 {
			continue
		}
		n++
		volume += s.volume
		handled += s.handled
		handleSeconds += s.handleSeconds
		open += s.openSeconds
		recent += s.volume
		if y := byWeek[w.AddDays(-364)]; y != nil && y.volume > 0 {
			ly++
			lastYear += y.volume
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("no contacts in the %d weeks before %s: a plan needs recent history", BaselineWeeks, start)
	}
	if handled == 0 {
		return nil, fmt.Errorf("no handle time in the %d weeks before %s", BaselineWeeks, start)
	}
	level, aht, hours := volume/float64(n), handleSeconds/handled, open/float64(n)/3600
	seasonal := ly == n && lastYear > 0 // every recent week has its week of last year
	out := make([]Demand, weeks)
	for i, w := range Mondays(start, weeks) {
		v := level
		if y := byWeek[w.AddDays(-364)]; seasonal && y != nil {
			v = y.volume * recent / lastYear
		}
		out[i] = Demand{Week: w, Volume: v, AHTSeconds: aht, OpenHours: hours}
	}
	return out, nil
}
