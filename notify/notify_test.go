package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"wfm/civil"
	"wfm/fault"
	"wfm/kpi"
	"wfm/people"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
	"wfm/store/storetest"
)

// mailbox is an SMTP server inside the test (github.com/emersion/go-smtp)
// keeping what it receives.
type mailbox struct {
	mu   sync.Mutex
	msgs []received
}

type received struct {
	To        []string
	MessageID string
	Subject   string
	Body      string
}

func (b *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{box: b}, nil }

func (b *mailbox) all() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]received(nil), b.msgs...)
}

type session struct {
	box *mailbox
	to  []string
}

func (s *session) Reset()                                    { s.to = nil }
func (s *session) Logout() error                             { return nil }
func (s *session) Mail(string, *smtp.MailOptions) error      { return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = append(s.to, to); return nil }
func (s *session) Data(r io.Reader) error {
	m, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(m.Body)
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	s.box.msgs = append(s.box.msgs, received{To: s.to, MessageID: m.Header.Get("Message-Id"), Subject: m.Header.Get("Subject"), Body: string(body)})
	return nil
}

// smtpServer starts the mailbox on a free port and returns the settings
// that send to it.
func smtpServer(t *testing.T) (*mailbox, SMTP) {
	t.Helper()
	box := &mailbox{}
	srv := smtp.NewServer(box)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { srv.Close() })
	port := l.Addr().(*net.TCPAddr).Port
	cfg, err := SMTPFromEnv(func(k string) string {
		return map[string]string{"WFM_SMTP_HOST": "127.0.0.1", "WFM_SMTP_PORT": strconv.Itoa(port), "WFM_SMTP_TLS": "none",
			"WFM_SMTP_FROM": "wfm@center.example"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	return box, cfg
}

// fixture is a site with a team, its supervisor sam, and agent A1 whose
// user is lina; both gave an address.
type fixture struct {
	site       store.Site
	team       store.Team
	agent      store.Agent
	lina, sam  store.User
	clock      time.Time
	supervisor store.Scope
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{clock: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)}
	st.SetClock(func() time.Time { return f.clock })
	f.site = store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai",
		OpenHours: []store.OpenDays{{Weekdays: []int{1, 2, 3, 4, 5}, Open: "08:00", Close: "20:00"}}}
	must(t, st.CreateSite(ctx, store.System, &f.site))
	f.sam = store.User{Username: "sam", DisplayName: "Sam", PasswordHash: "x", Role: store.RoleSupervisor, Locale: "en", Active: true}
	must(t, st.CreateUser(ctx, store.System, &f.sam))
	f.lina = store.User{Username: "lina", DisplayName: "Li Na", PasswordHash: "x", Role: store.RoleAgent, Locale: "en", Active: true}
	must(t, st.CreateUser(ctx, store.System, &f.lina))
	f.team = store.Team{Name: "Team A", SiteID: f.site.ID, SupervisorUserID: &f.sam.ID}
	must(t, st.CreateTeam(ctx, store.System, &f.team))
	f.agent = store.Agent{Code: "A1", Name: "Li Na", TeamID: f.team.ID, HireDate: civil.MustParse("2024-05-01"), Active: true, UserID: &f.lina.ID}
	must(t, st.CreateAgent(ctx, store.System, &f.agent))
	f.supervisor = store.Scope{TeamIDs: []int64{f.team.ID}}
	for _, u := range []store.User{f.lina, f.sam} {
		_, err := SaveSettings(ctx, st, store.Actor{UserID: u.ID}, u.ID, Settings{Email: u.Username + "@center.example"}, true)
		must(t, err)
	}
	return f
}

func (f *fixture) publish(t *testing.T, st *store.Store) *store.ScheduleVersion {
	t.Helper()
	ctx := context.Background()
	p := schedule.Problem{StartDate: civil.MustParse("2026-12-07"), Days: 7, IntervalMinutes: 15,
		Shifts: []schedule.Shift{{ID: "E", Start: "08:00", DurationMinutes: 480}}, Agents: []schedule.Agent{{ID: "A1"}}}
	v := &store.ScheduleVersion{SiteID: f.site.ID, Problem: p, Solution: schedule.Solution{Assignments: []schedule.Assignment{{Agent: "A1", Day: 0, Shift: "E"}}}}
	must(t, rostering.CreateSchedule(ctx, st, store.Actor{UserID: f.sam.ID}, f.supervisor, v))
	pub, err := rostering.Publish(ctx, st, store.Actor{UserID: f.sam.ID}, f.supervisor, v.ID, v.Version)
	must(t, err)
	return pub
}

