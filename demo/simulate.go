package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"wfm/batch"
)

// A day of a site is simulated: a roster is built from the planned
// volume, contacts arrive from the actual (noisier) volume, and each
// queue is served first come, first served by its rostered agents, who
// take their breaks when the contact in hand is done. History, contact
// records and agent states all come out of that one simulation, so they
// agree with each other.

const interval = 15 * 60 // seconds

type brk struct {
	start, dur int // seconds after local midnight
	state      string
}

type span struct {
	start, end int
	state      string
}

// shift is one agent's working day, and her state while it is simulated.
type shift struct {
	agent      *Agent
	skill      string // of the queue the shift serves
	start, end int
	breaks     []brk
	slots      []int // when each contact slot is free
	next       int   // the first break not yet taken
	work       []span
}

// busyUntil is when the agent's last contact in hand ends.
func (s *shift) busyUntil() int { return slices.Max(s.slots) }

// earliest is the first time from t at which the slot can take a contact,
// taking due breaks first; ok is false once the shift is over. With
// commit, the breaks taken are recorded.
func (s *shift) earliest(slot, t int, commit bool) (x int, ok bool) {
	x = max(t, s.slots[slot], s.start)
	busy := s.busyUntil()
	j := s.next
	for ; j < len(s.breaks) && s.breaks[j].start <= x; j++ {
		b := s.breaks[j]
		bs := max(b.start, busy)
		if bs >= s.end {
			continue // too late for this break: it is lost
		}
		if commit {
			s.work = append(s.work, span{bs, bs + b.dur, b.state})
		}
		busy = bs + b.dur
		x = max(x, busy)
	}
	if commit {
		s.next = j
		for k := range s.slots { // no slot takes a contact during a break
			s.slots[k] = max(s.slots[k], busy)
		}
	}
	return x, x < s.end
}

// finish takes the breaks still due and returns when the agent logs out.
func (s *shift) finish() int {
	busy := s.busyUntil()
	for _, b := range s.breaks[s.next:] {
		bs := max(b.start, busy)
		if bs+b.dur > s.end {
			continue
		}
		s.work = append(s.work, span{bs, bs + b.dur, b.state})
		busy = bs + b.dur
	}
	s.next = len(s.breaks)
	return max(s.end, busy)
}

// dayPlan is what the roster of a queue is built from.
type dayPlan struct {
	hours   Hours
	planned []float64 // expected contacts per interval, as planned
	aht     []float64 // expected handle time per interval
}

func planDay(q Queue, day time.Time) dayPlan {
	h := hours(q, day)
	n := (h.Close - h.Open) / 15
	p := dayPlan{hours: h, planned: make([]float64, n), aht: make([]float64, n)}
	shape := make([]float64, n)
	total := 0.0
	for i := range shape {
		hour := float64(h.Open+15*i+7) / 60
		shape[i] = intradayShape(q, day, hour)
		total += shape[i]
		p.aht[i] = (q.TalkSeconds + q.HoldShare*q.HoldSeconds + q.ACWSeconds) * ahtFactor(hour)
	}
	vol := plannedVolume(q, day)
	for i := range shape {
		p.planned[i] = vol * shape[i] / total
	}
	return p
}

// required is the agents a planner would want on the queue per interval:
// square-root staffing (beta 1 gives about 80/20; a stricter goal needs
// more), then room for breaks.
func (p dayPlan) required(q Queue) []int {
	beta := 1.0
	if q.SLTarget >= 0.9 {
		beta = 1.8
	}
	out := make([]int, len(p.planned))
	for i, v := range p.planned {
		a := v * p.aht[i] / interval
		n := (a + beta*math.Sqrt(a)) / float64(q.Concurrency)
		out[i] = max(2, int(math.Ceil(n/0.88)))
	}
	return out
}

