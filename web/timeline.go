package web

import (
	"fmt"
	"regexp"
	"time"

	"wfm/civil"
)

// Span is something in time on a roster: a shift's work, a break, lunch,
// time off, training.
type Span struct {
	Kind       string // shift, break, lunch, time_off, training, meeting, coaching, overtime ...: a CSS class, seg-<kind>
	Start, End time.Time
	Label      string // what people call it (an activity's title), shown after its kind; "" for none
}

// TimelineRow is one line of a timeline: an agent's day or week.
type TimelineRow struct {
	Link  string // where the label leads (the board: edit this agent's day); "" for none
	Label string // the agent's name
	Note  string // e.g. the shift's name, or "day off"
	Spans []Span
}

// Timeline is rows of spans placed on a common time window, as
// percentages, ready for the template: a roster board's day, an agent's
// own week. It is drawn with HTML and CSS, no script, so it works on a
// phone and prints.
type Timeline struct {
	From, To time.Time
	Ticks    []Tick
	Rows     []TimelineBar
}

// Tick is an hour mark on the time axis.
type Tick struct {
	Left  float64 // percent of the window
	Label string
}

// TimelineBar is a row placed on the window.
type TimelineBar struct {
	Link, Label, Note string
	Segments          []Segment
}

// Segment is a span placed on the window.
type Segment struct {
	Kind        string
	Title       string  // what and when, for the tooltip and screen readers: "Break 10:15–10:30"
	Left, Width float64 // percent of the window
}

var kindPattern = regexp.MustCompile(`^[a-z][a-z_]*$`)

// spanKindKey maps a span kind to its message key.
var spanKindKey = map[string]string{
	"shift":    "term.shift",
	"break":    "term.break",
	"lunch":    "term.lunch",
	"time_off": "term.time_off",
	"training": "term.training",
	"meeting":  "term.meeting",
	"coaching": "term.coaching",
	"overtime": "term.overtime",
	// The intraday view: an agent's states and her runs out of adherence.
	"state_available": "intraday.state.available",
	"state_contact":   "intraday.state.contact",
	"state_acw":       "intraday.state.acw",
	"state_break":     "intraday.state.break",
	"state_lunch":     "intraday.state.lunch",
	"state_meeting":   "intraday.state.meeting",
	"state_training":  "intraday.state.training",
	"state_offline":   "intraday.state.offline",
	"state_other":     "intraday.state.other",
	"out":             "intraday.status.out_of_adherence",
	"now":             "intraday.now",
}

// NewTimeline places the rows on [from, to). Spans are clipped to the
// window; a span wholly outside it is left out. Hour ticks are every
// tickHours hours of wall-clock time in the translator's zone.
func NewTimeline(from, to time.Time, tickHours int, rows []TimelineRow, t Translator) (Timeline, error) {
	if !to.After(from) {
		return Timeline{}, fmt.Errorf("timeline: window end %s must be after its start %s", to.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	if tickHours <= 0 {
		tickHours = 1
	}
	w := timelineWindow{from: from, to: to, width: to.Sub(from).Seconds()}
	tl := Timeline{From: from, To: to, Ticks: w.ticks(tickHours, t)}
	for i, r := range rows {
		bar := TimelineBar{Link: r.Link, Label: r.Label, Note: r.Note}
		for j, s := range r.Spans {
			if !kindPattern.MatchString(s.Kind) {
				return Timeline{}, fmt.Errorf("timeline: rows[%d].spans[%d].kind: %q must be lower-case letters and _", i, j, s.Kind)
			}
			if !s.End.After(s.Start) {
				return Timeline{}, fmt.Errorf("timeline: rows[%d].spans[%d]: end must be after start", i, j)
			}
			if seg, ok := w.segment(s, t); ok {
				bar.Segments = append(bar.Segments, seg)
			}
		}
		tl.Rows = append(tl.Rows, bar)
	}
	return tl, nil
}

// timelineWindow is the time a timeline shows, [from, to).
type timelineWindow struct {
	from, to time.Time
	width    float64 // seconds
}

// pct is where at is across the window, in percent.
func (w timelineWindow) pct(at time.Time) float64 {
	return round(100*at.Sub(w.from).Seconds()/w.width, 3)
}

// ticks are on whole local hours, every tickHours, so that a DST day
// shows 23 or 25 hours truthfully.
func (w timelineWindow) ticks(tickHours int, t Translator) []Tick {
	var ticks []Tick
	local := w.from.In(t.Location())
	h := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), 0, 0, 0, t.Location())
	if h.Before(w.from) {
		h = h.Add(time.Hour)
	}
	for ; h.Before(w.to); h = h.Add(time.Hour) {
		if h.In(t.Location()).Hour()%tickHours == 0 {
			ticks = append(ticks, Tick{Left: w.pct(h), Label: t.Time(h)})
		}
	}
	return ticks
}

// segment is the part of a span inside the window, titled with its kind
// (and label) and its whole times; false when it is outside.
func (w timelineWindow) segment(s Span, t Translator) (Segment, bool) {
	start, end := s.Start, s.End
	if !end.After(w.from) || !start.Before(w.to) {
		return Segment{}, false
	}
	if start.Before(w.from) {
		start = w.from
	}
	if end.After(w.to) {
		end = w.to
	}
	name := s.Kind
	if key, ok := spanKindKey[s.Kind]; ok {
		name = t.T(key)
	}
	if s.Label != "" {
		name = t.T("timeline.labelled", name, s.Label)
	}
	return Segment{
		Kind:  s.Kind,
		Title: name + " " + t.Time(s.Start) + "–" + t.Time(s.End),
		Left:  w.pct(start),
		Width: round(w.pct(end)-w.pct(start), 3),
	}, true
}