// run is one round of the notification job.
func run(t *testing.T, st *store.Store, m Mailer, now time.Time) (int, error) {
	t.Helper()
	if _, err := Fanout(context.Background(), st, m.SMTP); err != nil {
		t.Fatal(err)
	}
	return m.SendEmails(context.Background(), st, now)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestPublishedRosterReachesTheMailboxAndTheBell: a roster published in
// the test is, after the job, one email in the in-test SMTP server (with
// the Message-ID stored on the notification) and one unread notification
// for the agent; the job again sends nothing more. The time off she asks
// for waits in her supervisor's list (the list only, by default); decided,
// it is mailed to her.
func TestPublishedRosterReachesTheMailboxAndTheBell(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		box, cfg := smtpServer(t)
		f := newFixture(t, st)
		m := Mailer{SMTP: cfg}
		f.publish(t, st)
		sent, err := run(t, st, m, f.clock)
		must(t, err)
		got := box.all()
		if sent != 1 || len(got) != 1 || got[0].To[0] != "lina@center.example" {
			t.Fatalf("sent %d, mailbox %+v: want one email to lina", sent, got)
		}
		notes, err := st.ListNotifications(ctx, f.lina.ID)
		must(t, err)
		if len(notes) != 1 || notes[0].Kind != store.EventRosterPublished || notes[0].EmailStatus != store.EmailSent ||
			got[0].MessageID != "<"+notes[0].MessageID+">" || got[0].Subject != "[wfm] Your roster was published" {
			t.Fatalf("lina's notifications %+v, mail %+v", notes, got[0])
		}
		if n, err := st.UnreadNotifications(ctx, f.lina.ID); err != nil || n != 1 {
			t.Errorf("lina's bell: %d %v, want 1", n, err)
		}
		f.clock = f.clock.Add(time.Hour)
		if sent, err := run(t, st, m, f.clock); err != nil || sent != 0 || len(box.all()) != 1 {
			t.Errorf("the job again: sent %d (%v), mailbox %d, want nothing more", sent, err, len(box.all()))
		}

		req := store.TimeOffRequest{AgentID: f.agent.ID, StartDate: civil.MustParse("2026-12-20"), EndDate: civil.MustParse("2026-12-21")}
		must(t, rostering.RequestTimeOff(ctx, st, store.Actor{UserID: f.lina.ID}, store.Scope{AgentID: f.agent.ID, TeamIDs: nil}, &req))
		_, err = run(t, st, m, f.clock)
		must(t, err)
		samNotes, err := st.ListNotifications(ctx, f.sam.ID)
		must(t, err)
		if len(samNotes) != 1 || samNotes[0].Kind != store.EventRequestPending || samNotes[0].EmailStatus != "" || len(box.all()) != 1 {
			t.Fatalf("sam's notifications %+v (mailbox %d): want the pending request in the list only", samNotes, len(box.all()))
		}
		_, err = rostering.DecideTimeOff(ctx, st, store.Actor{UserID: f.sam.ID}, f.supervisor, req.ID, req.Version, store.RequestApproved)
		must(t, err)
		_, err = run(t, st, m, f.clock)
		must(t, err)
		got = box.all()
		if len(got) != 2 || got[1].To[0] != "lina@center.example" || got[1].Subject != "[wfm] Your time off was decided" {
			t.Fatalf("mailbox %+v: want the decision mailed to lina", got)
		}
		if n, _ := st.UnreadNotifications(ctx, f.lina.ID); n != 2 {
			t.Errorf("lina's bell %d, want 2", n)
		}
		if n, err := MarkRead(ctx, st, f.sam.ID, []int64{notes[0].ID}); err != nil || n != 0 {
			t.Errorf("sam marking lina's notification read: %d %v, want nothing marked", n, err)
		}
		if n, err := MarkRead(ctx, st, f.lina.ID, nil); err != nil || n != 2 {
			t.Errorf("lina marking all read: %d %v, want 2", n, err)
		}

		// She wants no more rosters: a new one is neither listed nor mailed.
		_, err = SaveSettings(ctx, st, store.Actor{UserID: f.lina.ID}, f.lina.ID, Settings{Email: "lina@center.example",
			Channels: map[string]string{store.EventRosterPublished: ChannelNone}}, true)
		must(t, err)
		f.publish(t, st)
		_, err = run(t, st, m, f.clock)
		must(t, err)
		if n, _ := st.UnreadNotifications(ctx, f.lina.ID); n != 0 || len(box.all()) != 2 {
			t.Errorf("with rosters off: bell %d, mailbox %d, want 0 and 2", n, len(box.all()))
		}
	})
}

