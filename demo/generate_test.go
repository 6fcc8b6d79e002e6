package demo

import (
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"wfm/batch"
	"wfm/store"
)

// monday is the day the test centers are made: their history ends on the
// Sunday before, and covers London's switch from summer time (2026-10-25).
var monday = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

var (
	fullOnce sync.Once
	full     Center
)

// fullCenter is the real 16-week demo, generated once for the shape tests.
func fullCenter() Center {
	fullOnce.Do(func() { full = Generate(7, monday, 16) })
	return full
}

func TestGenerateIsDeterministic(t *testing.T) {
	a := Generate(3, monday, 3)
	b := Generate(3, monday, 3)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two centers from the same seed and start differ")
	}
	c := Generate(4, monday, 3)
	if reflect.DeepEqual(a.History, c.History) {
		t.Fatal("seeds 3 and 4 gave the same history")
	}
}

// A day must come out the same whatever window it is generated in, so that
// refreshing the demo on a later day rewrites the same rows.
func TestGenerateDayDoesNotDependOnWindow(t *testing.T) {
	early := Generate(3, monday, 2)
	late := Generate(3, monday.AddDate(0, 0, 3), 2) // Thursday: 3 more days at the end, 3 fewer at the start
	from, to := monday.AddDate(0, 0, -11), monday
	pick := func(c Center) []batch.HistoryRow {
		var out []batch.HistoryRow
		for _, r := range c.History.Rows {
			if !r.Start.Before(from) && r.Start.Before(to) {
				r.Line = 0
				out = append(out, r)
			}
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Queue != out[j].Queue {
				return out[i].Queue < out[j].Queue
			}
			return out[i].Start.Before(out[j].Start)
		})
		return out
	}
	e, l := pick(early), pick(late)
	if len(e) == 0 || !reflect.DeepEqual(e, l) {
		t.Fatalf("the 11 shared days differ between windows (%d and %d rows)", len(e), len(l))
	}
}

func TestGenerateEmptyWindow(t *testing.T) {
	c := Generate(1, monday, 0)
	if len(c.History.Rows) != 0 || len(c.Contacts) != 0 || len(c.States) != 0 || len(c.Agents) == 0 {
		t.Fatalf("0 weeks: %d history rows, %d contacts, %d states, %d agents", len(c.History.Rows), len(c.Contacts), len(c.States), len(c.Agents))
	}
	c = Generate(1, monday, -2)
	if len(c.History.Rows) != 0 {
		t.Fatal("negative weeks gave history")
	}
}

// queueZones caches the zone of each queue's site (the tests are not parallel).
var queueZones = map[string]*time.Location{}

