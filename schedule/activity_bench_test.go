package schedule_test

import (
	"context"
	"testing"

	"wfm/schedule"
	"wfm/schedule/gen"
)

// BenchmarkPlanActivity places a 60-minute meeting for 20 agents (all
// together) and 30-minute coaching for each of them, within a week of a
// 100-agent, 28-day generated call-center roster on a 15-minute grid.
func BenchmarkPlanActivity(b *testing.B) {
	p, err := gen.Generate(gen.Params{Agents: 100, Days: 28, Skills: 2, PartTimeShare: 0.2, MultiSkillShare: 1.0 / 3, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	sol, err := schedule.Solve(context.Background(), p, schedule.Options{Seed: 1, MaxIterations: 20})
	if err != nil {
		b.Fatal(err)
	}
	var agents []string
	for _, a := range p.Agents[:20] {
		agents = append(agents, a.ID)
	}
	for _, tc := range []struct {
		name     string
		minutes  int
		together bool
	}{{"together", 60, true}, {"each", 30, false}} {
		b.Run(tc.name, func(b *testing.B) {
			r := schedule.ActivityRequest{Kind: schedule.ActivityMeeting, Title: "x", Agents: agents, DurationMinutes: tc.minutes,
				FirstDay: 7, LastDay: 13, From: 0, To: 1440, Together: tc.together}
			var plan schedule.ActivityPlan
			for b.Loop() {
				if plan, err = schedule.PlanActivity(p, sol, r); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(plan.Placed)), "placed")
			b.ReportMetric(plan.Cost, "cost")
		})
	}
}
