package kpi

import (
	"fmt"
	"sort"
	"time"
)

// SLFormula says how abandoned contacts enter the service-level denominator.
type SLFormula string

// The service-level formulas a queue may use.
const (
	// SLAbandonsCounted is the CONTRACTS.md formula and the default:
	// answered within threshold / (answered + abandoned - short_abandoned).
	// Short abandons (wait < ShortAbandon) are not counted as real
	// attempts; with ShortAbandon 0 every abandon counts.
	SLAbandonsCounted SLFormula = "abandons-counted"
	// SLAbandonsIgnored: answered within threshold / answered.
	SLAbandonsIgnored SLFormula = "abandons-ignored"
	// SLAbandonsAfterThreshold counts an abandon only when the customer
	// waited longer than the service-level threshold before hanging up:
	// answered within threshold / (answered + abandoned with wait > threshold).
	SLAbandonsAfterThreshold SLFormula = "abandons-after-threshold"
)

// ServiceGoal is a queue's service-level definition.
type ServiceGoal struct {
	Threshold    time.Duration // "answered within 20 s"
	ShortAbandon time.Duration // abandons with a shorter wait are short abandons
	Formula      SLFormula     // "" means SLAbandonsCounted
}

// Validate checks the goal.
func (g ServiceGoal) Validate() error {
	if g.Threshold < 0 {
		return fmt.Errorf("threshold: must be >= 0, got %s", g.Threshold)
	}
	if g.ShortAbandon < 0 {
		return fmt.Errorf("short_abandon: must be >= 0, got %s", g.ShortAbandon)
	}
	switch g.Formula {
	case "", SLAbandonsCounted, SLAbandonsIgnored, SLAbandonsAfterThreshold:
		return nil
	}
	return fmt.Errorf("formula: unknown service-level formula %q (want %s, %s or %s)",
		string(g.Formula), SLAbandonsCounted, SLAbandonsIgnored, SLAbandonsAfterThreshold)
}

// formula is the effective formula: the empty value is the contract's.
func (g ServiceGoal) formula() SLFormula {
	if g.Formula == "" {
		return SLAbandonsCounted
	}
	return g.Formula
}

// Describe says in words which service-level formula was used, for reports.
func (g ServiceGoal) Describe() string {
	t := g.Threshold.String()
	switch g.formula() {
	case SLAbandonsIgnored:
		return fmt.Sprintf("%s: answered within %s / answered", SLAbandonsIgnored, t)
	case SLAbandonsAfterThreshold:
		return fmt.Sprintf("%s: answered within %s / (answered + abandoned after waiting more than %s)", SLAbandonsAfterThreshold, t, t)
	}
	return fmt.Sprintf("%s: answered within %s / (answered + abandoned - short abandoned under %s)",
		SLAbandonsCounted, t, g.ShortAbandon)
}

// QueueCounts are the additive counts behind the queue measures. Rollups
// add counts and recompute the ratios; ratios are never averaged.
type QueueCounts struct {
	Offered        int
	Answered       int
	Abandoned      int
	ShortAbandoned int
	AnsweredInSL   int     // answered with wait <= threshold
	SLBase         int     // the service-level denominator under the queue's formula
	WaitSeconds    float64 // sum of the waits of answered contacts
	HandleSeconds  float64 // sum of talk + hold + acw of answered contacts
}

// Add adds o's counts to c.
func (c *QueueCounts) Add(o QueueCounts) {
	c.Offered += o.Offered
	c.Answered += o.Answered
	c.Abandoned += o.Abandoned
	c.ShortAbandoned += o.ShortAbandoned
	c.AnsweredInSL += o.AnsweredInSL
	c.SLBase += o.SLBase
	c.WaitSeconds += o.WaitSeconds
	c.HandleSeconds += o.HandleSeconds
}

// ServiceLevel is AnsweredInSL / SLBase.
func (c QueueCounts) ServiceLevel() Ratio {
	return NewRatio(float64(c.AnsweredInSL), float64(c.SLBase))
}

// ASASeconds is the mean wait of answered contacts.
func (c QueueCounts) ASASeconds() Ratio { return NewRatio(c.WaitSeconds, float64(c.Answered)) }

// AHTSeconds is the mean talk + hold + acw of answered contacts.
func (c QueueCounts) AHTSeconds() Ratio { return NewRatio(c.HandleSeconds, float64(c.Answered)) }

// AbandonRate is abandoned / offered.
func (c QueueCounts) AbandonRate() Ratio {
	return NewRatio(float64(c.Abandoned), float64(c.Offered))
}

