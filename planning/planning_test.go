package planning_test

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"wfm/batch"
	"wfm/fault"
	"wfm/planning"
	"wfm/store"
	"wfm/store/storetest"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// plannedCenter is a site in Shanghai with queues: voice0 (Erlang C),
// email (deferred work), patient (Erlang A), then more voice queues.
func plannedCenter(t testing.TB, st *store.Store, queues int) []store.Queue {
	t.Helper()
	ctx := context.Background()
	site := store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai"}
	if err := st.CreateSite(ctx, store.System, &site); err != nil {
		t.Fatal(err)
	}
	var out []store.Queue
	for i := 0; i < queues; i++ {
		q := store.Queue{Code: fmt.Sprintf("voice%d", i), Name: "Voice", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3}
		if i == 2 { // callers hang up after a minute on average: Erlang A
			patience := 60
			q.Code, q.PatienceSeconds = "patient", &patience
		}
		if i == 1 {
			deadline := 4 * 3600
			q = store.Queue{Code: "email", Name: "Email", SiteID: site.ID, Channel: "email", SLTarget: 0.9, SLThresholdSeconds: 3600,
				ResponseDeadlineSeconds: &deadline, Shrinkage: 0.2}
		}
		if err := st.CreateQueue(ctx, store.System, &q); err != nil {
			t.Fatal(err)
		}
		out = append(out, q)
	}
	return out
}

// importHistory writes days of generated history from the local midnight
// first: open 08:00-20:00, a midday peak, quieter weekends, Poisson-like
// noise from the seed. scale multiplies the volume.
func importHistory(t testing.TB, st *store.Store, qs []store.Queue, first time.Time, days int, interval time.Duration, scale float64) {
	t.Helper()
	rng := rand.New(rand.NewSource(7))
	h := batch.History{Interval: interval}
	for _, q := range qs {
		for d := 0; d < days; d++ {
			day := first.AddDate(0, 0, d)
			weekday := 1.0
			if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
				weekday = 0.5
			}
			for at := day.Add(8 * time.Hour); at.Before(day.Add(20 * time.Hour)); at = at.Add(interval) {
				hour := float64(at.Hour()) + float64(at.Minute())/60
				mean := scale * weekday * (20 + 15*math.Exp(-(hour-11)*(hour-11)/4)) * interval.Hours() * 2
				offered := int(math.Max(0, math.Round(mean+rng.NormFloat64()*math.Sqrt(mean))))
				answered := offered
				aht := 240 + 20*rng.Float64()
				h.Rows = append(h.Rows, batch.HistoryRow{Queue: q.Code, Start: at, Offered: offered, Answered: &answered, AHTSeconds: &aht})
			}
		}
	}
	if _, err := st.ImportHistory(context.Background(), store.System, "generated.csv", h); err != nil {
		t.Fatal(err)
	}
}

// erlangCAgents is the smallest N whose Erlang C service level within
// threshold reaches target, by the textbook sum (an independent check of
// the staffing package for small N).
func erlangCAgents(volume, aht, intervalSeconds, threshold, target float64) int {
	if volume == 0 {
		return 0
	}
	a := volume * aht / intervalSeconds
	for n := int(a) + 1; ; n++ {
		sum, term := 0.0, 1.0
		for k := 0; k < n; k++ {
			if k > 0 {
				term *= a / float64(k)
			}
			sum += term
		}
		top := term * a / float64(n) * float64(n) / (float64(n) - a)
		pw := top / (sum + top)
		if 1-pw*math.Exp(-(float64(n)-a)*threshold/aht) >= target {
			return n
		}
	}
}

