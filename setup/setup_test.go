package setup_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/uptrace/bun"

	"wfm/batch"
	"wfm/demo"
	"wfm/setup"
	"wfm/store"
	"wfm/store/storetest"
)

func parse(t *testing.T, text string) *setup.Center {
	t.Helper()
	c, err := setup.Parse([]byte(text), "center.yaml")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return c
}

func apply(t *testing.T, st *store.Store, c *setup.Center, opt setup.Options) setup.Changes {
	t.Helper()
	cs, err := setup.Apply(context.Background(), st, c, opt)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return cs
}

// actions is "kind/key action" for every change, in order.
func actions(cs setup.Changes) []string {
	var out []string
	for _, c := range cs.Changes {
		out = append(out, c.Kind+"/"+c.Key+" "+string(c.Action))
	}
	return out
}

func only(t *testing.T, cs setup.Changes, want setup.Action) {
	t.Helper()
	for _, c := range cs.Changes {
		if c.Action != want {
			t.Errorf("%s/%s %s, want %s (%v)", c.Kind, c.Key, c.Action, want, c.Diffs)
		}
	}
}

func example(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../examples/center.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// counts is how many rows of each kind the store has.
func counts(t *testing.T, st *store.Store) [5]int {
	t.Helper()
	ctx := context.Background()
	var rows *store.CenterRows
	if err := st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		rows, err = st.CenterTx(ctx, tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return [5]int{len(rows.Sites), len(rows.Skills), len(rows.Queues), len(rows.Teams), len(rows.Agents)}
}

// The example file of the README: applied to an empty store it creates
// every row; a second apply changes nothing.
func TestApplyExampleTwice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := parse(t, example(t))
		cs := apply(t, st, c, setup.Options{})
		only(t, cs, setup.Created)
		if got, want := strings.Join(actions(cs), "\n"), strings.Join([]string{
			"site/Shanghai created", "skill/billing created", "skill/vip created",
			"shift-template/Shanghai/E created", "shift-template/Shanghai/L created",
			"queue/voice-billing created", "queue/voice-vip created", "team/账单一组 created",
			"agent/A001 created", "agent/A002 created", "agent/A003 created"}, "\n"); got != want {
			t.Errorf("first apply:\n%s\nwant\n%s", got, want)
		}
		if got := counts(t, st); got != [5]int{1, 2, 2, 1, 3} {
			t.Errorf("rows %v", got)
		}
		ctx := context.Background()
		qs, _ := st.ListQueues(ctx)
		for _, q := range qs {
			if q.Code == "voice-vip" && (q.Name != "VIP 热线" || q.Tier != "vip" || q.SLTarget != 0.9 || *q.AbandonTarget != 0.03) {
				t.Errorf("voice-vip stored as %+v", q)
			}
			if q.Code == "voice-billing" && (q.Tier != "standard" || q.Concurrency != 1 || q.SLFormula != store.SLAbandonsCounted) {
				t.Errorf("voice-billing defaults: %+v", q)
			}
		}
		as, _ := st.ListAgents(ctx, store.Scope{All: true})
		if len(as) != 3 || as[0].Contract.WeeklyMinutesMax != 2640 || len(as[0].Skills) != 2 || !as[0].Active {
			t.Errorf("agents stored as %+v", as)
		}
		if as[2].Contract.Kind != "part-time" {
			t.Errorf("A003's contract %+v", as[2].Contract)
		}

		again := apply(t, st, parse(t, example(t)), setup.Options{})
		only(t, again, setup.Unchanged)
		if len(again.Changes) != 11 {
			t.Errorf("second apply: %v", actions(again))
		}
	})
}