// roster places shifts for a queue: each agent of the pool in turn gets
// the shift start that covers the most of what is still missing, until
// nothing is missing or the pool is empty. Strained agents go first, with
// long shifts and fewer breaks.
func roster(rng *rand.Rand, q Queue, p dayPlan, pool []*Agent, staffFactor float64) []*shift {
	want := p.required(q)
	missing := make([]int, len(want))
	for i, w := range want {
		missing[i] = max(1, int(math.Round(float64(w)*staffFactor)))
	}
	var out []*shift
	for _, a := range pool {
		length := 9 * 60
		switch {
		case a.Strained:
			length = 10 * 60
		case a.PartTime:
			length = 5 * 60
		}
		length = min(length, p.hours.Close-p.hours.Open)
		span := length / 15
		bestGain, bestFirst := 0, 0
		for first := 0; first+span <= len(missing); first++ {
			gain := 0
			for j := first; j < first+span; j++ {
				gain += max(0, missing[j])
			}
			if gain > bestGain {
				bestGain, bestFirst = gain, first
			}
		}
		if bestGain == 0 {
			break
		}
		for j := bestFirst; j < bestFirst+span; j++ {
			missing[j]--
		}
		start := p.hours.Open + 15*bestFirst
		stagger := 15 * (rng.IntN(4) - 1)
		var breaks []brk
		switch {
		case a.Strained: // one short break and a rushed lunch
			breaks = []brk{{start + 150 + stagger, 15, "break"}, {start + 300 + stagger, 30, "lunch"}}
		case a.PartTime:
			breaks = []brk{{start + 150 + stagger, 15, "break"}}
		default:
			breaks = []brk{{start + 120 + stagger, 15, "break"}, {start + 240 + stagger, 60, "lunch"}, {start + 390 + stagger, 15, "break"}}
		}
		sh := &shift{agent: a, start: start * 60, end: (start + length) * 60, slots: make([]int, q.Concurrency)}
		for _, b := range breaks {
			if b.start+b.dur < start+length-15 {
				sh.breaks = append(sh.breaks, brk{b.start * 60, b.dur * 60, b.state})
			}
		}
		out = append(out, sh)
	}
	return out
}

// contact is one simulated contact, in seconds after local midnight.
type contact struct {
	arrived, answered, ended int // answered -1: abandoned
	talk, hold, acw          int
	agent                    *shift
	transferred              bool
	resolved                 bool
	csat                     int
	emotion                  string
	complaint                bool
}

// serve runs the queue: contacts in arrival order each go to the slot
// that can take them first (ties: a strained agent, then the one idle
// longest); a contact whose wait would exceed its patience hangs up.
func serve(rng *rand.Rand, q Queue, day time.Time, arrivals []int, shifts []*shift) []contact {
	out := make([]contact, len(arrivals))
	for n, t := range arrivals {
		hour := float64(t) / 3600
		patience := int(math.Round(exponential(rng, float64(*q.PatienceSeconds))))
		talk := logNormal(rng, q.TalkSeconds*ahtFactor(hour), 0.55)
		hold := 0.0
		if rng.Float64() < q.HoldShare {
			hold = exponential(rng, q.HoldSeconds)
		}
		acw := 0.0
		if q.ACWSeconds > 0 {
			acw = logNormal(rng, q.ACWSeconds, 0.4)
		}
		c := contact{arrived: t, answered: -1}
		var best *shift
		bestSlot, bestX := 0, math.MaxInt
		for _, s := range shifts {
			for k := range s.slots {
				x, ok := s.earliest(k, t, false)
				if !ok {
					continue
				}
				better := x < bestX
				if x == bestX && best != nil {
					switch {
					case s.agent.Strained != best.agent.Strained:
						better = s.agent.Strained
					default:
						better = s.slots[k] < best.slots[bestSlot]
					}
				}
				if better {
					best, bestSlot, bestX = s, k, x
				}
			}
		}
		if best == nil || bestX-t > patience {
			c.ended = t + patience
			out[n] = c
			continue
		}
		best.earliest(bestSlot, t, true)
		speed := best.agent.Speed
		if best.agent.Strained {
			acw *= 0.5 // rushing on to the next caller
		}
		c.answered, c.agent = bestX, best
		c.talk = max(5, int(math.Round(talk*speed)))
		c.hold = int(math.Round(hold * speed))
		c.acw = int(math.Round(acw * speed))
		c.ended = c.answered + c.talk + c.hold + c.acw
		best.slots[bestSlot] = c.ended
		describe(rng, q, day, &c)
		out[n] = c
	}
	return out
}