// count adds one contact under goal g.
func (c *QueueCounts) count(ct Contact, g ServiceGoal) {
	c.Offered++
	wait, known := ct.Wait()
	if ct.Answered() {
		c.Answered++
		c.WaitSeconds += wait.Seconds()
		c.HandleSeconds += ct.HandleSeconds()
		c.SLBase++
		if wait <= g.Threshold {
			c.AnsweredInSL++
		}
		return
	}
	c.Abandoned++
	short := known && wait < g.ShortAbandon
	if short {
		c.ShortAbandoned++
	}
	switch g.formula() {
	case SLAbandonsCounted:
		if !short {
			c.SLBase++
		}
	case SLAbandonsAfterThreshold:
		// An abandon whose wait is unknown cannot be shown to be inside
		// the threshold, so it counts against the queue.
		if !known || wait > g.Threshold {
			c.SLBase++
		}
	}
}

// IntervalSettings say how contacts are grouped into queue intervals.
type IntervalSettings struct {
	Interval time.Duration  // whole minutes dividing a day
	Location *time.Location // the local grid; nil means UTC
	Goal     ServiceGoal    // for every queue without its own
	Goals    map[string]ServiceGoal
}

// GoalFor is the service goal queue q is measured with.
func (s IntervalSettings) GoalFor(q string) ServiceGoal {
	if g, ok := s.Goals[q]; ok {
		return g
	}
	return s.Goal
}

// Validate checks the settings.
func (s IntervalSettings) Validate() error {
	if err := validateInterval(s.Interval); err != nil {
		return err
	}
	if err := s.Goal.Validate(); err != nil {
		return fmt.Errorf("goal.%w", err)
	}
	for q, g := range s.Goals {
		if err := g.Validate(); err != nil {
			return fmt.Errorf("goals[%s].%w", q, err)
		}
	}
	return nil
}

func validateInterval(d time.Duration) error {
	if d <= 0 || d%time.Minute != 0 || (24*time.Hour)%d != 0 {
		return fmt.Errorf("interval: must be whole minutes dividing a day (5m, 15m, 30m, 60m...), got %s", d)
	}
	return nil
}

// QueueInterval is one queue's counts for one interval of the local grid.
type QueueInterval struct {
	Queue string
	Start time.Time // in the settings' location
	Goal  ServiceGoal
	QueueCounts
}

// IntervalStart is the start of the interval of the local grid that holds t:
// the grid restarts at every local midnight, and when the clock is set back
// the repeated hour has intervals of its own (each is a distinct instant).
func IntervalStart(t time.Time, interval time.Duration, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	lt := t.In(loc)
	h, m, s := lt.Clock()
	sinceMidnight := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(s)*time.Second + time.Duration(lt.Nanosecond())
	return lt.Add(-(sinceMidnight % interval))
}

// DayIntervals lists the interval starts of one local day, midnight to
// midnight: 46 half hours on a 23-hour day, 50 on a 25-hour day.
func DayIntervals(year int, month time.Month, day int, interval time.Duration, loc *time.Location) []time.Time {
	if loc == nil {
		loc = time.UTC
	}
	start := time.Date(year, month, day, 0, 0, 0, 0, loc)
	end := time.Date(year, month, day+1, 0, 0, 0, 0, loc)
	var out []time.Time
	for t := start; t.Before(end); t = IntervalStart(t.Add(interval), interval, loc) {
		out = append(out, t)
	}
	return out
}

// QueueIntervals counts contacts per queue and interval of arrival. Only
// intervals with at least one contact are returned, sorted by queue, then
// start. Invalid contacts are all reported as InputErrors and nothing is
// counted.
func QueueIntervals(contacts []Contact, s IntervalSettings) ([]QueueInterval, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := validateContacts(contacts); err != nil {
		return nil, err
	}
	loc := s.Location
	if loc == nil {
		loc = time.UTC
	}
	type key struct {
		queue string
		start int64
	}
	byKey := map[key]*QueueInterval{}
	for _, c := range contacts {
		start := IntervalStart(c.ArrivedAt, s.Interval, loc)
		k := key{c.Queue, start.UnixNano()}
		qi := byKey[k]
		if qi == nil {
			qi = &QueueInterval{Queue: c.Queue, Start: start, Goal: s.GoalFor(c.Queue)}
			byKey[k] = qi
		}
		qi.count(c, qi.Goal)
	}
	out := make([]QueueInterval, 0, len(byKey))
	for _, qi := range byKey {
		out = append(out, *qi)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Queue != out[j].Queue {
			return out[i].Queue < out[j].Queue
		}
		return out[i].Start.Before(out[j].Start)
	})
	return out, nil
}

// validateContacts checks each contact and that contact ids are unique.
func validateContacts(contacts []Contact) error {
	var es InputErrors
	seen := map[string]int{}
	for i, c := range contacts {
		for _, e := range c.Validate() {
			e.Index = i
			es = append(es, e)
		}
		if c.ID == "" {
			continue
		}
		if j, dup := seen[c.ID]; dup {
			es = append(es, InputError{Record: "contacts", Index: i, Field: "contact_id",
				Message: fmt.Sprintf("duplicate of contacts[%d]", j)})
			continue
		}
		seen[c.ID] = i
	}
	return es.errOrNil()
}
