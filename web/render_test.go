package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"wfm/civil"
	"wfm/connector"
	"wfm/measure"
	"wfm/rostering"
	"wfm/store"
)

func sampleCharts(t *testing.T, tr Translator) ChartsData {
	t.Helper()
	var sl []IntervalPoint
	var fc []ForecastPoint
	var cov []CoveragePoint
	for i := 0; i < 40; i++ {
		start := day(8, 0).Add(time.Duration(i) * 15 * time.Minute)
		v := 0.6 + 0.01*float64(i)
		sl = append(sl, IntervalPoint{Start: start, Value: v, OK: i%7 != 3})
		fc = append(fc, ForecastPoint{Start: start, Forecast: 50 + float64(i), Low: 40 + float64(i), High: 60 + float64(i), Actual: 48 + float64(i%5+i), HasActual: i < 30})
		cov = append(cov, CoveragePoint{Start: start, Required: 10 + float64(i%9), Scheduled: 12})
	}
	hm, err := HeatMap(HeatMapInput{
		ID: "adherence", Title: tr.T("chart.heatmap.adherence"),
		Rows: []string{"王芳", "Li Lei"}, Columns: []string{"Mon", "Tue"},
		Values: [][]float64{{0.9, 0.95}, {0.7, 0.99}}, Min: 0.5, Max: 1, Percent: true, HighIsGood: true,
	}, tr)
	if err != nil {
		t.Fatal(err)
	}
	return ChartsData{Charts: []ChartView{
		{Chart: ServiceLevelChart("service_level", sl, 0.8, tr), CSVURL: "/dashboard/service_level.csv"},
		{Chart: ForecastVsActualChart("forecast", fc, tr), CSVURL: "/dashboard/forecast.csv"},
		{Chart: RequirementVsScheduledChart("coverage", cov, tr)},
		{Chart: hm},
		{Chart: ScorecardBar("scorecards", "Scorecards", []ScoreItem{{"Team A", 90, 85}}, tr)},
	}}
}

// sampleDays is a Monday with a shift and a Tuesday off, in UTC.
func sampleDays() []AgentDay {
	return []AgentDay{
		{Date: day(0, 0), Shift: "E", Spans: []Span{
			{Kind: "shift", Start: day(8, 0), End: day(17, 0)},
			{Kind: "break", Start: day(10, 15), End: day(10, 30)},
			{Kind: "lunch", Start: day(12, 0), End: day(13, 0)},
		}},
		{Date: day(24, 0)},
	}
}