// TestSettingsRefuseBadInput names the field that is wrong.
func TestSettingsRefuseBadInput(t *testing.T) {
	st := storetest.OpenEngine(t, storetest.SQLite)
	f := newFixture(t, st)
	_, err := SaveSettings(context.Background(), st, store.System, f.lina.ID, Settings{Email: "lina at home",
		Channels: map[string]string{"roster.published": "pigeon", "gossip": "app"}}, true)
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Code != fault.Invalid || fe.Fields["email"] == "" || fe.Fields["channels.roster.published"] == "" || fe.Fields["channels.gossip"] == "" {
		t.Errorf("bad settings: %v, want the three fields named", err)
	}
	if _, err := SMTPFromEnv(func(k string) string { return map[string]string{"WFM_SMTP_HOST": "mail", "WFM_SMTP_TLS": "ssl"}[k] }); err == nil {
		t.Error("WFM_SMTP_TLS=ssl accepted")
	}
	if _, err := SMTPFromEnv(func(k string) string { return map[string]string{"WFM_SMTP_HOST": "mail"}[k] }); err == nil {
		t.Error("a host without WFM_SMTP_FROM accepted")
	}
}

// TestACrashBetweenSendingAndRecordingResendsTheSameMessageID: the sender
// stops (as a crash would) after the mail left and before it is recorded
// sent; the next run, once the attempt's backoff passed, sends it again
// with the first one's Message-ID, and then records it.
func TestACrashBetweenSendingAndRecordingResendsTheSameMessageID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		box, cfg := smtpServer(t)
		f := newFixture(t, st)
		crash := errors.New("killed")
		m := Mailer{SMTP: cfg, afterSend: func(*store.Notification) error { return crash }}
		f.publish(t, st)
		if _, err := run(t, st, m, f.clock); !errors.Is(err, crash) {
			t.Fatalf("first run: %v, want the crash", err)
		}
		notes, _ := st.ListNotifications(ctx, f.lina.ID)
		if len(box.all()) != 1 || notes[0].EmailStatus != store.EmailQueued {
			t.Fatalf("after the crash: mailbox %d, status %q; want the mail sent and not recorded", len(box.all()), notes[0].EmailStatus)
		}
		m.afterSend = nil
		if sent, err := run(t, st, m, f.clock.Add(30*time.Second)); err != nil || sent != 0 {
			t.Errorf("before the backoff: sent %d %v, want nothing", sent, err)
		}
		sent, err := run(t, st, m, f.clock.Add(time.Minute))
		must(t, err)
		got := box.all()
		if sent != 1 || len(got) != 2 || got[0].MessageID != got[1].MessageID || got[0].MessageID == "" {
			t.Fatalf("resend: sent %d, mailbox %+v: want the same Message-ID twice", sent, got)
		}
		notes, _ = st.ListNotifications(ctx, f.lina.ID)
		if notes[0].EmailStatus != store.EmailSent || notes[0].EmailAttempts != 2 {
			t.Errorf("after the resend: %q, %d attempts; want sent after 2", notes[0].EmailStatus, notes[0].EmailAttempts)
		}
	})
}

