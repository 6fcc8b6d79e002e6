package kpi

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// StrainDrivers are one agent-day's raw strain drivers (DOMAIN.md "Stress
// and workload"). Absent ratios count as no strain: no data is no evidence.
type StrainDrivers struct {
	Occupancy         Ratio         // the day's occupancy
	LongestHighStreak time.Duration // longest run of intervals at or above the high mark (OccupancyStreak)
	BackToBack        int           // most contacts in a row without a pause (BackToBack)
	DifficultShare    Ratio         // share of handled contacts with an angry or complaining customer
	Overtime          time.Duration // ready time outside the schedule (Overtime)
	RestShortfall     time.Duration // how far the rest before the shift fell short of the rule
	BreaksMissed      int           // scheduled breaks not taken, or taken far from their time (BreaksMissed)
	ShortNotice       int           // schedule changes made at short notice
	// AdherenceSlip is the agent's own baseline adherence minus today's
	// (0.05 = five points worse than usual); <= 0 is no slip.
	AdherenceSlip float64
}

// StrainDriver names one driver of the strain index.
type StrainDriver string

// The strain drivers.
const (
	DriverOccupancy     StrainDriver = "occupancy"
	DriverHighStreak    StrainDriver = "high_occupancy_streak"
	DriverBackToBack    StrainDriver = "back_to_back"
	DriverDifficult     StrainDriver = "difficult_customers"
	DriverOvertime      StrainDriver = "overtime"
	DriverRest          StrainDriver = "short_rest"
	DriverBreaksMissed  StrainDriver = "breaks_missed"
	DriverShortNotice   StrainDriver = "short_notice_changes"
	DriverAdherenceSlip StrainDriver = "adherence_slip"
)

// ThreeR is the response DOMAIN.md's stress management suggests.
type ThreeR string

// The 3R actions.
const (
	Relaxation    ThreeR = "relaxation"    // 放松: a recovery break after hard contacts
	Reduction     ThreeR = "reduction"     // 缩减: lighten the load
	Reorientation ThreeR = "reorientation" // 重整: coaching or a change of task
)

// strainWeights is the composite strain index, documented here because
// supervisors will ask why someone is flagged.
//
// Each driver is normalised to 0..1 by a straight line from "no strain" to
// "full strain" and capped:
//
//	driver                 weight  0 at            1 at        3R group
//	occupancy                15    75 %            95 %        reduction
//	high_occupancy_streak    15    0               2 h         relaxation
//	back_to_back             10    2 contacts      10 contacts relaxation
//	difficult_customers      15    0 %             30 %        relaxation
//	overtime                 10    0               2 h         reduction
//	short_rest               10    0 short         3 h short   reduction
//	breaks_missed            10    0               2 breaks    relaxation
//	short_notice_changes      5    0               2 changes   reduction
//	adherence_slip           10    0 points        10 points   reorientation
//
// index = sum(weight x normalised driver): 0 to 100, the weights add up to
// 100. The reasons are the drivers with the largest contributions (at most
// three). The suggested 3R action is the group whose drivers contribute
// most: relaxation when the day was hard in the moment (streaks, back to
// back, difficult customers, breaks missed), reduction when there was
// simply too much (occupancy, overtime, short rest, short-notice changes),
// reorientation when the agent's own adherence slipped against her
// baseline (a sign to talk, coach or change her task).
var strainWeights = []struct {
	driver     StrainDriver
	weight     float64
	zero, full float64
	group      ThreeR
}{
	{DriverOccupancy, 15, 0.75, 0.95, Reduction},
	{DriverHighStreak, 15, 0, 2 * 3600, Relaxation},
	{DriverBackToBack, 10, 2, 10, Relaxation},
	{DriverDifficult, 15, 0, 0.30, Relaxation},
	{DriverOvertime, 10, 0, 2 * 3600, Reduction},
	{DriverRest, 10, 0, 3 * 3600, Reduction},
	{DriverBreaksMissed, 10, 0, 2, Relaxation},
	{DriverShortNotice, 5, 0, 2, Reduction},
	{DriverAdherenceSlip, 10, 0, 0.10, Reorientation},
}

// DefaultStrainAlert is the index at which the supervisor is alerted.
const DefaultStrainAlert = 60

// StrainFactor is one driver's part in the index.
type StrainFactor struct {
	Driver       StrainDriver
	Raw          float64 // the driver in its own unit (ratio, seconds, count)
	Normalised   float64 // 0..1
	Weight       float64
	Contribution float64 // weight x normalised: points of the index
	Group        ThreeR
}