func samplePage(t *testing.T, name string, l Locale, role Role) Page {
	tr := NewTranslator(l, time.UTC)
	p := Page{
		Translator: tr,
		Title:      tr.T("page.dashboard"),
		User:       &User{Username: "wang", DisplayName: "王芳", Role: role},
		CSRF:       "tok<en>&1",
		Path:       PathDashboard,
		Flashes:    []Flash{{Kind: "success", Message: "Saved <b>ok</b>"}},
	}
	switch name {
	case "login":
		p.User, p.Path = nil, PathLogin
		p.Title = tr.T("login.title")
		p.Data = LoginData{Username: `a"b<c>`, Error: tr.T("login.error.invalid"), Next: "/my/schedule", Passwords: true}
	case "error":
		p.Data = ErrorData{Status: 403, Message: tr.T("error.403")}
	case "charts":
		p.Data = sampleCharts(t, tr)
	case "dashboard":
		p.Data = DashboardData{
			Queues: []Option{{Value: "1", Label: "Billing <VIP>", Selected: true}, {Value: "2", Label: "Sales"}},
			From:   civil.MustParse("2026-03-02"), To: civil.MustParse("2026-03-08"), Goal: tr.T("dashboard.goal", tr.Percent(0.8, 0), 15),
			Totals: []Tile{{Label: tr.T("metric.service_level"), Value: tr.Percent(0.71, 1), Missed: true}},
			Charts: sampleCharts(t, tr).Charts,
		}
	case "schedule":
		p.Path = PathMySchedule
		weeks, err := NewScheduleWeeks(sampleDays(), tr)
		if err != nil {
			t.Fatal(err)
		}
		p.Data = ScheduleData{ICSURL: "/my/schedule.ics", Weeks: weeks,
			TimeOff:  []TimeOffView{timeOffView(store.TimeOffRequest{Record: store.Record{ID: 7, Version: 1}, StartDate: civil.MustParse("2026-03-09"), EndDate: civil.MustParse("2026-03-10"), Kind: "vacation", Status: "waitlisted"}, "", tr)},
			Form:     &TimeOffForm{Kinds: timeOffKinds(tr, "sick"), Error: tr.T("timeoff.error.overlap")},
			Swaps:    []SwapView{{ID: 3, Version: 1, From: "王芳", To: "Li Lei", FromDate: civil.MustParse("2026-03-05"), ToDate: civil.MustParse("2026-03-05"), Status: "pending", StatusText: tr.T("timeoff.status.pending"), CanCancel: true}},
			SwapForm: &SwapForm{Colleagues: []Option{{Value: "2", Label: "Li Lei"}}, Error: tr.T("swap.error.no_roster")}}
	case "preferences":
		p.Path = PathMyPreferences
		mon := 1
		p.Data = PreferencesData{Intro: tr.T("prefs.intro", 3),
			Mine: []PreferenceView{preferenceView(store.ShiftPreference{Record: store.Record{ID: 5, Version: 1}, Weekday: &mon, ShiftCode: "E", Work: true, Strength: 2, Note: "<school run>"}, "", tr)},
			Form: &PreferenceForm{Repeat: "date", Date: "2026-03-09", Weekdays: []Option{{Value: "1", Label: tr.T("prefs.weekday.1"), Selected: true}},
				Wishes: []Option{{Value: "off", Label: tr.T("prefs.wish.off")}}, Shifts: []Option{{Value: "", Label: tr.T("prefs.any_shift")}},
				Strengths: []Option{{Value: "1", Label: tr.T("prefs.strength.1")}}, Error: tr.T("prefs.error.invalid")},
			IsTeam:  true,
			Granted: []GrantedView{{Period: "Shanghai, 2026-03-02 to 2026-03-08", Rows: []GrantedRow{{Agent: "A1 <王芳>", Granted: "2 / 3", Share: "60%"}}}},
			Team:    []PreferenceView{preferenceView(store.ShiftPreference{Date: civil.MustParse("2026-03-10"), Strength: 3}, "王芳", tr), preferenceView(store.ShiftPreference{Date: civil.MustParse("2026-03-11"), StartTime: "10:30", Work: true, Strength: 1}, "Li Lei", tr)}}
	case "build":
		p.Path = PathRoster + "/builds/3"
		p.Refresh = 1
		p.Data = BuildData{ID: 3, Status: "done", StatusText: tr.T("build.status.done"), StartDate: civil.MustParse("2026-03-09"), Days: 7, ElapsedSeconds: 4, LimitSeconds: 10,
			Notes:    []string{"shift template N left out"},
			Progress: &ChartView{Chart: ObjectiveChart("objective", []ProgressPoint{{0.1, 900}, {0.5, 420}, {2, 400}}, tr)},
			Draft:    &DraftView{ID: 9, Version: 1, Status: "draft", Objective: "400", Violations: []ViolationView{{Agent: "王芳", Line: "王芳: rest 600 < 660 minutes"}}, More: []ViolationView{{Line: "<rest>"}}, BoardURL: "/roster?day=2026-03-09"}}
	case "intraday":
		p.Path = PathIntraday
		since := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
		adh, conf := 0.9, 1.02
		d := IntradayData{Day: day(0, 0), Date: "2026-03-02", Teams: []Option{{Value: "1", Label: "Billing <A>", Selected: true}}, HasTeam: true}
		work := []measure.RealTimeSpan{{Kind: "work", Start: day(9, 0), End: day(12, 0)}, {Kind: "lunch", Start: day(12, 0), End: day(13, 0)}, {Kind: "work", Start: day(13, 0), End: day(18, 0)}}
		err := intradayView(&d, &measure.RealTimeAdherence{At: day(10, 0), InAdherence: 1, OutOfAdherence: 1, Adherence: &adh, ScheduledSeconds: 7200, OutOfAdherenceSeconds: 720,
			Statuses: map[string]int{"in_adherence": 1, "out_of_adherence": 1, "day_off": 1},
			Agents: []measure.RealTimeAgent{
				{Agent: "A1", Name: "王芳", Status: "in_adherence", State: "available", StateSince: &since, Scheduled: "work", InAdherence: true, ScheduledSeconds: 3600, Adherence: &adh, Conformance: &conf,
					Activities: work, States: []measure.RealTimeSpan{{Kind: "available", Start: day(9, 6), End: day(10, 0)}}, OutOfAdherenceRuns: []measure.RealTimeSpan{{Kind: "out", Start: day(9, 0), End: day(9, 6)}}},
				{Agent: "A2", Name: "Li <b>Na</b>", Status: "out_of_adherence", State: "break", StateSince: &since, Scheduled: "work", ScheduledSeconds: 3600, OutOfAdherenceMinutes: 6, Activities: work},
				{Agent: "A3", Name: "Zhu Ting", Status: "day_off"},
			}}, day(24, 0), day(10, 0), "Shanghai", tr, intradayFilter{})
		if err != nil {
			t.Fatal(err)
		}
		p.Data = d
	case "strain":
		p.Path = PathStrain
		v := 72.5
		hm, risk, err := strainView(&store.StrainHeatMap{Days: []string{"2026-03-02", "2026-03-03"}, Alert: 60, Agents: []store.StrainRow{
			{Name: "王芳", Index: []*float64{&v, nil}, Days: []store.StrainDay{{Day: civil.MustParse("2026-03-02"), Index: v, Alert: true, Action: "reduction",
				Reasons: []store.StrainFactor{{Driver: "occupancy", Contribution: 15}}}}},
		}}, tr)
		if err != nil {
			t.Fatal(err)
		}
		p.Data = StrainData{From: civil.MustParse("2026-03-01"), To: civil.MustParse("2026-03-14"), HeatMap: &ChartView{Chart: *hm, CSVURL: "/strain.csv"}, AtRisk: risk}
	case "reviews":
		p.Path = PathMyReviews
		score, val := 81.5, 0.93
		r := &store.Review{Record: store.Record{ID: 4}, Cycle: "2026-02", Status: store.ReviewShared,
			Draft: store.ReviewDraft{Score: &score, Items: []store.ItemScore{{KPI: "adherence", Value: &val, Target: 0.95, Points: &val, Contribution: 20}, {KPI: "aht_seconds", Target: 300}},
				Gaps: []store.ItemScore{{KPI: "adherence"}}},
			Plan:     []store.PlanItem{{KPI: "adherence", Plan: "<be on time>", Do: "alarm"}},
			Comments: []store.ReviewComment{{Body: "Good month"}}}
		p.Data = ReviewsData{Reviews: []ReviewView{reviewView(r, tr)}, Feedback: []FeedbackView{{ID: 2, Date: tr.Date(day(0, 0)), Body: "Nice call", CanAck: true}}}
	case "admin":
		p.Path = PathAdmin
		p.Data = AdminData{Sections: []AdminSection{{Title: "Sites", Columns: []string{"Name"}, Rows: []AdminRow{{Cells: []string{"上海"}, Edit: "/admin/sites/1"}}}},
			Runs: []JobRunView{{Job: "nightly", Trigger: "schedule", Started: "x", Duration: "4s", Outcome: "failed", Error: "<boom>", Failed: true}}}
	case "admin_form":
		p.Path = PathAdmin + "/queues/1"
		p.Data = FormView{Kind: "queues", Action: "/admin/queues/1", Version: 3, Editable: true, Back: PathAdmin,
			Conflict: "changed <elsewhere>", Errors: []string{"<other>"},
			Fields: []FormField{{Name: "name", Label: "Name", Kind: "text", Value: "<Billing>", Error: "Required"},
				{Name: "sl_target", Label: "SL", Kind: "number", Value: "80", Step: "any", Hint: "%"},
				{Name: "channel", Label: "Channel", Kind: "select", Options: []Option{{Value: "voice", Label: "Voice", Selected: true}}},
				{Name: "active", Label: "Active", Kind: "checkbox", Checked: true},
				{Name: "items", Label: "Items", Kind: "textarea", Value: "a | b"}}}
	case "quality":
		p.Path = PathQuality
		p.Data = QualityData{Dimensions: []string{"可靠性"}, CanEvaluate: true,
			Summary:     []QualitySummaryRow{{Agent: "王芳", Evaluations: 2, CriticalFailed: 1, Total: "45.0", Dimensions: []string{"90.0"}}},
			Evaluations: []EvaluationRow{{ID: 3, Date: "x", Agent: "<a>", Contact: "c1", Evaluator: "Sam", Form: "Default", Total: "0.0", Failed: true}},
			Forms:       []QualityFormRow{{ID: 1, Name: "Default", Items: 12, Critical: 7, Default: true}},
			FormOptions: []Option{{Value: "1", Label: "Default", Selected: true}}, Contacts: []Option{{Value: "c1", Label: "c1 · 王芳"}}}
	case "quality_form":
		p.Path = PathQuality + "/forms/1"
		p.Data = QualityFormData{ID: 1, Name: "Default", Edit: "/admin/quality-forms/1", Groups: []DimensionGroup{{Name: "Assurance", Weight: "20%",
			Items: []QualityItemView{{ID: "q1", Text: Said{Text: "<asks age>", People: true}, Weight: "0", Critical: true}}}}}
	case "quality_evaluate":
		p.Path = PathQuality + "/evaluate"
		p.Data = &EvaluateData{FormID: 1, FormName: "Default", ContactID: "c1", Contact: "Handled by 王芳", Errors: []string{"<bad>"},
			Groups: []DimensionGroup{{Name: "Empathy", Items: []QualityItemView{{ID: "q2", Text: Said{Text: "Listens"}, Weight: "2", Options: []Option{{Value: "1", Label: "100%", Selected: true}}}}}}}
	case "quality_evaluation":
		p.Path = PathQuality + "/evaluations/3"
		p.Data = EvaluationData{ID: 3, Form: "Default", Contact: "c1", Agent: "王芳", Evaluator: "Sam", Date: "x", Total: "0.0", Failed: true, CanCalibrate: true,
			Dimensions: []NamedValue{{Name: "Empathy", Value: "80.0"}}, Comments: "<well done>",
			Groups: []DimensionGroup{{Name: "Assurance", Items: []QualityItemView{{ID: "q1", Text: Said{Text: "Privacy"}, Critical: true, Failed: true, Mark: "Failed"}}}},
			Others: []EvaluationRow{{ID: 4, Evaluator: "Mona", Date: "y", Total: "70.0"}}}
	case "quality_calibration":
		p.Path = PathQuality + "/calibration"
		p.Data = CalibrationData{Contact: "c1", A: EvaluationRow{ID: 3, Evaluator: "Sam", Total: "80.0"}, B: EvaluationRow{ID: 4, Evaluator: "Mona", Total: "70.0"},
			Difference: "10.0", Wide: true, Items: []CalibrationItem{{Text: Said{Text: "Listens"}, Dimension: "Empathy", A: "100%", B: "50%", Points: "10.0", Differs: true}}}
	case "complaints":
		p.Path = PathComplaints
		p.Data = ComplaintsData{Days: 30, KPIs: []Tile{{Label: "Cases", Value: "3"}, {Label: "Overdue", Value: "1", Missed: true}},
			Cases:  []ComplaintRow{{ID: 2, Customer: "<Mr Zhang>", About: "charged twice", Agent: "王芳", Status: "Resolved", Age: "30 h", FollowUp: "x", Overdue: true, Open: true}},
			Record: RecordForm{Customer: "x", Errors: []string{"Say what"}}}
	case "complaint":
		p.Path = PathComplaints + "/2"
		p.Data = ComplaintCaseData{ID: 2, Version: 3, Customer: "<Mr Zhang>", Status: "Resolved", Overdue: true, Error: "<stale>",
			Stages:  []ComplaintStage{{Name: "Recorded", Done: true, At: "x"}, {Name: "Validity", Current: true}},
			History: []ComplaintHistoryRow{{At: "x", By: "sam", Action: "Judge", Detail: Said{Text: "Valid"}}},
			Next:    []string{"judge", "classify", "assign", "resolve", "approve"}, Categories: []Option{{Value: "service", Label: "Service"}}, Remedies: []Option{{Value: "repair", Label: "Repair"}}}
	case "edit":
		p.Path = PathRoster + "/edit"
		p.Data = EditData{ScheduleID: 4, Version: 2, AgentID: 7, Agent: "王芳", Date: "2026-03-05",
			Shifts: []Option{{Value: ""}, {Value: "E", Label: "E", Selected: true}}, Shift: "E", Start: "08:00",
			Breaks: []BreakField{{Start: "10:00", Minutes: 15}}, Violations: []ViolationView{{Line: "min_rest (A01 day 3): rest 600 < 660"}}, BoardURL: "/roster?day=2026-03-05"}
	case "activity":
		p.Path = PathRoster + "/schedules/4/activity"
		p.Data = ActivityData{ScheduleID: 4, Version: 2, Status: "Published", Published: true,
			Kinds: []Option{{Value: "meeting", Label: "Meeting", Selected: true}}, Teams: []Option{{Value: "", Label: "none"}, {Value: "3", Label: "<Team>"}},
			Agents: []AgentChoice{{ID: 7, Name: "王芳", Checked: true}}, Title: "<huddle>", Duration: 30, From: "2026-03-05", To: "2026-03-06",
			Together: true, Error: "invalid", BoardURL: "/roster/schedules/4",
			Result: &ActivityResultView{Applied: true, ScheduleID: 5, ScheduleURL: "/roster/schedules/5", Cost: "+1.0", Short: "0 -> 30",
				Placed:    []rostering.AgentActivity{{AgentID: 7, Agent: "A7", Name: "王芳", Date: civil.MustParse("2026-03-05"), Start: "14:00", End: "14:30"}},
				Unplaced:  []UnplacedView{{Name: "Bo", Reason: "no shift"}},
				Intervals: []rostering.ActivityInterval{{Date: civil.MustParse("2026-03-05"), Start: "14:00", Required: 2, Before: 3, After: 2}},
				Service:   []ServiceView{{Queue: "<billing>", Date: "2026-03-05", Target: "80.0%", Before: "85.0%", After: "82.0%"}}}}
	case "special_days":
		p.Path = PathSpecialDays
		p.Data = SpecialDaysData{CanEdit: true,
			Sites:       []SpecialDaysSite{{Name: "<Tel Aviv>", Setting: "Israel", Holidays: []PublicHolidayView{{Date: "2026-09-21", Weekday: "Monday", Name: "Yom Kippur", Group: "holiday"}}}, {Name: "上海", Setting: "None"}},
			Events:      []SpecialDayView{{ID: 3, Version: 1, Date: "2026-10-01", Site: "上海", Queue: "All queues", Kind: "Holiday", Name: "<国庆节>", Effect: "× 0.3"}},
			SiteOptions: []Option{{Value: "1", Label: "上海"}}, QueueOptions: []Option{{Value: "", Label: "All queues"}}, KindOptions: []Option{{Value: "holiday", Label: "Holiday"}}}
	case "requests":
		p.Path = PathRequests
		p.Data = RequestsData{
			Open:    []TimeOffView{timeOffView(store.TimeOffRequest{Record: store.Record{ID: 7, Version: 1}, StartDate: civil.MustParse("2026-03-09"), EndDate: civil.MustParse("2026-03-09"), Kind: "sick", Note: "<fever>", Status: "pending"}, "王芳", tr)},
			Decided: []TimeOffView{timeOffView(store.TimeOffRequest{Record: store.Record{ID: 8, Version: 2}, StartDate: civil.MustParse("2026-03-01"), EndDate: civil.MustParse("2026-03-02"), Kind: "vacation", Status: "approved"}, "Li Lei", tr)},
			Swaps:   []SwapView{{ID: 3, Version: 1, From: "王芳", To: "Li Lei", FromDate: civil.MustParse("2026-03-05"), ToDate: civil.MustParse("2026-03-06"), Status: "pending", StatusText: tr.T("timeoff.status.pending"), CanDecide: true, Violations: []ViolationView{{Line: "rest < 660"}}}},
		}
	case "roster":
		p.Path = PathRoster
		tl, err := NewTimeline(day(0, 0), day(24, 0), 2, []TimelineRow{
			{Label: "王芳", Note: "E", Spans: sampleDays()[0].Spans},
			{Label: "Li Lei", Note: tr.T("roster.day_off")},
		}, tr)
		if err != nil {
			t.Fatal(err)
		}
		cov := RequirementVsScheduledChart("coverage", []CoveragePoint{{Start: day(8, 0), Required: 3, Scheduled: 2}}, tr)
		week := weekView([]store.AgentShift{{AgentID: 1, SiteID: 1, Date: civil.MustParse("2026-03-03"), Shift: "E", Start: day(8, 0).AddDate(0, 0, 1), End: day(17, 0).AddDate(0, 0, 1)}},
			1, day(0, 0), day(0, 0), map[int64]string{1: "王芳"}, func(d time.Time) string { return "/roster?day=" + d.Format("2006-01-02") }, tr)
		if len(week.Rows) != 1 || week.Rows[0].Cells[1] != "E 08:00–17:00" || week.Rows[0].Cells[0] != "" || !week.Days[0].Today {
			t.Fatalf("week view = %+v", week)
		}
		p.Data = RosterData{Week: week, Day: day(0, 0), PrevURL: "/roster?day=2026-03-01", NextURL: "/roster?day=2026-03-03", Timeline: tl,
			Coverage: &ChartView{Chart: cov, CSVURL: "/roster/coverage.csv"}}
	case "queue_monitor":
		p.Data = QueueMonitorData{Queues: []Option{{Value: "1", Label: "Billing", Selected: true}}, When: "today",
			Tiles:     []Tile{{Label: "Offered", Value: "30"}},
			Rows:      []QueueMonitorRow{{Start: "09:00", Forecast: "12.0", Offered: "10", Gap: "-1.0", Short: true}},
			OfferForm: &OfferForm{Queues: []Option{{Value: "1", Label: "Billing", Selected: true}}, Kinds: offerKindOptions(tr, "overtime/end")}}
	case "my_offers":
		p.Path = PathMyOffers
		p.Data = MyOffersData{Error: "<too late>", Offers: []OfferView{{ID: 3, What: "Stay on 1 h", Day: "x", Queue: "<Billing>", Note: "<please>", Expires: "y",
			State: "open", StateText: tr.T("offers.state.open"), Filled: tr.T("offers.filled", 0, 1), Mine: "pending", MineText: tr.T("offers.answer.pending"), CanAnswer: true}}}
	case "offers":
		p.Path = PathOffers
		p.Data = OffersData{Made: &OfferView{ID: 3, What: "x", Recipients: []RecipientView{{Name: "王芳", What: "y", Status: "pending", StatusText: "z"}}},
			LeftOut: []LeftOutView{{Name: "Li Lei", Reason: "<rules>", Violations: []ViolationView{{Text: "rest < 660"}}}},
			Form:    OfferForm{Queues: []Option{{Value: "1", Label: "Billing"}}, Kinds: offerKindOptions(tr, "vto/end"), Error: "<bad>"},
			Offers:  []OfferView{{ID: 3, Version: 1, What: "x", State: "open", CanCancel: true, Recipients: []RecipientView{{Name: "王芳", What: "y", Status: "accepted", StatusText: "z"}}}}}
	case "notifications":
		p.Data = NotificationsData{Items: []NotificationView{{ID: 1, Kind: "Roster published", Message: "<b>x</b>", Link: "/my/schedule", At: "2026-03-04 02:00 UTC", Unread: true}},
			Email: "lina@example.com", Kinds: []KindChoice{{Kind: "roster.published", Label: "Roster", Channel: "email"}},
			Channels: []Option{{Value: "app", Label: "In the list"}, {Value: "email", Label: "Email"}}}
	case "webhooks":
		p.Data = WebhooksData{Kinds: []Option{{Value: "roster.published", Label: "Roster"}}, NewSecret: "whsec_1", NewURL: "h.example.com/wfm",
			Hooks: []WebhookView{{ID: 1, URL: "h.example.com/wfm", Kinds: "Roster", Deliveries: []DeliveryView{{Event: "roster.published:1", Status: "delivered", Code: 200, Attempts: 2}}}}}
	case "state_mappings":
		p.Data = StateMappingsData{Text: "Ready = available\n", States: []string{"available", "break"}, Errors: []string{"Line 2: <b>x</b>"}, CanEdit: true}
	case "connectors":
		p.Data = ConnectorsData{KeySet: false, Sites: []ConnectorForm{{Site: store.Site{Record: store.Record{ID: 1}, Name: "上海"}, Exists: true,
			Settings: connector.Settings{SiteID: 1, CredentialsSet: true, LastError: "<b>denied</b>"}, Queues: "q-1 = sales\n", Errors: []string{"<b>x</b>"}}}}
	case "import":
		p.Data = ImportData{Kinds: []string{"history"}, Presets: []string{"amazon-connect"}, Kind: "history", Problems: []string{"r.csv:2: <b>x</b>"},
			Result: &store.ImportResult{Read: 2, Inserted: 2}, File: "r.csv"}
	case "capacity":
		p.Data = CapacityData{Sites: []Option{{Value: "1", Label: "上海", Selected: true}}, Skills: []Option{{Value: "1", Label: "billing", Selected: true}},
			Site: 1, Skill: 1, Scenarios: []ScenarioView{{ID: 1, Version: 1, Name: "Base", Start: "2026-03-09", Weeks: "52", Advice: "ok"}},
			Form: ScenarioForm{Name: "Base", Start: "2026-03-09", Weeks: "52"}, Errors: []string{"Weeks: <b>10</b>"}}
	default:
		t.Fatalf("no sample data for page %q: add it here", name)
	}
	return p
}

