package forecast

import (
	"fmt"
	"math"
	"time"

	"wfm/civil"
	"wfm/holidays"
)

// Event kinds a calendar knows.
const (
	Holiday  = "holiday"
	Campaign = "campaign"
	Billing  = "billing"
	Outage   = "outage"
	// AnomalyKind is how a calendar entry marks a past day to keep out of
	// training rather than an event with an effect.
	AnomalyKind = "anomaly"
	// MakeUpDay and NearHoliday are kinds of public days only: a
	// Saturday or Sunday worked as a weekday (China's 调休), and a working
	// day in the week before or after a long break. Neither is a holiday
	// (the day after one brings no catch-up).
	MakeUpDay   = "make-up day"
	NearHoliday = "near holiday"
)

// Event is a special day for one queue, or for all queues when Queue is
// empty. Its effect on volume is Multiplier when set (> 0); otherwise it is
// learned from past occurrences in the history: the median ratio of actual
// volume to the volume expected without the event, over the past days with
// the same Name when there are any (a "christmas" is not a "labor day"),
// else over the past days of the same Kind. With no past occurrence the
// effect is 1.
type Event struct {
	Date       string // YYYY-MM-DD, local
	Queue      string
	Kind       string
	Name       string // optional: occurrences of the same name share an effect
	Multiplier float64
	// Like names the weekday ("Monday") the day is kept as when not its
	// own: a make-up working day is forecast as the weekday it is worked
	// as, a Chinese day off as a Sunday, and the effect is learned against
	// that weekday's normal days. Ignored when the center does not open
	// on that weekday.
	Like string
}

// Anomaly is a past day to keep out of training (and out of backtest
// scores): an outage, a data error. Queue empty means every queue.
type Anomaly struct {
	Date  string
	Queue string
}

// Calendar is the special days of a site.
type Calendar struct {
	Events    []Event
	Anomalies []Anomaly
	// Public is the site's public holidays, computed from the country's
	// rules (PublicHolidays), for one queue or every queue like Events.
	// They yield to the calendar's own entries: a date the site lists for
	// the queue, as an event or an anomaly, is what the site says it is.
	Public []Event
}

// PublicHolidays are the events of a country's public holidays: kind
// holiday, named by their group so that the days of one group (the eves of
// festivals, say) learn one effect together.
func PublicHolidays(days []holidays.Day) []Event {
	out := make([]Event, len(days))
	for i, d := range days {
		kind := Holiday
		switch {
		case d.Workday:
			kind = MakeUpDay
		case d.Near:
			kind = NearHoliday
		}
		out[i] = Event{Date: d.Date, Kind: kind, Name: d.Group, Like: d.Like}
	}
	return out
}

// weekdayNamed is the weekday of an English name ("Monday").
func weekdayNamed(name string) (time.Weekday, bool) {
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if wd.String() == name {
			return wd, true
		}
	}
	return 0, false
}

// Add files an entry by its kind: an anomaly is kept out of training, the
// other kinds are events (multiplier 0 = learn the effect).
func (c *Calendar) Add(date, queue, kind, name string, multiplier float64) error {
	switch kind {
	case AnomalyKind:
		c.Anomalies = append(c.Anomalies, Anomaly{Date: date, Queue: queue})
	case Holiday, Campaign, Billing, Outage:
		c.Events = append(c.Events, Event{Date: date, Queue: queue, Kind: kind, Name: name, Multiplier: multiplier})
	default:
		return fmt.Errorf("%q: want holiday, campaign, billing, outage or anomaly", kind)
	}
	return nil
}

