package rostering

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/schedule"
	"wfm/staffing"
	"wfm/store"
)

// Defaults and bounds of a roster simulation.
const (
	defaultSimulationRuns = 10
	maxSimulationRuns     = 100
	simulationSlotMinutes = rosterSlotMinutes // the grid the builder spread the requirements on
)

// RosterSimOptions tune a roster simulation.
type RosterSimOptions struct {
	Seed uint64 // 0 = 1
	Runs int    // replications of each day; 0 = 10
	// From and To (inclusive; zero = the version's first and last day)
	// limit the days simulated. A day's result does not depend on which
	// other days are simulated with it.
	From, To civil.Date
	// Shrinkage, when set, replaces every queue's own: the share of the
	// rostered (on shift, not on a break) agents who are not on the queue
	// (absence, meetings, coaching).
	Shrinkage *float64
}

// RosterSimulation is what a roster delivers on each queue of its site,
// day by day and interval by interval, simulated contact by contact.
type RosterSimulation struct {
	ScheduleID      int64             `json:"schedule_id"`
	SiteID          int64             `json:"site_id"`
	Status          string            `json:"status"`
	From            civil.Date        `json:"from"`
	To              civil.Date        `json:"to"`
	Seed            uint64            `json:"seed"`
	Runs            int               `json:"runs"`
	IntervalMinutes int               `json:"interval_minutes"`
	Queues          []QueueSimulation `json:"queues"`
	Notes           []string          `json:"notes"`
}

// QueueSimulation is one queue's simulated days against its goal.
type QueueSimulation struct {
	QueueID            int64          `json:"queue_id"`
	Code               string         `json:"code"`
	Name               string         `json:"name"`
	Skill              string         `json:"skill"` // "" = any agent of the roster
	SLTarget           float64        `json:"sl_target"`
	SLThresholdSeconds int            `json:"sl_threshold_seconds"`
	ASATargetSeconds   *int           `json:"asa_target_seconds"`
	PatienceSeconds    *int           `json:"patience_seconds"` // callers' mean patience; none = they wait
	Shrinkage          float64        `json:"shrinkage"`        // share of rostered agents not on the queue
	Concurrency        int            `json:"concurrency"`
	Days               []SimulatedDay `json:"days"`
	// DaysMissed counts the days whose simulated service misses the goal.
	DaysMissed int `json:"days_missed"`
}

// SimulatedDay is a day's outcome over all its intervals.
type SimulatedDay struct {
	Date civil.Date `json:"date"`
	SimulatedOutcome
	Intervals []SimulatedSlot `json:"intervals"`
}

// SimulatedSlot is one 15-minute interval: the forecast and requirement
// it was rostered against, the agents the roster has there, and what the
// simulation made of them.
type SimulatedSlot struct {
	Start      time.Time `json:"start"`
	Volume     float64   `json:"volume"`      // forecast contacts
	AHTSeconds float64   `json:"aht_seconds"` // forecast mean handle time
	Required   float64   `json:"required"`    // agents to schedule, as the requirement asks
	Rostered   float64   `json:"rostered"`    // agents the roster has on the queue's skill (breaks excluded)
	Agents     int       `json:"agents"`      // of those, on the queue after shrinkage: simulated
	SimulatedOutcome
}

// SimulatedOutcome is pooled over the runs: counts are means per run,
// ratios are totals over totals (nil without contacts).
type SimulatedOutcome struct {
	Offered      float64  `json:"offered"`
	Answered     float64  `json:"answered"`
	Abandoned    float64  `json:"abandoned"`
	ServiceLevel *float64 `json:"service_level"`
	ASASeconds   *float64 `json:"asa_seconds"`
	AbandonRate  *float64 `json:"abandon_rate"`
	// MeetsGoal: service level at or above target and ASA at or below its
	// target (when the queue has one); true without contacts.
	MeetsGoal bool `json:"meets_goal"`
}

