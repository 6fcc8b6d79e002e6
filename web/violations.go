package web

import (
	"wfm/civil"
	"wfm/schedule"
)

// ViolationView is a broken rule as a page says it: whose, and what, in
// the reader's language and units.
type ViolationView struct {
	Agent string // the agent's name ("" for a rule of no one agent)
	Text  string // what is wrong
	Line  string // both, as a list shows them
}

// violationViews words broken rules; names maps agent codes to names.
func violationViews(vs []schedule.Violation, names map[string]string, t Translator) []ViolationView {
	out := make([]ViolationView, 0, len(vs))
	for _, v := range vs {
		out = append(out, violationView(v, names, t))
	}
	return out
}

// violationView words one broken rule from what the checker found
// (schedule.Violation's Values and Names), never from its English
// message: dates as dates, minutes as hours where that reads better.
func violationView(v schedule.Violation, names map[string]string, t Translator) ViolationView {
	view := ViolationView{Agent: v.Agent}
	if name, ok := names[v.Agent]; ok {
		view.Agent = name
	}
	key, args := violationWords(v, t)
	if v.Values == nil && v.Names == nil && v.Message != "" {
		// Found before violations carried their numbers (every rule now
		// reports some): only the checker's English is there, framed.
		key, args = "violation.unworded", []any{v.Message}
	}
	if !t.Has(key) {
		// A rule this interface does not know yet: say that a rule is
		// broken, and which, rather than show the checker's English.
		key, args = "violation.other", []any{v.Rule}
	}
	view.Text, view.Line = t.T(key, args...), t.T(key, args...)
	if view.Agent != "" {
		view.Line = t.T("violation.who", view.Agent, view.Text)
	}
	return view
}

// violationFacts reads what a checker found: its names, its numbers, and
// its day in the reader's words.
type violationFacts struct {
	v schedule.Violation
	t Translator
}

func (f violationFacts) n(k string) string { return f.v.Names[k] }
func (f violationFacts) i(k string) int    { return f.v.Values[k] }
func (f violationFacts) has(k string) bool { _, ok := f.v.Values[k]; return ok }
func (f violationFacts) date() string {
	d, err := civil.ParseIn(f.n("date"), f.t.Location())
	if err != nil {
		return f.n("date")
	}
	return f.t.DayDate(d)
}

// violationWords is the message key of a broken rule and its arguments.
func violationWords(v schedule.Violation, t Translator) (string, []any) {
	f := violationFacts{v, t}
	n, i, date := f.n, f.i, f.date
	key := "violation." + v.Rule
	switch v.Rule {
	case "one_shift_per_day", "days_off":
		return key, []any{date()}
	case "shifts":
		return key, []any{n("shift"), date()}
	case "overlap":
		return key, []any{n("shift"), date(), t.Minutes(i("minutes"))}
	case "min_rest_minutes":
		return key, []any{n("shift"), date(), t.Minutes(i("minutes")), t.Minutes(i("min"))}
	case "cannot_be_followed_by":
		return key, []any{n("shift"), date(), n("previous")}
	case "max_shifts":
		return key, []any{n("shift"), i("count"), i("max")}
	case "min_minutes":
		return key, []any{t.Minutes(i("minutes")), t.Minutes(i("min"))}
	case "max_minutes":
		return key, []any{t.Minutes(i("minutes")), t.Minutes(i("max"))}
	case "max_consecutive_shifts":
		return key, []any{date(), i("days"), i("max")}
	case "min_consecutive_shifts", "min_consecutive_days_off":
		return key, []any{date(), i("days"), i("min")}
	case "max_weekends":
		return key, []any{i("weekends"), i("max")}
	case "agent":
		return key, []any{n("agent")}
	case "shift":
		return key, []any{n("shift")}
	case "day":
		return key, []any{i("day"), i("last")}
	case "skill":
		return key, []any{n("skill"), date()}
	case "start":
		return f.start()
	case "breaks":
		return f.breaks()
	}
	return key, nil
}

// start words a shift's start outside its rule: unreadable, not the fixed
// start, or outside the window.
func (f violationFacts) start() (string, []any) {
	n, i, date := f.n, f.i, f.date
	switch {
	case n("text") != "":
		return "violation.start_unreadable", []any{n("shift"), date(), n("text")}
	case n("want") != "":
		return "violation.start_fixed", []any{n("shift"), date(), n("start"), n("want")}
	}
	return "violation.start_window", []any{n("shift"), date(), n("start"), n("earliest"), n("latest"), i("interval")}
}

// breaks words a shift's breaks against its rule: how many, unreadable,
// how long, where, or overlapping.
func (f violationFacts) breaks() (string, []any) {
	n, i, date, t := f.n, f.i, f.date, f.t
	switch {
	case !f.has("break"):
		return "violation.breaks_count", []any{n("shift"), date(), i("got"), i("want")}
	case n("text") != "":
		return "violation.breaks_unreadable", []any{n("shift"), date(), i("break") + 1, n("text")}
	case f.has("minutes"):
		return "violation.breaks_length", []any{n("shift"), date(), i("break") + 1, t.Minutes(i("minutes")), t.Minutes(i("want"))}
	case f.has("offset"):
		return "violation.breaks_window", []any{n("shift"), date(), i("break") + 1, t.Minutes(i("offset")), t.Minutes(i("earliest")), t.Minutes(i("latest"))}
	}
	return "violation.breaks_overlap", []any{n("shift"), date(), i("break") + 1, i("other") + 1}
}
