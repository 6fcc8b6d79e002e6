package intraday_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/intraday"
	"wfm/kpi"
	"wfm/measure"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
	"wfm/store/storetest"
)

// offerCenter is a Shanghai site on Wednesday 4 March 2026 at 10:00: a
// queue of skill billing wanting 2 agents 09:00-17:00 and 3 at
// 17:00-18:00, a team of sam with A1, B2 and C3 who all work the early
// shift E (08:00-17:00, an hour's unpaid lunch) Monday to Friday, C3's
// contract allowing her an hour more a week and no more.
type offerCenter struct {
	st        *store.Store
	queue     store.Queue
	site      store.Site
	team      store.Team
	sam       store.User
	agents    map[string]store.Agent
	now       time.Time
	shanghai  *time.Location
	published *store.ScheduleVersion
}

func newOfferCenter(t *testing.T, st *store.Store) *offerCenter {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no tzdata")
	}
	c := &offerCenter{st: st, shanghai: sh, now: time.Date(2026, 3, 4, 10, 0, 0, 0, sh), agents: map[string]store.Agent{}}
	st.SetClock(func() time.Time { return c.now })
	c.site = store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai"}
	must(st.CreateSite(ctx, store.System, &c.site))
	skill := store.Skill{Name: "billing"}
	must(st.CreateSkill(ctx, store.System, &skill))
	c.queue = store.Queue{Code: "billing", Name: "Billing", SiteID: c.site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3, SkillID: &skill.ID}
	must(st.CreateQueue(ctx, store.System, &c.queue))
	c.sam = store.User{Username: "sam", DisplayName: "Sam", Role: store.RoleSupervisor, Locale: "en", Active: true, PasswordHash: "x"}
	must(st.CreateUser(ctx, store.System, &c.sam))
	c.team = store.Team{Name: "Billing A", SiteID: c.site.ID, SupervisorUserID: &c.sam.ID}
	must(st.CreateTeam(ctx, store.System, &c.team))
	must(st.CreateShiftTemplate(ctx, store.System, &store.ShiftTemplate{SiteID: c.site.ID, Code: "E", Name: "Early", Start: "08:00", DurationMinutes: 540,
		Breaks: []schedule.Break{{DurationMinutes: 60, EarliestOffsetMinutes: 210, LatestOffsetMinutes: 300, Paid: new(false)}}}))
	for _, code := range []string{"A1", "B2", "C3"} {
		u := store.User{Username: strings.ToLower(code), DisplayName: code, Role: store.RoleAgent, Locale: "en", Active: true, PasswordHash: "x"}
		must(st.CreateUser(ctx, store.System, &u))
		max := 3000
		if code == "C3" {
			max = 5*480 + 60
		}
		a := store.Agent{Code: code, Name: "Agent " + code, UserID: &u.ID, TeamID: c.team.ID, HireDate: civil.MustParse("2025-01-01"), Active: true,
			Skills:   []store.AgentSkill{{SkillID: skill.ID, Proficiency: 3}},
			Contract: store.Contract{ShiftTemplates: []string{"E"}, WeeklyMinutesMax: max}}
		must(st.CreateAgent(ctx, store.System, &a))
		c.agents[code] = a
	}
	monday := time.Date(2026, 3, 2, 0, 0, 0, 0, sh)
	var reqs []store.Requirement
	for day := 0; day < 7; day++ {
		for k := 0; k < 36; k++ {
			n := 2
			if k >= 32 {
				n = 3
			}
			reqs = append(reqs, store.Requirement{IntervalStart: monday.AddDate(0, 0, day).Add(9*time.Hour + time.Duration(k)*15*time.Minute),
				IntervalSeconds: 900, Agents: n, Scheduled: float64(n), Source: "test"})
		}
	}
	must(st.ReplaceRequirements(ctx, store.System, c.queue.ID, monday, monday.AddDate(0, 0, 7), reqs))
	built, err := rostering.BuildAndPublish(ctx, st, store.System, c.site.ID, civil.MustParse("2026-03-02"), 7, rostering.BuildOptions{TimeLimit: time.Second, Seed: 1})
	if err != nil {
		t.Fatalf("build the roster: %v", err)
	}
	// Everyone works E Monday to Friday, as published by hand.
	v, err := st.GetScheduleVersion(ctx, built.ID)
	must(err)
	v.Solution = schedule.Solution{}
	for _, code := range []string{"A1", "B2", "C3"} {
		for day := 0; day < 5; day++ {
			v.Solution.Assignments = append(v.Solution.Assignments, schedule.Assignment{Agent: code, Day: day, Shift: "E", Start: "08:00", Skill: "billing",
				Breaks: []schedule.BreakPlacement{{Start: "12:00", DurationMinutes: 60}}})
		}
	}
	draft := store.ScheduleVersion{SiteID: c.site.ID, Problem: v.Problem, Solution: v.Solution}
	must(rostering.CreateSchedule(ctx, st, store.System, store.Scope{All: true}, &draft))
	c.published, err = rostering.Publish(ctx, st, store.System, store.Scope{All: true}, draft.ID, draft.Version)
	must(err)
	return c
}

