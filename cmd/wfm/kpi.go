package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"wfm/batch"
	"wfm/kpi"
	"wfm/schedule"
)

// kpiConfig is the command line of `wfm kpi` (CONTRACTS.md section 5).
type kpiConfig struct {
	contacts, states    string
	problem, solution   string
	by                  string
	interval, threshold time.Duration
	shortAbandon        time.Duration
	adherenceThreshold  time.Duration
	formula             kpi.SLFormula
	loc                 *time.Location
	out                 string
}

// kpiText holds the flags that are read as text and checked in finish.
type kpiText struct {
	interval, threshold, short, adh, formula, tz string
}

func kpiCmd(e env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "kpi --contacts FILE --by queue-interval|agent-day [flags]",
		Short: "KPIs from contact records and agent states (CONTRACTS.md 5)",
		Example: "  wfm kpi --contacts contacts.csv --by queue-interval --interval 30m --tz Asia/Shanghai\n" +
			"  wfm kpi --contacts contacts.csv --states states.csv --problem p.json --solution s.json --by agent-day",
		Args: usageArgs(cobra.NoArgs),
	}
	var c kpiConfig
	var t kpiText
	fs := cmd.Flags()
	fs.StringVar(&c.contacts, "contacts", "", "contact records CSV (required)")
	fs.StringVar(&c.states, "states", "", "agent states CSV")
	fs.StringVar(&c.problem, "problem", "", "schedule problem JSON (with --solution: adherence and conformance)")
	fs.StringVar(&c.solution, "solution", "", "schedule solution JSON")
	fs.StringVar(&c.by, "by", "", "queue-interval or agent-day (required)")
	fs.StringVar(&t.interval, "interval", "30m", "interval length for --by queue-interval")
	fs.StringVar(&t.threshold, "threshold", "20s", "service-level threshold: answered within")
	fs.StringVar(&t.short, "short-abandon", "5s", "abandons with a shorter wait are short abandons")
	fs.StringVar(&t.adh, "adherence-threshold", "0s", "forgive out-of-adherence runs shorter than this")
	fs.StringVar(&t.formula, "sl-formula", string(kpi.SLAbandonsCounted),
		"service-level formula: abandons-counted (the contract's), abandons-ignored or abandons-after-threshold")
	fs.StringVar(&t.tz, "tz", "", "IANA time zone of local timestamps and of the interval grid and days (default UTC)")
	fs.StringVar(&c.out, "out", "", "output CSV (default stdout)")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := finishKPIFlags(c, t)
		if err != nil {
			return err
		}
		return runKPI(cmd.Context(), e, cfg)
	}
	return cmd
}

// finishKPIFlags checks the flags together and reads their texts.
func finishKPIFlags(c kpiConfig, t kpiText) (kpiConfig, error) {
	if c.contacts == "" {
		return c, fmt.Errorf("%w: --contacts is required", errUsage)
	}
	if c.by != "queue-interval" && c.by != "agent-day" {
		return c, fmt.Errorf("%w: --by must be queue-interval or agent-day, got %q", errUsage, c.by)
	}
	if (c.problem == "") != (c.solution == "") {
		return c, fmt.Errorf("%w: --problem and --solution go together", errUsage)
	}
	for _, d := range []struct {
		name string
		text string
		dst  *time.Duration
	}{{"interval", t.interval, &c.interval}, {"threshold", t.threshold, &c.threshold},
		{"short-abandon", t.short, &c.shortAbandon}, {"adherence-threshold", t.adh, &c.adherenceThreshold}} {
		v, err := batch.ParseDuration(d.text)
		if err != nil {
			return c, fmt.Errorf("%w: --%s: %v", errUsage, d.name, err)
		}
		if v < 0 {
			return c, fmt.Errorf("%w: --%s: must be >= 0", errUsage, d.name)
		}
		*d.dst = v
	}
	c.formula = kpi.SLFormula(t.formula)
	goal := kpi.ServiceGoal{Threshold: c.threshold, ShortAbandon: c.shortAbandon, Formula: c.formula}
	if err := (kpi.IntervalSettings{Interval: c.interval, Goal: goal}).Validate(); err != nil {
		return c, fmt.Errorf("%w: %v", errUsage, err)
	}
	loc, err := batch.LoadLocation(t.tz)
	if err != nil {
		return c, fmt.Errorf("%w: --tz: %v", errUsage, err)
	}
	c.loc = loc
	return c, nil
}

// runKPI computes the contract's KPIs from contact records, agent states and
// a published schedule, and writes them as CSV.
func runKPI(ctx context.Context, e env, c kpiConfig) error {
	in, err := readKPIInput(c)
	if err != nil {
		return err
	}
	switch c.by {
	case "queue-interval":
		goal := kpi.ServiceGoal{Threshold: c.threshold, ShortAbandon: c.shortAbandon, Formula: c.formula}
		rows, err := kpi.QueueIntervals(in.contacts, kpi.IntervalSettings{Interval: c.interval, Location: c.loc, Goal: goal})
		if err != nil {
			return in.problems(err)
		}
		// The columns are fixed by the contract; which formula produced
		// service_level is said on stderr.
		fmt.Fprintf(e.stderr, "wfm kpi: service_level = %s\n", goal.Describe())
		return batch.WriteFile(c.out, e.stdout, func(w io.Writer) error {
			return writeQueueIntervals(w, rows, c.loc)
		})
	default:
		rows, err := kpi.AgentDays(in.contacts, in.states, in.activities,
			kpi.DaySettings{Location: c.loc, ExceptionThreshold: c.adherenceThreshold})
		if err != nil {
			return in.problems(err)
		}
		return batch.WriteFile(c.out, e.stdout, func(w io.Writer) error {
			return writeAgentDays(w, rows)
		})
	}
}