// One target changed in the file is one update, naming the field.
func TestApplyOneTargetChanged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		apply(t, st, parse(t, example(t)), setup.Options{})
		changed := strings.Replace(example(t), "sl_target: 0.9", "sl_target: 0.95", 1)
		cs := apply(t, st, parse(t, changed), setup.Options{})
		if n := cs.Count(setup.Configured); n != 1 {
			t.Fatalf("%d configured: %v", n, actions(cs))
		}
		for _, c := range cs.Changes {
			if c.Action == setup.Configured {
				if c.Key != "voice-vip" || len(c.Diffs) != 1 || c.Diffs[0] != (setup.Diff{Field: "sl_target", From: "0.9", To: "0.95"}) {
					t.Errorf("change %+v", c)
				}
			}
		}
		q := queueByCode(t, st, "voice-vip")
		if q.SLTarget != 0.95 || q.Version != 2 {
			t.Errorf("voice-vip: sl_target %v version %d", q.SLTarget, q.Version)
		}
		// A contract field and a skill level are compared too.
		changed = strings.Replace(changed, "skills: {billing: 2}", "skills: {billing: 3}", 1)
		changed = strings.Replace(changed, "weekly_minutes_max: 1500", "weekly_minutes_max: 1800", 1)
		cs = apply(t, st, parse(t, changed), setup.Options{})
		var got []string
		for _, c := range cs.Changes {
			for _, d := range c.Diffs {
				got = append(got, c.Key+" "+d.Field+" "+d.From+" -> "+d.To)
			}
		}
		if want := `A002 skills {"billing":2} -> {"billing":3}|A003 contract.weekly_minutes_max 1500 -> 1800`; strings.Join(got, "|") != want {
			t.Errorf("diffs %q, want %q", strings.Join(got, "|"), want)
		}
	})
}

func queueByCode(t *testing.T, st *store.Store, code string) store.Queue {
	t.Helper()
	qs, err := st.ListQueues(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if q.Code == code {
			return q
		}
	}
	t.Fatalf("no queue %s", code)
	return store.Queue{}
}

// A file that leaves an agent out lists her and keeps her; with prune an
// agent nothing refers to is deleted, and one with history is deactivated.
func TestApplyMissingAndPrune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		apply(t, st, parse(t, example(t)), setup.Options{})
		// A003 has worked: an agent state refers to her.
		as, _ := st.ListAgents(ctx, store.Scope{All: true})
		at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		if _, err := st.DB().NewRaw("INSERT INTO agent_states (agent_id, start_at, end_at, state) VALUES (?, ?, ?, 'available')",
			as[2].ID, at, at.Add(time.Hour)).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		without := cut(example(t), "  - code: A002", "  - code: A003")
		without = cut(without, "  - code: A003", "") // A003 is the file's last row
		cs := apply(t, st, parse(t, without), setup.Options{})
		if got := strings.Join(actions(cs)[9:], ","); got != "agent/A002 missing,agent/A003 missing" {
			t.Errorf("without prune: %s", got)
		}
		if got := counts(t, st); got[4] != 3 {
			t.Errorf("agents %d after an apply without prune", got[4])
		}

		dry := apply(t, st, parse(t, without), setup.Options{Prune: true, DryRun: true})
		if !dry.DryRun || dry.Count(setup.Deleted) != 1 || dry.Count(setup.Deactivated) != 1 {
			t.Errorf("dry run: %v", actions(dry))
		}
		if got := counts(t, st); got[4] != 3 {
			t.Errorf("a dry run wrote: %d agents", got[4])
		}

		cs = apply(t, st, parse(t, without), setup.Options{Prune: true})
		if got := strings.Join(actions(cs)[9:], ","); got != "agent/A002 deleted,agent/A003 deactivated" {
			t.Errorf("with prune: %s", got)
		}
		if c := cs.Changes[10]; len(c.ReferredBy) != 1 || c.ReferredBy[0] != (store.Reference{Table: "agent_states", Rows: 1}) {
			t.Errorf("A003 referred by %v", c.ReferredBy)
		}
		as, _ = st.ListAgents(ctx, store.Scope{All: true})
		if len(as) != 2 || as[1].Code != "A003" || as[1].Active {
			t.Errorf("agents after prune: %+v", as)
		}
		// Pruned again: nothing more to do, she is still listed.
		cs = apply(t, st, parse(t, without), setup.Options{Prune: true})
		if got := strings.Join(actions(cs)[9:], ","); got != "agent/A003 missing" {
			t.Errorf("second prune: %s", got)
		}

		// A team a deactivated agent still belongs to cannot go (A001, who
		// never worked, would be deleted): the whole apply is
		// refused and nothing is written, not even the change before it.
		noTeam := cut(without, "teams:", "agents:")
		noTeam = cut(noTeam, "agents:", "")
		noTeam = strings.Replace(noTeam, "sl_target: 0.9", "sl_target: 0.95", 1)
		_, err := setup.Apply(ctx, st, parse(t, noTeam), setup.Options{Prune: true})
		if err == nil || !strings.Contains(err.Error(), "team/账单一组 is missing from the file but agents (1 row) refer to it") {
			t.Fatalf("prune of a team in use: %v", err)
		}
		if q := queueByCode(t, st, "voice-vip"); q.SLTarget != 0.9 {
			t.Errorf("a refused apply wrote sl_target %v", q.SLTarget)
		}
		if got := counts(t, st); got != [5]int{1, 2, 2, 1, 2} {
			t.Errorf("rows after a refused prune: %v", got)
		}
	})
}