// describe draws what the customer felt and said of an answered contact:
// long waits, campaigns and strained agents (who take the escalations)
// bring more anger.
func describe(rng *rand.Rand, q Queue, day time.Time, c *contact) {
	wait := c.answered - c.arrived
	anger, disappointment, anxiety, confusion := 0.04, 0.06, 0.08, 0.09
	if wait > 2*q.SLThresholdSeconds {
		anger += 0.06
		disappointment += 0.04
	}
	if c.agent.agent.Strained {
		anger += 0.18
		anxiety += 0.05
	}
	if isCampaign(day) {
		confusion += 0.06
	}
	u := rng.Float64()
	switch {
	case u < anger:
		c.emotion = "anger"
	case u < anger+disappointment:
		c.emotion = "disappointment"
	case u < anger+disappointment+anxiety:
		c.emotion = "anxiety"
	case u < anger+disappointment+anxiety+confusion:
		c.emotion = "confusion"
	default:
		c.emotion = "calm"
	}
	complaint := map[string]float64{"anger": 0.12, "disappointment": 0.05, "anxiety": 0.01, "confusion": 0.004, "calm": 0.002}
	c.complaint = rng.Float64() < complaint[c.emotion]
	transfer := 0.05
	if q.Skill == "tech" {
		transfer = 0.09
	}
	c.transferred = rng.Float64() < transfer
	resolve := 0.62 + 0.05*float64(proficiency(c.agent.agent, q.Skill))
	if c.emotion == "anger" {
		resolve -= 0.15
	}
	c.resolved = !c.transferred && rng.Float64() < resolve
	if rng.Float64() < 0.3 { // surveyed
		score := map[string]float64{"calm": 4.5, "confusion": 4, "anxiety": 3.7, "disappointment": 2.8, "anger": 2}[c.emotion]
		if !c.resolved {
			score -= 0.8
		}
		if wait > 60 {
			score -= 0.4
		}
		score += 0.7 * rng.NormFloat64()
		c.csat = int(math.Max(1, math.Min(5, math.Round(score))))
	}
}

func proficiency(a *Agent, skill string) int {
	for _, s := range a.Skills {
		if s.Skill == skill {
			return s.Proficiency
		}
	}
	return 1
}

// simulateSite simulates one day of a site and appends its history, and
// with records its contacts and agent states, to the center.
func (c *Center) simulateSite(site Site, qs []Queue, day time.Time, records bool) {
	loc, err := time.LoadLocation(site.Timezone)
	if err != nil {
		loc = time.UTC // the demo's zones are embedded (time/tzdata)
	}
	at := func(sec int) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), 0, 0, sec, 0, loc)
	}
	rng := rngFor(c.Seed, "roster/"+site.Name, day)
	working := map[string]bool{}
	for i := range c.Agents {
		a := &c.Agents[i]
		sick := rng.Float64() < 0.03
		if c.siteOf(a) == site.Name && !slices.Contains(a.DaysOff, day.Weekday()) && (!sick || a.Strained) {
			working[a.Code] = true
		}
	}
	staffFactor := 0.8 + 0.14*rng.Float64()
	if day.Weekday() == time.Monday {
		staffFactor -= 0.06 // Mondays are always short
	}
	var dayShifts []*shift
	for _, q := range qs {
		plan := planDay(q, day)
		var primary, backup []*Agent
		for i := range c.Agents {
			a := &c.Agents[i]
			if !working[a.Code] {
				continue
			}
			if a.Queue == q.Code {
				primary = append(primary, a)
			} else if proficiency(a, q.Skill) > 1 && a.Queue != QueueVIP {
				backup = append(backup, a)
			}
		}
		rng.Shuffle(len(primary), func(i, j int) { primary[i], primary[j] = primary[j], primary[i] })
		sort.SliceStable(primary, func(i, j int) bool { return primary[i].Strained && !primary[j].Strained })
		rng.Shuffle(len(backup), func(i, j int) { backup[i], backup[j] = backup[j], backup[i] })
		shifts := roster(rng, q, plan, append(primary, backup...), staffFactor)
		for _, s := range shifts {
			s.skill = q.Skill
			delete(working, s.agent.Code)
		}

		trng := rngFor(c.Seed, "traffic/"+q.Code, day)
		dayNoise := gamma(trng, 120) * campaignFactor(q, day)
		var arrivals []int
		for i, v := range plan.planned {
			n := poisson(trng, v*dayNoise*gamma(trng, 80))
			from := (plan.hours.Open + 15*i) * 60
			for range n {
				arrivals = append(arrivals, from+trng.IntN(interval))
			}
		}
		sort.Ints(arrivals)
		contacts := serve(trng, q, day, arrivals, shifts)
		c.addHistory(q, plan.hours, contacts, at)
		if records {
			c.addContacts(q, day, contacts, at)
		}
		dayShifts = append(dayShifts, shifts...)
	}
	if records {
		for _, s := range dayShifts {
			rs := RosteredShift{Site: site.Name, Agent: s.agent.Code, Skill: s.skill, Day: day, Start: s.start, End: s.end}
			for _, b := range s.breaks {
				rs.Breaks = append(rs.Breaks, RosteredBreak{Start: b.start, Duration: b.dur, Lunch: b.state == "lunch"})
			}
			c.Rostered = append(c.Rostered, rs)
		}
	}
	for _, s := range dayShifts {
		logout := s.finish()
		if records {
			c.addStates(s, logout, day, loc, at)
		}
	}
}