// kpiInput is what the files said, converted to kpi values, with where each
// value came from so that the domain's complaints can name a file and line.
type kpiInput struct {
	contactsFile, statesFile, solutionFile string

	contacts     []kpi.Contact
	contactLines []int
	states       []kpi.AgentState
	stateLines   []int
	activities   []kpi.Activity
	// activityFrom is the solution assignment each activity came from.
	activityFrom []int
}

func readKPIInput(c kpiConfig) (kpiInput, error) {
	in := kpiInput{contactsFile: c.contacts, statesFile: c.states, solutionFile: c.solution}
	var problems batch.Problems
	collect := func(err error) error {
		var ps batch.Problems
		if errors.As(err, &ps) {
			problems = append(problems, ps...)
			return nil
		}
		return err
	}

	rows, err := readCSVFile(c.contacts, func(r io.Reader) ([]batch.Contact, error) {
		return batch.ReadContacts(r, c.contacts, c.loc)
	})
	if err := collect(err); err != nil {
		return in, err
	}
	for _, r := range rows {
		in.contacts = append(in.contacts, contactFromBatch(r))
		in.contactLines = append(in.contactLines, r.Line)
	}
	if c.states != "" {
		rows, err := readCSVFile(c.states, func(r io.Reader) ([]batch.AgentState, error) {
			return batch.ReadStates(r, c.states, c.loc)
		})
		if err := collect(err); err != nil {
			return in, err
		}
		for _, r := range rows {
			in.states = append(in.states, kpi.AgentState{Agent: r.Agent, State: kpi.State(r.State), Start: r.Start, End: r.End})
			in.stateLines = append(in.stateLines, r.Line)
		}
	}
	if c.problem != "" {
		var p schedule.Problem
		var s schedule.Solution
		if err := readJSONFile(c.problem, &p); err != nil {
			return in, err
		}
		if err := readJSONFile(c.solution, &s); err != nil {
			return in, err
		}
		if err := p.Validate(); err != nil {
			return in, batch.Problems{{File: c.problem, Message: err.Error()}}
		}
		acts, from, err := scheduledActivities(p, s, c.loc)
		if err != nil {
			problems = append(problems, batch.Problem{File: c.solution, Message: err.Error()})
		}
		in.activities, in.activityFrom = acts, from
	}
	if len(problems) > 0 {
		return in, problems
	}
	return in, nil
}

func readCSVFile[T any](path string, read func(io.Reader) ([]T, error)) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f)
}

func readJSONFile(path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	if err := dec.Decode(v); err != nil {
		return batch.Problems{{File: path, Message: "not valid JSON: " + err.Error()}}
	}
	return nil
}

func contactFromBatch(r batch.Contact) kpi.Contact {
	c := kpi.Contact{
		ID: r.ID, Queue: r.Queue, Channel: r.Channel,
		ArrivedAt: r.ArrivedAt, AnsweredAt: r.AnsweredAt, EndedAt: r.EndedAt,
		Agent:       r.Agent,
		TalkSeconds: r.TalkSeconds, HoldSeconds: r.HoldSeconds, ACWSeconds: r.ACWSeconds,
		Transferred: r.Transferred,
		CSAT:        r.CSAT,
		Emotion:     kpi.Emotion(r.Emotion),
		Complaint:   r.Complaint,
	}
	if r.Resolved != nil {
		c.Resolved, c.ResolvedKnown = *r.Resolved, true
	}
	return c
}

// problems turns the domain's complaints about records into FILE:LINE
// problems; any other error passes through.
func (in kpiInput) problems(err error) error {
	var es kpi.InputErrors
	if !errors.As(err, &es) {
		return err
	}
	ps := make(batch.Problems, 0, len(es))
	for _, e := range es {
		p := batch.Problem{Column: e.Field, Message: e.Message}
		switch e.Record {
		case "contacts":
			p.File, p.Line = in.contactsFile, in.contactLines[e.Index]
		case "states":
			p.File, p.Line = in.statesFile, in.stateLines[e.Index]
		case "activities":
			p.File, p.Column = in.solutionFile, ""
			p.Message = fmt.Sprintf("assignments[%d]: %s: %s", in.activityFrom[e.Index], e.Field, e.Message)
		default:
			p.Message = e.Error()
		}
		ps = append(ps, p)
	}
	return ps
}

