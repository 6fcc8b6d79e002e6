package schedule

import (
	"fmt"
	"time"

	"wfm/civil"
)

// model is a validated problem compiled into indexes and real-time grids,
// shared by the checker and the solver.
//
// Time: every instant is counted in real minutes from local midnight of
// day 0. The interval grid is real time: interval k is
// [k*interval, (k+1)*interval) minutes after that midnight, and it is priced
// against the demand of the local day and wall-clock slot its start falls
// in. On a 23-hour day the slots of the skipped hour get no interval (no
// cost); on a 25-hour day the repeated slots get two intervals, each priced
// with the same requirement.
type model struct {
	p        Problem
	loc      *time.Location
	origin   time.Time  // local midnight of day 0
	date0    civil.Date // start_date, for calendar arithmetic
	days     int
	interval int

	shiftIndex map[string]int
	agentIndex map[string]int

	nIntervals   int
	intervalDay  []int // local day of each real interval
	intervalSlot []int // wall-clock slot within that day

	// skills[0] is "" (demand any working agent covers).
	skills     []string
	skillIndex map[string]int
	// per skill and real interval: the demand priced there, if any.
	hasDemand [][]bool
	required  [][]float64
	under     [][]float64
	over      [][]float64

	// shift demand per day and template.
	shiftDemand [][]shiftDemandCost
	// workShare[d] is the share of the horizon's demanded work (paid
	// minutes of shift demand, agent-minutes of interval demand) that
	// falls on days [0, d): the pace at which a construction built window
	// by window spends the agents' horizon totals (see search.limits).
	workShare []float64

	paid        []int    // paid minutes per template
	follows     [][]bool // follows[a][b]: template b may not follow a the next day
	weekendDay  []int    // Saturday's day index of the weekend containing day d (may be -1), or weekendNone
	startMinute []int    // template start, minutes after midnight
	latestStart []int
}

const weekendNone = -1 << 30

type shiftDemandCost struct {
	has                   bool
	required, under, over float64
}

func (c shiftDemandCost) cost(n int) float64 {
	if !c.has {
		return 0
	}
	d := float64(n) - c.required
	if d < 0 {
		return -d * c.under
	}
	return d * c.over
}

// compile validates p and builds its model.
func compile(p Problem) (*model, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	loc, _ := p.Location()
	m := &model{p: p, loc: loc, days: p.Days, interval: p.IntervalMinutes,
		shiftIndex: map[string]int{}, agentIndex: map[string]int{}, skillIndex: map[string]int{"": 0},
		skills: []string{""}}
	m.date0 = p.StartDate
	m.origin = p.StartDate.Start(loc)
	m.compileShifts()
	for i, a := range p.Agents {
		m.agentIndex[a.ID] = i
		for _, s := range a.Skills {
			m.addSkill(s)
		}
	}
	for _, d := range p.Demand.Intervals {
		m.addSkill(d.Skill)
	}
	m.compileIntervals()
	m.compileDemand()
	m.compileWorkShare()
	m.weekendDay = make([]int, p.Days)
	for d := range p.Days {
		switch m.date0.AddDays(d).Weekday() {
		case time.Saturday:
			m.weekendDay[d] = d
		case time.Sunday:
			m.weekendDay[d] = d - 1
		default:
			m.weekendDay[d] = weekendNone
		}
	}
	return m, nil
}

// compileShifts indexes the shift types: paid minutes, the first and last
// start, and which may not follow which.
func (m *model) compileShifts() {
	p := m.p
	for i, s := range p.Shifts {
		m.shiftIndex[s.ID] = i
		m.paid = append(m.paid, s.PaidMinutes())
		st, _ := ParseClock(s.Start)
		ls := st
		if s.LatestStart != "" {
			ls, _ = ParseClock(s.LatestStart)
		}
		m.startMinute = append(m.startMinute, st)
		m.latestStart = append(m.latestStart, ls)
	}
	m.follows = make([][]bool, len(p.Shifts))
	for i, s := range p.Shifts {
		m.follows[i] = make([]bool, len(p.Shifts))
		for _, id := range s.CannotBeFollowedBy {
			m.follows[i][m.shiftIndex[id]] = true
		}
	}
}

// compileIntervals lays the real intervals of the horizon (a day of a
// clock change has more or fewer) and the day and wall-clock slot of
// each.
func (m *model) compileIntervals() {
	end := m.dayStart(m.p.Days)
	m.nIntervals = int(end.Sub(m.origin)/time.Minute) / m.interval
	m.intervalDay = make([]int, m.nIntervals)
	m.intervalSlot = make([]int, m.nIntervals)
	for k := range m.nIntervals {
		t := m.origin.Add(time.Duration(k*m.interval) * time.Minute).In(m.loc)
		m.intervalDay[k] = m.dayOf(t)
		m.intervalSlot[k] = (t.Hour()*60 + t.Minute()) / m.interval
	}
}