// Validate names the first event or anomaly that is wrong.
func (c Calendar) Validate() error {
	for i, e := range c.Events {
		if _, err := civil.Parse(e.Date); err != nil {
			return fmt.Errorf("events[%d].date: %q is not YYYY-MM-DD", i, e.Date)
		}
		switch e.Kind {
		case Holiday, Campaign, Billing, Outage:
		default:
			return fmt.Errorf("events[%d].kind: %q, must be holiday, campaign, billing or outage", i, e.Kind)
		}
		if e.Multiplier < 0 || e.Multiplier > 100 || e.Multiplier != e.Multiplier {
			return fmt.Errorf("events[%d].multiplier: %v, must be between 0 (learn it) and 100", i, e.Multiplier)
		}
	}
	for i, a := range c.Anomalies {
		if _, err := civil.Parse(a.Date); err != nil {
			return fmt.Errorf("anomalies[%d].date: %q is not YYYY-MM-DD", i, a.Date)
		}
	}
	for i, e := range c.Public {
		if _, err := civil.Parse(e.Date); err != nil {
			return fmt.Errorf("public[%d].date: %q is not YYYY-MM-DD", i, e.Date)
		}
		switch e.Kind {
		case Holiday, MakeUpDay, NearHoliday:
		default:
			return fmt.Errorf("public[%d].kind: %q, must be holiday, make-up day or near holiday", i, e.Kind)
		}
		if _, ok := weekdayNamed(e.Like); e.Like != "" && !ok {
			return fmt.Errorf("public[%d].like: %q is not a weekday", i, e.Like)
		}
	}
	return nil
}

func dateNumber(date string) int {
	t, _ := civil.ParseIn(date, nil)
	return int(t.Unix() / 86400)
}

// prepared is a series made ready for the methods: complete days with the
// special days of the history replaced by what a normal day would have
// been, which days those were, and the learned effect of each event kind.
type prepared struct {
	h       days
	skip    []bool
	effects map[string]float64 // by kind, and by "name:"+Name
	spreads map[string]float64 // the relative spread of each learned effect
	events  map[int][]Event    // by day number, this queue's events
	open    [7]bool            // weekdays normally open
	// monthEffects by month position (see monthPosition); the history in
	// h is divided by them, so the methods see months without them.
	monthEffects map[int]float64
	// dayOfMonth by calendar day of the month (1-31), learned on the
	// history already divided by the month positions' effects, and
	// divided out of h likewise.
	dayOfMonth map[int]float64
}

// prepare readies a series for the methods in the order the effects depend
// on each other: which days are special (listed events, anomalies, days far
// below their weekday), the history with those days imputed, what each
// event kind did on them, and last the month and day-of-month effects,
// learned on and divided out of the history cleaned of the events.
func prepare(s Series, cal Calendar) (prepared, error) {
	if err := s.Validate(); err != nil {
		return prepared{}, err
	}
	if err := cal.Validate(); err != nil {
		return prepared{}, fmt.Errorf("calendar: %w", err)
	}
	h := dayMatrix(s, s.Volume)
	if h.n() == 0 {
		return prepared{}, fmt.Errorf("history: no complete local day (midnight to midnight in %v)", s.Location)
	}
	p := prepared{h: h, skip: make([]bool, h.n()), effects: map[string]float64{}, spreads: map[string]float64{}, events: map[int][]Event{}}
	p.placeEvents(s.Queue, cal)
	special := p.markSpecialDays(s.Queue, cal)
	p.open = openWeekdays(h)
	if !special {
		// No special day: nothing to impute or learn from events, and
		// when the months show no effect either the history stays as it is.
		p.monthEffects = monthEffects(h, p.skip, p.open)
		if len(p.monthEffects) == 0 {
			p.dayOfMonth = dayOfMonthEffects(h, p.skip, p.open)
			if len(p.dayOfMonth) == 0 {
				return p, nil
			}
		}
	}
	// Copy before imputing: the methods must not see the special days, but
	// the effects are learned from them.
	raw := h
	p.h = imputed(raw, p.skip)
	p.learnEventEffects(raw)
	p.divideMonthEffects()
	p.divideDayOfMonthEffects()
	return p, nil
}

