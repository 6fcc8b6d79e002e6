package intraday

import (
	"context"
	"math"
	"sort"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/kpi"
	"wfm/measure"
	"wfm/planning"
	"wfm/store"
)

// QueueInterval is one interval of a queue's day as the intraday monitor
// shows it: the forecast, what happened (for the intervals gone by), the
// requirement (for the rest of the day re-made from what has arrived, once
// the intraday reforecast has run) and the people: scheduled by the
// published roster, staffed by their states.
type QueueInterval struct {
	Start   time.Time `json:"start"`
	Elapsed bool      `json:"elapsed"` // over by At: its actuals are final
	// The published forecast (its override when there is one).
	ForecastVolume     *float64 `json:"forecast_volume"`
	ForecastAHTSeconds *float64 `json:"forecast_aht_seconds"`
	// What happened, from the ACD's interval report.
	Offered      *int     `json:"offered"`
	Answered     *int     `json:"answered"`
	Abandoned    *int     `json:"abandoned"`
	ServiceLevel *float64 `json:"service_level"`
	ASASeconds   *float64 `json:"asa_seconds"`
	AHTSeconds   *float64 `json:"aht_seconds"`
	// The requirement: the volume it was computed for (the reforecast for
	// the rest of the day) and the agents it needs.
	RequiredVolume *float64 `json:"required_volume"`
	Required       *int     `json:"required"`
	// Scheduled is the mean number of agents the published roster has on
	// shift for the queue's skill (breaks taken out); Staffed the mean
	// number whose states were productive (available, contact, acw), for
	// the intervals begun.
	Scheduled float64  `json:"scheduled"`
	Staffed   *float64 `json:"staffed"`
	// Gap is scheduled minus required: negative is short.
	Gap *float64 `json:"gap"`
}

// QueueMonitor is a queue's day so far and the rest of it.
type QueueMonitor struct {
	QueueID         int64           `json:"queue_id"`
	Queue           string          `json:"queue"`
	Site            string          `json:"site"`
	Timezone        string          `json:"timezone"`
	Day             civil.Date      `json:"day"`
	At              time.Time       `json:"at"`
	IntervalSeconds int             `json:"interval_seconds"`
	Intervals       []QueueInterval `json:"intervals"`
	// The day so far: the intervals gone by, their counts added and the
	// ratios recomputed (never averaged).
	Offered       int      `json:"offered"`
	ForecastSoFar float64  `json:"forecast_so_far"` // the forecast volume of the same intervals
	Answered      int      `json:"answered"`
	Abandoned     int      `json:"abandoned"`
	ServiceLevel  *float64 `json:"service_level"`
	ASASeconds    *float64 `json:"asa_seconds"`
	AHTSeconds    *float64 `json:"aht_seconds"`
	AbandonRate   *float64 `json:"abandon_rate"`
	SLTarget      float64  `json:"sl_target"`
	ASATarget     *int     `json:"asa_target_seconds"`
	AbandonTarget *float64 `json:"abandon_target"`
	// The rest of the day: the intervals still to come that the roster
	// leaves short, by how much at worst, and the agent-hours short.
	ShortIntervals int        `json:"short_intervals"`
	WorstGap       *float64   `json:"worst_gap"`
	WorstGapAt     *time.Time `json:"worst_gap_at"`
	ShortHours     float64    `json:"short_hours"`
	// WorstSurplus is the most agents above the requirement in an
	// interval still to come (nil when none is 1 or more over).
	WorstSurplus *float64 `json:"worst_surplus"`
	// What would close the gap, from today's published roster: agents of
	// the queue's skill at the site whose shift ends in the two hours
	// before the worst gap (they could stay on), or begins in the two
	// hours after it (they could come in earlier); when over-staffed, those
	// whose shift ends last (they could be offered to leave early). The
	// supervisor checks each against the agent's contract.
	CanExtend     []Candidate `json:"can_extend"`
	CanStartEarly []Candidate `json:"can_start_early"`
	CanLeaveEarly []Candidate `json:"can_leave_early"`
	// CanMove are the meetings, training and coaching of today's roster
	// that take agents of the queue's skill off it in an interval still to
	// come that is short: moved to a quieter time (the activity form
	// finds one), they give those intervals their agents back.
	CanMove []MovableActivity `json:"can_move"`
}