func TestRenderEveryPage(t *testing.T) {
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.pages) < 3 {
		t.Fatalf("pages = %v", r.pages)
	}
	hidden := regexp.MustCompile(`<input type="hidden" name="csrf_token" value="tok&lt;en&gt;&amp;1">`)
	for name := range r.pages {
		for _, l := range Locales {
			var buf bytes.Buffer
			if err := r.Render(&buf, name, samplePage(t, name, l, RoleManager)); err != nil {
				t.Fatalf("%s %s: %v", name, l, err)
			}
			html := buf.String()
			for _, want := range []string{
				`<html lang="` + string(l) + `">`,
				`<meta name="viewport" content="width=device-width, initial-scale=1">`,
				`<link rel="stylesheet" href="` + AssetURL("css/app.css") + `">`,
				NewTranslator(l, nil).T("app.name"),
			} {
				if !strings.Contains(html, want) {
					t.Errorf("%s %s: lacks %s", name, l, want)
				}
			}
			// Every form that posts carries the CSRF token (escaped); GET forms
			// (filters) must not, or the token would land in URLs and logs.
			if forms, fields := strings.Count(html, `method="post"`), len(hidden.FindAllString(html, -1)); forms == 0 || forms != fields {
				t.Errorf("%s %s: %d forms, %d CSRF fields", name, l, forms, fields)
			}
			if m := outsideHost.FindString(html); m != "" {
				t.Errorf("%s %s: names an outside host: %q", name, l, m)
			}
			if strings.Contains(html, "<b>ok</b>") || !strings.Contains(html, "Saved &lt;b&gt;ok&lt;/b&gt;") {
				t.Errorf("%s %s: flash missing or not escaped", name, l)
			}
			// No message key leaked through untranslated.
			if m := regexp.MustCompile(`>\s*(nav|role|login|error|chart|metric|page)\.[a-z_.]+\s*<`).FindString(html); m != "" {
				t.Errorf("%s %s: untranslated key %s", name, l, m)
			}
		}
	}
}

