package kpi

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("time zone %s not available: %v", name, err)
	}
	return loc
}

// at is 2026-03-02 (a Monday) hh:mm:ss UTC.
func at(hh, mm, ss int) time.Time { return time.Date(2026, 3, 2, hh, mm, ss, 0, time.UTC) }

func answered(id, queue string, arrived time.Time, wait, talk time.Duration) Contact {
	return Contact{ID: id, Queue: queue, ArrivedAt: arrived, AnsweredAt: arrived.Add(wait),
		EndedAt: arrived.Add(wait + talk), TalkSeconds: talk.Seconds(), Agent: "A1"}
}

func abandoned(id, queue string, arrived time.Time, wait time.Duration) Contact {
	return Contact{ID: id, Queue: queue, ArrivedAt: arrived, EndedAt: arrived.Add(wait)}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func TestQueueIntervalsByHand(t *testing.T) {
	// One half hour of queue Q, worked by hand:
	// c1 answered after 10 s, talk 100 s, hold 20 s, acw 30 s (handle 150)
	// c2 answered after 20 s (exactly the threshold: in SL), talk 200 s
	// c3 answered after 45 s, talk 250 s
	// c4 abandoned after 3 s  (short abandon, < 5 s)
	// c5 abandoned after 15 s (inside the 20 s threshold)
	// c6 abandoned after 60 s
	// c7 arrives 08:30:00, the next interval: answered at once, talk 60 s.
	c1 := answered("c1", "Q", at(8, 0, 0), 10*time.Second, 100*time.Second)
	c1.HoldSeconds, c1.ACWSeconds = 20, 30
	contacts := []Contact{
		c1,
		answered("c2", "Q", at(8, 5, 0), 20*time.Second, 200*time.Second),
		answered("c3", "Q", at(8, 29, 59), 45*time.Second, 250*time.Second),
		abandoned("c4", "Q", at(8, 10, 0), 3*time.Second),
		abandoned("c5", "Q", at(8, 11, 0), 15*time.Second),
		abandoned("c6", "Q", at(8, 12, 0), 60*time.Second),
		answered("c7", "Q", at(8, 30, 0), 0, 60*time.Second),
	}
	tests := []struct {
		formula SLFormula
		sl      float64 // first interval
	}{
		// answered in SL = 2 (c1, c2)
		{SLAbandonsCounted, 2.0 / (3 + 3 - 1)},    // c4 short: 2/5
		{SLAbandonsIgnored, 2.0 / 3},              // 2/3
		{SLAbandonsAfterThreshold, 2.0 / (3 + 1)}, // only c6 waited > 20 s: 2/4
		{"", 2.0 / 5}, // the contract's by default
	}
	for _, tt := range tests {
		t.Run(cmp.Or(string(tt.formula), "default"), func(t *testing.T) {
			got, err := QueueIntervals(contacts, IntervalSettings{Interval: 30 * time.Minute,
				Goal: ServiceGoal{Threshold: 20 * time.Second, ShortAbandon: 5 * time.Second, Formula: tt.formula}})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 {
				t.Fatalf("got %d intervals, want 2", len(got))
			}
			q := got[0]
			if !q.Start.Equal(at(8, 0, 0)) || q.Offered != 6 || q.Answered != 3 || q.Abandoned != 3 || q.ShortAbandoned != 1 {
				t.Errorf("counts = %+v", q)
			}
			if sl := q.ServiceLevel(); !sl.OK || !near(sl.Value, tt.sl) {
				t.Errorf("service level = %+v, want %v", sl, tt.sl)
			}
			if asa := q.ASASeconds(); !near(asa.Value, (10+20+45)/3.0) {
				t.Errorf("asa = %+v, want 25", asa)
			}
			if aht := q.AHTSeconds(); !near(aht.Value, (150+200+250)/3.0) {
				t.Errorf("aht = %+v, want 200", aht)
			}
			if ar := q.AbandonRate(); !near(ar.Value, 0.5) {
				t.Errorf("abandon rate = %+v, want 0.5", ar)
			}
			if second := got[1]; !second.Start.Equal(at(8, 30, 0)) || second.Offered != 1 || second.ServiceLevel().Value != 1 {
				t.Errorf("second interval = %+v", second)
			}
		})
	}
}

func TestQueueIntervalsAbsentRatios(t *testing.T) {
	// Only a short abandon: no answered contact, SL denominator 0.
	got, err := QueueIntervals([]Contact{abandoned("x", "Q", at(9, 0, 0), 2*time.Second)},
		IntervalSettings{Interval: 15 * time.Minute, Goal: ServiceGoal{Threshold: 20 * time.Second, ShortAbandon: 5 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	q := got[0]
	for name, r := range map[string]Ratio{"sl": q.ServiceLevel(), "asa": q.ASASeconds(), "aht": q.AHTSeconds()} {
		if r.OK {
			t.Errorf("%s = %+v, want absent", name, r)
		}
	}
	if r := q.AbandonRate(); !r.OK || r.Value != 1 {
		t.Errorf("abandon rate = %+v, want 1", r)
	}
}

func TestQueueIntervalsPerQueueGoal(t *testing.T) {
	cs := []Contact{
		answered("a", "VIP", at(8, 0, 0), 12*time.Second, time.Minute),
		answered("b", "STD", at(8, 0, 0), 12*time.Second, time.Minute),
	}
	got, err := QueueIntervals(cs, IntervalSettings{Interval: 30 * time.Minute,
		Goal:  ServiceGoal{Threshold: 20 * time.Second},
		Goals: map[string]ServiceGoal{"VIP": {Threshold: 10 * time.Second, Formula: SLAbandonsIgnored}}})
	if err != nil {
		t.Fatal(err)
	}
	// sorted by queue: STD then VIP
	if got[0].Queue != "STD" || got[0].ServiceLevel().Value != 1 {
		t.Errorf("STD = %+v", got[0])
	}
	if got[1].Queue != "VIP" || got[1].ServiceLevel().Value != 0 || got[1].Goal.Formula != SLAbandonsIgnored {
		t.Errorf("VIP = %+v", got[1])
	}
	if d := got[1].Goal.Describe(); d != "abandons-ignored: answered within 10s / answered" {
		t.Errorf("describe = %q", d)
	}
}

func TestIntervalStartDST(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	tests := []struct {
		name string
		t    time.Time
		want time.Time
	}{
		// 2026-03-08: 02:00 EST jumps to 03:00 EDT.
		{"before spring", time.Date(2026, 3, 8, 6, 45, 0, 0, time.UTC), time.Date(2026, 3, 8, 6, 30, 0, 0, time.UTC)}, // 01:45 EST
		{"after spring", time.Date(2026, 3, 8, 7, 5, 0, 0, time.UTC), time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)},    // 03:05 EDT
		// 2026-11-01: 02:00 EDT goes back to 01:00 EST; 01:10 happens twice.
		{"first 01:10", time.Date(2026, 11, 1, 5, 10, 0, 0, time.UTC), time.Date(2026, 11, 1, 5, 0, 0, 0, time.UTC)},   // EDT
		{"second 01:10", time.Date(2026, 11, 1, 6, 10, 0, 0, time.UTC), time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC)},  // EST
		{"local midnight", time.Date(2026, 11, 1, 4, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 4, 0, 0, 0, time.UTC)}, // 00:00 EDT
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IntervalStart(tt.t, 30*time.Minute, ny); !got.Equal(tt.want) {
				t.Errorf("%s: IntervalStart = %s, want %s", tt.name, got, tt.want.In(ny))
			}
		})
	}
	for _, d := range []struct {
		day, n int
		month  time.Month
	}{{8, 46, time.March}, {1, 50, time.November}, {2, 48, time.November}} {
		t.Run(fmt.Sprintf("%s %d", d.month, d.day), func(t *testing.T) {
			grid := DayIntervals(2026, d.month, d.day, 30*time.Minute, ny)
			if len(grid) != d.n {
				t.Errorf("%s %d: %d intervals, want %d", d.month, d.day, len(grid), d.n)
			}
			for i := 1; i < len(grid); i++ {
				if grid[i].Sub(grid[i-1]) != 30*time.Minute {
					t.Errorf("%s %d: gap %s before %s", d.month, d.day, grid[i].Sub(grid[i-1]), grid[i])
				}
			}
		})
	}
}

