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
	n := func(k string) string { return v.Names[k] }
	i := func(k string) int { return v.Values[k] }
	date := func() string {
		d, err := civil.ParseIn(n("date"), t.Location())
		if err != nil {
			return n("date")
		}
		return t.DayDate(d)
	}
	view := ViolationView{Agent: v.Agent}
	if name, ok := names[v.Agent]; ok {
		view.Agent = name
	}
	key := "violation." + v.Rule
	var args []any
	switch v.Rule {
	case "one_shift_per_day", "days_off":
		args = []any{date()}
	case "shifts":
		args = []any{n("shift"), date()}
	case "overlap":
		args = []any{n("shift"), date(), t.Minutes(i("minutes"))}
	case "min_rest_minutes":
		args = []any{n("shift"), date(), t.Minutes(i("minutes")), t.Minutes(i("min"))}
	case "cannot_be_followed_by":
		args = []any{n("shift"), date(), n("previous")}
	case "max_shifts":
		args = []any{n("shift"), i("count"), i("max")}
	case "min_minutes":
		args = []any{t.Minutes(i("minutes")), t.Minutes(i("min"))}
	case "max_minutes":
		args = []any{t.Minutes(i("minutes")), t.Minutes(i("max"))}
	case "max_consecutive_shifts":
		args = []any{date(), i("days"), i("max")}
	case "min_consecutive_shifts", "min_consecutive_days_off":
		args = []any{date(), i("days"), i("min")}
	case "max_weekends":
		args = []any{i("weekends"), i("max")}
	case "agent":
		args = []any{n("agent")}
	case "shift":
		args = []any{n("shift")}
	case "day":
		args = []any{i("day"), i("last")}
	case "skill":
		args = []any{n("skill"), date()}
	case "start":
		switch {
		case n("text") != "":
			key, args = "violation.start_unreadable", []any{n("shift"), date(), n("text")}
		case n("want") != "":
			key, args = "violation.start_fixed", []any{n("shift"), date(), n("start"), n("want")}
		default:
			key, args = "violation.start_window", []any{n("shift"), date(), n("start"), n("earliest"), n("latest"), i("interval")}
		}
	case "breaks":
		has := func(k string) bool { _, ok := v.Values[k]; return ok }
		switch {
		case !has("break"):
			key, args = "violation.breaks_count", []any{n("shift"), date(), i("got"), i("want")}
		case n("text") != "":
			key, args = "violation.breaks_unreadable", []any{n("shift"), date(), i("break") + 1, n("text")}
		case has("minutes"):
			key, args = "violation.breaks_length", []any{n("shift"), date(), i("break") + 1, t.Minutes(i("minutes")), t.Minutes(i("want"))}
		case has("offset"):
			key, args = "violation.breaks_window", []any{n("shift"), date(), i("break") + 1, t.Minutes(i("offset")), t.Minutes(i("earliest")), t.Minutes(i("latest"))}
		default:
			key, args = "violation.breaks_overlap", []any{n("shift"), date(), i("break") + 1, i("other") + 1}
		}
	}
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