// placeEvents files the calendar's events for queue by day number. A
// public holiday yields to a day the calendar names itself (an event or an
// anomaly): the center's own word on that date wins over the country's.
func (p *prepared) placeEvents(queue string, cal Calendar) {
	listed := map[int]bool{} // dates the calendar itself names for this queue
	for _, e := range cal.Events {
		if e.Queue == "" || e.Queue == queue {
			dn := dateNumber(e.Date)
			p.events[dn] = append(p.events[dn], e)
			listed[dn] = true
		}
	}
	for _, a := range cal.Anomalies {
		if a.Queue == "" || a.Queue == queue {
			listed[dateNumber(a.Date)] = true
		}
	}
	for _, e := range cal.Public {
		if dn := dateNumber(e.Date); (e.Queue == "" || e.Queue == queue) && !listed[dn] {
			p.events[dn] = append(p.events[dn], e)
		}
	}
	addAfterHolidays(p.h, p.events, math.MaxInt)
}

// markSpecialDays sets p.skip on the history's days that are not normal:
// days with an event, the calendar's anomalies, and outliers far from their
// weekday. It says whether there was any.
func (p *prepared) markSpecialDays(queue string, cal Calendar) bool {
	h := p.h
	any := false
	for d := range p.skip {
		dn := h.first + d
		if len(p.events[dn]) > 0 {
			p.skip[d] = true
			any = true
		}
	}
	for _, a := range cal.Anomalies {
		if a.Queue == "" || a.Queue == queue {
			if d := dateNumber(a.Date) - h.first; d >= 0 && d < h.n() {
				p.skip[d] = true
				any = true
			}
		}
	}
	if low, marked := flagOutlierDays(h, p.skip); marked {
		any = true
		// An unlisted day far below its weekday is most often a holiday
		// the calendar does not know (or an outage): the contacts it put
		// off arrive on the next open day, which must not be copied into
		// next week either. Such a day becomes an event of its own kind,
		// so the next open day is an afterHoliday like a listed holiday's.
		for _, d := range low {
			if dn := h.first + d; len(p.events[dn]) == 0 {
				p.events[dn] = []Event{{Kind: unlistedLowDay}}
			}
		}
		// Only inside the history: a low last day may be a partial
		// export, not a closure, and must not raise tomorrow's forecast.
		addAfterHolidays(h, p.events, h.first+h.n())
		for d := range p.skip {
			if len(p.events[h.first+d]) > 0 {
				p.skip[d] = true
			}
		}
	}
	return any
}

// imputed is a copy of raw with each skipped day replaced by what a normal
// day would have been; raw itself is left as it was.
func imputed(raw days, skip []bool) days {
	h := raw
	h.val = make([][]float64, raw.n())
	for d := range h.val {
		h.val[d] = append([]float64(nil), raw.val[d]...)
	}
	for d := range h.val {
		if skip[d] {
			h.val[d] = normalDay(raw, skip, d)
		}
	}
	return h
}

// learnEventEffects sets p.effects and p.spreads: for each event kind (and
// each named event) the median ratio of the raw day to the imputed one.
func (p *prepared) learnEventEffects(raw days) {
	h := p.h
	ratios := map[string][]float64{}
	rawTot, cleanTot := dailyTotals(raw), dailyTotals(h)
	for d := range p.skip {
		base := cleanTot[d]
		if wd, ok := p.like(h.first + d); ok {
			// Against the weekday the day is kept as: a make-up Sunday
			// against the Mondays around it.
			base = 0
			for _, v := range normalDayAs(h, p.skip, d, wd) {
				base += v
			}
		}
		for _, e := range p.events[h.first+d] {
			if base > 0 {
				r := rawTot[d] / base
				ratios[e.Kind] = append(ratios[e.Kind], r)
				if e.Name != "" {
					ratios["name:"+e.Name] = append(ratios["name:"+e.Name], r)
				}
			}
		}
	}
	for k, r := range ratios {
		p.effects[k] = median(r)
		p.spreads[k] = effectSpread(r)
	}
}

// divideMonthEffects learns the month positions' effects (unless prepare
// already did) and divides them out of the history's normal days.
func (p *prepared) divideMonthEffects() {
	h := p.h
	if p.monthEffects == nil {
		p.monthEffects = monthEffects(h, p.skip, p.open)
	}
	for d := range h.val {
		if eff, ok := p.monthEffects[monthPosition(h.first+d, p.open)]; ok && !p.skip[d] {
			for sl := range h.val[d] {
				h.val[d][sl] /= eff
			}
		}
	}
}