// TestComplaintFollowUpDueAndOverdue: a case resolved tells its owner and
// the agent's supervisor once when the follow-up is due within 2 hours,
// once when it is overdue.
func TestComplaintFollowUpDueAndOverdue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		box, cfg := smtpServer(t)
		f := newFixture(t, st)
		owner := store.User{Username: "olga", DisplayName: "Olga", PasswordHash: "x", Role: store.RoleSupervisor, Locale: "en", Active: true}
		must(t, st.CreateUser(ctx, store.System, &owner))
		m := Mailer{SMTP: cfg}
		all := store.Scope{All: true}
		c := store.Complaint{Customer: "Mr Zhang", About: "rude agent", Wants: "an apology", AgentID: &f.agent.ID}
		must(t, people.CreateComplaint(ctx, st, store.Actor{UserID: f.sam.ID}, all, &c))
		for _, step := range []store.ComplaintStep{{Action: "judge", Valid: true}, {Action: "classify", Category: string(kpi.CategoryService)},
			{Action: "assign", Owner: "olga"}, {Action: "investigate"}, {Action: "resolve", Remedy: string(kpi.RemedyDiscount)}} {
			_, err := people.StepComplaint(ctx, st, store.Actor{UserID: f.sam.ID}, all, c.ID, step)
			must(t, err)
		}
		resolved := f.clock
		for _, at := range []time.Duration{21 * time.Hour, 22*time.Hour + 30*time.Minute, 23 * time.Hour, 25 * time.Hour, 26 * time.Hour} {
			f.clock = resolved.Add(at)
			_, err := ComplaintFollowUps(ctx, st, f.clock)
			must(t, err)
			_, err = run(t, st, m, f.clock)
			must(t, err)
		}
		kinds := map[int64][]string{}
		for _, u := range []int64{owner.ID, f.sam.ID, f.lina.ID} {
			notes, err := st.ListNotifications(ctx, u)
			must(t, err)
			for i := len(notes) - 1; i >= 0; i-- {
				kinds[u] = append(kinds[u], notes[i].Kind)
			}
		}
		want := []string{store.EventFollowUpDue, store.EventComplaintOverdue}
		for _, u := range []int64{owner.ID, f.sam.ID} {
			if len(kinds[u]) != 2 || kinds[u][0] != want[0] || kinds[u][1] != want[1] {
				t.Errorf("user %d told %v, want %v", u, kinds[u], want)
			}
		}
		if len(kinds[f.lina.ID]) != 0 {
			t.Errorf("the agent told %v, want nothing", kinds[f.lina.ID])
		}
		// Olga gave no address: sam alone is mailed, twice.
		if got := box.all(); len(got) != 2 || got[0].To[0] != "sam@center.example" {
			t.Errorf("mailbox %+v, want sam's two", got)
		}
	})
}