// Strain is an agent-day's strain index with its explanation.
type Strain struct {
	Index   float64        // 0..100
	Factors []StrainFactor // every driver, in the order of the table above
	Reasons []StrainFactor // the top contributors (> 0), largest first, at most 3
	Alert   bool           // Index >= the alert threshold
	Action  ThreeR         // "" when there is no strain at all
}

// StrainIndex computes the index; alert is the threshold (DefaultStrainAlert).
func StrainIndex(d StrainDrivers, alert float64) (Strain, error) {
	if math.IsNaN(alert) || alert < 0 || alert > 100 {
		return Strain{}, fmt.Errorf("alert: must be 0 to 100, got %v", alert)
	}
	raw := map[StrainDriver]float64{
		DriverHighStreak:    d.LongestHighStreak.Seconds(),
		DriverBackToBack:    float64(d.BackToBack),
		DriverOvertime:      d.Overtime.Seconds(),
		DriverRest:          d.RestShortfall.Seconds(),
		DriverBreaksMissed:  float64(d.BreaksMissed),
		DriverShortNotice:   float64(d.ShortNotice),
		DriverAdherenceSlip: d.AdherenceSlip,
	}
	if d.Occupancy.OK {
		raw[DriverOccupancy] = d.Occupancy.Value
	}
	if d.DifficultShare.OK {
		raw[DriverDifficult] = d.DifficultShare.Value
	}
	var s Strain
	group := map[ThreeR]float64{}
	for _, w := range strainWeights {
		v := raw[w.driver]
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Strain{}, fmt.Errorf("%s: not a number", w.driver)
		}
		n := math.Max(0, math.Min(1, (v-w.zero)/(w.full-w.zero)))
		f := StrainFactor{Driver: w.driver, Raw: v, Normalised: n, Weight: w.weight, Contribution: w.weight * n, Group: w.group}
		s.Factors = append(s.Factors, f)
		s.Index += f.Contribution
		group[w.group] += f.Contribution
	}
	for _, f := range s.Factors {
		if f.Contribution > 0 {
			s.Reasons = append(s.Reasons, f)
		}
	}
	sort.SliceStable(s.Reasons, func(i, j int) bool { return s.Reasons[i].Contribution > s.Reasons[j].Contribution })
	if len(s.Reasons) > 3 {
		s.Reasons = s.Reasons[:3]
	}
	best := 0.0
	for _, g := range []ThreeR{Relaxation, Reduction, Reorientation} {
		if group[g] > best {
			best, s.Action = group[g], g
		}
	}
	s.Alert = s.Index >= alert
	return s, nil
}

// OccupancyStreak is the longest run of consecutive intervals of the local
// grid whose occupancy (contact + acw over ready time, from one agent's
// states) is at or above high. An interval without ready time ends a run.
func OccupancyStreak(states []AgentState, interval time.Duration, high float64, loc *time.Location) (time.Duration, error) {
	if err := validateInterval(interval); err != nil {
		return 0, err
	}
	if es := validateStates(states, false); len(es) > 0 {
		return 0, es
	}
	type acc struct{ busy, ready time.Duration }
	per := map[int64]*acc{}
	for _, s := range states {
		if !s.State.Ready() {
			continue
		}
		for from := s.Start; from.Before(s.End); {
			start := IntervalStart(from, interval, loc)
			to := IntervalStart(start.Add(interval), interval, loc)
			if to.After(s.End) {
				to = s.End
			}
			a := per[start.UnixNano()]
			if a == nil {
				a = &acc{}
				per[start.UnixNano()] = a
			}
			a.ready += to.Sub(from)
			if s.State != StateAvailable {
				a.busy += to.Sub(from)
			}
			from = to
		}
	}
	starts := make([]int64, 0, len(per))
	for k := range per {
		starts = append(starts, k)
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i] < starts[j] })
	var longest, run time.Duration
	var runEnd time.Time
	for _, k := range starts {
		a := per[k]
		start := time.Unix(0, k).In(loc)
		end := IntervalStart(start.Add(interval), interval, loc)
		if a.busy.Seconds() < high*a.ready.Seconds() {
			run = 0
			continue
		}
		if run > 0 && runEnd.Equal(start) {
			run += end.Sub(start)
		} else {
			run = end.Sub(start)
		}
		runEnd = end
		longest = max(longest, run)
	}
	return longest, nil
}