// divideDayOfMonthEffects learns the day-of-month effects and divides them
// out of the history's normal days, in two passes: the weeks around a date
// carry effects of their own (the 3rd and the 17th around the 10th), which
// the first pass leaves in its reference; the second learns what remains
// once they are out. p.dayOfMonth is the product of both.
func (p *prepared) divideDayOfMonthEffects() {
	h := p.h
	p.dayOfMonth = map[int]float64{}
	for pass := 0; pass < 2; pass++ {
		effs := dayOfMonthEffects(h, p.skip, p.open)
		for d := range h.val {
			if eff, ok := effs[dayOfMonth(h.first+d)]; ok && !p.skip[d] {
				for sl := range h.val[d] {
					h.val[d][sl] /= eff
				}
			}
		}
		for dom, eff := range effs {
			if old, ok := p.dayOfMonth[dom]; ok {
				eff *= old
			}
			p.dayOfMonth[dom] = eff
		}
	}
}

// normalDay is what day d would have been: per interval, the median of up
// to four earlier same weekdays that are not special, or later ones when
// there are no earlier.
func normalDay(h days, skip []bool, d int) []float64 {
	return normalDayAs(h, skip, d, h.weekday(d))
}

// normalDayAs is what a normal wd near day d is: per interval, the median
// of up to four of the wd before d that are not special, or of the first
// after it when there are none before.
func normalDayAs(h days, skip []bool, d int, wd time.Weekday) []float64 {
	back := (int(h.weekday(d)) - int(wd) + 7) % 7
	if back == 0 {
		back = 7
	}
	var idx []int
	for e := d - back; e >= 0 && len(idx) < 4; e -= 7 {
		if !skip[e] {
			idx = append(idx, e)
		}
	}
	for e := d - back + 7; e < h.n() && len(idx) == 0; e += 7 {
		if !skip[e] {
			idx = append(idx, e)
		}
	}
	if len(idx) == 0 {
		return append([]float64(nil), h.val[d]...)
	}
	row := make([]float64, h.slots)
	vals := make([]float64, len(idx))
	for s := range row {
		for i, e := range idx {
			vals[i] = h.val[e][s]
		}
		row[s] = median(vals)
	}
	return row
}

// like is the weekday day number dn is kept as when an event on it says
// so (Event.Like), it is not dn's own and the center opens on it.
func (p prepared) like(dn int) (time.Weekday, bool) {
	for _, e := range p.events[dn] {
		if wd, ok := weekdayNamed(e.Like); ok && wd != weekdayOfDayNumber(dn) && p.open[wd] {
			return wd, true
		}
	}
	return 0, false
}

// multiplier is the effect of the events on day number dn.
func (p prepared) multiplier(dn int) float64 {
	m := 1.0
	if len(p.events[dn]) == 0 {
		if eff, ok := p.monthEffects[monthPosition(dn, p.open)]; ok {
			m = eff
		}
		if eff, ok := p.dayOfMonth[dayOfMonth(dn)]; ok {
			m *= eff
		}
	}
	for _, e := range p.events[dn] {
		if e.Multiplier > 0 {
			m *= e.Multiplier
		} else if eff, ok := p.effects["name:"+e.Name]; ok && e.Name != "" {
			m *= eff
		} else if eff, ok := p.effects[e.Kind]; ok {
			m *= eff
		}
	}
	return m
}

// unknownEffectSpread is the relative spread taken for an effect learned
// from fewer than three occurrences, or not learned at all: a holiday seen
// once may bring 30% more or less the next time.
const unknownEffectSpread = 0.3

// effectSpread is the relative spread of the ratios an effect was learned
// from (1.4826 MADs over the median, at most 1).
func effectSpread(r []float64) float64 {
	if len(r) < 3 {
		return unknownEffectSpread
	}
	m := median(r)
	dev := make([]float64, len(r))
	for i, v := range r {
		dev[i] = math.Abs(v - m)
	}
	return math.Min(1, 1.4826*median(dev)/math.Max(m, 0.05))
}

