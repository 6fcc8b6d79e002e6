package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"wfm/batch"
	"wfm/civil"
	"wfm/holidays"
	"wfm/store"
	"wfm/store/storetest"
)

// salesHistory gives the fixture's queue "sales" 5 weeks of 30-minute
// history, open 08:00-20:00 in Shanghai, ending the day before today.
func salesHistory(t *testing.T, f *fixture) (queueID int64, today time.Time) {
	t.Helper()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	first := time.Date(2026, 9, 7, 0, 0, 0, 0, loc)
	h := batch.History{Interval: 30 * time.Minute}
	for d := 0; d < 35; d++ {
		day := first.AddDate(0, 0, d)
		for at := day.Add(8 * time.Hour); at.Before(day.Add(20 * time.Hour)); at = at.Add(30 * time.Minute) {
			offered := 20 + 5*(d%7) + at.Hour() + (d*7+at.Minute())%5
			aht := 250.0
			h.Rows = append(h.Rows, batch.HistoryRow{Queue: "sales", Start: at, Offered: offered, AHTSeconds: &aht})
		}
	}
	_, err := f.st.ImportHistory(context.Background(), store.System, "sales.csv", h)
	must(t, err)
	qs, err := f.st.ListQueues(context.Background())
	must(t, err)
	return qs[0].ID, first.AddDate(0, 0, 35)
}

func planJSON[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return v
}