// BackToBack is the most contacts one agent handled in a row without a
// pause: a contact state counts one; after-contact work keeps the run
// going, and so does an available stretch shorter than pause; anything
// else (a longer wait, a break, a gap in the states) ends it.
func BackToBack(states []AgentState, pause time.Duration) (int, error) {
	if es := validateStates(states, false); len(es) > 0 {
		return 0, es
	}
	ss := append([]AgentState(nil), states...)
	sort.Slice(ss, func(i, j int) bool { return ss[i].Start.Before(ss[j].Start) })
	best, run := 0, 0
	var last time.Time
	for _, s := range ss {
		if run > 0 && !s.Start.Equal(last) {
			run = 0 // a gap in the record
		}
		switch {
		case s.State == StateContact:
			run++
		case s.State == StateACW:
		case s.State == StateAvailable && s.End.Sub(s.Start) < pause:
		default:
			run = 0
		}
		last = s.End
		best = max(best, run)
	}
	return best, nil
}

// Overtime is one agent's ready time (available, contact, acw) when the
// schedule has nothing for her.
func Overtime(states []AgentState, activities []Activity) (time.Duration, error) {
	es := validateStates(states, false)
	es = append(es, validateActivities(activities)...)
	if len(es) > 0 {
		return 0, es
	}
	var total time.Duration
	for _, tl := range timelines(states, activities) {
		for _, seg := range tl {
			if seg.kind == "" && seg.state.Ready() {
				total += seg.end.Sub(seg.start)
			}
		}
	}
	return total, nil
}

// BreaksMissed counts one agent's scheduled breaks and lunches for which
// no matching state (break for a break, lunch for a lunch) began within
// tolerance of the scheduled start: breaks skipped or moved.
func BreaksMissed(states []AgentState, activities []Activity, tolerance time.Duration) (int, error) {
	es := validateStates(states, false)
	es = append(es, validateActivities(activities)...)
	if len(es) > 0 {
		return 0, es
	}
	missed := 0
	for _, a := range activities {
		if a.Kind == ActivityWork {
			continue
		}
		taken := false
		for _, s := range states {
			if s.Agent != a.Agent || !a.Kind.Matches(s.State) {
				continue
			}
			if d := s.Start.Sub(a.Start); d <= tolerance && d >= -tolerance {
				taken = true
				break
			}
		}
		if !taken {
			missed++
		}
	}
	return missed, nil
}

// StrainInputs is what the system knows about one agent's day.
type StrainInputs struct {
	Day        AgentDay     // from AgentDays
	States     []AgentState // the agent's states that day
	Activities []Activity   // the agent's schedule that day
	// Baseline is the agent's own adherence over a reference period
	// (e.g. the four weeks before), from a rollup.
	Baseline      Ratio
	RestShortfall time.Duration // from the schedule: the rule minus the rest before this shift, if positive
	ShortNotice   int           // schedule changes for this day made at short notice

	Interval       time.Duration  // the occupancy grid, e.g. 30m
	HighOccupancy  float64        // the high mark, e.g. 0.85
	Pause          time.Duration  // shorter available time is not a pause, e.g. 30s
	BreakTolerance time.Duration  // a break this far from its time is moved, e.g. 15m
	Location       *time.Location // the site's zone
}

// DayStrainDrivers gathers the strain drivers of one agent-day.
func DayStrainDrivers(in StrainInputs) (StrainDrivers, error) {
	d := StrainDrivers{
		Occupancy:      in.Day.Occupancy(),
		DifficultShare: in.Day.DifficultShare(),
		RestShortfall:  max(0, in.RestShortfall),
		ShortNotice:    max(0, in.ShortNotice),
	}
	var err error
	if d.LongestHighStreak, err = OccupancyStreak(in.States, in.Interval, in.HighOccupancy, in.Location); err != nil {
		return d, err
	}
	if d.BackToBack, err = BackToBack(in.States, in.Pause); err != nil {
		return d, err
	}
	if d.Overtime, err = Overtime(in.States, in.Activities); err != nil {
		return d, err
	}
	if d.BreaksMissed, err = BreaksMissed(in.States, in.Activities, in.BreakTolerance); err != nil {
		return d, err
	}
	if today := in.Day.Adherence(); today.OK && in.Baseline.OK {
		d.AdherenceSlip = in.Baseline.Value - today.Value
	}
	return d, nil
}