// outcome pools a simulated total over runs against a queue's goal.
func outcome(total staffing.SimulatedInterval, runs int, q store.Queue) SimulatedOutcome {
	n := float64(runs)
	o := SimulatedOutcome{Offered: float64(total.Offered) / n, Answered: float64(total.Answered) / n,
		Abandoned: float64(total.Abandoned) / n, MeetsGoal: true}
	if v, ok := total.ServiceLevel(); ok {
		o.ServiceLevel = &v
		o.MeetsGoal = v >= q.SLTarget
	}
	if v, ok := total.ASASeconds(); ok {
		o.ASASeconds = &v
		if q.ASATargetSeconds != nil && v > float64(*q.ASATargetSeconds) {
			o.MeetsGoal = false
		}
	}
	if v, ok := total.AbandonRate(); ok {
		o.AbandonRate = &v
	}
	return o
}

// SimulateRoster simulates a schedule version (draft or published) on
// every live queue of its site: each day, contacts arrive at the forecast
// rate of the queue's requirements (Poisson), are handled in the forecast
// mean handle time (exponential) by the agents the roster puts on the
// queue's skill in that interval (breaks excluded, shrinkage taken off),
// and hang up after the queue's patience. When several queues share a
// skill, the skill's agents are split between them in proportion to what
// their requirements ask. The result is deterministic for a seed.
func SimulateRoster(ctx context.Context, st *store.Store, sc store.Scope, id int64, opt RosterSimOptions) (*RosterSimulation, error) {
	v, err := st.GetScheduleVersion(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := st.SiteInScope(ctx, sc, v.SiteID); err != nil {
		return nil, err
	}
	return simulateVersion(ctx, st, v, opt)
}

func simulateVersion(ctx context.Context, st *store.Store, v *store.ScheduleVersion, opt RosterSimOptions) (*RosterSimulation, error) {
	first, last, err := simulationWindow(v, &opt)
	if err != nil {
		return nil, err
	}
	site, err := st.GetSite(ctx, v.SiteID)
	if err != nil {
		return nil, err
	}
	s := &rosterSim{v: v, opt: opt, first: first, last: last, loc: site.Location(), day0: v.StartDate.Start(nil)}
	out := &RosterSimulation{ScheduleID: v.ID, SiteID: v.SiteID, Status: v.Status, Seed: opt.Seed, Runs: opt.Runs,
		From: v.StartDate.AddDays(first), To: v.StartDate.AddDays(last), IntervalMinutes: simulationSlotMinutes,
		Queues: []QueueSimulation{}, Notes: []string{}}
	if v.Problem.IntervalMinutes != simulationSlotMinutes {
		return nil, fault.Errorf(fault.Invalid, "schedule %d has %d-minute intervals; the simulation works on %d", v.ID, v.Problem.IntervalMinutes, simulationSlotMinutes)
	}
	if s.cover, err = rosterCover(v); err != nil {
		return nil, err
	}
	live, err := s.liveQueues(ctx, st, out)
	if err != nil {
		return nil, err
	}
	if len(live) == 0 {
		out.Notes = append(out.Notes, "the site has no live queue to simulate")
		return out, nil
	}
	if err := s.loadSlots(ctx, st, live); err != nil {
		return nil, err
	}
	s.splitSkills(live, out)
	for _, q := range live {
		qs, err := s.simulateQueue(q)
		if err != nil {
			return nil, err
		}
		out.Queues = append(out.Queues, qs)
	}
	sort.Strings(out.Notes)
	return out, nil
}

// rosterSim is what the steps of one roster simulation share: the version
// and the days simulated, its site's zone, what the roster covers and what
// the requirements ask.
type rosterSim struct {
	v           *store.ScheduleVersion
	opt         RosterSimOptions
	first, last int // the days simulated (indexes of the version)
	loc         *time.Location
	day0        time.Time              // the version's first day, as a time
	cover       map[string][][]float64 // skill -> day -> slot -> agents
	skillName   map[int64]string       // skill id -> name
	slots       map[slotKey]slotLoad   // the requirements, spread on 15-minute slots
	bySkill     map[string][]int64     // skill -> its live queues, to split its agents between them
}

// rosterCover is the agents the roster has on each skill, day by day and
// slot by slot.
func rosterCover(v *store.ScheduleVersion) (map[string][][]float64, error) {
	covers, err := schedule.Coverage(v.Problem, v.Solution)
	if err != nil {
		return nil, fmt.Errorf("coverage of schedule %d: %w", v.ID, problemError(err))
	}
	cover := map[string][][]float64{} // skill -> day -> slot
	for _, c := range covers {
		if cover[c.Skill] == nil {
			cover[c.Skill] = make([][]float64, v.Days)
		}
		cover[c.Skill][c.Day] = c.Agents
	}
	return cover, nil
}

// liveQueues loads the site's queues that can be simulated (every channel
// but email, noted on out) and the names of the skills.
func (s *rosterSim) liveQueues(ctx context.Context, st *store.Store, out *RosterSimulation) ([]store.Queue, error) {
	queues, err := st.ListQueues(ctx)
	if err != nil {
		return nil, err
	}
	skills, err := st.ListSkills(ctx)
	if err != nil {
		return nil, err
	}
	s.skillName = map[int64]string{}
	for _, k := range skills {
		s.skillName[k.ID] = k.Name
	}
	var live []store.Queue
	for _, q := range queues {
		if q.SiteID != s.v.SiteID {
			continue
		}
		if q.Channel == "email" {
			out.Notes = append(out.Notes, fmt.Sprintf("queue %s not simulated: email waits for its response deadline, not in a live queue", q.Code))
			continue
		}
		live = append(live, q)
	}
	return live, nil
}

// loadSlots reads the live queues' requirements over the simulated days
// (local midnights of the site) and spreads them on slots.
func (s *rosterSim) loadSlots(ctx context.Context, st *store.Store, live []store.Queue) error {
	var ids []int64
	for _, q := range live {
		ids = append(ids, q.ID)
	}
	d0 := s.day0
	from := time.Date(d0.Year(), d0.Month(), d0.Day()+s.first, 0, 0, 0, 0, s.loc)
	to := time.Date(d0.Year(), d0.Month(), d0.Day()+s.last+1, 0, 0, 0, 0, s.loc)
	reqs, err := st.Requirements(ctx, ids, from, to)
	if err != nil {
		return err
	}
	s.slots = slotLoads(reqs, s.day0, s.v.Days, s.loc)
	return nil
}

// splitSkills groups the live queues by skill, to split a skill's agents
// between them, and notes on out the skills nobody has, the shared ones
// and the queues without a skill.
func (s *rosterSim) splitSkills(live []store.Queue, out *RosterSimulation) {
	s.bySkill = map[string][]int64{}
	for _, q := range live {
		skill := queueSkillName(q, s.skillName)
		s.bySkill[skill] = append(s.bySkill[skill], q.ID)
	}
	for skill, qs := range s.bySkill {
		if s.cover[skill] == nil {
			out.Notes = append(out.Notes, fmt.Sprintf("skill %q: no agent of the roster has it; its queues are simulated with nobody", skill))
		}
		if len(qs) > 1 {
			out.Notes = append(out.Notes, fmt.Sprintf("skill %q: its agents are split between %d queues by their requirements", skill, len(qs)))
		}
		if skill == "" {
			out.Notes = append(out.Notes, "a queue without a skill is simulated with every working agent of the roster")
		}
	}
}

// simulatedQueue is one queue as its simulation sees it.
type simulatedQueue struct {
	store.Queue
	skill       string
	shrinkage   float64 // the queue's own, or the options'
	concurrency int     // contacts an agent handles at once, at least 1
	patience    float64 // seconds; 0 = callers wait
}

// simulateQueue simulates every day of the window on one queue.
func (s *rosterSim) simulateQueue(q store.Queue) (QueueSimulation, error) {
	sq := simulatedQueue{Queue: q, skill: queueSkillName(q, s.skillName), shrinkage: q.Shrinkage, concurrency: max(1, q.Concurrency)}
	if s.opt.Shrinkage != nil {
		sq.shrinkage = *s.opt.Shrinkage
	}
	if q.PatienceSeconds != nil {
		sq.patience = float64(*q.PatienceSeconds)
	}
	qs := QueueSimulation{QueueID: q.ID, Code: q.Code, Name: q.Name, Skill: sq.skill, SLTarget: q.SLTarget,
		SLThresholdSeconds: q.SLThresholdSeconds, ASATargetSeconds: q.ASATargetSeconds, PatienceSeconds: q.PatienceSeconds,
		Shrinkage: sq.shrinkage, Concurrency: sq.concurrency, Days: []SimulatedDay{}}
	for d := s.first; d <= s.last; d++ {
		day, err := s.simulateDay(sq, d)
		if err != nil {
			return QueueSimulation{}, err
		}
		if !day.MeetsGoal {
			qs.DaysMissed++
		}
		qs.Days = append(qs.Days, day)
	}
	return qs, nil
}

// simulateDay runs a queue's day opt.Runs times and pools the outcome, day
// and intervals; the closed intervals are left out.
func (s *rosterSim) simulateDay(q simulatedQueue, d int) (SimulatedDay, error) {
	sim, day := s.dayIntervals(q, d)
	res, err := staffing.SimulateRuns(sim, s.opt.Runs, daySeed(s.opt.Seed, q.ID, day.Date.String()))
	if err != nil {
		return SimulatedDay{}, fmt.Errorf("simulate queue %s on %s: %w", q.Code, day.Date, err)
	}
	var total staffing.SimulatedInterval
	kept := day.Intervals[:0]
	for k, r := range res {
		total = total.Plus(r)
		slot := day.Intervals[k]
		if slot.Volume == 0 && slot.Rostered == 0 && slot.Required == 0 && r.Offered == 0 {
			continue // closed: nothing to show
		}
		slot.SimulatedOutcome = outcome(r, s.opt.Runs, q.Queue)
		kept = append(kept, slot)
	}
	day.Intervals = kept
	day.SimulatedOutcome = outcome(total, s.opt.Runs, q.Queue)
	return day, nil
}

// dayIntervals is a queue's day as the simulation takes it (each slot's
// load and the agents on the queue after its share of the skill and
// shrinkage) and as the result shows it (one SimulatedSlot per slot).
func (s *rosterSim) dayIntervals(q simulatedQueue, d int) (staffing.Simulation, SimulatedDay) {
	const perDay = 1440 / simulationSlotMinutes
	sim := staffing.Simulation{IntervalSeconds: simulationSlotMinutes * 60, ThresholdSeconds: float64(q.SLThresholdSeconds),
		PatienceSeconds: q.patience, Intervals: make([]staffing.SimulationInterval, perDay)}
	day := SimulatedDay{Date: s.v.StartDate.AddDays(d)}
	d0 := s.day0
	for k := range perDay {
		load := s.slots[slotKey{q.ID, d, k}]
		rostered := 0.0
		if c := s.cover[q.skill]; c != nil && c[d] != nil {
			rostered = c[d][k] * shareOf(q.ID, s.bySkill[q.skill], s.slots, d, k)
		}
		agents := int(math.Round(rostered * (1 - q.shrinkage)))
		sim.Intervals[k] = staffing.SimulationInterval{Volume: load.volume, AHTSeconds: load.aht, Agents: agents * q.concurrency}
		day.Intervals = append(day.Intervals, SimulatedSlot{
			Start:  time.Date(d0.Year(), d0.Month(), d0.Day()+d, 0, k*simulationSlotMinutes, 0, 0, s.loc).UTC(),
			Volume: load.volume, AHTSeconds: load.aht, Required: load.required, Rostered: math.Round(rostered*100) / 100, Agents: agents})
	}
	return sim, day
}

// simulationWindow checks the options and fills their defaults; it returns
// the first and last day (indexes of the version) to simulate.
func simulationWindow(v *store.ScheduleVersion, opt *RosterSimOptions) (first, last int, err error) {
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Runs == 0 {
		opt.Runs = defaultSimulationRuns
	}
	f := fault.FieldErrors{}
	if opt.Runs < 1 || opt.Runs > maxSimulationRuns {
		f.Add("runs", "%d, want 1 to %d", opt.Runs, maxSimulationRuns)
	}
	if opt.Shrinkage != nil && (*opt.Shrinkage < 0 || *opt.Shrinkage >= 1 || math.IsNaN(*opt.Shrinkage)) {
		f.Add("shrinkage", "%v must be in [0, 1)", *opt.Shrinkage)
	}
	first, last = 0, v.Days-1
	for _, b := range []struct {
		field string
		date  civil.Date
		into  *int
	}{{"from", opt.From, &first}, {"to", opt.To, &last}} {
		if b.date.IsZero() {
			continue
		}
		d := b.date.DaysSince(v.StartDate)
		*b.into = min(max(d, 0), v.Days-1)
		if d < 0 || d >= v.Days {
			f.Add(b.field, "%s is outside the roster's %s to %s", b.date, v.StartDate, v.StartDate.AddDays(v.Days-1).String())
		}
	}
	if len(f) == 0 && first > last {
		f.Add("to", "%s is before from %s", opt.To, opt.From)
	}
	return first, last, f.Err("simulation")
}

func queueSkillName(q store.Queue, skillName map[int64]string) string {
	if q.SkillID == nil {
		return ""
	}
	return skillName[*q.SkillID]
}

// slotKey is a queue's local day (index of the version) and 15-minute slot.
type slotKey struct {
	queue     int64
	day, slot int
}

type slotLoad struct {
	volume, aht, required float64
}

// slotLoads spreads the requirements over 15-minute local slots: a longer
// requirement interval gives each of its slots an equal share of its
// volume and its handle time and requirement unchanged.
func slotLoads(reqs []store.Requirement, day0 time.Time, days int, loc *time.Location) map[slotKey]slotLoad {
	out := map[slotKey]slotLoad{}
	for _, r := range reqs {
		day, first, end, span, ok := requirementSlots(r, day0, days, loc)
		if !ok {
			continue
		}
		for k := first; k < end; k++ {
			key := slotKey{r.QueueID, day, k}
			if _, seen := out[key]; seen {
				continue // the repeated hour of a DST day: its first reading
			}
			out[key] = slotLoad{volume: r.Volume / float64(span), aht: r.AHTSeconds, required: r.Scheduled}
		}
	}
	return out
}

// shareOf is the part of a skill's agents that queue gets in a slot: its
// requirement over the requirements of all queues of the skill (equal
// parts when none asks for anyone).
func shareOf(queue int64, queues []int64, slots map[slotKey]slotLoad, day, slot int) float64 {
	if len(queues) == 1 {
		return 1
	}
	var all float64
	for _, q := range queues {
		all += slots[slotKey{q, day, slot}].required
	}
	if all == 0 {
		return 1 / float64(len(queues))
	}
	return slots[slotKey{queue, day, slot}].required / all
}

// daySeed is the random stream of one queue on one date: the same
// whichever days are simulated with it.
func daySeed(seed uint64, queue int64, date string) uint64 {
	h := seed*0x9E3779B97F4A7C15 ^ uint64(queue)*0xBF58476D1CE4E5B9
	for _, c := range []byte(date) {
		h = (h ^ uint64(c)) * 0x100000001B3
	}
	return h
}