// wantField checks a 400 whose error names the field.
func wantPlanField(t *testing.T, resp *http.Response, body []byte, field string) {
	t.Helper()
	var e struct {
		Error struct {
			Code   string            `json:"code"`
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	json.Unmarshal(body, &e)
	if resp.StatusCode != http.StatusBadRequest || e.Error.Fields[field] == "" {
		t.Errorf("want 400 naming %s, got %d %s", field, resp.StatusCode, body)
	}
}

type runBody struct {
	ID        int64  `json:"id"`
	Version   int64  `json:"version"`
	QueueID   int64  `json:"queue_id"`
	Method    string `json:"method"`
	Status    string `json:"status"`
	Backtest  []any  `json:"backtest"`
	Intervals []struct {
		IntervalStart  time.Time `json:"interval_start"`
		Volume         float64   `json:"volume"`
		VolumeLow      float64   `json:"volume_low"`
		VolumeHigh     float64   `json:"volume_high"`
		OverrideVolume *float64  `json:"override_volume"`
		OverrideReason *string   `json:"override_reason"`
	} `json:"intervals"`
}

func TestForecastOverridePublishAndRequirements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		queueID, today := salesHistory(t, f)

		resp, body := f.do(t, "manager", "POST", "/api/v1/forecasts", map[string]any{"queue_ids": []int64{queueID}, "days": -1, "method": "crystal-ball"})
		wantPlanField(t, resp, body, "days")
		wantPlanField(t, resp, body, "method")
		resp, body = f.do(t, "manager", "POST", "/api/v1/forecasts", map[string]any{"queue_ids": []int64{queueID}, "days": "seven"})
		wantPlanField(t, resp, body, "days")

		resp, body = f.do(t, "manager", "POST", "/api/v1/forecasts", map[string]any{"queue_ids": []int64{queueID}, "days": 7})
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("run forecast: %d %s", resp.StatusCode, body)
		}
		runs := planJSON[[]runBody](t, body)
		if len(runs) != 1 || runs[0].Status != "draft" || runs[0].Method == "" {
			t.Fatalf("runs %s", body)
		}
		id := runs[0].ID

		resp, body = f.do(t, "supervisor", "GET", fmt.Sprintf("/api/v1/forecasts/%d", id), nil)
		if resp.StatusCode != 200 {
			t.Fatalf("read run: %d %s", resp.StatusCode, body)
		}
		run := planJSON[runBody](t, body)
		if len(run.Intervals) != 7*48 || len(run.Backtest) == 0 || !run.Intervals[0].IntervalStart.Equal(today) {
			t.Fatalf("run has %d intervals from %v, backtest %v", len(run.Intervals), run.Intervals[0].IntervalStart, run.Backtest)
		}
		for _, iv := range run.Intervals {
			if iv.VolumeLow > iv.Volume || iv.Volume > iv.VolumeHigh {
				t.Fatalf("prediction interval %v..%v does not hold %v", iv.VolumeLow, iv.VolumeHigh, iv.Volume)
			}
		}
		resp, body = f.do(t, "supervisor", "GET", fmt.Sprintf("/api/v1/forecasts?queue_id=%d&status=draft", queueID), nil)
		if list := planJSON[[]runBody](t, body); resp.StatusCode != 200 || len(list) != 1 {
			t.Errorf("list: %d %s", resp.StatusCode, body)
		}
		resp, body = f.do(t, "supervisor", "GET", "/api/v1/forecasts?status=final", nil)
		wantPlanField(t, resp, body, "status")

		at := run.Intervals[22].IntervalStart // 11:00
		path := fmt.Sprintf("/api/v1/forecasts/%d/intervals", id)
		resp, body = f.do(t, "manager", "PUT", path, map[string]any{"version": run.Version, "intervals": []any{map[string]any{"interval_start": at, "volume": 80}}})
		wantPlanField(t, resp, body, "reason")
		resp, body = f.do(t, "manager", "PUT", path, map[string]any{"reason": "flyer", "intervals": []any{map[string]any{"interval_start": at, "volume": 80}}})
		wantPlanField(t, resp, body, "version")
		resp, body = f.do(t, "manager", "PUT", path, map[string]any{"version": run.Version, "reason": "flyer", "intervals": []any{map[string]any{"interval_start": at, "volume": -3}}})
		wantPlanField(t, resp, body, "intervals[0].volume")
		resp, body = f.do(t, "manager", "PUT", path, map[string]any{"version": run.Version, "reason": "flyer goes out at 11",
			"intervals": []any{map[string]any{"interval_start": at, "volume": 80}}})
		if resp.StatusCode != 200 {
			t.Fatalf("override: %d %s", resp.StatusCode, body)
		}
		over := planJSON[runBody](t, body)
		if over.Version != run.Version+1 || *over.Intervals[22].OverrideVolume != 80 || *over.Intervals[22].OverrideReason != "flyer goes out at 11" {
			t.Errorf("after override %+v", over.Intervals[22])
		}
		audits, err := st.ListAudit(context.Background(), store.AuditFilter{Entity: "forecast_run", EntityID: fmt.Sprint(id)})
		must(t, err)
		if len(audits) == 0 || audits[0].Action != "override" || audits[0].UserID == nil || *audits[0].UserID != f.users["manager"].ID {
			t.Errorf("override not audited as the manager: %+v", audits)
		}

		resp, body = f.do(t, "manager", "POST", fmt.Sprintf("/api/v1/forecasts/%d/publish", id), map[string]any{"version": 1})
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("publish a stale version: %d %s", resp.StatusCode, body)
		}
		resp, body = f.do(t, "manager", "POST", fmt.Sprintf("/api/v1/forecasts/%d/publish", id), nil)
		if resp.StatusCode != 200 || planJSON[runBody](t, body).Status != "published" {
			t.Fatalf("publish: %d %s", resp.StatusCode, body)
		}
		resp, body = f.do(t, "manager", "PUT", path, map[string]any{"version": over.Version + 1, "reason": "late", "intervals": []any{map[string]any{"interval_start": at, "volume": 1}}})
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("override a published run: %d %s", resp.StatusCode, body)
		}

		q := fmt.Sprintf("/api/v1/requirements?queue_id=%d&from=%s&to=%s", queueID, url.QueryEscape(today.Format(time.RFC3339)), url.QueryEscape(today.AddDate(0, 0, 1).Format(time.RFC3339)))
		resp, body = f.do(t, "supervisor", "GET", q, nil)
		reqs := planJSON[[]store.Requirement](t, body)
		if resp.StatusCode != 200 || len(reqs) != 48 {
			t.Fatalf("requirements: %d, %d rows", resp.StatusCode, len(reqs))
		}
		if reqs[22].Volume != 80 || reqs[22].Agents < 1 || reqs[0].Agents != 0 || reqs[22].Scheduled != float64(reqs[22].Agents) /* the fixture queue has no shrinkage */ {
			t.Errorf("requirement at 11:00 %+v (override 80), at midnight %+v", reqs[22], reqs[0])
		}
		resp, body = f.do(t, "supervisor", "GET", fmt.Sprintf("/api/v1/requirements?queue_id=%d&to=%s", queueID, url.QueryEscape(today.Format(time.RFC3339))), nil)
		wantPlanField(t, resp, body, "from")

		resp, body = f.do(t, "manager", "POST", "/api/v1/requirements", map[string]any{"queue_id": queueID, "from": today, "to": today.AddDate(0, 0, 2)})
		if out := planJSON[map[string]int](t, body); resp.StatusCode != 200 || out["intervals"] != 96 {
			t.Errorf("recompute: %d %s", resp.StatusCode, body)
		}
		resp, body = f.do(t, "manager", "POST", "/api/v1/requirements", map[string]any{"from": today, "to": today})
		wantPlanField(t, resp, body, "queue_id")
		wantPlanField(t, resp, body, "to")
	})
}