// localDay is the queue's site day of a time, as a civil date.
func localDay(c Center, queue string, t time.Time) time.Time {
	loc := queueZones[queue]
	if loc == nil {
		q := queueByCode(c, queue)
		for _, s := range c.Sites {
			if s.Name == q.Site {
				loc, _ = time.LoadLocation(s.Timezone)
			}
		}
		queueZones[queue] = loc
	}
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

func dailyOffered(c Center) map[string]map[time.Time]int {
	out := map[string]map[time.Time]int{}
	for _, r := range c.History.Rows {
		if out[r.Queue] == nil {
			out[r.Queue] = map[time.Time]int{}
		}
		out[r.Queue][localDay(c, r.Queue, r.Start)] += r.Offered
	}
	return out
}

func special(c Center, d time.Time) bool {
	return slices.ContainsFunc(c.Holidays, d.Equal) || slices.ContainsFunc(c.Campaigns, d.Equal)
}

// meanOn is the mean daily volume of ordinary days (no holiday, no
// campaign) of a weekday.
func meanOn(c Center, days map[time.Time]int, wd time.Weekday) float64 {
	sum, n := 0, 0
	for d, v := range days {
		if d.Weekday() == wd && !special(c, d) {
			sum += v
			n++
		}
	}
	return float64(sum) / float64(n)
}

func TestGenerateWeeklyShapeAndSpecialDays(t *testing.T) {
	c := fullCenter()
	if len(c.Holidays) != 2 || len(c.Campaigns) != 2 {
		t.Fatalf("16 weeks should hold 2 holidays and 2 campaign days: %v, %v", c.Holidays, c.Campaigns)
	}
	for q, days := range dailyOffered(c) {
		if len(days) != 16*7 {
			t.Errorf("%s: %d days of history, want %d", q, len(days), 16*7)
		}
		mon, sun := meanOn(c, days, time.Monday), meanOn(c, days, time.Sunday)
		if mon < 1.8*sun {
			t.Errorf("%s: Monday mean %.0f not well above Sunday mean %.0f", q, mon, sun)
		}
		if wed := meanOn(c, days, time.Wednesday); mon <= wed {
			t.Errorf("%s: Monday mean %.0f not above Wednesday %.0f", q, mon, wed)
		}
		for _, h := range c.Holidays {
			if v := float64(days[h]); v > 0.5*mon {
				t.Errorf("%s: holiday %s has %v contacts, Mondays %.0f on average", q, h.Format(time.DateOnly), v, mon)
			}
		}
		for _, d := range c.Campaigns {
			if campaignFactor(queueByCode(c, q), d) < 1.3 {
				continue // a small rise drowns in the noise
			}
			if v, thu := float64(days[d]), meanOn(c, days, time.Thursday); v < thu {
				t.Errorf("%s: campaign day %s has %v contacts, Thursdays %.0f on average", q, d.Format(time.DateOnly), v, thu)
			}
		}
	}
}

func TestGenerateIntradayShape(t *testing.T) {
	c := fullCenter()
	for _, q := range c.Queues {
		byClock := map[string]int{}
		for _, r := range c.History.Rows {
			day := localDay(c, r.Queue, r.Start)
			if r.Queue != q.Code || day.Weekday() == time.Saturday || day.Weekday() == time.Sunday || special(c, day) {
				continue
			}
			loc := r.Start.Location()
			byClock[r.Start.In(loc).Format("15:04")] += r.Offered
		}
		peak, best := "", -1
		for clock, v := range byClock {
			if v > best {
				peak, best = clock, v
			}
		}
		if peak < "09:00" || peak >= "17:00" {
			t.Errorf("%s: weekday peak at %s, want business hours", q.Code, peak)
		}
		if first := byClock[fmtClock(q.Weekday.Open)]; first*2 > best {
			t.Errorf("%s: the first interval (%d) is more than half the peak (%d)", q.Code, first, best)
		}
	}
}

func fmtClock(min int) string {
	return time.Date(2000, 1, 1, 0, min, 0, 0, time.UTC).Format("15:04")
}

func TestGenerateHistoryIsConsistent(t *testing.T) {
	c := fullCenter()
	aht := map[string][2]float64{}
	for _, r := range c.History.Rows {
		if *r.Answered+*r.Abandoned != r.Offered || *r.AnsweredInSL > *r.Answered || *r.Answered < 0 || *r.Abandoned < 0 {
			t.Fatalf("%s %s: offered %d, answered %d, abandoned %d, in SL %d", r.Queue, r.Start, r.Offered, *r.Answered, *r.Abandoned, *r.AnsweredInSL)
		}
		if (r.AHTSeconds != nil) != (*r.Answered > 0) || (r.ASASeconds != nil) != (*r.Answered > 0) {
			t.Fatalf("%s %s: AHT/ASA given for %d answered", r.Queue, r.Start, *r.Answered)
		}
		if r.AHTSeconds != nil {
			a := aht[r.Queue]
			aht[r.Queue] = [2]float64{a[0] + *r.AHTSeconds*float64(*r.Answered), a[1] + float64(*r.Answered)}
		}
	}
	for q, a := range aht {
		if mean := a[0] / a[1]; mean < 180 || mean > 700 {
			t.Errorf("%s: AHT %.0f s is not a realistic handle time", q, mean)
		}
	}
	// Service is plausible: most contacts answered, most within the goal.
	var offered, answered, inSL int
	for _, r := range c.History.Rows {
		offered += r.Offered
		answered += *r.Answered
		inSL += *r.AnsweredInSL
	}
	if ab := 1 - float64(answered)/float64(offered); ab < 0.01 || ab > 0.12 {
		t.Errorf("abandon rate %.3f", ab)
	}
	if sl := float64(inSL) / float64(offered); sl < 0.65 || sl > 0.97 {
		t.Errorf("service level %.3f", sl)
	}
}

func TestGenerateContactsMatchHistory(t *testing.T) {
	c := fullCenter()
	type key struct {
		queue string
		start int64
	}
	type counts struct{ offered, answered, inSL int }
	got := map[key]counts{}
	threshold := map[string]int{}
	for _, q := range c.Queues {
		threshold[q.Code] = q.SLThresholdSeconds
	}
	ids := map[string]bool{}
	for _, k := range c.Contacts {
		if ids[k.ID] {
			t.Fatalf("contact id %s twice", k.ID)
		}
		ids[k.ID] = true
		kk := key{k.Queue, k.ArrivedAt.Truncate(15 * time.Minute).Unix()}
		n := got[kk]
		n.offered++
		if !k.AnsweredAt.IsZero() {
			n.answered++
			if k.AnsweredAt.Sub(k.ArrivedAt) <= time.Duration(threshold[k.Queue])*time.Second {
				n.inSL++
			}
		}
		got[kk] = n
	}
	if len(c.Contacts) < 20000 || len(c.Contacts) > 45000 {
		t.Errorf("%d contacts in the last %d days, want 20-40 thousand", len(c.Contacts), ContactDays)
	}
	rows := 0
	for _, r := range c.History.Rows {
		if localDay(c, r.Queue, r.Start).Before(c.ContactsFrom) {
			continue
		}
		rows++
		want := counts{r.Offered, *r.Answered, *r.AnsweredInSL}
		if g := got[key{r.Queue, r.Start.Unix()}]; g != want {
			t.Fatalf("%s %s: contacts give %+v, history %+v", r.Queue, r.Start, g, want)
		}
		delete(got, key{r.Queue, r.Start.Unix()})
	}
	if rows == 0 || len(got) != 0 {
		t.Fatalf("%d history rows on contact days; %d contact intervals without a history row", rows, len(got))
	}
}

func TestGenerateContactFields(t *testing.T) {
	c := fullCenter()
	var complaints, scored, angryStrained, strained, angryOther, other int
	strainedCodes := map[string]bool{}
	for _, s := range c.Strained {
		strainedCodes[s] = true
	}
	for _, k := range c.Contacts {
		if k.AnsweredAt.IsZero() {
			if k.Agent != "" || k.Emotion != "" || !k.EndedAt.After(k.ArrivedAt.Add(-time.Second)) {
				t.Fatalf("abandoned contact %s: %+v", k.ID, k)
			}
			continue
		}
		if k.AnsweredAt.Before(k.ArrivedAt) || k.Agent == "" || k.TalkSeconds <= 0 || k.HoldSeconds < 0 || k.ACWSeconds < 0 {
			t.Fatalf("answered contact %s: %+v", k.ID, k)
		}
		if want := k.AnsweredAt.Add(time.Duration(k.TalkSeconds+k.HoldSeconds+k.ACWSeconds) * time.Second); !k.EndedAt.Equal(want) {
			t.Fatalf("contact %s ends %s, want answered + handle = %s", k.ID, k.EndedAt, want)
		}
		if !slices.Contains(batch.Emotions, k.Emotion) || k.Resolved == nil || k.CSAT < 0 || k.CSAT > 5 {
			t.Fatalf("contact %s: emotion %q, resolved %v, csat %d", k.ID, k.Emotion, k.Resolved, k.CSAT)
		}
		if k.Complaint {
			complaints++
		}
		if k.CSAT > 0 {
			scored++
		}
		if strainedCodes[k.Agent] {
			strained++
			if k.Emotion == "anger" {
				angryStrained++
			}
		} else {
			other++
			if k.Emotion == "anger" {
				angryOther++
			}
		}
	}
	n := float64(len(c.Contacts))
	if r := float64(complaints) / n; r < 0.005 || r > 0.02 {
		t.Errorf("complaint rate %.4f, want about 1%%", r)
	}
	if r := float64(scored) / n; r < 0.15 || r > 0.4 {
		t.Errorf("CSAT sample %.3f of contacts", r)
	}
	if rs, ro := float64(angryStrained)/float64(strained), float64(angryOther)/float64(other); rs < 2*ro {
		t.Errorf("strained agents meet anger in %.3f of contacts, the others in %.3f", rs, ro)
	}
}

func TestGenerateStatesCoverContacts(t *testing.T) {
	c := fullCenter()
	byAgent := map[string][]batch.AgentState{}
	for _, s := range c.States {
		if !s.End.After(s.Start) || !slices.Contains(batch.States, s.State) {
			t.Fatalf("state %+v", s)
		}
		byAgent[s.Agent] = append(byAgent[s.Agent], s)
	}
	for a, ss := range byAgent {
		sort.Slice(ss, func(i, j int) bool { return ss[i].Start.Before(ss[j].Start) })
		for i := 1; i < len(ss); i++ {
			if ss[i].Start.Before(ss[i-1].End) {
				t.Fatalf("agent %s: %+v overlaps %+v", a, ss[i], ss[i-1])
			}
		}
	}
	covered := func(agent, state string, from, to time.Time) bool {
		ss := byAgent[agent]
		i := sort.Search(len(ss), func(i int) bool { return ss[i].End.After(from) })
		return i < len(ss) && ss[i].State == state && !ss[i].Start.After(from) && !ss[i].End.Before(to)
	}
	for _, k := range c.Contacts {
		if k.AnsweredAt.IsZero() {
			continue
		}
		talkEnd := k.AnsweredAt.Add(time.Duration(k.TalkSeconds+k.HoldSeconds) * time.Second)
		if !covered(k.Agent, "contact", k.AnsweredAt, talkEnd) {
			t.Fatalf("contact %s of %s (%s to %s) is not in a contact state", k.ID, k.Agent, k.AnsweredAt, talkEnd)
		}
		if k.ACWSeconds > 0 && !covered(k.Agent, "acw", talkEnd, k.EndedAt) {
			t.Fatalf("after-contact work of %s is not in an acw state", k.ID)
		}
	}
}

// occupancy is (contact + acw) / (available + contact + acw) per agent.
func occupancy(states []batch.AgentState) map[string]float64 {
	busy, on := map[string]float64{}, map[string]float64{}
	for _, s := range states {
		d := s.End.Sub(s.Start).Seconds()
		switch s.State {
		case "contact", "acw":
			busy[s.Agent] += d
			on[s.Agent] += d
		case "available":
			on[s.Agent] += d
		}
	}
	out := map[string]float64{}
	for a, v := range on {
		out[a] = busy[a] / v
	}
	return out
}

func TestGenerateStrainedAgentsStandOut(t *testing.T) {
	c := fullCenter()
	if len(c.Strained) < 3 {
		t.Fatalf("strained agents: %v", c.Strained)
	}
	occ := occupancy(c.States)
	team := map[string]string{}
	for _, a := range c.Agents {
		team[a.Code] = a.Team
	}
	for _, s := range c.Strained {
		var sum float64
		var n int
		for a, v := range occ {
			if team[a] == team[s] && !slices.Contains(c.Strained, a) {
				sum += v
				n++
			}
		}
		if mean := sum / float64(n); occ[s] < mean+0.1 {
			t.Errorf("strained agent %s: occupancy %.2f, her team's others %.2f", s, occ[s], mean)
		}
	}
}

// The generated entities must pass the store's own validation, or Load
// would fail half-way.
func TestGenerateEntitiesAreValid(t *testing.T) {
	c := fullCenter()
	for _, s := range c.Sites {
		m := store.Site{Name: s.Name, Timezone: s.Timezone, OpenHours: s.OpenHours}
		if err := m.Validate(); err != nil {
			t.Error(err)
		}
	}
	for _, q := range c.Queues {
		m := q.Queue
		m.SiteID = 1
		if err := m.Validate(); err != nil {
			t.Error(err)
		}
	}
	roles := map[string]bool{}
	usernames := map[string]bool{}
	for _, u := range c.Users {
		m := store.User{Username: u.Username, DisplayName: u.DisplayName, Role: u.Role, Locale: u.Locale, PasswordHash: "x"}
		if err := m.Validate(); err != nil {
			t.Error(err)
		}
		if len(u.Password) < store.MinPasswordLength || usernames[u.Username] {
			t.Errorf("user %s: password %q too short or username twice", u.Username, u.Password)
		}
		usernames[u.Username] = true
		roles[u.Role] = true
	}
	for _, r := range []string{store.RoleAgent, store.RoleSupervisor, store.RoleManager, store.RoleAdmin} {
		if !roles[r] {
			t.Errorf("no demo login with role %s", r)
		}
	}
	codes := map[string]bool{}
	for _, a := range c.Agents {
		m := store.Agent{Code: a.Code, Name: a.Name, TeamID: 1, HireDate: a.HireDate, Contract: a.Contract}
		if err := m.Validate(); err != nil {
			t.Error(err)
		}
		if codes[a.Code] || (a.User != "" && !usernames[a.User]) {
			t.Errorf("agent %s twice or with unknown user %q", a.Code, a.User)
		}
		codes[a.Code] = true
	}
	if len(c.Agents) < 70 || len(c.Teams) < 6 {
		t.Errorf("%d agents in %d teams", len(c.Agents), len(c.Teams))
	}
}

func queueByCode(c Center, code string) Queue {
	for _, q := range c.Queues {
		if q.Code == code {
			return q
		}
	}
	panic("unknown queue " + code)
}