// compileDemand spreads the demand over the real intervals, per skill,
// and the shift demand per day and template.
func (m *model) compileDemand() {
	p := m.p
	ns := len(m.skills)
	m.hasDemand = make([][]bool, ns)
	m.required = make([][]float64, ns)
	m.under = make([][]float64, ns)
	m.over = make([][]float64, ns)
	for s := range ns {
		m.hasDemand[s] = make([]bool, m.nIntervals)
		m.required[s] = make([]float64, m.nIntervals)
		m.under[s] = make([]float64, m.nIntervals)
		m.over[s] = make([]float64, m.nIntervals)
	}
	byDay := map[[2]int]IntervalDemand{}
	for _, d := range p.Demand.Intervals {
		byDay[[2]int{m.skillIndex[d.Skill], d.Day}] = d
	}
	for k := range m.nIntervals {
		for s := range ns {
			d, ok := byDay[[2]int{s, m.intervalDay[k]}]
			if !ok {
				continue
			}
			m.hasDemand[s][k] = true
			m.required[s][k] = d.Required[m.intervalSlot[k]]
			m.under[s][k] = d.UnderWeight
			m.over[s][k] = d.OverWeight
		}
	}
	m.shiftDemand = make([][]shiftDemandCost, p.Days)
	for d := range m.shiftDemand {
		m.shiftDemand[d] = make([]shiftDemandCost, len(p.Shifts))
	}
	for _, d := range p.Demand.Shifts {
		m.shiftDemand[d.Day][m.shiftIndex[d.Shift]] = shiftDemandCost{true, d.Required, d.UnderWeight, d.OverWeight}
	}
}

// compileWorkShare sets workShare from the demand. Without demand the
// work is spread evenly over the days.
func (m *model) compileWorkShare() {
	perDay := make([]float64, m.days)
	for s := range m.skills {
		for k, has := range m.hasDemand[s] {
			if has {
				perDay[m.intervalDay[k]] += m.required[s][k] * float64(m.interval)
			}
		}
	}
	for d, row := range m.shiftDemand {
		for t, c := range row {
			if c.has {
				perDay[d] += c.required * float64(m.paid[t])
			}
		}
	}
	total := 0.0
	for _, w := range perDay {
		total += w
	}
	m.workShare = make([]float64, m.days+1)
	for d := range m.days {
		share := float64(d+1) / float64(m.days)
		if total > 0 {
			share = m.workShare[d] + perDay[d]/total
		}
		m.workShare[d+1] = share
	}
	m.workShare[m.days] = 1
}

func (m *model) addSkill(s string) {
	if _, ok := m.skillIndex[s]; !ok {
		m.skillIndex[s] = len(m.skills)
		m.skills = append(m.skills, s)
	}
}

// dayStart is local midnight of day d.
func (m *model) dayStart(d int) time.Time {
	return time.Date(m.date0.Year, m.date0.Month, m.date0.Day+d, 0, 0, 0, 0, m.loc)
}

// at is the instant of wall-clock minute min of day d, in real minutes from
// the origin.
func (m *model) at(d, min int) int {
	t := time.Date(m.date0.Year, m.date0.Month, m.date0.Day+d, 0, min, 0, 0, m.loc)
	return int(t.Sub(m.origin) / time.Minute)
}

// dayOf is the day index of a local instant.
func (m *model) dayOf(t time.Time) int {
	return civil.Of(t, t.Location()).DaysSince(m.date0)
}

// intervalCost prices staffedMinutes of agent time in real interval k for
// skill s.
func (m *model) intervalCost(s, k int, staffedMinutes int) float64 {
	if !m.hasDemand[s][k] {
		return 0
	}
	d := float64(staffedMinutes)/float64(m.interval) - m.required[s][k]
	if d < 0 {
		return -d * m.under[s][k]
	}
	return d * m.over[s][k]
}

// shiftAllowed reports whether agent a may work template t at all.
func (m *model) shiftAllowed(a, t int) bool {
	ag := m.p.Agents[a]
	id := m.p.Shifts[t].ID
	if len(ag.Shifts) > 0 {
		ok := false
		for _, s := range ag.Shifts {
			if s == id {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	if n, ok := ag.MaxShifts[id]; ok && n == 0 {
		return false
	}
	return true
}

// skillAllowed reports whether agent a may cover skill s ("" always).
func (m *model) skillAllowed(a int, s string) bool {
	ag := m.p.Agents[a]
	if s == "" || len(ag.Skills) == 0 {
		return true
	}
	for _, k := range ag.Skills {
		if k == s {
			return true
		}
	}
	return false
}

// dateOf is the calendar date of day d, YYYY-MM-DD.
func (m *model) dateOf(d int) string { return m.date0.AddDays(d).String() }

func (m *model) dayLabel(d int) string {
	return fmt.Sprintf("day %d (%s)", d, m.date0.AddDays(d).Start(nil).Format("Mon 2006-01-02"))
}