// MovableActivity is an activity of the published roster that falls in a
// short interval.
type MovableActivity struct {
	AgentID int64     `json:"agent_id"`
	Agent   string    `json:"agent"`
	Name    string    `json:"name"`
	Kind    string    `json:"kind"` // meeting | training | coaching
	Title   string    `json:"title"`
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
}

// Candidate is an agent who could close a gap, with her shift today.
type Candidate struct {
	AgentID    int64     `json:"agent_id"`
	Agent      string    `json:"agent"`
	Name       string    `json:"name"`
	ShiftStart time.Time `json:"shift_start"`
	ShiftEnd   time.Time `json:"shift_end"`
}

// candidateWindow is how far from the worst gap a shift may end or begin
// for its agent to be asked to stay on or come in earlier.
const candidateWindow = 2 * time.Hour

// productive states count as staffed: the agent can take a contact or is
// finishing one.
var productive = map[string]bool{"available": true, "contact": true, "acw": true}

// QueueDay is the intraday monitor of a queue for the day being lived at
// now, in the queue's site's zone.
func QueueDay(ctx context.Context, st *store.Store, queueID int64, now time.Time) (*QueueMonitor, error) {
	q, site, loc, err := queueSite(ctx, st, queueID)
	if err != nil {
		return nil, err
	}
	day := kpi.DateOf(now, loc)
	from, to := day.Start(loc), day.AddDays(1).Start(loc)
	m := &QueueMonitor{QueueID: q.ID, Queue: q.Name, Site: site.Name, Timezone: site.Timezone, Day: day, At: now,
		SLTarget: q.SLTarget, ASATarget: q.ASATargetSeconds, AbandonTarget: q.AbandonTarget}

	forecasts, err := planning.PublishedIntervals(ctx, st, q.ID, from, to, time.Time{})
	if err != nil {
		return nil, err
	}
	reqs, err := st.Requirements(ctx, []int64{q.ID}, from, to)
	if err != nil {
		return nil, err
	}
	history, err := st.History(ctx, store.HistoryFilter{QueueID: q.ID, From: from, To: to})
	if err != nil {
		return nil, err
	}
	g := dayGrid{from: from, step: intervalOf(reqs, history), now: now}
	g.n = int(to.Sub(from) / g.step)
	m.IntervalSeconds = int(g.step / time.Second)
	m.Intervals = g.intervals()
	g.addPlan(m.Intervals, forecasts, reqs)
	g.addActuals(m, history, q.SLFormula)

	shifts, names, err := people(ctx, st, q, day, g, m.Intervals)
	if err != nil {
		return nil, err
	}
	m.addGaps(g.step)
	advise(m, shifts, names, now, g.step)
	return m, nil
}

// queueSite reads a queue, its site and the site's zone.
func queueSite(ctx context.Context, st *store.Store, queueID int64) (*store.Queue, *store.Site, *time.Location, error) {
	q, err := st.GetQueue(ctx, queueID)
	if err != nil {
		return nil, nil, nil, err
	}
	site, err := st.GetSite(ctx, q.SiteID)
	if err != nil {
		return nil, nil, nil, err
	}
	loc, err := time.LoadLocation(site.Timezone)
	if err != nil {
		return nil, nil, nil, fault.Errorf(fault.Internal, "site %s: zone %q: %v", site.Name, site.Timezone, err)
	}
	return q, site, loc, nil
}

// dayGrid is a queue's day as the monitor cuts it: n intervals of step
// from from, looked at now.
type dayGrid struct {
	from time.Time
	step time.Duration
	n    int
	now  time.Time
}