func TestLoginPage(t *testing.T) {
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		l                             Locale
		title, user, password, errMsg string
	}{
		{English, "Sign in", "User name", "Password", "The user name or password is not correct."},
		{Chinese, "登录", "用户名", "密码", "用户名或密码不正确。"},
	} {
		t.Run(string(c.l), func(t *testing.T) {
			var buf bytes.Buffer
			if err := r.Render(&buf, "login", samplePage(t, "login", c.l, "")); err != nil {
				t.Fatal(err)
			}
			html := buf.String()
			for _, want := range []string{
				"<h1>" + c.title + "</h1>",
				`<label for="username">` + c.user + `</label>`,
				`<label for="password">` + c.password + `</label>`,
				`<p class="form-error" role="alert" id="login-error">` + c.errMsg + `</p>`,
				`name="password" type="password" autocomplete="current-password"`,
				`value="a&#34;b&lt;c&gt;"`, // the username is kept, escaped
				`<input type="hidden" name="next" value="/my/schedule">`,
				`<form method="post" action="/login"`,
			} {
				if !strings.Contains(html, want) {
					t.Errorf("%s login page lacks %s", c.l, want)
				}
			}
			if strings.Contains(html, `action="/logout"`) || strings.Contains(html, `class="nav"`) {
				t.Errorf("%s: signed-out page shows logout or navigation", c.l)
			}
		})
	}
}

