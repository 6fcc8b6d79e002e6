package rostering

import (
	"sort"

	"wfm/civil"
	"wfm/schedule"
	"wfm/store"
)

// ShiftChange is what changed on one agent's day between two versions.
type ShiftChange struct {
	Agent  string               `json:"agent"`
	Date   civil.Date           `json:"date"`
	Before *schedule.Assignment `json:"before"`
	After  *schedule.Assignment `json:"after"`
}

// DiffSchedules lists, per agent and date, the days whose shift, start,
// skill or breaks differ between two versions (dates either covers).
func DiffSchedules(a, b *store.ScheduleVersion) []ShiftChange {
	type key struct {
		agent string
		date  civil.Date
	}
	days := map[key][2]*schedule.Assignment{}
	for side, v := range []*store.ScheduleVersion{a, b} {
		for i := range v.Solution.Assignments {
			as := v.Solution.Assignments[i]
			if as.Start == "" {
				as.Start = shiftStart(v.Problem, as.Shift)
			}
			k := key{as.Agent, v.StartDate.AddDays(as.Day)}
			pair := days[k]
			pair[side] = &as
			days[k] = pair
		}
	}
	var out []ShiftChange
	for k, pair := range days {
		if !sameAssignment(pair[0], pair[1]) {
			out = append(out, ShiftChange{Agent: k.agent, Date: k.date, Before: pair[0], After: pair[1]})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Agent != out[j].Agent {
			return out[i].Agent < out[j].Agent
		}
		return out[i].Date.Before(out[j].Date)
	})
	return out
}

func shiftStart(p schedule.Problem, id string) string {
	for _, sh := range p.Shifts {
		if sh.ID == id {
			return sh.Start
		}
	}
	return ""
}

func sameAssignment(x, y *schedule.Assignment) bool {
	if x == nil || y == nil {
		return x == y
	}
	if x.Shift != y.Shift || x.Start != y.Start || x.Skill != y.Skill || len(x.Breaks) != len(y.Breaks) {
		return false
	}
	for i := range x.Breaks {
		if x.Breaks[i] != y.Breaks[i] {
			return false
		}
	}
	if len(x.Activities) != len(y.Activities) {
		return false
	}
	for i := range x.Activities {
		if x.Activities[i] != y.Activities[i] {
			return false
		}
	}
	return true
}