// TestWebhooksAreSignedRetriedAndSeenOnce: a receiver inside the test
// checks every signature and answers 500 to each event's first delivery;
// after the retry it has taken each event once. A bad URL or kind is
// refused naming its field.
func TestWebhooksAreSignedRetriedAndSeenOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		admin := store.Actor{UserID: f.sam.ID}
		var secret string
		var mu sync.Mutex
		tries, taken := map[string]int{}, map[string]int{}
		bad := 0
		recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			defer mu.Unlock()
			if err := Verify(secret, r.Header.Get(SignatureHeader), body, time.Now()); err != nil {
				bad++
				http.Error(w, err.Error(), http.StatusUnauthorized)
				return
			}
			var b Body
			if err := json.Unmarshal(body, &b); err != nil || strconv.FormatInt(b.ID, 10) != r.Header.Get(EventIDHeader) {
				bad++
				http.Error(w, "body", http.StatusBadRequest)
				return
			}
			tries[b.Key]++
			if tries[b.Key] == 1 {
				http.Error(w, "try again", http.StatusInternalServerError)
				return
			}
			taken[b.Key]++
		}))
		defer recv.Close()

		for _, c := range []struct {
			name  string
			url   string
			kinds []string
			field string
		}{
			{"ftp url", "ftp://example.com/hook", []string{store.EventRosterPublished}, "url"},
			{"url without host", "https:///nohost", []string{store.EventRosterPublished}, "url"},
			{"no url", "", []string{store.EventRosterPublished}, "url"},
			{"unknown kind", recv.URL, []string{"roster.deleted"}, "kinds"},
			{"no kinds", recv.URL, nil, "kinds"},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, _, err := RegisterWebhook(ctx, st, admin, c.url, c.kinds)
				var fe *fault.Error
				if !errors.As(err, &fe) || fe.Code != fault.Invalid || fe.Fields[c.field] == "" {
					t.Errorf("%q %v: %v, want invalid naming %s", c.url, c.kinds, err, c.field)
				}
			})
		}
		w, s, err := RegisterWebhook(ctx, st, admin, recv.URL, []string{store.EventRosterPublished, store.EventTimeOffDecided})
		must(t, err)
		secret = s
		other, _, err := RegisterWebhook(ctx, st, admin, recv.URL+"/complaints", []string{store.EventComplaintOverdue})
		must(t, err)

		f.publish(t, st)
		req := store.TimeOffRequest{AgentID: f.agent.ID, StartDate: civil.MustParse("2026-12-20"), EndDate: civil.MustParse("2026-12-20")}
		must(t, rostering.RequestTimeOff(ctx, st, store.System, store.Scope{All: true}, &req))
		_, err = rostering.DecideTimeOff(ctx, st, admin, f.supervisor, req.ID, req.Version, store.RequestRefused)
		must(t, err)

		client := recv.Client()
		_, err = Fanout(ctx, st, SMTP{})
		must(t, err)
		if n, err := Deliver(ctx, st, client, f.clock); n != 0 || err == nil {
			t.Errorf("first deliveries: %d delivered, %v; want the 500s", n, err)
		}
		log, err := st.ListDeliveries(ctx, w.ID, 10)
		must(t, err)
		if len(log) != 2 || log[0].StatusCode != 500 || log[0].Attempts != 1 || log[0].Status != store.DeliveryPending {
			t.Fatalf("delivery log after the 500s: %+v", log)
		}
		if n, err := Deliver(ctx, st, client, f.clock.Add(59*time.Second)); n != 0 || err != nil {
			t.Errorf("before the backoff: %d %v, want nothing tried", n, err)
		}
		if n, err := Deliver(ctx, st, client, f.clock.Add(time.Minute)); n != 2 || err != nil {
			t.Errorf("retries: %d delivered, %v; want 2", n, err)
		}
		_, err = Fanout(ctx, st, SMTP{})
		must(t, err)
		if n, err := Deliver(ctx, st, client, f.clock.Add(time.Hour)); n != 0 || err != nil {
			t.Errorf("again: %d %v, want nothing", n, err)
		}
		mu.Lock()
		defer mu.Unlock()
		if bad != 0 || len(taken) != 2 {
			t.Errorf("receiver: %d bad signatures, took %v; want none bad, two events", bad, taken)
		}
		for k, n := range taken {
			if n != 1 {
				t.Errorf("event %s taken %d times", k, n)
			}
		}
		log, _ = st.ListDeliveries(ctx, w.ID, 10)
		for _, d := range log {
			if d.Status != store.DeliveryDelivered || d.StatusCode != 200 || d.Attempts != 2 || d.EventKind == "" {
				t.Errorf("delivery %+v, want delivered after 2 attempts", d)
			}
		}
		if log, _ := st.ListDeliveries(ctx, other.ID, 10); len(log) != 0 {
			t.Errorf("the complaints' webhook got %+v", log)
		}
		// An old signature is refused (the replay window).
		body := []byte(`{}`)
		if err := Verify(secret, Sign(secret, time.Now().Add(-6*time.Minute), body), body, time.Now()); err == nil {
			t.Error("a signature 6 minutes old accepted")
		}
		if err := Verify(secret, Sign(secret, time.Now(), body), []byte(`{"x":1}`), time.Now()); err == nil {
			t.Error("a changed body accepted")
		}
	})
}

