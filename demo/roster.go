package demo

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"wfm/civil"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
)

// pastRoster is the roster the contact days of a site were simulated
// from, as a schedule problem and its solution: one shift template per
// length and pattern of breaks (starts anywhere from the earliest to the
// latest planned, breaks anywhere in the shift), and each planned shift
// assigned as it was planned, on the skill of the queue it served. The
// agents carry their skills and no rules: the roster is what was worked
// to, not a plan to check. (Without the skills, a shift covers no queue:
// the simulated service of every day was 0%.)
func pastRoster(c Center, site Site) (schedule.Problem, schedule.Solution, bool) {
	days := int(c.End.Sub(c.ContactsFrom).Hours() / 24)
	p := schedule.Problem{StartDate: civil.Of(c.ContactsFrom, c.ContactsFrom.Location()), Days: days, IntervalMinutes: interval / 60, Timezone: site.Timezone}
	var sol schedule.Solution
	templates := map[string]int{} // id -> index in p.Shifts
	agents := map[string]bool{}
	clock := func(sec int) string { return schedule.FormatClock(sec / 60 % 1440) }
	for _, rs := range c.Rostered {
		if rs.Site != site.Name || rs.Day.Before(c.ContactsFrom) || !rs.Day.Before(c.End) {
			continue
		}
		length := (rs.End - rs.Start) / 60
		var pattern strings.Builder
		for _, b := range rs.Breaks {
			if b.Lunch {
				pattern.WriteString("L")
			} else {
				pattern.WriteString("B")
			}
		}
		id := fmt.Sprintf("%dh%02d", length/60, length%60)
		if pattern.Len() > 0 {
			id += "-" + pattern.String()
		}
		i, ok := templates[id]
		if !ok {
			sh := schedule.Shift{ID: id, Start: clock(rs.Start), LatestStart: clock(rs.Start), DurationMinutes: length}
			for _, b := range rs.Breaks {
				dur := b.Duration / 60
				br := schedule.Break{DurationMinutes: dur, EarliestOffsetMinutes: 0, LatestOffsetMinutes: length - dur}
				if b.Lunch {
					br.Paid = ptr(false)
				}
				sh.Breaks = append(sh.Breaks, br)
			}
			i = len(p.Shifts)
			templates[id] = i
			p.Shifts = append(p.Shifts, sh)
		}
		sh := &p.Shifts[i]
		if start := clock(rs.Start); start < sh.Start {
			sh.Start = start
		} else if start > sh.LatestStart {
			sh.LatestStart = start
		}
		as := schedule.Assignment{Agent: rs.Agent, Day: int(rs.Day.Sub(c.ContactsFrom).Hours() / 24), Shift: id, Start: clock(rs.Start), Skill: rs.Skill}
		for _, b := range rs.Breaks {
			as.Breaks = append(as.Breaks, schedule.BreakPlacement{Start: clock(b.Start), DurationMinutes: b.Duration / 60})
		}
		sol.Assignments = append(sol.Assignments, as)
		agents[rs.Agent] = true
	}
	if len(sol.Assignments) == 0 || days < 1 {
		return p, sol, false
	}
	codes := make([]string, 0, len(agents))
	for code := range agents {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	skills := map[string][]string{}
	for _, a := range c.Agents {
		for _, s := range a.Skills {
			skills[a.Code] = append(skills[a.Code], s.Skill)
		}
		slices.Sort(skills[a.Code])
	}
	for _, code := range codes {
		p.Agents = append(p.Agents, schedule.Agent{ID: code, Skills: skills[code]})
	}
	sort.SliceStable(sol.Assignments, func(i, j int) bool {
		if sol.Assignments[i].Agent != sol.Assignments[j].Agent {
			return sol.Assignments[i].Agent < sol.Assignments[j].Agent
		}
		return sol.Assignments[i].Day < sol.Assignments[j].Day
	})
	return p, sol, true
}

// publishPastRosters publishes, for each site without one, the roster its
// contact days were simulated from, so that adherence and conformance of
// those days are measured against what the agents were told.
func publishPastRosters(ctx context.Context, st *store.Store, c Center, log io.Writer) error {
	sites, err := st.ListSites(ctx)
	if err != nil {
		return err
	}
	for _, ds := range c.Sites {
		var site *store.Site
		for i := range sites {
			if sites[i].Name == ds.Name {
				site = &sites[i]
			}
		}
		if site == nil {
			continue
		}
		p, sol, ok := pastRoster(c, ds)
		if !ok {
			continue
		}
		published, err := st.ListScheduleVersions(ctx, store.Scope{All: true}, store.ScheduleFilter{SiteID: site.ID, Status: store.SchedulePublished, From: p.StartDate})
		if err != nil {
			return err
		}
		if slices.ContainsFunc(published, func(v store.ScheduleVersion) bool { return v.StartDate == p.StartDate }) {
			fmt.Fprintf(log, "  %s: the simulated roster from %s is already published\n", site.Name, p.StartDate)
			continue
		}
		v := &store.ScheduleVersion{SiteID: site.ID, Problem: p, Solution: sol}
		if err := rostering.CreateSchedule(ctx, st, store.System, store.Scope{All: true}, v); err != nil {
			return fmt.Errorf("demo past roster of %s: %w", site.Name, err)
		}
		if _, err := rostering.Publish(ctx, st, store.System, store.Scope{All: true}, v.ID, v.Version); err != nil {
			return fmt.Errorf("demo publish past roster of %s: %w", site.Name, err)
		}
		fmt.Fprintf(log, "  %s: the simulated roster %s + %d days published (%d shifts, %d violations)\n",
			site.Name, v.StartDate, v.Days, len(sol.Assignments), len(v.Violations))
	}
	return nil
}
