package web_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"wfm/store"
)

// TestRosterBoardShowsTheSimulatedService: the published week has two
// agents from 08:00 to 17:00 (one on the queue after 30% shrinkage).
// Nobody calls on Monday; Wednesday's flood swamps the one agent, and the
// board says so in the week, the simulation table and the chart. The
// queue's code is of the demo's kind ("voice-billing"), then Chinese:
// neither may leak into a chart's DOM id.
func TestRosterBoardShowsTheSimulatedService(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	d.queue.Code = "voice-billing"
	if err := d.store.UpdateQueue(ctx, store.System, &d.queue); err != nil {
		t.Fatal(err)
	}
	sh, _ := time.LoadLocation("Asia/Shanghai")
	monday := time.Date(2026, 3, 2, 0, 0, 0, 0, sh)
	var reqs []store.Requirement
	for day := 0; day < 7; day++ {
		volume := 1.0
		switch day {
		case 0:
			volume = 0 // Monday: nobody calls, nothing to miss
		case 2:
			volume = 20 // Wednesday: 20 calls of 4 minutes every 15 minutes for one agent
		}
		for k := 0; k < 32; k++ {
			reqs = append(reqs, store.Requirement{IntervalStart: monday.AddDate(0, 0, day).Add(9*time.Hour + time.Duration(k)*15*time.Minute),
				IntervalSeconds: 900, Volume: volume, AHTSeconds: 120, Agents: 2, Scheduled: 2, Source: "test"})
		}
	}
	if err := d.store.ReplaceRequirements(ctx, store.System, d.queue.ID, monday, monday.AddDate(0, 0, 7), reqs); err != nil {
		t.Fatal(err)
	}
	v := newVisitor(t, ts.URL)
	v.login("sam", superPassword, "")
	r := v.do("GET", "/roster?day=2026-03-04", nil)
	if r.status != 200 {
		t.Fatalf("roster: %d\n%s", r.status, r.body)
	}
	chartID := "simulated_sl_" + id(d.queue.ID)
	for _, want := range []string{`id="simulation"`, "Simulated service of the published roster", "goal 80% in 20s",
		`id="` + chartID + `"`, "Simulated service level: Billing", "Simulated 2026-03-04: service level"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("board lacks %s", want)
		}
	}
	// The simulation table: Wednesday (the third day) missed, Monday not.
	table := r.body[strings.Index(r.body, `id="simulation"`):]
	row := regexp.MustCompile(`(?s)<th scope="row">Billing.*?</tr>`).FindString(table)
	cells := regexp.MustCompile(`<td( class="sim-missed")?>`).FindAllStringSubmatch(row, -1)
	if len(cells) != 7 {
		t.Fatalf("%d day cells in %s", len(cells), row)
	}
	if cells[2][1] == "" || cells[0][1] != "" || !strings.Contains(row, "no contacts") {
		t.Errorf("Monday missed %v, Wednesday missed %v; want only Wednesday: %s", cells[0][1] != "", cells[2][1] != "", row)
	}
	// The week view marks Wednesday too.
	if !regexp.MustCompile(`day=2026-03-04&amp;site=\d+">Wed 4 Mar</a> <span class="sim-flag"`).MatchString(r.body) {
		t.Error("the week view does not mark Wednesday as missing the goal")
	}
	if regexp.MustCompile(`day=2026-03-02&amp;site=\d+">Mon 2 Mar</a> <span class="sim-flag"`).MatchString(r.body) {
		t.Error("the week view marks Monday")
	}
	// A week without a published roster has no simulation.
	if r := v.do("GET", "/roster?day=2026-04-01", nil); strings.Contains(r.body, `id="simulation"`) {
		t.Error("a week without a roster shows a simulation")
	}
	// zh-CN strings.
	admin := newVisitor(t, ts.URL)
	admin.login("ada", adminPassword, "")
	if r := admin.do("GET", "/roster?day=2026-03-04", nil); r.status != 200 || !strings.Contains(r.body, "已发布排班的模拟服务水平") || !strings.Contains(r.body, "未达标") {
		t.Error("the zh-CN board shows the simulation in another language")
	}
	d.queue.Code = "热线-账单"
	if err := d.store.UpdateQueue(ctx, store.System, &d.queue); err != nil {
		t.Fatal(err)
	}
	if r := v.do("GET", "/roster?day=2026-03-04", nil); r.status != 200 || !strings.Contains(r.body, `id="`+chartID+`"`) {
		t.Errorf("roster of a queue coded in Chinese: %d, chart %s shown %v", r.status, chartID, strings.Contains(r.body, chartID))
	}
}

// TestBrowserRosterSimulation: the simulated service chart draws beneath
// the coverage in a real browser, with the missed day marked.
func TestBrowserRosterSimulation(t *testing.T) {
	ts, d := newSite(t)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	wednesday := time.Date(2026, 3, 4, 9, 0, 0, 0, sh)
	var reqs []store.Requirement
	for k := 0; k < 32; k++ {
		reqs = append(reqs, store.Requirement{IntervalStart: wednesday.Add(time.Duration(k) * 15 * time.Minute),
			IntervalSeconds: 900, Volume: 20, AHTSeconds: 120, Agents: 2, Scheduled: 2, Source: "test"})
	}
	day := time.Date(2026, 3, 4, 0, 0, 0, 0, sh)
	if err := d.store.ReplaceRequirements(context.Background(), store.System, d.queue.ID, day, day.AddDate(0, 0, 1), reqs); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("roster-simulation")
	if err := b.Login(ts.URL, "sam", superPassword); err != nil {
		t.Fatal(err)
	}
	simulated := "simulated_sl_" + id(d.queue.ID)
	ids := []string{"coverage", simulated}
	lengths, err := b.ChartDataLengths(ids)
	for try := 0; try < 20 && (err != nil || !allPositive(lengths, ids)); try++ {
		time.Sleep(100 * time.Millisecond)
		lengths, err = b.ChartDataLengths(ids)
	}
	if err != nil || lengths[simulated] != 36 {
		t.Errorf("simulated service chart: %v %v, want the 36 intervals of 08:00-17:00 with agents", lengths, err)
	}
	missed, err := eval[int](b, `document.querySelectorAll('#simulation td.sim-missed').length`)
	if err != nil || missed < 1 {
		t.Errorf("%d missed days marked (%v), want Wednesday at least", missed, err)
	}
	b.CheckClean()
}