func TestNavigationByRole(t *testing.T) {
	all := []string{PathMySchedule, PathMyOffers, PathMyKPIs, PathMyReviews, PathMyPreferences, PathQuality, PathRoster, PathRequests, PathStrain, PathComplaints, PathIntraday, PathSpecialDays, PathDashboard, PathPlans, PathAdmin}
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		role Role
		n    int
	}{{RoleAgent, 6}, {RoleSupervisor, 12}, {RoleManager, 15}, {RoleAdmin, 15}, {"visitor", 0}} {
		t.Run(string(c.role), func(t *testing.T) {
			items := Navigation(c.role, PathRoster+"/2026-03-02")
			if len(items) != c.n {
				t.Errorf("%s sees %d items, want %d", c.role, len(items), c.n)
			}
			var buf bytes.Buffer
			if err := r.Render(&buf, "error", samplePage(t, "error", English, c.role)); err != nil {
				t.Fatal(err)
			}
			for i, p := range all {
				link := `<a href="` + p + `"`
				if shown := strings.Contains(buf.String(), link); shown != (i < c.n) {
					t.Errorf("%s: link %s shown=%v", c.role, p, shown)
				}
			}
			for _, it := range items {
				if it.Current != (it.Path == PathRoster) {
					t.Errorf("%s: %s current=%v", c.role, it.Path, it.Current)
				}
			}
		})
	}
	// The current page is marked for screen readers too.
	var buf bytes.Buffer
	if err := r.Render(&buf, "error", samplePage(t, "error", Chinese, RoleManager)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<a href="/dashboard" aria-current="page">管理仪表盘</a>`) {
		t.Error("current item not marked")
	}
	if !strings.Contains(buf.String(), `王芳 · 经理`) {
		t.Error("user and role not shown")
	}
	if !RoleAdmin.AtLeast(RoleSupervisor) || RoleAgent.AtLeast(RoleSupervisor) || Role("").AtLeast("") {
		t.Error("AtLeast wrong")
	}
}

func TestChartsPage(t *testing.T) {
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Render(&buf, "charts", samplePage(t, "charts", Chinese, RoleManager)); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{
		`id="service_level"`, `id="forecast"`, `id="coverage"`, `id="adherence"`, `id="scorecards"`,
		`<a class="csv" href="/dashboard/service_level.csv" download>下载 CSV</a>`,
		`<script src="` + AssetURL("vendor/echarts/echarts.min.js") + `"></script>`,
		`<script src="` + AssetURL("js/charts.js") + `"></script>`,
		"坐席排班遵守率",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("charts page lacks %s", want)
		}
	}
	// No inline script may run: only JSON data blocks and our own files.
	for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(html, -1) {
		if !strings.Contains(m, `type="application/json"`) && !strings.Contains(m, ` src="/static/`) {
			t.Errorf("inline script %s would be blocked by the CSP", m)
		}
	}
	// Pages without charts do not load echarts.
	buf.Reset()
	if err := r.Render(&buf, "login", samplePage(t, "login", English, "")); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "echarts.min.js") {
		t.Error("login page loads echarts")
	}
}