// intervals are the day's intervals, empty but for their start and
// whether they are over.
func (g dayGrid) intervals() []QueueInterval {
	ivs := make([]QueueInterval, g.n)
	for i := range ivs {
		start := g.from.Add(time.Duration(i) * g.step)
		ivs[i] = QueueInterval{Start: start, Elapsed: !start.Add(g.step).After(g.now)}
	}
	return ivs
}

// at is the interval that begins at t, if one does.
func (g dayGrid) at(t time.Time) (int, bool) {
	i := int(t.Sub(g.from) / g.step)
	return i, i >= 0 && i < g.n && g.from.Add(time.Duration(i)*g.step).Equal(t)
}

// addPlan puts the published forecast and the requirements on the
// intervals they begin.
func (g dayGrid) addPlan(ivs []QueueInterval, forecasts []store.ForecastInterval, reqs []store.Requirement) {
	for _, f := range forecasts {
		if i, ok := g.at(f.IntervalStart); ok {
			v, aht := f.PlannedVolume(), f.PlannedAHT()
			ivs[i].ForecastVolume, ivs[i].ForecastAHTSeconds = &v, &aht
		}
	}
	for _, r := range reqs {
		if i, ok := g.at(r.IntervalStart); ok {
			v, a := r.Volume, r.Agents
			ivs[i].RequiredVolume, ivs[i].Required = &v, &a
		}
	}
}

// addActuals puts what happened on the intervals gone by, and sums the day
// so far (the ratios recomputed from the sums) against its forecast.
func (g dayGrid) addActuals(m *QueueMonitor, history []store.HistoryInterval, slFormula string) {
	var so kpi.QueueCounts
	for _, h := range history {
		i, ok := g.at(h.IntervalStart)
		if !ok || !m.Intervals[i].Elapsed {
			continue
		}
		iv := &m.Intervals[i]
		c := measure.HistoryCounts(h, slFormula)
		iv.Offered, iv.Answered, iv.Abandoned = &h.Offered, h.Answered, h.Abandoned
		iv.ServiceLevel, iv.ASASeconds, iv.AHTSeconds = ratio(c.ServiceLevel()), ratio(c.ASASeconds()), ratio(c.AHTSeconds())
		so.Add(c)
	}
	m.Offered, m.Answered, m.Abandoned = so.Offered, so.Answered, so.Abandoned
	m.ServiceLevel, m.ASASeconds, m.AHTSeconds, m.AbandonRate = ratio(so.ServiceLevel()), ratio(so.ASASeconds()), ratio(so.AHTSeconds()), ratio(so.AbandonRate())
	for _, iv := range m.Intervals {
		if iv.Elapsed && iv.ForecastVolume != nil {
			m.ForecastSoFar += *iv.ForecastVolume
		}
	}
}

// addGaps sets each interval's gap (scheduled minus required) and sums
// the rest of the day: its short intervals, the worst of them, the
// agent-hours short and the worst surplus.
func (m *QueueMonitor) addGaps(step time.Duration) {
	for i := range m.Intervals {
		iv := &m.Intervals[i]
		if iv.Required == nil {
			continue
		}
		g := iv.Scheduled - float64(*iv.Required)
		iv.Gap = &g
		if iv.Elapsed || g >= 0 {
			continue
		}
		m.ShortIntervals++
		m.ShortHours += -g * step.Hours()
		if m.WorstGap == nil || g < *m.WorstGap {
			gap, start := g, iv.Start
			m.WorstGap, m.WorstGapAt = &gap, &start
		}
	}
	for _, iv := range m.Intervals {
		if !iv.Elapsed && iv.Gap != nil && *iv.Gap >= 1 && (m.WorstSurplus == nil || *iv.Gap > *m.WorstSurplus) {
			g := *iv.Gap
			m.WorstSurplus = &g
		}
	}
}

