package intraday

import (
	"context"
	"fmt"
	"strings"
	"time"

	"wfm/store"
)

// GapThresholdHours is the shortfall, in agent-hours over the rest of the
// day, from which the site's supervisors are alerted.
const GapThresholdHours = 1.0

// GapAlerts looks at the rest of today for every queue and leaves the
// site's supervisors a notification when the roster falls short by
// GapThresholdHours or more, with who could close it. Each message is
// left once a day: the same shortfall is not repeated every run, a change
// of it is said again. It returns how many notifications it left.
func GapAlerts(ctx context.Context, st *store.Store, a store.Actor, now time.Time) (int, error) {
	queues, err := st.ListQueues(ctx)
	if err != nil {
		return 0, err
	}
	teams, err := st.ListTeams(ctx, store.Scope{All: true})
	if err != nil {
		return 0, err
	}
	var notes []store.Notification
	for _, q := range queues {
		m, err := QueueDay(ctx, st, q.ID, now)
		if err != nil {
			return 0, fmt.Errorf("queue %s: %w", q.Code, err)
		}
		if m.WorstGap == nil || m.ShortHours < GapThresholdHours {
			continue
		}
		loc, err := time.LoadLocation(m.Timezone)
		if err != nil {
			return 0, err
		}
		msg := gapMessage(m, loc)
		told := map[int64]bool{}
		for _, t := range teams {
			if t.SiteID != q.SiteID || t.SupervisorUserID == nil || told[*t.SupervisorUserID] {
				continue
			}
			uid := *t.SupervisorUserID
			told[uid] = true
			dayStart := m.Day.Start(loc)
			seen, err := st.HasNotification(ctx, uid, "intraday-gap", msg, dayStart)
			if err != nil {
				return 0, err
			}
			if !seen {
				notes = append(notes, store.Notification{UserID: uid, Kind: "intraday-gap", Message: msg})
			}
		}
	}
	if len(notes) == 0 {
		return 0, nil
	}
	return len(notes), st.LeaveReminders(ctx, a, notes)
}

// gapMessage says the shortfall and who could close it.
func gapMessage(m *QueueMonitor, loc *time.Location) string {
	clock := func(t time.Time) string { return t.In(loc).Format("15:04") }
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %.1f agent-hours short for the rest of today, at worst %.1f agents at %s.",
		m.Queue, m.Site, m.ShortHours, -*m.WorstGap, clock(*m.WorstGapAt))
	list := func(label string, cs []Candidate, at func(Candidate) string) {
		if len(cs) == 0 {
			return
		}
		parts := make([]string, len(cs))
		for i, c := range cs {
			parts[i] = fmt.Sprintf("%s (%s)", c.Name, at(c))
		}
		fmt.Fprintf(&b, " %s: %s.", label, strings.Join(parts, ", "))
	}
	list("Could stay on", m.CanExtend, func(c Candidate) string { return "ends " + clock(c.ShiftEnd) })
	list("Could come in earlier", m.CanStartEarly, func(c Candidate) string { return "starts " + clock(c.ShiftStart) })
	if len(m.CanMove) > 0 {
		parts := make([]string, len(m.CanMove))
		for i, a := range m.CanMove {
			parts[i] = fmt.Sprintf("%s's %s %q (%s-%s)", a.Name, a.Kind, a.Title, clock(a.Start), clock(a.End))
		}
		fmt.Fprintf(&b, " Could move to a quieter time: %s.", strings.Join(parts, ", "))
	}
	return b.String()
}
