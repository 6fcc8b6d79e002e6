package demo

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"slices"
	"time"

	"wfm/auth"
	"wfm/civil"
	"wfm/kpi"
	"wfm/measure"
	"wfm/people"
	"wfm/planning"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
)

// RosterDays is how long the demo's built roster runs, from the day after
// the simulated days (whose own roster is published as it was planned).
const RosterDays = 28

// Operate runs the center the way its people would after the data came in:
// the nightly forecast publishes forecasts and requirements (with accuracy
// of past forecasts), each site gets the roster its contact days were
// simulated from, shift templates and a built roster from today, KPIs are rolled up, high-risk contacts
// flagged, strain computed for the contact days, and the supervisors
// evaluate contacts, work complaints, write feedback and share this
// month's reviews. Run again, it refreshes what is computed and leaves
// what people made (rosters, evaluations, complaints, feedback) as it is.
func Operate(ctx context.Context, st *store.Store, c Center, now time.Time, rosterLimit time.Duration, log io.Writer) error {
	step := func(what string) func() {
		began := time.Now()
		fmt.Fprintf(log, "%s ...\n", what)
		return func() { fmt.Fprintf(log, "%s done (%s)\n", what, time.Since(began).Round(time.Millisecond)) }
	}

	done := step("forecasts: backtest, publish, accuracy of the last two weeks, requirements 8 weeks ahead")
	if err := forecastAndStaff(ctx, st, c, now); err != nil {
		return err
	}
	done()

	done = step("rosters: the simulated past roster, shift templates and a built roster per site")
	if err := publishPastRosters(ctx, st, c, log); err != nil {
		return err
	}
	var builtFrom civil.Date // the built roster follows the simulated one
	if len(c.Rostered) > 0 {
		builtFrom = civil.Of(c.End, c.End.Location())
	}
	if err := publishRosters(ctx, st, now, builtFrom, rosterLimit, log); err != nil {
		return err
	}
	done()

	from := now.AddDate(0, 0, -ContactDays-1)
	done = step("KPIs: rollups, high-risk contacts, strain")
	if _, err := measure.RollupKPIs(ctx, st, from, now); err != nil {
		return fmt.Errorf("demo KPI rollup: %w", err)
	}
	if _, err := people.FlagHighRiskContacts(ctx, st, from, now); err != nil {
		return fmt.Errorf("demo high-risk flags: %w", err)
	}
	for d := ContactDays; d >= 1; d-- {
		if _, err := measure.ComputeStrain(ctx, st, now.AddDate(0, 0, -d)); err != nil {
			return fmt.Errorf("demo strain: %w", err)
		}
	}
	done()

	done = step("people: evaluations, complaints, feedback, reviews")
	if err := superviseTeams(ctx, st, c, now); err != nil {
		return err
	}
	done()
	return nil
}

// pastForecastHistory is how much history must precede the demo's
// forecast of the last two weeks for it to be worth showing.
const pastForecastHistory = 4 * 7 * 24 * time.Hour