func TestWritePage(t *testing.T) {
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	if err := r.WritePage(w, nil, http.StatusForbidden, "error", samplePage(t, "error", English, RoleAgent)); err != nil {
		t.Fatal(err)
	}
	if w.Code != http.StatusForbidden || w.Header().Get("Content-Type") != "text/html; charset=utf-8" ||
		!strings.Contains(w.Header().Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("WritePage: %d %v", w.Code, w.Header())
	}
	// A big page goes gzipped to a browser that accepts it.
	page := samplePage(t, "charts", Chinese, RoleManager)
	var plain bytes.Buffer
	if err := r.Render(&plain, "charts", page); err != nil {
		t.Fatal(err)
	}
	if plain.Len() <= 4<<10 {
		t.Fatalf("sample page of %d bytes is too small to be gzipped", plain.Len())
	}
	req := httptest.NewRequest("GET", "/dashboard", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	w = httptest.NewRecorder()
	if err := r.WritePage(w, req, http.StatusOK, "charts", page); err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil || w.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("not gzipped: %v %v", err, w.Header())
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, plain.Bytes()) {
		t.Errorf("gzipped page differs from the rendered one (%v)", err)
	}
	w = httptest.NewRecorder()
	if err := r.WritePage(w, nil, http.StatusOK, "no-such-page", Page{}); err == nil || w.Code != http.StatusInternalServerError {
		t.Errorf("unknown page: %v, %d", err, w.Code)
	}
	// A template error writes nothing at all.
	var buf bytes.Buffer
	if err := r.Render(&buf, "login", Page{Data: 42}); err == nil || buf.Len() != 0 {
		t.Errorf("bad data: err %v, wrote %d bytes", err, buf.Len())
	}
}