func TestWhatIfOverTheAPI(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	queueID, today := salesHistory(t, f)
	_, body := f.do(t, "manager", "POST", "/api/v1/forecasts", map[string]any{"queue_ids": []int64{queueID}, "days": 7})
	runs := planJSON[[]runBody](t, body)
	resp, body := f.do(t, "manager", "POST", fmt.Sprintf("/api/v1/forecasts/%d/publish", runs[0].ID), nil)
	if resp.StatusCode != 200 {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
	}
	week := map[string]any{"queue_id": queueID, "from": today, "to": today.AddDate(0, 0, 7)}
	resp, body = f.do(t, "supervisor", "POST", "/api/v1/what-if", week)
	base := planJSON[struct {
		FTE       float64             `json:"fte"`
		BaseFTE   float64             `json:"base_fte"`
		Intervals []store.Requirement `json:"intervals"`
	}](t, body)
	if resp.StatusCode != 200 || base.FTE != base.BaseFTE || base.FTE <= 0 || len(base.Intervals) != 7*48 {
		t.Fatalf("what-if without change: %d %s", resp.StatusCode, body[:min(len(body), 300)])
	}
	week["goal"] = map[string]any{"sl_target": 0.95, "sl_threshold_seconds": 10}
	week["aht_factor"] = 1.2
	resp, body = f.do(t, "supervisor", "POST", "/api/v1/what-if", week)
	harder := planJSON[struct {
		FTE     float64 `json:"fte"`
		BaseFTE float64 `json:"base_fte"`
	}](t, body)
	if resp.StatusCode != 200 || harder.FTE <= base.FTE || harder.BaseFTE != base.BaseFTE {
		t.Errorf("a harder goal and longer calls: %v FTE against %v", harder.FTE, base.FTE)
	}
	resp, body = f.do(t, "supervisor", "POST", "/api/v1/what-if", map[string]any{"queue_id": queueID, "from": today, "to": today.AddDate(0, 0, 1),
		"shrinkage": 1.2, "goal": map[string]any{"sl_target": 80}})
	wantPlanField(t, resp, body, "shrinkage")
	wantPlanField(t, resp, body, "goal.sl_target")
	resp, body = f.do(t, "supervisor", "POST", "/api/v1/what-if", map[string]any{"queue_id": queueID, "from": today.AddDate(1, 0, 0), "to": today.AddDate(1, 0, 1)})
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("a what-if without a forecast: %d %s", resp.StatusCode, body)
	}
}

// A site keeps the public holidays of its zone's country by default
// (Shanghai: mainland China's, make-up working days too); set to Israel,
// the API lists the autumn festivals its forecasts will treat as holidays.
func TestSitePublicHolidaysOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		path := fmt.Sprintf("/api/v1/sites/%d/public-holidays?from=2026-09-01&to=2026-10-31", f.site.ID)
		resp, body := f.do(t, "supervisor", "GET", path, nil)
		byDate := map[string]holidays.Day{}
		for _, d := range planJSON[[]holidays.Day](t, body) {
			byDate[d.Date] = d
		}
		if d, w := byDate["2026-10-01"], byDate["2026-10-10"]; resp.StatusCode != 200 || d.Name != "National Day" || !d.Closed || !w.Workday || w.Like != "Friday" {
			t.Errorf("Shanghai, auto: %d %s", resp.StatusCode, body)
		}
		site := f.site
		_, body = f.do(t, "admin", "GET", fmt.Sprintf("/api/v1/sites/%d", site.ID), nil)
		site = planJSON[store.Site](t, body)
		if site.PublicHolidays != store.HolidaysAuto {
			t.Errorf("a new site's public_holidays: %q", site.PublicHolidays)
		}
		site.PublicHolidays = "XX"
		resp, body = f.do(t, "admin", "PUT", fmt.Sprintf("/api/v1/sites/%d", site.ID), site)
		wantPlanField(t, resp, body, "public_holidays")
		site.PublicHolidays = "IL"
		if resp, body = f.do(t, "admin", "PUT", fmt.Sprintf("/api/v1/sites/%d", site.ID), site); resp.StatusCode != 200 {
			t.Fatalf("set IL: %d %s", resp.StatusCode, body)
		}
		resp, body = f.do(t, "supervisor", "GET", path, nil)
		list := planJSON[[]holidays.Day](t, body)
		var names []string
		for _, d := range list {
			if d.Group == "holiday" {
				names = append(names, d.Date+" "+d.Name)
			}
		}
		want := "2026-09-12 Rosh Hashana,2026-09-13 Rosh Hashana II,2026-09-21 Yom Kippur,2026-09-26 Sukkot,2026-10-03 Shmini Atzeret"
		if resp.StatusCode != 200 || strings.Join(names, ",") != want {
			t.Errorf("IL autumn 2026: %d %v, want %s", resp.StatusCode, names, want)
		}
		resp, body = f.do(t, "supervisor", "GET", fmt.Sprintf("/api/v1/sites/%d/public-holidays?from=Sept&to=2030-01-01", f.site.ID), nil)
		wantPlanField(t, resp, body, "from")
		resp, body = f.do(t, "supervisor", "GET", fmt.Sprintf("/api/v1/sites/%d/public-holidays?from=2026-01-01&to=2030-01-01", f.site.ID), nil)
		wantPlanField(t, resp, body, "to")
		if resp, body = f.do(t, "agent", "GET", path, nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("an agent reads the public holidays: %d %s", resp.StatusCode, body)
		}
		if resp, body = f.do(t, "supervisor", "GET", "/api/v1/sites/999/public-holidays?from=2026-09-01&to=2026-10-31", nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("no such site: %d %s", resp.StatusCode, body)
		}
	})
}

func TestCalendarEventsAndAccuracyOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		resp, body := f.do(t, "manager", "POST", "/api/v1/calendar-events", map[string]any{"site_id": f.site.ID, "date": "2026-10-01", "kind": "holiday", "name": "国庆节", "multiplier": 0.3})
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", resp.StatusCode, body)
		}
		ev := planJSON[store.CalendarEvent](t, body)
		resp, body = f.do(t, "manager", "POST", "/api/v1/calendar-events", map[string]any{"site_id": f.site.ID, "date": "2026-10-01", "kind": "party"})
		wantPlanField(t, resp, body, "kind")
		// A day that is not one stops the JSON decoding: it is named
		// alone, the other fields are checked once it is a day.
		resp, body = f.do(t, "manager", "POST", "/api/v1/calendar-events", map[string]any{"site_id": f.site.ID, "date": "1 Oct", "kind": "anomaly", "multiplier": 2})
		wantPlanField(t, resp, body, "date")
		resp, body = f.do(t, "manager", "POST", "/api/v1/calendar-events", map[string]any{"site_id": f.site.ID, "date": "2026-10-02", "kind": "anomaly", "multiplier": 2})
		wantPlanField(t, resp, body, "multiplier")

		resp, body = f.do(t, "supervisor", "GET", fmt.Sprintf("/api/v1/calendar-events?site_id=%d&from=2026-09-01&to=2026-10-31", f.site.ID), nil)
		if list := planJSON[[]store.CalendarEvent](t, body); resp.StatusCode != 200 || len(list) != 1 || list[0].Name != "国庆节" {
			t.Errorf("list: %d %s", resp.StatusCode, body)
		}
		ev.Name = "National Day"
		resp, body = f.do(t, "manager", "PUT", fmt.Sprintf("/api/v1/calendar-events/%d", ev.ID), ev)
		if got := planJSON[store.CalendarEvent](t, body); resp.StatusCode != 200 || got.Version != 2 {
			t.Errorf("update: %d %s", resp.StatusCode, body)
		}
		resp, body = f.do(t, "manager", "PUT", fmt.Sprintf("/api/v1/calendar-events/%d", ev.ID), ev)
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("stale update: %d %s", resp.StatusCode, body)
		}
		resp, body = f.do(t, "supervisor", "GET", fmt.Sprintf("/api/v1/calendar-events/%d", ev.ID), nil)
		if resp.StatusCode != 200 || planJSON[store.CalendarEvent](t, body).Name != "National Day" {
			t.Errorf("get: %d %s", resp.StatusCode, body)
		}
		resp, body = f.do(t, "manager", "DELETE", fmt.Sprintf("/api/v1/calendar-events/%d?version=2", ev.ID), nil)
		if resp.StatusCode != http.StatusNoContent {
			t.Errorf("delete: %d %s", resp.StatusCode, body)
		}

		resp, body = f.do(t, "supervisor", "GET", "/api/v1/forecast-accuracy?from=yesterday", nil)
		wantPlanField(t, resp, body, "from")
		wape := 0.12
		qs, _ := st.ListQueues(context.Background())
		must(t, st.SaveAccuracy(context.Background(), store.AccuracyDay{QueueID: qs[0].ID, Day: civil.MustParse("2026-10-02"), Intervals: 48, Actual: 100, Forecast: 110, AbsError: 12, WAPE: &wape}, nil))
		resp, body = f.do(t, "supervisor", "GET", fmt.Sprintf("/api/v1/forecast-accuracy?queue_id=%d&from=2026-10-01&to=2026-10-31", qs[0].ID), nil)
		if days := planJSON[[]store.AccuracyDay](t, body); resp.StatusCode != 200 || len(days) != 1 || *days[0].WAPE != 0.12 {
			t.Errorf("accuracy: %d %s", resp.StatusCode, body)
		}
		resp, body = f.do(t, "supervisor", "GET", "/api/v1/forecast-accuracy/intervals?to=2026-10-31", nil)
		if resp.StatusCode != 200 {
			t.Errorf("accuracy intervals: %d %s", resp.StatusCode, body)
		}
	})
}