// TestAdherenceExceptionsOncePerRun: an agent scheduled from 08:00 and not
// logged in at 09:30 is one exception; a later run of the job adds none,
// and the event goes to the webhook registered for the kind.
func TestAdherenceExceptionsOncePerRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		f.publish(t, st) // from Monday 7 December, 08:00 Shanghai
		w, _, err := RegisterWebhook(ctx, st, store.System, "https://hooks.example.com/adherence", []string{store.EventAdherenceAlert})
		must(t, err)
		if n, err := AdherenceExceptions(ctx, st, time.Date(2026, 12, 7, 0, 5, 0, 0, time.UTC)); err != nil || n != 0 {
			t.Errorf("at 08:05: %d (%v), want a run of 5 minutes forgiven", n, err)
		}
		at := time.Date(2026, 12, 7, 1, 30, 0, 0, time.UTC) // 09:30 in Shanghai
		n, err := AdherenceExceptions(ctx, st, at)
		must(t, err)
		if n != 1 {
			t.Fatalf("at 09:30: %d exceptions, want 1", n)
		}
		if n, err := AdherenceExceptions(ctx, st, at.Add(15*time.Minute)); err != nil || n != 0 {
			t.Errorf("at 09:45: %d new (%v), want the same run not told again", n, err)
		}
		_, err = Fanout(ctx, st, SMTP{})
		must(t, err)
		log, err := st.ListDeliveries(ctx, w.ID, 10)
		must(t, err)
		if len(log) != 1 || log[0].EventKind != store.EventAdherenceAlert {
			t.Errorf("the webhook's log: %+v, want the exception", log)
		}
	})
}

// TestSupervisorsDailyDigest: a supervisor with unread notifications of
// the last day gets one digest a day, by email by default; one with none
// gets nothing.
func TestSupervisorsDailyDigest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		box, cfg := smtpServer(t)
		f := newFixture(t, st)
		m := Mailer{SMTP: cfg}
		if n, err := Digest(ctx, st, f.clock); err != nil || n != 0 {
			t.Fatalf("nothing unread: %d digests (%v)", n, err)
		}
		req := store.TimeOffRequest{AgentID: f.agent.ID, StartDate: civil.MustParse("2026-12-20"), EndDate: civil.MustParse("2026-12-20")}
		must(t, rostering.RequestTimeOff(ctx, st, store.System, store.Scope{All: true}, &req))
		_, err := run(t, st, m, f.clock)
		must(t, err)
		f.clock = f.clock.Add(20 * time.Hour)
		for range 2 {
			_, err := Digest(ctx, st, f.clock)
			must(t, err)
			_, err = run(t, st, m, f.clock)
			must(t, err)
		}
		got := box.all()
		if len(got) != 1 || got[0].To[0] != "sam@center.example" || got[0].Subject != "[wfm] Your daily digest" {
			t.Fatalf("mailbox %+v, want one digest to sam", got)
		}
		notes, _ := st.ListNotifications(ctx, f.sam.ID)
		if len(notes) != 2 || notes[0].Kind != store.EventDigest {
			t.Errorf("sam's list %+v, want the request and the digest", notes)
		}
	})
}

// TestOfferReachesItsAgents: an overtime offer made to lina (the event
// the offers' use case appends) is, after the job, an email and a
// notification that links to her offers page; the webhooks may take it.
func TestOfferReachesItsAgents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		box, cfg := smtpServer(t)
		f := newFixture(t, st)
		_, err := st.AppendEvent(ctx, nil, store.NewEvent(store.EventOfferMade, "7", "offer 7",
			map[string]any{"offer_id": 7, "site_id": f.site.ID, "kind": "overtime", "side": "end", "day": "2026-12-07", "agent_ids": []int64{f.agent.ID}}))
		must(t, err)
		sent, err := run(t, st, Mailer{SMTP: cfg}, f.clock)
		must(t, err)
		notes, err := st.ListNotifications(ctx, f.lina.ID)
		must(t, err)
		if sent != 1 || len(notes) != 1 || notes[0].Kind != store.EventOfferMade || notes[0].Link != "/my/offers" ||
			!strings.Contains(notes[0].Message, "Offer 7: you are offered to stay on longer on 2026-12-07") || box.all()[0].Subject != "[wfm] An offer for you" {
			t.Fatalf("sent %d, lina's notifications %+v", sent, notes)
		}
		if !slices.Contains(store.WebhookKinds, store.EventOfferMade) {
			t.Errorf("offer.made is no webhook kind")
		}
		if samNotes, _ := st.ListNotifications(ctx, f.sam.ID); len(samNotes) != 0 {
			t.Errorf("sam was told of an offer made to lina: %+v", samNotes)
		}
	})
}