// scheduledActivities turns a published roster into the activities
// adherence is measured against: each assignment's shift, from its start on
// its local day for the template's duration, with its breaks cut out (an
// unpaid break is lunch, a paid one a break). Times are wall clock in the
// problem's time zone, or in loc when the problem names none. from[i] is
// the assignment activity i came from.
func scheduledActivities(p schedule.Problem, s schedule.Solution, loc *time.Location) (acts []kpi.Activity, from []int, err error) {
	if p.Timezone != "" {
		if loc, err = p.Location(); err != nil {
			return nil, nil, fmt.Errorf("timezone: %v", err)
		}
	}
	day0 := p.StartDate
	if day0.IsZero() {
		return nil, nil, fmt.Errorf("start_date: missing, want a date YYYY-MM-DD")
	}
	shifts := map[string]schedule.Shift{}
	for _, sh := range p.Shifts {
		shifts[sh.ID] = sh
	}
	wall := func(day, minute int) time.Time {
		return time.Date(day0.Year, day0.Month, day0.Day+day, 0, minute, 0, 0, loc)
	}
	agents := map[string]bool{}
	for _, a := range p.Agents {
		agents[a.ID] = true
	}
	for i, a := range s.Assignments {
		if !agents[a.Agent] {
			return nil, nil, fmt.Errorf("assignments[%d].agent: %q is not an agent of the problem", i, a.Agent)
		}
		sh, ok := shifts[a.Shift]
		if !ok {
			return nil, nil, fmt.Errorf("assignments[%d].shift: unknown shift %q", i, a.Shift)
		}
		startText := a.Start
		if startText == "" {
			startText = sh.Start
		}
		startMin, err := schedule.ParseClock(startText)
		if err != nil {
			return nil, nil, fmt.Errorf("assignments[%d].start: %v", i, err)
		}
		if len(a.Breaks) != 0 && len(a.Breaks) != len(sh.Breaks) {
			return nil, nil, fmt.Errorf("assignments[%d].breaks: %d placed, shift %s has %d", i, len(a.Breaks), sh.ID, len(sh.Breaks))
		}
		start := wall(a.Day, startMin)
		end := start.Add(time.Duration(sh.DurationMinutes) * time.Minute)
		cursor := start
		for j, b := range a.Breaks {
			bMin, err := schedule.ParseClock(b.Start)
			if err != nil {
				return nil, nil, fmt.Errorf("assignments[%d].breaks[%d].start: %v", i, j, err)
			}
			offset := bMin - startMin
			if offset < 0 { // the break is after midnight of a night shift
				offset += 24 * 60
			}
			bStart := wall(a.Day, startMin+offset)
			bEnd := bStart.Add(time.Duration(b.DurationMinutes) * time.Minute)
			if bStart.Before(cursor) || bEnd.After(end) {
				return nil, nil, fmt.Errorf("assignments[%d].breaks[%d]: %s for %d minutes is not inside the shift after the break before it",
					i, j, b.Start, b.DurationMinutes)
			}
			kind := kpi.ActivityBreak
			if !sh.Breaks[j].IsPaid() {
				kind = kpi.ActivityLunch
			}
			if bStart.After(cursor) {
				acts = append(acts, kpi.Activity{Agent: a.Agent, Kind: kpi.ActivityWork, Start: cursor, End: bStart})
				from = append(from, i)
			}
			if bEnd.After(bStart) {
				acts = append(acts, kpi.Activity{Agent: a.Agent, Kind: kind, Start: bStart, End: bEnd})
				from = append(from, i)
			}
			cursor = bEnd
		}
		if end.After(cursor) {
			acts = append(acts, kpi.Activity{Agent: a.Agent, Kind: kpi.ActivityWork, Start: cursor, End: end})
			from = append(from, i)
		}
	}
	return acts, from, nil
}

func writeQueueIntervals(w io.Writer, rows []kpi.QueueInterval, loc *time.Location) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"queue", "interval_start", "offered", "answered", "abandoned", "short_abandoned",
		"service_level", "asa_seconds", "aht_seconds", "abandon_rate"})
	for _, r := range rows {
		cw.Write([]string{r.Queue, batch.FormatTime(r.Start, loc),
			strconv.Itoa(r.Offered), strconv.Itoa(r.Answered), strconv.Itoa(r.Abandoned), strconv.Itoa(r.ShortAbandoned),
			formatRatio(r.ServiceLevel()), formatRatio(r.ASASeconds()), formatRatio(r.AHTSeconds()), formatRatio(r.AbandonRate())})
	}
	cw.Flush()
	return cw.Error()
}

func writeAgentDays(w io.Writer, rows []kpi.AgentDay) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"agent", "date", "handled", "aht_seconds", "occupancy", "adherence", "conformance", "fcr", "csat"})
	for _, r := range rows {
		cw.Write([]string{r.Agent, r.Date.String(), strconv.Itoa(r.Handled),
			formatRatio(r.AHTSeconds()), formatRatio(r.Occupancy()), formatRatio(r.Adherence()),
			formatRatio(r.Conformance()), formatRatio(r.FCR()), formatRatio(r.CSAT())})
	}
	cw.Flush()
	return cw.Error()
}

func formatRatio(r kpi.Ratio) string { return batch.FormatFloat(r.Value, r.OK) }