// AgentDay is one day of an agent's schedule.
type AgentDay struct {
	Date  time.Time // any time on the local day
	Shift string    // the shift's name; "" on a day off
	Spans []Span    // the shift's work, its breaks and lunch, time off
}

// ScheduleWeek is a Monday-to-Sunday week of an agent's schedule, a row
// per day, each drawn over its own local day (so a 23-hour DST day is
// still a full row).
type ScheduleWeek struct {
	Start    time.Time // the Monday
	Title    string
	Timeline Timeline
}

// NewScheduleWeeks groups days (in date order) into weeks for the agent's
// "My schedule" page.
func NewScheduleWeeks(days []AgentDay, t Translator) ([]ScheduleWeek, error) {
	loc := t.Location()
	var weeks []ScheduleWeek
	for i, d := range days {
		l := d.Date.In(loc)
		dayStart := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
		dayEnd := dayStart.AddDate(0, 0, 1)
		monday := dayStart.AddDate(0, 0, -((int(dayStart.Weekday()) + 6) % 7))
		if len(weeks) == 0 || !weeks[len(weeks)-1].Start.Equal(monday) {
			if len(weeks) > 0 && monday.Before(weeks[len(weeks)-1].Start) {
				return nil, fmt.Errorf("schedule: days[%d]: %s is out of date order", i, civil.Of(dayStart, loc))
			}
			weeks = append(weeks, ScheduleWeek{
				Start:    monday,
				Title:    t.T("schedule.week_of", t.ShortDate(monday)),
				Timeline: Timeline{From: monday, To: monday.AddDate(0, 0, 7)},
			})
		}
		row := TimelineRow{Label: t.DayDate(dayStart), Note: t.T("roster.day_off"), Spans: d.Spans}
		if first, last, ok := spanBounds(d.Spans); ok {
			row.Note = t.T("schedule.shift_time", t.Time(first), t.Time(last))
			if d.Shift != "" {
				row.Note += " · " + d.Shift
			}
		}
		day, err := NewTimeline(dayStart, dayEnd, 3, []TimelineRow{row}, t)
		if err != nil {
			return nil, fmt.Errorf("schedule: days[%d]: %w", i, err)
		}
		w := &weeks[len(weeks)-1]
		if w.Timeline.Ticks == nil {
			w.Timeline.Ticks = day.Ticks
		}
		w.Timeline.Rows = append(w.Timeline.Rows, day.Rows...)
	}
	return weeks, nil
}

// spanBounds is the earliest start and latest end of the spans.
func spanBounds(spans []Span) (first, last time.Time, ok bool) {
	for i, s := range spans {
		if i == 0 || s.Start.Before(first) {
			first = s.Start
		}
		if i == 0 || s.End.After(last) {
			last = s.End
		}
	}
	return first, last, len(spans) > 0
}

// ScheduleData is the data of the "schedule" page: an agent's own weeks.
type ScheduleData struct {
	ICSURL     string // the agent's calendar feed, shown once when made
	Weeks      []ScheduleWeek
	Activities []ActivityView // meetings, training and coaching in her shifts
	TimeOff    []TimeOffView
	Form       *TimeOffForm // nil for a user who is not an agent
	Swaps      []SwapView
	SwapForm   *SwapForm
}

// ActivityView is an activity inside a shift, for a list: its day and
// hours, the kind in the reader's words, its title.
type ActivityView struct {
	Date, Hours, Kind, Title string
}

// RosterData is the data of the "roster" page: a day of the supervisor's
// board, agents as rows, with the coverage against the requirement beneath.
type RosterData struct {
	Week             *RosterWeek // the week around the day, agents by day
	SiteID           int64
	Day              time.Time
	BuildStart       civil.Date // the Monday after the day shown: where a new build starts
	BuildLimits      []int      // seconds offered
	PrevURL, NextURL string
	Timeline         Timeline
	Coverage         *ChartView // nil when there is no requirement yet
	// Simulation is what the roster delivers on the queues over the week
	// (nil when it covers none of its days).
	Simulation *RosterSimView
	// Draft is the version shown, when the board shows one version (a
	// draft before anyone publishes it) rather than the published roster.
	Draft *DraftView
	// ActivityURL schedules a meeting, training or coaching in the
	// published roster of the day shown ("" when none is published).
	ActivityURL string
}

// RosterWeek is the board's week view: every agent in scope with a
// published shift that week, a cell per day.
type RosterWeek struct {
	Days []WeekDay
	Rows []WeekRow
}

// WeekDay is a column of the week view, linking to that day's board.
type WeekDay struct {
	Label, URL string
	Today      bool
	Missed     bool // the simulated service of some queue misses its goal that day
	// Rostered: a roster covers the day, so an agent without a shift has
	// the day off (else nothing is planned yet).
	Rostered bool
}

// WeekRow is an agent's week: one cell per day ("" = no shift).
type WeekRow struct {
	Agent string
	Cells []string
}