// cut removes the lines from the one starting with from up to (not
// including) the one starting with to ("" to the end).
func cut(text, from, to string) string {
	lines := strings.Split(text, "\n")
	var out []string
	skipping := false
	for _, l := range lines {
		if strings.HasPrefix(l, from) {
			skipping = true
		} else if skipping && to != "" && strings.HasPrefix(l, to) {
			skipping = false
		}
		if !skipping {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// A bad file writes nothing and names each problem's line and field.
func TestApplyBadFileWritesNothing(t *testing.T) {
	bad := `sites:
  - name: Shanghai
    timezone: Asia/Shanghia
    public_holidays: XX
skills: [billing, billing]
queues:
  - code: voice-vip
    name: VIP
    site: Shanghai
    skill: vip
    channel: voice
    sl_target: 0.9
    sl_threshold_seconds: -15
    shrinkage: 0.3
    short_abandon_seconds: 5
    abandon_target: -0.1
teams:
  - name: North
    site: Beijing
    supervisor: nobody
agents:
  - code: A001
    name: 刘洋
    team: t-north
    hire_date: "2024-03-01"
    skills: {billing: 7}
    contract: {weekly_minutes_min: -1}
  - code: A001
    name: 杨敏
    team: North
    hire_date: 2024-13-01
`
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		_, err := setup.Apply(context.Background(), st, parse(t, bad), setup.Options{Prune: true})
		var ps batch.Problems
		if !errors.As(err, &ps) {
			t.Fatalf("want problems, got %v", err)
		}
		want := []string{
			`center.yaml:3: sites[0].timezone: "Asia/Shanghia" is not an IANA time zone (e.g. Asia/Shanghai)`,
			`center.yaml:4: sites[0].public_holidays: "XX": want auto, none or a country code of`,
			`center.yaml:5: skills[1]: skill "billing" declared twice (first as skills[0])`,
			`center.yaml:10: queues[0].skill: no skill "vip" declared or stored`,
			`center.yaml:13: queues[0].sl_threshold_seconds: must be positive`,
			`center.yaml:16: queues[0].abandon_target: -0.1 must be between 0 and 1`,
			`center.yaml:19: teams[0].site: no site "Beijing" declared or stored`,
			`center.yaml:20: teams[0].supervisor: no user "nobody" (make one with wfm user create)`,
			`center.yaml:24: agents[0].team: no team "t-north" declared or stored`,
			`center.yaml:26: agents[0].skills.billing: proficiency 7 must be 1 (learning) to 5 (expert)`,
			`center.yaml:27: agents[0].contract.weekly_minutes_min: must not be negative`,
			`center.yaml:28: agents[1].code: agent "A001" declared twice (first as agents[0])`,
		}
		got := err.Error()
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("missing %q", w)
			}
		}
		if t.Failed() {
			t.Logf("got:\n%s", got)
		}
		if c := counts(t, st); c != [5]int{} {
			t.Errorf("a bad file wrote %v", c)
		}
	})
}

func TestParseErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"unknown key", "sites:\n  - name: X\n    zone: UTC\n", "center.yaml:3: "},
		{"sl_target not a number", "queues:\n  - code: q\n    sl_target: lots\n", "center.yaml:3: "},
		{"skill twice", "agents:\n  - code: a\n    skills: {billing: 1, billing: 2}\n", "center.yaml:3: "},
		{"unclosed list", "sites: [\n", "center.yaml:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := setup.Parse([]byte(tc.text), "center.yaml")
			var ps batch.Problems
			if !errors.As(err, &ps) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("%q: %v, want %s...", tc.text, err, tc.want)
			}
		})
	}
}

// The demo center, declared in a file, is what `wfm demo` builds: applied
// over a loaded demo it changes nothing, and applied to an empty store it
// makes the same rows.
func TestDemoCenterRoundTrips(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dc := demo.Generate(1, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), 0)
		st.SetClock(func() time.Time { return time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC) })
		if err := demo.Load(ctx, st, dc); err != nil {
			t.Fatalf("load demo: %v", err)
		}
		decl := declare(dc)
		cs, err := setup.Apply(ctx, st, decl, setup.Options{Prune: true})
		if err != nil {
			t.Fatal(err)
		}
		only(t, cs, setup.Unchanged)
		if n := len(cs.Changes); n != len(dc.Sites)+len(dc.Skills)+len(dc.Queues)+len(dc.Teams)+len(dc.Agents) {
			t.Errorf("%d changes", n)
		}
		// The VIP queue's target, changed by its code.
		for i := range decl.Queues {
			if decl.Queues[i].Code == demo.QueueVIP {
				decl.Queues[i].SLTarget = 0.95
				decl.Queues[i].Name = "VIP 热线"
			}
		}
		cs, err = setup.Apply(ctx, st, decl, setup.Options{})
		if err != nil || cs.Count(setup.Configured) != 1 {
			t.Fatalf("VIP change: %v %v", err, actions(cs))
		}
	})
}

// declare writes the demo center as a declaration would.
func declare(dc demo.Center) *setup.Center {
	c := &setup.Center{Skills: dc.Skills}
	for _, s := range dc.Sites {
		c.Sites = append(c.Sites, setup.Site{Name: s.Name, Timezone: s.Timezone, OpenHours: s.OpenHours})
	}
	for _, q := range dc.Queues {
		c.Queues = append(c.Queues, setup.Queue{Code: q.Code, Name: q.Name, Site: q.Site, Skill: q.Skill, Channel: q.Channel,
			Tier: q.Tier, SLTarget: q.SLTarget, SLThresholdSeconds: q.SLThresholdSeconds, ASATargetSeconds: q.ASATargetSeconds,
			MaxOccupancy: q.MaxOccupancy, Concurrency: q.Concurrency, PatienceSeconds: q.PatienceSeconds, Shrinkage: q.Shrinkage,
			ShortAbandonSeconds: q.ShortAbandonSeconds, SLFormula: q.SLFormula, ResponseDeadlineSeconds: q.ResponseDeadlineSeconds,
			AbandonTarget: q.AbandonTarget, AHTTargetSeconds: q.AHTTargetSeconds})
	}
	for _, tm := range dc.Teams {
		c.Teams = append(c.Teams, setup.Team{Name: tm.Name, Site: tm.Site, Supervisor: tm.Supervisor})
	}
	for _, a := range dc.Agents {
		skills := map[string]int{}
		for _, s := range a.Skills {
			skills[s.Skill] = s.Proficiency
		}
		c.Agents = append(c.Agents, setup.Agent{Code: a.Code, Name: a.Name, Team: a.Team, User: a.User,
			HireDate: a.HireDate.String(), Skills: skills, Contract: a.Contract})
	}
	return c
}