func TestQueueIntervalsRejectsBadContacts(t *testing.T) {
	good := answered("ok", "Q", at(8, 0, 0), time.Second, time.Minute)
	early := good
	early.ID, early.AnsweredAt = "early", at(7, 59, 0)
	neg := good
	neg.ID, neg.TalkSeconds = "neg", -1
	csat := good
	csat.ID, csat.CSAT = "csat", 6
	dup := good
	_, err := QueueIntervals([]Contact{good, early, neg, csat, dup}, IntervalSettings{Interval: 30 * time.Minute})
	var es InputErrors
	if !errors.As(err, &es) {
		t.Fatalf("err = %v, want InputErrors", err)
	}
	want := []InputError{
		{Record: "contacts", Index: 1, Field: "answered_at"},
		{Record: "contacts", Index: 2, Field: "talk_seconds"},
		{Record: "contacts", Index: 3, Field: "csat"},
		{Record: "contacts", Index: 4, Field: "contact_id"},
	}
	if len(es) != len(want) {
		t.Fatalf("got %d problems, want %d: %v", len(es), len(want), err)
	}
	for i, w := range want {
		if es[i].Index != w.Index || es[i].Field != w.Field || es[i].Record != w.Record {
			t.Errorf("problem %d = %v, want %s[%d].%s", i, es[i], w.Record, w.Index, w.Field)
		}
	}
}

func TestIntervalSettingsValidate(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Minute, 7 * time.Minute, 90 * time.Second} {
		t.Run(d.String(), func(t *testing.T) {
			if err := (IntervalSettings{Interval: d}).Validate(); err == nil {
				t.Errorf("interval %s accepted", d)
			}
		})
	}
	bad := IntervalSettings{Interval: 15 * time.Minute, Goal: ServiceGoal{Formula: "whatever"}}
	if err := bad.Validate(); err == nil {
		t.Error("unknown formula accepted")
	}
}