func (c *Center) siteOf(a *Agent) string {
	for _, t := range c.Teams {
		if t.Name == a.Team {
			return t.Site
		}
	}
	return ""
}

// addHistory appends the queue's intervals of the day: what arrived in
// each interval and what became of it.
func (c *Center) addHistory(q Queue, h Hours, contacts []contact, at func(int) time.Time) {
	n := (h.Close - h.Open) / 15
	type acc struct{ offered, answered, inSL, handle, wait int }
	accs := make([]acc, n)
	for _, k := range contacts {
		i := (k.arrived/60 - h.Open) / 15
		a := &accs[i]
		a.offered++
		if k.answered >= 0 {
			a.answered++
			wait := k.answered - k.arrived
			if wait <= q.SLThresholdSeconds {
				a.inSL++
			}
			a.wait += wait
			a.handle += k.talk + k.hold + k.acw
		}
	}
	for i, a := range accs {
		row := batch.HistoryRow{
			Line: len(c.History.Rows) + 2, Queue: q.Code, Start: at((h.Open + 15*i) * 60), Offered: a.offered,
			Answered: ptr(a.answered), Abandoned: ptr(a.offered - a.answered), AnsweredInSL: ptr(a.inSL),
		}
		if a.answered > 0 {
			row.AHTSeconds = ptr(math.Round(float64(a.handle)/float64(a.answered)*10) / 10)
			row.ASASeconds = ptr(math.Round(float64(a.wait)/float64(a.answered)*10) / 10)
		}
		c.History.Rows = append(c.History.Rows, row)
	}
}

func (c *Center) addContacts(q Queue, day time.Time, contacts []contact, at func(int) time.Time) {
	for n, k := range contacts {
		r := batch.Contact{
			Line: len(c.Contacts) + 2, ID: fmt.Sprintf("%s-%s-%05d", q.Code, day.Format("20060102"), n+1),
			Queue: q.Code, Channel: q.Channel, ArrivedAt: at(k.arrived), EndedAt: at(k.ended),
		}
		if k.answered >= 0 {
			r.AnsweredAt = at(k.answered)
			r.Agent = k.agent.agent.Code
			r.TalkSeconds, r.HoldSeconds, r.ACWSeconds = float64(k.talk), float64(k.hold), float64(k.acw)
			r.Transferred, r.Resolved = k.transferred, ptr(k.resolved)
			r.CSAT, r.Emotion, r.Complaint = k.csat, k.emotion, k.complaint
			k.agent.work = append(k.agent.work, span{k.answered, k.answered + k.talk + k.hold, "contact"})
			if k.acw > 0 {
				k.agent.work = append(k.agent.work, span{k.answered + k.talk + k.hold, k.ended, "acw"})
			}
		}
		c.Contacts = append(c.Contacts, r)
	}
}

// addStates turns an agent's day into state records: offline until she
// logs in, then contacts, after-contact work, breaks and available time
// in between, and offline again after she logs out. Overlapping chats
// count as one contact state; after-contact work under a chat is contact.
func (c *Center) addStates(s *shift, logout int, day time.Time, loc *time.Location, at func(int) time.Time) {
	work := slices.Clone(s.work)
	sort.SliceStable(work, func(i, j int) bool { return work[i].start < work[j].start })
	var spans []span
	add := func(sp span) {
		if sp.end <= sp.start {
			return
		}
		if n := len(spans); n > 0 && spans[n-1].state == sp.state && spans[n-1].end >= sp.start {
			spans[n-1].end = max(spans[n-1].end, sp.end)
			return
		}
		spans = append(spans, sp)
	}
	cursor := s.start
	for _, w := range work {
		if w.start > cursor {
			add(span{cursor, w.start, "available"})
		}
		start := max(w.start, cursor)
		if w.end > start {
			add(span{start, w.end, w.state})
		}
		cursor = max(cursor, w.end)
	}
	if logout > cursor {
		add(span{cursor, logout, "available"})
	}
	midnight := at(0)
	nextMidnight := time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, loc)
	state := func(from, to time.Time, st string) {
		if to.After(from) {
			c.States = append(c.States, batch.AgentState{Line: len(c.States) + 2, Agent: s.agent.Code, State: st, Start: from, End: to})
		}
	}
	state(midnight, at(s.start), "offline")
	for _, sp := range spans {
		state(at(sp.start), at(sp.end), sp.state)
	}
	state(at(logout), nextMidnight, "offline")
}