// advise lists who could close the day's worst gap, or take time off
// when the rest of the day is over-staffed.
func advise(m *QueueMonitor, shifts []store.AgentShift, names map[int64]string, now time.Time, step time.Duration) {
	m.CanExtend, m.CanStartEarly, m.CanLeaveEarly = []Candidate{}, []Candidate{}, []Candidate{}
	cand := func(sh store.AgentShift) Candidate {
		return Candidate{AgentID: sh.AgentID, Agent: sh.AgentCode, Name: names[sh.AgentID], ShiftStart: sh.Start, ShiftEnd: sh.End}
	}
	if m.WorstGapAt != nil {
		gapStart, gapEnd := *m.WorstGapAt, m.WorstGapAt.Add(step)
		for _, sh := range shifts {
			switch {
			case !sh.End.After(gapStart) && gapStart.Sub(sh.End) <= candidateWindow && sh.End.After(now):
				m.CanExtend = append(m.CanExtend, cand(sh))
			case !sh.Start.Before(gapEnd) && sh.Start.Sub(gapEnd) <= candidateWindow:
				m.CanStartEarly = append(m.CanStartEarly, cand(sh))
			}
		}
	}
	if m.WorstSurplus != nil {
		var on []store.AgentShift
		for _, sh := range shifts {
			if sh.End.After(now) {
				on = append(on, sh)
			}
		}
		sort.Slice(on, func(i, j int) bool { return on[i].End.After(on[j].End) })
		for i := 0; i < len(on) && i < int(*m.WorstSurplus); i++ {
			m.CanLeaveEarly = append(m.CanLeaveEarly, cand(on[i]))
		}
	}
	for _, l := range [][]Candidate{m.CanExtend, m.CanStartEarly} {
		sort.Slice(l, func(i, j int) bool { return l[i].Name < l[j].Name })
	}
	m.CanMove = movable(m.Intervals, shifts, names, step)
}