func TestNightlyForecastsPublishesAndStoresRequirements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		qs := plannedCenter(t, st, 3)
		first := time.Date(2026, 9, 7, 0, 0, 0, 0, shanghai) // a Monday
		importHistory(t, st, qs, first, 42, 30*time.Minute, 1)
		today := first.AddDate(0, 0, 42)
		now := today.Add(2 * time.Hour)

		done, err := planning.Nightly(ctx, st, quiet(), now)
		if err != nil {
			t.Fatal(err)
		}
		if len(done) != 3 {
			t.Fatalf("%d queues done", len(done))
		}
		for _, q := range done {
			if q.Run == nil || !q.Published || q.Err != nil {
				t.Fatalf("queue %s: %+v", q.Code, q)
			}
			wantEnd := today.AddDate(0, 0, planning.NightlyDays)
			if !q.Run.HorizonStart.Equal(today) || !q.Run.HorizonEnd.Equal(wantEnd) || !q.Run.PublishedAuto || len(q.Run.Backtest) == 0 {
				t.Errorf("queue %s run %+v, want horizon %s - %s, auto-published, with a backtest", q.Code, q.Run, today, wantEnd)
			}
			if q.Requirements != planning.NightlyDays*48 {
				t.Errorf("queue %s: %d requirements, want %d", q.Code, q.Requirements, planning.NightlyDays*48)
			}
		}
		voice := qs[0]
		reqs, err := st.Requirements(ctx, []int64{voice.ID}, today, today.AddDate(0, 0, 7))
		if err != nil {
			t.Fatal(err)
		}
		if len(reqs) != 7*48 {
			t.Fatalf("%d requirements in the first week", len(reqs))
		}
		busy := 0
		for _, r := range reqs {
			want := erlangCAgents(r.Volume, r.AHTSeconds, 1800, 20, 0.8)
			if r.Agents != want {
				t.Errorf("%s: %d agents for %.3f contacts of %.1fs, want %d", r.IntervalStart, r.Agents, r.Volume, r.AHTSeconds, want)
			}
			if math.Abs(r.Scheduled-float64(r.Agents)/0.7) > 0.006 {
				t.Errorf("%s: scheduled %v for %d agents at 30%% shrinkage", r.IntervalStart, r.Scheduled, r.Agents)
			}
			if r.Agents > 0 {
				busy++
			}
			if !strings.HasPrefix(r.Source, "published forecast ") {
				t.Errorf("source %q", r.Source)
			}
		}
		if busy < 7*20 {
			t.Errorf("only %d staffed intervals in a week open 12 hours a day", busy)
		}
		mail, err := st.Requirements(ctx, []int64{qs[1].ID}, today, today.AddDate(0, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		var mailAgents int
		for _, r := range mail {
			mailAgents += r.Agents
			if r.ServiceLevel != nil {
				t.Errorf("deferred work has no service level: %+v", r)
			}
		}
		if mailAgents == 0 {
			t.Error("the email queue needs nobody")
		}

		patient, err := st.Requirements(ctx, []int64{qs[2].ID}, today, today.AddDate(0, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range patient {
			if r.Volume == 0 {
				continue
			}
			// Callers who hang up leave less work: on these loads, no more agents than Erlang C.
			if r.AbandonRate == nil || *r.AbandonRate <= 0 || r.Agents > erlangCAgents(r.Volume, r.AHTSeconds, 1800, 20, 0.8) {
				t.Errorf("Erlang A queue at %s: %+v", r.IntervalStart, r)
			}
		}

		// A person publishes a run by hand: the next night's run stays a draft.
		manual, err := planning.Forecast(ctx, st, store.Actor{}, planning.ForecastRequest{QueueIDs: []int64{voice.ID}, Days: 7})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := planning.PublishRun(ctx, st, store.System, manual[0].ID, 0, false); err != nil {
			t.Fatal(err)
		}
		done, err = planning.Nightly(ctx, st, quiet(), now.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range done {
			if q.Published == (q.QueueID == voice.ID) {
				t.Errorf("queue %s published %v after a manual publication of the voice queue", q.Code, q.Published)
			}
		}
	})
}

func TestIntradayReforecastAndAccuracy(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	qs := plannedCenter(t, st, 1)
	first := time.Date(2026, 9, 7, 0, 0, 0, 0, shanghai)
	importHistory(t, st, qs, first, 35, 30*time.Minute, 1)
	today := first.AddDate(0, 0, 35)
	if _, err := planning.Nightly(ctx, st, quiet(), today.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	published, err := planning.PublishedIntervals(ctx, st, qs[0].ID, today, today.AddDate(0, 0, 1), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	// The morning runs at twice the usual volume.
	rng := rand.New(rand.NewSource(1))
	h := batch.History{Interval: 30 * time.Minute}
	var sumA, sumF, sumAbs float64
	for _, iv := range published {
		at := iv.IntervalStart.In(shanghai)
		if at.Hour() >= 12 {
			break
		}
		offered := int(math.Round(2*iv.Volume + rng.Float64()))
		h.Rows = append(h.Rows, batch.HistoryRow{Queue: qs[0].Code, Start: at, Offered: offered})
		sumA += float64(offered)
		sumF += iv.Volume
		sumAbs += math.Abs(float64(offered) - iv.Volume)
	}
	if _, err := st.ImportHistory(ctx, store.System, "today.csv", h); err != nil {
		t.Fatal(err)
	}
	noon := today.Add(12 * time.Hour)
	n, err := planning.ReforecastAll(ctx, st, quiet(), noon)
	if err != nil {
		t.Fatal(err)
	}
	if n != 24 {
		t.Fatalf("%d intervals reforecast, want the 24 from noon", n)
	}
	after, err := st.Requirements(ctx, []int64{qs[0].ID}, noon, today.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	ratio := sumA / sumF
	s := sumF / sumPlanned(published)
	factor := 1 + (ratio-1)*s/(s+0.15)
	for i, r := range after {
		want := published[24+i].Volume * factor
		if !strings.HasPrefix(r.Source, "reforecast") || math.Abs(r.Volume-want) > 1e-9*math.Max(1, want) {
			t.Errorf("%s: volume %v from %q, want %v (factor %.3f)", r.IntervalStart, r.Volume, r.Source, want, factor)
		}
	}

	// The day after, the morning is judged (the afternoon had no contacts).
	if _, err := planning.DailyAccuracy(ctx, st, quiet(), today.AddDate(0, 0, 1).Add(4*time.Hour), 1); err != nil {
		t.Fatal(err)
	}
	days, err := st.AccuracyDays(ctx, store.AccuracyFilter{QueueID: qs[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, iv := range published[24:] {
		sumAbs += iv.Volume
		sumF += iv.Volume
	}
	if len(days) != 1 || days[0].Day.String() != today.Format(time.DateOnly) || days[0].WAPE == nil ||
		math.Abs(*days[0].WAPE-sumAbs/sumA) > 1e-9 || math.Abs(*days[0].Bias-(sumF-sumA)/sumA) > 1e-9 {
		t.Errorf("accuracy %+v, want WAPE %v bias %v", days, sumAbs/sumA, (sumF-sumA)/sumA)
	}
}

func sumPlanned(ivs []store.ForecastInterval) float64 {
	var s float64
	for _, iv := range ivs {
		s += iv.PlannedVolume()
	}
	return s
}

func TestWhatIfNamesBadFieldsAndScalesTheAnswer(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	qs := plannedCenter(t, st, 1)
	first := time.Date(2026, 9, 7, 0, 0, 0, 0, shanghai)
	importHistory(t, st, qs, first, 28, 30*time.Minute, 1)
	today := first.AddDate(0, 0, 28)
	if _, err := planning.Nightly(ctx, st, quiet(), today); err != nil {
		t.Fatal(err)
	}
	bad, zero := -1.0, 0
	_, err := planning.WhatIf(ctx, st, planning.WhatIfRequest{QueueID: qs[0].ID, From: today, To: today.Add(-time.Hour), VolumeFactor: &bad, Concurrency: &zero})
	e, ok := err.(*fault.Error)
	if !ok || e.Fields["to"] == "" || e.Fields["volume_factor"] == "" || e.Fields["concurrency"] == "" {
		t.Fatalf("bad what-if: %v", err)
	}
	same, err := planning.WhatIf(ctx, st, planning.WhatIfRequest{QueueID: qs[0].ID, From: today, To: today.AddDate(0, 0, 7)})
	if err != nil {
		t.Fatal(err)
	}
	if same.FTE != same.BaseFTE || same.FTE <= 0 || len(same.Intervals) != 7*48 {
		t.Errorf("no change: %v FTE vs base %v, %d intervals", same.FTE, same.BaseFTE, len(same.Intervals))
	}
	// Hours over a week at 40 hours per FTE.
	var hours float64
	for _, r := range same.Intervals {
		hours += r.Scheduled / 2
	}
	if math.Abs(same.FTE-hours/40) > 1e-9 {
		t.Errorf("FTE %v, want %v", same.FTE, hours/40)
	}
	more, shrink := 1.5, 0.4
	busier, err := planning.WhatIf(ctx, st, planning.WhatIfRequest{QueueID: qs[0].ID, From: today, To: today.AddDate(0, 0, 7), VolumeFactor: &more, Shrinkage: &shrink})
	if err != nil {
		t.Fatal(err)
	}
	if busier.BaseFTE != same.BaseFTE || busier.FTE <= same.FTE*1.3 {
		t.Errorf("1.5x volume at 40%% shrinkage: %v FTE, base %v", busier.FTE, busier.BaseFTE)
	}
	for i, r := range busier.Intervals {
		if want := erlangCAgents(same.Intervals[i].Volume*1.5, r.AHTSeconds, 1800, 20, 0.8); r.Agents != want {
			t.Fatalf("%s: %d agents, want %d", r.IntervalStart, r.Agents, want)
		}
	}
	reqs, _ := st.Requirements(ctx, []int64{qs[0].ID}, today, today.AddDate(0, 0, 7))
	for i, r := range reqs {
		if r.Agents != same.Intervals[i].Agents {
			t.Fatalf("a what-if changed the stored requirements at %s", r.IntervalStart)
		}
	}
}

// TestNightlyDemoSize times the nightly job for a demo-sized center: 5
// queues with 16 weeks of 15-minute history, on SQLite.
// WFM_PLANNING_BENCH=1 go test ./jobs -run NightlyDemoSize -v
func TestNightlyDemoSize(t *testing.T) {
	if os.Getenv("WFM_PLANNING_BENCH") == "" {
		t.Skip("set WFM_PLANNING_BENCH=1 to time the nightly job on 5 queues x 16 weeks of 15-minute history")
	}
	st := storetest.OpenEngine(t, storetest.SQLite)
	ctx := context.Background()
	qs := plannedCenter(t, st, 5)
	first := time.Date(2026, 7, 6, 0, 0, 0, 0, shanghai)
	importHistory(t, st, qs, first, 16*7, 15*time.Minute, 1)
	today := first.AddDate(0, 0, 16*7)
	start := time.Now()
	done, err := planning.Nightly(ctx, st, quiet(), today.Add(2*time.Hour))
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, q := range done {
		total += q.Requirements
	}
	t.Logf("nightly job: %d queues, %d requirement intervals written, %v", len(done), total, took)
}