func (c *offerCenter) supervisor() store.Scope { return store.Scope{TeamIDs: []int64{c.team.ID}} }

func (c *offerCenter) agentScope(code string) (store.Actor, store.Scope) {
	a := c.agents[code]
	return store.Actor{UserID: *a.UserID}, store.Scope{AgentID: a.ID}
}

func (c *offerCenter) shiftOf(t *testing.T, code string, day ...string) store.AgentShift {
	t.Helper()
	d := "2026-03-04"
	if len(day) > 0 {
		d = day[0]
	}
	shifts, err := c.st.PublishedShifts(context.Background(), store.Scope{All: true}, store.ShiftFilter{AgentID: c.agents[code].ID, From: civil.MustParse(d), To: civil.MustParse(d)})
	if err != nil || len(shifts) != 1 {
		t.Fatalf("%s's shift on 4 March: %v %v", code, shifts, err)
	}
	return shifts[0]
}

// An overtime offer made from the monitor's gap (17:00-18:00, nobody on)
// goes to the three agents whose shift ends at 17:00, an hour each; two
// accept at once for the one place: one has it, the other is told it is
// filled; the winner's published shift ends at 18:00. A second offer that
// C3's contract allowed when made is refused when accepted after a first
// one used her slack, its place left open.
func TestOffers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		c := newOfferCenter(t, st)
		sam := store.Actor{UserID: c.sam.ID}

		res, err := intraday.CreateOffer(ctx, st, sam, c.supervisor(), intraday.OfferInput{QueueID: c.queue.ID, Kind: store.OfferOvertime}, c.now)
		if err != nil {
			t.Fatal(err)
		}
		o := res.Offer
		if len(o.Recipients) != 3 || len(res.LeftOut) != 0 || o.GapStart == nil || !o.GapStart.Equal(time.Date(2026, 3, 4, 17, 0, 0, 0, c.shanghai)) || o.Day.String() != "2026-03-04" || o.State != store.OfferOpen {
			t.Fatalf("offer from the gap: %+v, left out %+v", o, res.LeftOut)
		}
		for _, r := range o.Recipients {
			if r.Minutes != 60 || r.Status != store.RecipientPending {
				t.Errorf("recipient %+v: want 60 minutes, pending", r)
			}
		}
		events, err := st.UndispatchedEvents(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		made := 0
		for _, e := range events {
			if e.Kind == store.EventOfferMade && strings.Contains(e.Payload, `"agent_ids":[`) {
				made++
			}
		}
		if made != 1 {
			t.Errorf("%d offer.made events, want 1", made)
		}

		// A1 and B2 take the one place at once.
		var wg sync.WaitGroup
		errs := map[string]error{}
		var mu sync.Mutex
		for _, code := range []string{"A1", "B2"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a, sc := c.agentScope(code)
				_, err := intraday.AcceptOffer(ctx, st, a, sc, o.ID, c.now)
				mu.Lock()
				errs[code] = err
				mu.Unlock()
			}()
		}
		wg.Wait()
		winner, loser := "A1", "B2"
		if errs["A1"] != nil {
			winner, loser = loser, winner
		}
		if errs[winner] != nil || fault.CodeOf(errs[loser]) != fault.Conflict || !strings.Contains(errs[loser].Error(), "already filled") {
			t.Fatalf("two accept the last place: %v", errs)
		}
		if sh := c.shiftOf(t, winner); !sh.End.Equal(time.Date(2026, 3, 4, 18, 0, 0, 0, c.shanghai)) || sh.ScheduleID == c.published.ID {
			t.Errorf("%s's shift after accepting: %+v, want to 18:00 on a new version", winner, sh)
		}
		if sh := c.shiftOf(t, loser); !sh.End.Equal(time.Date(2026, 3, 4, 17, 0, 0, 0, c.shanghai)) {
			t.Errorf("%s's shift: %+v, want unchanged", loser, sh)
		}
		got, err := st.GetOffer(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Filled != 1 || got.StateAt(c.now) != store.OfferFilled {
			t.Errorf("offer after the race: filled %d, %s", got.Filled, got.StateAt(c.now))
		}
		for _, r := range got.Recipients {
			want := store.RecipientPending
			if r.AgentID == c.agents[winner].ID {
				want = store.RecipientAccepted
				if r.ScheduleID == nil {
					t.Errorf("the winner's answer names no version")
				}
			}
			if r.Status != want {
				t.Errorf("recipient %d: %s, want %s", r.AgentID, r.Status, want)
			}
		}
		a, sc := c.agentScope(loser)
		if _, err := intraday.DeclineOffer(ctx, st, a, sc, o.ID, c.now); err != nil {
			t.Errorf("the loser declines: %v", err)
		}
		if _, err := intraday.AcceptOffer(ctx, st, a, sc, o.ID, c.now); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("accept after declining: %v, want a conflict", err)
		}
		// The change is a published edit made under 48 hours before the
		// shift: the strain indicators count it.
		strain, err := measure.RosterStrainOf(ctx, st, c.site.ID, kpiDate(2026, 3, 4))
		if err != nil {
			t.Fatal(err)
		}
		if strain.ShortNotice[c.agents[winner].ID] != 1 || strain.ShortNotice[c.agents[loser].ID] != 0 {
			t.Errorf("short-notice changes: %v", strain.ShortNotice)
		}
		if strain.Overtime[c.agents[winner].ID] != time.Hour || len(strain.Overtime) != 1 {
			t.Errorf("overtime accepted: %v, want the winner's hour", strain.Overtime)
		}

		// C3: two offers for tomorrow, made while her contract allows one more hour.
		c3 := c.agents["C3"]
		mk := func(minutes int) store.Offer {
			t.Helper()
			r, err := intraday.CreateOffer(ctx, st, sam, c.supervisor(), intraday.OfferInput{QueueID: c.queue.ID, Kind: store.OfferOvertime, Side: store.OfferStart,
				Day: civil.MustParse("2026-03-05"), Minutes: minutes, AgentIDs: []int64{c3.ID}, Note: "come in earlier"}, c.now)
			if err != nil {
				t.Fatal(err)
			}
			return r.Offer
		}
		first, second := mk(60), mk(30)
		a, sc = c.agentScope("C3")
		if _, err := intraday.AcceptOffer(ctx, st, a, sc, first.ID, c.now); err != nil {
			t.Fatalf("C3 accepts the first: %v", err)
		}
		if sh := c.shiftOf(t, "C3", "2026-03-05"); !sh.Start.Equal(time.Date(2026, 3, 5, 7, 0, 0, 0, c.shanghai)) {
			t.Errorf("C3 comes in at %s, want 07:00", sh.Start.In(c.shanghai))
		}
		_, err = intraday.AcceptOffer(ctx, st, a, sc, second.ID, c.now)
		var fe *fault.Error
		if fault.CodeOf(err) != fault.Invalid || !errorAs(err, &fe) || len(fe.Violations) == 0 {
			t.Fatalf("C3 accepts the second beyond her contract: %v, want the broken rule", err)
		}
		if got, _ := st.GetOffer(ctx, second.ID); got.Filled != 0 || got.Recipients[0].Status != store.RecipientPending {
			t.Errorf("the refused acceptance left the offer %+v", got)
		}
		// A third is not even made to her.
		_, err = intraday.CreateOffer(ctx, st, sam, c.supervisor(), intraday.OfferInput{QueueID: c.queue.ID, Kind: store.OfferOvertime, Minutes: 30, AgentIDs: []int64{c3.ID}}, c.now)
		if fault.CodeOf(err) != fault.Invalid || !strings.Contains(err.Error(), "nobody could take this offer") {
			t.Errorf("an offer C3's contract cannot take: %v", err)
		}

		// Time off: A1 or B2 (whoever did not stay on) may leave early.
		r, err := intraday.CreateOffer(ctx, st, sam, c.supervisor(), intraday.OfferInput{QueueID: c.queue.ID, Kind: store.OfferVTO, Minutes: 120, AgentIDs: []int64{c.agents[loser].ID}}, c.now)
		if err != nil {
			t.Fatal(err)
		}
		a, sc = c.agentScope(loser)
		if _, err := intraday.AcceptOffer(ctx, st, a, sc, r.Offer.ID, c.now); err != nil {
			t.Fatalf("time off: %v", err)
		}
		if sh := c.shiftOf(t, loser); !sh.End.Equal(time.Date(2026, 3, 4, 15, 0, 0, 0, c.shanghai)) || len(sh.Breaks) != 1 {
			t.Errorf("%s leaves early: %+v", loser, sh)
		}

		// Scope: an agent sees only her own offers; another supervisor's
		// teams do not reach the site.
		mine, err := intraday.AgentOffers(ctx, st, c3.ID, c.now)
		if err != nil || len(mine) != 3 {
			t.Errorf("C3's offers: %d %v, want 3", len(mine), err)
		}
		for _, m := range mine {
			if len(m.Recipients) != 1 || m.Recipients[0].AgentID != c3.ID {
				t.Errorf("C3 sees others' answers: %+v", m.Recipients)
			}
		}
		if _, err := intraday.CreateOffer(ctx, st, sam, store.Scope{TeamIDs: []int64{999}}, intraday.OfferInput{QueueID: c.queue.ID, Kind: store.OfferOvertime}, c.now); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("another supervisor's offer: %v, want forbidden", err)
		}
		if _, err := intraday.AcceptOffer(ctx, st, a, store.Scope{AgentID: c3.ID}, r.Offer.ID, c.now); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("C3 accepts an offer not made to her: %v", err)
		}
	})
}

func kpiDate(y int, m time.Month, d int) kpi.Date {
	return kpi.DateOf(time.Date(y, m, d, 12, 0, 0, 0, time.UTC), time.UTC)
}

func errorAs(err error, target **fault.Error) bool { return errors.As(err, target) }