// eventVariance is the squared relative uncertainty the events of day
// number dn add to its forecast: none for a hand-set multiplier.
func (p prepared) eventVariance(dn int) float64 {
	var v float64
	for _, e := range p.events[dn] {
		sp := unknownEffectSpread
		if e.Multiplier > 0 {
			sp = 0
		} else if x, ok := p.spreads["name:"+e.Name]; ok && e.Name != "" {
			sp = x
		} else if x, ok := p.spreads[e.Kind]; ok {
			sp = x
		}
		v += sp * sp
	}
	return v
}

// Days whose total is below outlierLow or above outlierHigh times the
// median of the nearby same weekdays are treated as anomalies even when
// the calendar does not list them: an unlisted holiday or an outage must
// not be copied into next week. A genuine jump that large would be missed
// for about a week; that is the price.
const (
	outlierLow  = 0.5
	outlierHigh = 2.5
	// Below 20 contacts a day, chance alone halves or doubles a day often:
	// a small queue's quiet day is not an anomaly.
	outlierMinVolume = 20
)

// unlistedLowDay is the kind of a day flagOutlierDays found far below its
// weekday that the calendar does not name.
const unlistedLowDay = "unlisted low day"

// flagOutlierDays marks such days in skip, reports whether it marked any,
// and returns the days it found too low.
func flagOutlierDays(h days, skip []bool) (low []int, marked bool) {
	tot := dailyTotals(h)
	for d := range tot {
		if skip[d] {
			continue
		}
		m, ok := nearbyWeekdayLevel(tot, d, func(e int) bool { return skip[e] })
		if !ok {
			continue
		}
		if r := tot[d] / m; r < outlierLow || r > outlierHigh {
			skip[d] = true
			marked = true
			if r < outlierLow {
				low = append(low, d)
			}
		}
	}
	return low, marked
}

// nearbyWeekdayLevel is the median daily total of the up to four nearest
// earlier and four nearest later same weekdays of day d that are not
// excluded: what d would normally have brought. ok is false when fewer
// than three are found or the level is below outlierMinVolume (too few
// contacts to call a day far from it).
func nearbyWeekdayLevel(tot []float64, d int, excluded func(int) bool) (level float64, ok bool) {
	near := make([]float64, 0, 8)
	for e := d - 7; e >= 0 && len(near) < 4; e -= 7 {
		if !excluded(e) {
			near = append(near, tot[e])
		}
	}
	before := len(near)
	for e := d + 7; e < len(tot) && len(near) < before+4; e += 7 {
		if !excluded(e) {
			near = append(near, tot[e])
		}
	}
	if len(near) < 3 {
		return 0, false
	}
	m := median(near)
	return m, m >= outlierMinVolume
}

// afterHoliday is the kind of the first open day after a holiday: contacts
// put off by the holiday arrive then (in the 2003 bank data the Tuesday
// after Memorial Day brought 26% more calls than a normal Tuesday). Its
// effect is learned like any other kind.
const afterHoliday = "after holiday"

// addAfterHolidays adds an afterHoliday event on the first day after each
// holiday whose weekday is normally open and that has no event of its own,
// when that day's number is below until.
func addAfterHolidays(h days, events map[int][]Event, until int) {
	open := openWeekdays(h)
	var added []int
	for dn, es := range events {
		holiday := false
		for _, e := range es {
			holiday = holiday || e.Kind == Holiday || e.Kind == unlistedLowDay
		}
		if !holiday {
			continue
		}
		for next := dn + 1; next <= dn+7; next++ {
			if len(events[next]) > 0 {
				break // a run of holidays: its last day brings the catch-up
			}
			if open[weekdayOfDayNumber(next)] {
				if next < until {
					added = append(added, next)
				}
				break
			}
		}
	}
	for _, dn := range added {
		if len(events[dn]) == 0 {
			events[dn] = append(events[dn], Event{Kind: afterHoliday})
		}
	}
}
