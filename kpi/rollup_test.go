package kpi

import (
	"fmt"
	"testing"
	"time"
)

func TestPeriodStart(t *testing.T) {
	tests := []struct {
		p    Period
		d    Date
		want Date
	}{
		{PeriodDay, Date{Year: 2026, Month: 3, Day: 4}, Date{Year: 2026, Month: 3, Day: 4}},
		{PeriodWeek, Date{Year: 2026, Month: 3, Day: 4}, Date{Year: 2026, Month: 3, Day: 2}},   // Wednesday -> Monday
		{PeriodWeek, Date{Year: 2026, Month: 3, Day: 1}, Date{Year: 2026, Month: 2, Day: 23}},  // Sunday ends the week
		{PeriodWeek, Date{Year: 2026, Month: 3, Day: 2}, Date{Year: 2026, Month: 3, Day: 2}},   // Monday starts it
		{PeriodWeek, Date{Year: 2027, Month: 1, Day: 1}, Date{Year: 2026, Month: 12, Day: 28}}, // across the year
		{PeriodMonth, Date{Year: 2026, Month: 2, Day: 28}, Date{Year: 2026, Month: 2, Day: 1}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s of %s", tt.p, tt.d), func(t *testing.T) {
			if got := tt.p.Start(tt.d); got != tt.want {
				t.Errorf("%s start of %s = %s, want %s", tt.p, tt.d, got, tt.want)
			}
		})
	}
	if err := Period("year").Validate(); err == nil {
		t.Error("unknown period accepted")
	}
}

func TestRollupQueuesAddsCounts(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	goal := ServiceGoal{Threshold: 20 * time.Second}
	// Two intervals of Q: 9 of 10 in SL, then 0 of 100. The day's SL is
	// 9/110, not the mean of 0.9 and 0 (0.45).
	// The third interval, 2026-03-01 23:30 UTC, is 07:30 on 2 March in
	// Shanghai: the same local day.
	rows := []QueueInterval{
		{Queue: "Q", Start: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), Goal: goal,
			QueueCounts: QueueCounts{Offered: 10, Answered: 10, AnsweredInSL: 9, SLBase: 10, WaitSeconds: 100, HandleSeconds: 2000}},
		{Queue: "Q", Start: time.Date(2026, 3, 2, 1, 30, 0, 0, time.UTC), Goal: goal,
			QueueCounts: QueueCounts{Offered: 100, Answered: 90, Abandoned: 10, SLBase: 100, WaitSeconds: 9000, HandleSeconds: 18000}},
		{Queue: "Q", Start: time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC), Goal: goal,
			QueueCounts: QueueCounts{}},
	}
	days, err := RollupQueues(rows, PeriodDay, func(string) *time.Location { return sh })
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 1 || days[0].Start != (Date{Year: 2026, Month: 3, Day: 2}) {
		t.Fatalf("days = %+v", days)
	}
	d := days[0]
	if sl := d.ServiceLevel(); !near(sl.Value, 9.0/110) {
		t.Errorf("day SL = %v, want 9/110", sl)
	}
	if asa := d.ASASeconds(); !near(asa.Value, 9100.0/100) {
		t.Errorf("day ASA = %v, want 91", asa)
	}
	if ar := d.AbandonRate(); !near(ar.Value, 10.0/110) {
		t.Errorf("day abandon rate = %v", ar)
	}
	// In UTC the third interval is on 1 March: two days.
	days, err = RollupQueues(rows, PeriodDay, nil)
	if err != nil || len(days) != 2 {
		t.Errorf("UTC days = %+v, %v", days, err)
	}
	rows[1].Goal.Formula = SLAbandonsIgnored
	if _, err := RollupQueues(rows, PeriodMonth, nil); err == nil {
		t.Error("mixed service goals added")
	}
}

func TestRollupAgentsAndTeams(t *testing.T) {
	day := func(agent string, d int, handled int, handle float64, csatGood, csatScored int) AgentDay {
		return AgentDay{Agent: agent, Date: Date{Year: 2026, Month: 3, Day: d}, AgentCounts: AgentCounts{
			Handled: handled, HandleSeconds: handle, CSATGood: csatGood, CSATScored: csatScored,
			Scheduled: 8 * time.Hour, OutOfAdherence: time.Duration(d) * time.Minute}}
	}
	days := []AgentDay{
		day("A", 2, 10, 1000, 1, 1), // Monday
		day("A", 3, 30, 6000, 0, 3), // Tuesday
		day("B", 3, 20, 3000, 2, 2),
		day("C", 9, 5, 500, 0, 0), // next Monday; C has no team
	}
	weeks, err := RollupAgents(days, PeriodWeek)
	if err != nil {
		t.Fatal(err)
	}
	if len(weeks) != 3 || weeks[0].Group != "A" {
		t.Fatalf("weeks = %+v", weeks)
	}
	a := weeks[0]
	// AHT = 7000/40 = 175 (the mean of 100 and 200 would be 150).
	if aht := a.AHTSeconds(); !near(aht.Value, 175) {
		t.Errorf("A's week AHT = %v, want 175", aht)
	}
	if csat := a.CSAT(); !near(csat.Value, 0.25) {
		t.Errorf("A's week CSAT = %v, want 1/4", csat)
	}
	if adh := a.Adherence(); !near(adh.Value, 1-5.0/960) {
		t.Errorf("A's week adherence = %v", adh)
	}

	teams, err := RollupTeams(days, PeriodMonth, map[string]string{"A": "T1", "B": "T1"})
	if err != nil {
		t.Fatal(err)
	}
	// Sorted: "" (C) then T1.
	if len(teams) != 2 || teams[0].Group != "" || teams[1].Group != "T1" {
		t.Fatalf("teams = %+v", teams)
	}
	t1 := teams[1]
	if t1.Agents != 2 || t1.Handled != 60 || !near(t1.AHTSeconds().Value, 10000.0/60) || !near(t1.CSAT().Value, 3.0/6) {
		t.Errorf("T1 = %+v", t1)
	}
}