// What Export reads back is a declaration apply leaves unchanged, written
// out as YAML and read again.
func TestExportRoundTrips(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		apply(t, st, parse(t, example(t)), setup.Options{})
		c, err := setup.Export(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		b, err := yaml.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		cs := apply(t, st, parse(t, string(b)), setup.Options{Prune: true})
		only(t, cs, setup.Unchanged)
		if len(cs.Changes) != 11 {
			t.Errorf("%d changes:\n%s", len(cs.Changes), b)
		}
	})
}

// An agent's contract names shift templates that exist.
func TestContractTemplatesMustExist(t *testing.T) {
	text := strings.Replace(example(t), "      kind: part-time\n", "      kind: part-time\n      shift_templates: [E, N]\n", 1)
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		_, err := setup.Apply(context.Background(), st, parse(t, text), setup.Options{})
		if err == nil || !strings.Contains(err.Error(), `agents[2].contract.shift_templates[1]: no shift template "N" declared or stored`) {
			t.Errorf("unknown template: %v", err)
		}
	})
}

// Plan says what an apply would do and writes nothing; an empty file
// with prune is refused rather than emptying the center.
func TestPlanWritesNothingAndEmptyPruneIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		cs, err := setup.Plan(ctx, st, parse(t, example(t)))
		if err != nil || cs.Count(setup.Created) != 11 {
			t.Fatalf("plan: %v %v", err, actions(cs))
		}
		if got := counts(t, st); got != [5]int{} {
			t.Errorf("plan wrote %v", got)
		}
		apply(t, st, parse(t, example(t)), setup.Options{})
		_, err = setup.Apply(ctx, st, parse(t, "# nothing yet\n"), setup.Options{Prune: true})
		if err == nil || !strings.Contains(err.Error(), "center.yaml: the file declares no site") {
			t.Errorf("empty file with prune: %v", err)
		}
		if got := counts(t, st); got != [5]int{1, 2, 2, 1, 3} {
			t.Errorf("rows after an empty prune: %v", got)
		}
	})
}

// One login is one agent: a login moves from one agent to another only
// when the file takes it from the first.
func TestAgentLoginsAreOneEach(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		u := store.User{Username: "liu.yang", DisplayName: "刘洋", Role: store.RoleAgent, Active: true}
		if err := u.SetPassword("a long enough secret"); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateUser(ctx, store.System, &u); err != nil {
			t.Fatal(err)
		}
		withUser := strings.Replace(example(t), "    name: 刘洋\n", "    name: 刘洋\n    user: liu.yang\n", 1)
		apply(t, st, parse(t, withUser), setup.Options{})
		// A login is found whatever its case, as at the login page.
		only(t, apply(t, st, parse(t, strings.Replace(withUser, "liu.yang", "Liu.Yang", 1)), setup.Options{}), setup.Unchanged)
		taken := strings.Replace(example(t), "    name: 杨敏\n", "    name: 杨敏\n    user: liu.yang\n", 1)
		taken = strings.Replace(taken, "code: A001", "code: A009", 1) // A001 left out, keeping her login
		_, err := setup.Apply(ctx, st, parse(t, taken), setup.Options{})
		if err == nil || !strings.Contains(err.Error(), `agents[1].user: user "liu.yang" is agent A001's: one login is one agent`) {
			t.Errorf("a login A001 keeps: %v", err)
		}
		// Taken from A001 in the same file: she has none now, A002 has it.
		moved := strings.Replace(example(t), "    name: 杨敏\n", "    name: 杨敏\n    user: liu.yang\n", 1)
		cs := apply(t, st, parse(t, moved), setup.Options{})
		if cs.Count(setup.Configured) != 2 {
			t.Errorf("moved login: %v", actions(cs))
		}
	})
}

// Shift templates are keyed by site and code: the same code at one site
// twice is refused, and named as the file names the list.
func TestShiftTemplateKeys(t *testing.T) {
	text := strings.Replace(example(t), "    code: L\n", "    code: E\n", 1)
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		_, err := setup.Apply(context.Background(), st, parse(t, text), setup.Options{})
		if err == nil || !strings.Contains(err.Error(), `shift_templates[1].code: shift-template "Shanghai/E" declared twice (first as shift_templates[0])`) {
			t.Errorf("a template twice: %v", err)
		}
	})
}