// forecastAndStaff publishes, for every queue, a forecast made two weeks
// ago (so that accuracy can be shown against what came), then lets the
// nightly job forecast and staff the weeks ahead.
func forecastAndStaff(ctx context.Context, st *store.Store, c Center, now time.Time) error {
	// The demo prints its own steps; the nightly chain's line per queue
	// would drown them.
	quiet := slog.New(slog.DiscardHandler)
	runs, err := st.ListForecastRuns(ctx, store.ForecastRunFilter{})
	if err != nil {
		return err
	}
	pastFrom := midnight(now).AddDate(0, 0, -ContactDays)
	if len(runs) == 0 && pastFrom.Sub(c.First) >= pastForecastHistory {
		past, err := planning.Forecast(ctx, st, store.System, planning.ForecastRequest{From: pastFrom, Days: ContactDays})
		if err != nil {
			return fmt.Errorf("demo past forecast: %w", err)
		}
		// They stand for what the nightly job published back then, so
		// they are published as automatic: tonight's run supersedes them.
		for _, r := range past {
			run, err := planning.PublishRun(ctx, st, store.System, r.ID, 0, true)
			if err != nil {
				return fmt.Errorf("demo publish past forecast: %w", err)
			}
			req := planning.RequirementsRequest{QueueID: run.QueueID, From: run.HorizonStart, To: run.HorizonEnd}
			if _, err := planning.Requirements(ctx, st, store.System, req); err != nil {
				return fmt.Errorf("demo past requirements: %w", err)
			}
		}
	}
	if _, err := planning.Nightly(ctx, st, quiet, now); err != nil {
		return fmt.Errorf("demo nightly forecast: %w", err)
	}
	if _, err := planning.DailyAccuracy(ctx, st, quiet, now, ContactDays); err != nil {
		return fmt.Errorf("demo forecast accuracy: %w", err)
	}
	return nil
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// demoTemplates are the shifts every demo site rosters: early, day and
// late, nine hours with a paid break, an unpaid lunch and a paid break,
// starts flexible over two hours.
func demoTemplates(siteID int64) []store.ShiftTemplate {
	breaks := []schedule.Break{
		{DurationMinutes: 15, EarliestOffsetMinutes: 90, LatestOffsetMinutes: 180},
		{DurationMinutes: 60, EarliestOffsetMinutes: 210, LatestOffsetMinutes: 330, Paid: ptr(false)},
		{DurationMinutes: 15, EarliestOffsetMinutes: 360, LatestOffsetMinutes: 450},
	}
	mk := func(code, name, start, latest string, notBefore []string) store.ShiftTemplate {
		return store.ShiftTemplate{SiteID: siteID, Code: code, Name: name, Start: start, LatestStart: latest,
			DurationMinutes: 540, Breaks: breaks, CannotBeFollowedBy: notBefore}
	}
	return []store.ShiftTemplate{
		mk("E", "Early", "07:00", "09:00", nil),
		mk("D", "Day", "09:00", "11:00", nil),
		mk("L", "Late", "11:00", "13:00", []string{"E"}),
	}
}

// publishRosters gives each site its shift templates and, unless one is
// already published for this period, builds and publishes a roster from
// start (the zero Date = this week's Monday at each site).
func publishRosters(ctx context.Context, st *store.Store, now time.Time, start civil.Date, limit time.Duration, log io.Writer) error {
	sites, err := st.ListSites(ctx)
	if err != nil {
		return err
	}
	for _, site := range sites {
		start := start
		if start.IsZero() {
			start = civil.Of(now, site.Location()).Monday()
		}
		existing, err := st.ListShiftTemplates(ctx, site.ID)
		if err != nil {
			return err
		}
		if len(existing) == 0 {
			for _, t := range demoTemplates(site.ID) {
				if err := st.CreateShiftTemplate(ctx, store.System, &t); err != nil {
					return fmt.Errorf("demo shift template %s at %s: %w", t.Code, site.Name, err)
				}
			}
		}
		published, err := st.ListScheduleVersions(ctx, store.Scope{All: true}, store.ScheduleFilter{SiteID: site.ID, Status: store.SchedulePublished, From: start})
		if err != nil {
			return err
		}
		if len(published) > 0 {
			fmt.Fprintf(log, "  %s: roster already published from %s\n", site.Name, published[0].StartDate)
			continue
		}
		v, err := rostering.BuildAndPublish(ctx, st, store.System, site.ID, start, RosterDays, rostering.BuildOptions{TimeLimit: limit, Seed: 1})
		if err != nil {
			return fmt.Errorf("demo roster of %s: %w", site.Name, err)
		}
		fmt.Fprintf(log, "  %s: roster %s + %d days published (objective %.0f, feasible %v)\n", site.Name, v.StartDate, v.Days, v.Objective, v.Feasible)
	}
	return nil
}

// superviseTeams has each supervisor evaluate a few contacts of her team,
// work the complaints her agents received, write feedback, and comment on
// and share this month's reviews of the agents with demo logins.
func superviseTeams(ctx context.Context, st *store.Store, c Center, now time.Time) error {
	rng := rand.New(rand.NewPCG(uint64(c.Seed), 7))
	teams, err := st.ListTeams(ctx, store.Scope{All: true})
	if err != nil {
		return err
	}
	agents, err := st.ListAgents(ctx, store.Scope{All: true})
	if err != nil {
		return err
	}
	supervisor, scope, err := teamSupervisors(ctx, st, teams)
	if err != nil {
		return err
	}
	from := now.AddDate(0, 0, -ContactDays-1)

	// Evaluations and complaints are made only on a center that has none,
	// so that loading the demo again does not pile them up.
	evaluations, err := st.ListEvaluations(ctx, store.EvaluationFilter{Scope: store.Scope{All: true}})
	if err != nil {
		return err
	}
	if len(evaluations) == 0 {
		if err := evaluateContacts(ctx, st, agents, supervisor, scope, from, now, rng); err != nil {
			return err
		}
	}
	complaints, err := st.ListComplaints(ctx, store.ComplaintFilter{Scope: store.Scope{All: true}, From: from.AddDate(0, 0, -7), To: now})
	if err != nil {
		return err
	}
	if len(complaints) == 0 {
		if err := workComplaints(ctx, st, agents, supervisor, scope, from, now); err != nil {
			return err
		}
	}
	if _, err := people.FlagOverdueComplaints(ctx, st, now); err != nil {
		return err
	}

	cycle := now.Format("2006-01")
	if _, err := people.GenerateReviews(ctx, st, cycle); err != nil {
		return fmt.Errorf("demo reviews: %w", err)
	}
	// Feedback and reviews only for the agents with a demo login: those
	// are the ones a visitor can sign in as and see them.
	for _, da := range c.Agents {
		if da.User == "" {
			continue
		}
		i := slices.IndexFunc(agents, func(a store.Agent) bool { return a.Code == da.Code })
		if i < 0 {
			continue
		}
		a := agents[i]
		sup, sc := supervisor[a.TeamID], scope[a.TeamID]
		if sup == nil {
			continue
		}
		if err := coachAgent(ctx, st, store.Actor{UserID: sup.ID}, sc, a, cycle); err != nil {
			return err
		}
	}
	return nil
}

// teamSupervisors is each supervised team's supervisor and her scope, by
// team id: the supervisor acts within her scope as a signed-in one would.
func teamSupervisors(ctx context.Context, st *store.Store, teams []store.Team) (map[int64]*store.User, map[int64]store.Scope, error) {
	supervisor := map[int64]*store.User{} // team id -> supervisor
	scope := map[int64]store.Scope{}
	for _, t := range teams {
		if t.SupervisorUserID == nil {
			continue
		}
		u, err := st.GetUser(ctx, *t.SupervisorUserID)
		if err != nil {
			return nil, nil, err
		}
		sc, err := auth.ScopeOf(ctx, st, u)
		if err != nil {
			return nil, nil, err
		}
		supervisor[t.ID], scope[t.ID] = u, sc
	}
	return supervisor, scope, nil
}

// coachAgent has the supervisor (actor, in scope sc) write agent a a
// feedback note when she has none yet, and comment on and share her
// reviews of cycle still in draft.
func coachAgent(ctx context.Context, st *store.Store, actor store.Actor, sc store.Scope, a store.Agent, cycle string) error {
	notes, err := st.ListFeedback(ctx, sc, a.ID)
	if err != nil {
		return err
	}
	if len(notes) == 0 {
		body := fmt.Sprintf("%s, thank you for the calm way you handled the angry callers this week. "+
			"Take your recovery break after a hard call; it is yours. Let's review two recordings together on Thursday.", a.Name)
		if err := people.CreateFeedback(ctx, st, actor, sc, &store.Feedback{AgentID: a.ID, Body: body}); err != nil {
			return fmt.Errorf("demo feedback: %w", err)
		}
	}
	reviews, err := st.ListReviews(ctx, store.ReviewFilter{AgentID: a.ID, Cycle: cycle, Scope: sc})
	if err != nil {
		return err
	}
	for _, r := range reviews {
		if r.Status != "draft" {
			continue
		}
		if _, err := people.CommentReview(ctx, st, actor, sc, r.ID, "Steady month. Focus for next month: hold etiquette (ask first, say how long)."); err != nil {
			return fmt.Errorf("demo review comment: %w", err)
		}
		if _, err := people.ShareReview(ctx, st, actor, sc, r.ID); err != nil {
			return fmt.Errorf("demo review share: %w", err)
		}
	}
	return nil
}

// evaluateContacts scores three answered contacts of each of the first
// agents of every team with the default form; now and then an item is
// missed, rarely a critical one.
func evaluateContacts(ctx context.Context, st *store.Store, agents []store.Agent, supervisor map[int64]*store.User, scope map[int64]store.Scope, from, to time.Time, rng *rand.Rand) error {
	form, err := st.EnsureDefaultQualityForm(ctx)
	if err != nil {
		return err
	}
	perTeam := map[int64]int{}
	for _, a := range agents {
		sup := supervisor[a.TeamID]
		if sup == nil || perTeam[a.TeamID] >= 4 {
			continue
		}
		perTeam[a.TeamID]++
		contacts, err := st.Contacts(ctx, store.ContactFilter{AgentID: a.ID, From: from, To: to, Scope: store.Scope{All: true}, Limit: 3})
		if err != nil {
			return err
		}
		for _, ct := range contacts {
			answers := map[string]store.Answer{}
			for _, it := range form.Items {
				score := 1.0
				switch {
				case it.Critical && rng.Float64() < 0.02:
					score = 0
				case !it.Critical && rng.Float64() < 0.2:
					score = 0.5
				}
				answers[it.ID] = store.Answer{Score: score}
			}
			e := store.Evaluation{ContactID: ct.ContactID, Answers: answers, Comments: "Routine monthly evaluation."}
			if err := people.CreateEvaluation(ctx, st, store.Actor{UserID: sup.ID}, scope[a.TeamID], &e); err != nil {
				return fmt.Errorf("demo evaluation of %s: %w", ct.ContactID, err)
			}
		}
	}
	return nil
}

// workComplaints opens a case for each complaining contact of the contact
// days and takes the older ones through the steps: most are resolved and
// the customer told; a few stay under investigation.
func workComplaints(ctx context.Context, st *store.Store, agents []store.Agent, supervisor map[int64]*store.User, scope map[int64]store.Scope, from, to time.Time) error {
	teamOf := map[int64]int64{}
	for _, a := range agents {
		teamOf[a.ID] = a.TeamID
	}
	contacts, err := st.Contacts(ctx, store.ContactFilter{From: from, To: to, Scope: store.Scope{All: true}, Limit: 100000})
	if err != nil {
		return err
	}
	categories := []kpi.ComplaintCategory{kpi.CategoryService, kpi.CategoryProductQuality, kpi.CategoryContractSales, kpi.CategoryDelivery}
	remedies := []string{"discount", "repair", "exchange", "compensation", "return"}
	n := 0
	for _, ct := range contacts {
		if !ct.Complaint || ct.AgentID == nil {
			continue
		}
		team := teamOf[*ct.AgentID]
		sup := supervisor[team]
		if sup == nil {
			continue
		}
		actor, sc := store.Actor{UserID: sup.ID}, scope[team]
		cp := store.Complaint{ContactID: ct.ContactID, Customer: "Customer of " + ct.ContactID,
			About: "Charged twice for the same month", Wants: "A refund and an apology", RecordedAt: ct.ArrivedAt}
		if err := people.CreateComplaint(ctx, st, actor, sc, &cp); err != nil {
			return fmt.Errorf("demo complaint on %s: %w", ct.ContactID, err)
		}
		steps := []store.ComplaintStep{
			{Action: "judge", Valid: true},
			{Action: "classify", Category: string(categories[n%len(categories)])},
			{Action: "assign", Owner: sup.DisplayName},
			{Action: "investigate", Note: "Listened to the recording; checked the billing run."},
			{Action: "resolve", Remedy: remedies[n%len(remedies)]},
			{Action: "approve"},
			{Action: "notify", Note: "Called the customer back."},
		}
		// Recent cases are still being worked: fewer steps taken.
		age := to.Sub(ct.ArrivedAt)
		take := len(steps)
		if age < 3*24*time.Hour {
			take = 3 + n%3
		}
		for _, s := range steps[:take] {
			if _, err := people.StepComplaint(ctx, st, actor, sc, cp.ID, s); err != nil {
				return fmt.Errorf("demo complaint %d step %s: %w", cp.ID, s.Action, err)
			}
		}
		n++
	}
	return nil
}