// movable lists the activities that overlap a short interval still to
// come, in order of start.
func movable(ivs []QueueInterval, shifts []store.AgentShift, names map[int64]string, step time.Duration) []MovableActivity {
	out := []MovableActivity{}
	for _, sh := range shifts {
		for _, a := range sh.Activities {
			for _, iv := range ivs {
				if iv.Elapsed || iv.Gap == nil || *iv.Gap >= 0 || overlap(a.Start, a.End, iv.Start, iv.Start.Add(step)) <= 0 {
					continue
				}
				out = append(out, MovableActivity{AgentID: sh.AgentID, Agent: sh.AgentCode, Name: names[sh.AgentID],
					Kind: a.Kind, Title: a.Title, Start: a.Start, End: a.End})
				break
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// people fills in scheduled and staffed: the agents of the queue's site
// with its skill, their published shifts of the day and their states.
func people(ctx context.Context, st *store.Store, q *store.Queue, day kpi.Date, g dayGrid, ivs []QueueInterval) ([]store.AgentShift, map[int64]string, error) {
	serves, names, err := queueServers(ctx, st, q)
	if err != nil {
		return nil, nil, err
	}
	if len(serves) == 0 {
		return nil, nil, nil
	}
	serving, err := g.addScheduled(ctx, st, q.SiteID, day, serves, ivs)
	if err != nil {
		return nil, nil, err
	}
	if err := g.addStaffed(ctx, st, serves, ivs); err != nil {
		return nil, nil, err
	}
	return serving, names, nil
}

// queueServers are the agents of the queue's site with its skill, and
// their names.
func queueServers(ctx context.Context, st *store.Store, q *store.Queue) (map[int64]bool, map[int64]string, error) {
	agents, err := st.ListAgents(ctx, store.Scope{All: true})
	if err != nil {
		return nil, nil, err
	}
	teams, err := st.ListTeams(ctx, store.Scope{All: true})
	if err != nil {
		return nil, nil, err
	}
	siteOf := map[int64]int64{}
	for _, t := range teams {
		siteOf[t.ID] = t.SiteID
	}
	serves := map[int64]bool{}
	names := map[int64]string{}
	for _, a := range agents {
		if siteOf[a.TeamID] != q.SiteID {
			continue
		}
		for _, s := range a.Skills {
			if q.SkillID != nil && s.SkillID == *q.SkillID {
				serves[a.ID] = true
				names[a.ID] = a.Name
			}
		}
	}
	return serves, names, nil
}

// addScheduled reads the site's published shifts of the day and the day
// before (a night shift reaches into the day) and adds to each interval
// the agents serving the queue on shift in it, breaks and activities
// taken out. It returns their shifts of the day.
func (g dayGrid) addScheduled(ctx context.Context, st *store.Store, siteID int64, day kpi.Date, serves map[int64]bool, ivs []QueueInterval) ([]store.AgentShift, error) {
	shifts, err := st.PublishedShifts(ctx, store.Scope{All: true}, store.ShiftFilter{SiteID: siteID, From: day.AddDays(-1), To: day})
	if err != nil {
		return nil, err
	}
	var serving []store.AgentShift
	for _, sh := range shifts {
		if !serves[sh.AgentID] {
			continue
		}
		if sh.Date == day {
			serving = append(serving, sh)
		}
		for i := range ivs {
			a, b := ivs[i].Start, ivs[i].Start.Add(g.step)
			on := overlap(sh.Start, sh.End, a, b)
			for _, br := range sh.Breaks {
				on -= overlap(br.Start, br.End, a, b)
			}
			for _, act := range sh.Activities {
				on -= overlap(act.Start, act.End, a, b)
			}
			ivs[i].Scheduled += on.Seconds() / g.step.Seconds()
		}
	}
	return serving, nil
}

// addStaffed reads the day's states up to now and sets, on each interval
// begun, the mean number of agents serving the queue in a productive
// state over its part gone by.
func (g dayGrid) addStaffed(ctx context.Context, st *store.Store, serves map[int64]bool, ivs []QueueInterval) error {
	now := g.now
	end := g.from.Add(time.Duration(len(ivs)) * g.step)
	if now.Before(end) {
		end = now
	}
	states, err := st.AgentStates(ctx, store.StateFilter{From: g.from, To: end, Scope: store.Scope{All: true}})
	if err != nil {
		return err
	}
	latest := map[int64]int{} // each agent's latest state: on today it goes on to now
	for i, s := range states {
		if j, ok := latest[s.AgentID]; !ok || s.StartAt.After(states[j].StartAt) {
			latest[s.AgentID] = i
		}
	}
	staffed := make([]float64, len(ivs))
	for i, s := range states {
		if !serves[s.AgentID] || !productive[s.State] {
			continue
		}
		stop := s.EndAt
		if latest[s.AgentID] == i && stop.Before(now) {
			stop = now // an open state from the feed goes on until the next
		}
		for k := range ivs {
			a, b := ivs[k].Start, ivs[k].Start.Add(g.step)
			if b.After(now) {
				b = now
			}
			if !a.Before(b) {
				continue
			}
			staffed[k] += overlap(s.StartAt, stop, a, b).Seconds()
		}
	}
	for k := range ivs {
		a := ivs[k].Start
		if !a.Before(now) {
			continue
		}
		span := math.Min(g.step.Seconds(), now.Sub(a).Seconds())
		v := staffed[k] / span
		ivs[k].Staffed = &v
	}
	return nil
}

// intervalOf is the day's interval: the requirements', else the
// history's, else 15 minutes.
func intervalOf(reqs []store.Requirement, history []store.HistoryInterval) time.Duration {
	for _, r := range reqs {
		if r.IntervalSeconds > 0 {
			return time.Duration(r.IntervalSeconds) * time.Second
		}
	}
	for _, h := range history {
		if h.IntervalSeconds > 0 {
			return time.Duration(h.IntervalSeconds) * time.Second
		}
	}
	return 15 * time.Minute
}

func overlap(s1, e1, s2, e2 time.Time) time.Duration {
	start, end := s1, e1
	if s2.After(start) {
		start = s2
	}
	if e2.Before(end) {
		end = e2
	}
	if !end.After(start) {
		return 0
	}
	return end.Sub(start)
}

func ratio(r kpi.Ratio) *float64 {
	if !r.OK {
		return nil
	}
	v := r.Value
	return &v
}
