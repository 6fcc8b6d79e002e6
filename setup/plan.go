package setup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"wfm/fault"
	"wfm/limits"
	"wfm/store"
)

// The kinds of rows a center declares, in the order they are written
// (each refers only to kinds before it) and pruned (the reverse).
const (
	KindSite  = "site"
	KindSkill = "skill"
	// KindShiftTemplate rows are keyed SITE/CODE.
	KindShiftTemplate = "shift-template"
	KindQueue         = "queue"
	KindTeam          = "team"
	KindAgent         = "agent"
)

// Action is what an apply does (or would do) to one row.
type Action string

const (
	Created     Action = "created"     // in the file, not in the database: inserted
	Configured  Action = "configured"  // in both, with fields that differ: updated
	Unchanged   Action = "unchanged"   // in both, the same
	Missing     Action = "missing"     // in the database, not in the file: kept (Prune removes it)
	Deleted     Action = "deleted"     // missing and removed by Prune
	Deactivated Action = "deactivated" // a missing agent Prune could not remove: history refers to her
)

// Diff is one field a row changes, its values as the file writes them.
type Diff struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// Change is what happens to one row.
type Change struct {
	Kind   string `json:"kind"`
	Key    string `json:"key"` // the name or code
	Action Action `json:"action"`
	// Diffs are the fields a Configured row changes.
	Diffs []Diff `json:"diffs,omitempty"`
	// ReferredBy is, for a Deactivated agent, what refers to her.
	ReferredBy []store.Reference `json:"referred_by,omitempty"`

	want any // the declared row (Site, Queue...) with its defaults filled
	have any // the stored row (*store.Site...), nil when Created
}

// Changes are every row's change, in the order they are written: sites,
// skills, queues, teams, agents, each in the file's order, then the rows
// missing from the file.
type Changes struct {
	Changes []Change `json:"changes"`
	DryRun  bool     `json:"dry_run,omitempty"`
}

// Count is how many rows get the action.
func (cs Changes) Count(a Action) int {
	n := 0
	for _, c := range cs.Changes {
		if c.Action == a {
			n++
		}
	}
	return n
}

// Plan compares the declaration with the database and says what Apply
// would do, without writing. A declaration with problems (unknown
// references, duplicate keys, bad zones, holidays or targets...) is a
// batch.Problems naming FILE:LINE and the field.
func Plan(ctx context.Context, st *store.Store, c *Center) (Changes, error) {
	var cs Changes
	err := st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		rows, err := st.CenterTx(ctx, tx)
		if err != nil {
			return err
		}
		cs, err = plan(rows, c, st.Now())
		return err
	})
	return cs, err
}

// keys are the ids of the rows a declaration may refer to, by key: the
// stored ones, and (in Apply) the ones created as it goes.
type keys struct {
	sites, skills, teams, users map[string]int64
}

func storedKeys(rows *store.CenterRows) *keys {
	k := &keys{sites: map[string]int64{}, skills: map[string]int64{}, teams: map[string]int64{}, users: map[string]int64{}}
	for _, s := range rows.Sites {
		k.sites[s.Name] = s.ID
	}
	for _, s := range rows.Skills {
		k.skills[s.Name] = s.ID
	}
	for _, t := range rows.Teams {
		k.teams[t.Name] = t.ID
	}
	for id, u := range rows.Usernames {
		k.users[strings.ToLower(u)] = id // a login is found whatever its case
	}
	return k
}

// names are the keys of stored rows by id, to read stored rows as a
// declaration writes them.
type names struct {
	sites, skills, teams, users map[int64]string
}

func storedNames(rows *store.CenterRows) *names {
	n := &names{sites: map[int64]string{}, skills: map[int64]string{}, teams: map[int64]string{}, users: rows.Usernames}
	for _, s := range rows.Sites {
		n.sites[s.ID] = s.Name
	}
	for _, s := range rows.Skills {
		n.skills[s.ID] = s.Name
	}
	for _, t := range rows.Teams {
		n.teams[t.ID] = t.Name
	}
	return n
}

// plan validates the declaration against the stored rows and compares
// them. It is pure: rows in, changes out. Kinds are planned in the order
// they are written, each referring only to kinds before it.
func plan(rows *store.CenterRows, c *Center, now time.Time) (Changes, error) {
	pl := newPlanner(rows, c, now)
	pl.sites()
	pl.skills()
	pl.shiftTemplates()
	pl.queues()
	pl.teams()
	pl.agents()
	if err := pl.p.err(); err != nil {
		return Changes{}, err
	}
	pl.missing()
	return pl.cs, nil
}

// planner is one plan under way: the declaration, the stored rows, the
// problems found and the changes so far.
type planner struct {
	c        *Center
	rows     *store.CenterRows
	now      time.Time
	p        *problems
	stored   *keys  // stored rows' ids by key
	nm       *names // stored rows' keys by id
	declared struct{ sites, skills, teams map[string]bool }
	standIns map[string]int64 // kind/key -> the stand-in id of a row not yet created
	seen     map[string]int   // kind/key -> its index in the declaration
	cs       Changes
}

func newPlanner(rows *store.CenterRows, c *Center, now time.Time) *planner {
	pl := &planner{c: c, rows: rows, now: now, p: &problems{c: c}, stored: storedKeys(rows), nm: storedNames(rows),
		standIns: map[string]int64{}, seen: map[string]int{}}
	pl.declared.sites, pl.declared.skills, pl.declared.teams = map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, s := range c.Sites {
		pl.declared.sites[s.Name] = true
	}
	for _, s := range c.Skills {
		pl.declared.skills[s] = true
	}
	for _, t := range c.Teams {
		pl.declared.teams[t.Name] = true
	}
	return pl
}

// ref checks a reference to a row of kind by key: it must be declared or
// stored. The id of a row not yet created is a stand-in, one per key (the
// store's checks only ask for a positive id, and tell two skills of an
// agent apart by theirs).
func (pl *planner) ref(path, kind, key string, isDeclared map[string]bool, ids map[string]int64) int64 {
	if id, ok := ids[key]; ok && key != "" {
		return id
	}
	if key == "" {
		pl.p.add(path, "required: the %s's %s", kind, keyWord(kind))
	} else if !isDeclared[key] {
		pl.p.add(path, "no %s %q declared or stored", kind, key)
	}
	id, ok := pl.standIns[kind+"/"+key]
	if !ok {
		id = math.MaxInt64 - int64(len(pl.standIns))
		pl.standIns[kind+"/"+key] = id
	}
	return id
}

// user is the stored user a declaration names by login, nil for none.
func (pl *planner) user(path, username string) *int64 {
	if username == "" {
		return nil
	}
	id, ok := pl.stored.users[strings.ToLower(username)]
	if !ok {
		pl.p.add(path, "no user %q (make one with wfm user create)", username)
		return nil
	}
	return &id
}

// dup reports a key declared twice (the second one is then skipped).
func (pl *planner) dup(kind, path, key string, i int) bool {
	k := kind + "/" + key
	if j, ok := pl.seen[k]; ok && key != "" {
		pl.p.add(path, "%s %q declared twice (first as %ss[%d])", kind, key, strings.ReplaceAll(kind, "-", "_"), j)
		return true
	}
	pl.seen[k] = i
	return false
}

// byKey indexes stored rows by their key in a declaration.
func byKey[T any](rows []T, key func(*T) string) map[string]*T {
	out := make(map[string]*T, len(rows))
	for i := range rows {
		out[key(&rows[i])] = &rows[i]
	}
	return out
}

func (pl *planner) sites() {
	stored := byKey(pl.rows.Sites, func(s *store.Site) string { return s.Name })
	for i, d := range pl.c.Sites {
		path := fmt.Sprintf("sites[%d]", i)
		if pl.dup(KindSite, path+".name", d.Name, i) {
			continue
		}
		e := d.entity()
		fieldErrors(pl.p, path, e.Validate(), nil)
		pl.cs.add(KindSite, d.Name, siteDecl(&e), stored[d.Name], func(h *store.Site) any { return siteDecl(h) })
	}
}

func (pl *planner) skills() {
	stored := byKey(pl.rows.Skills, func(s *store.Skill) string { return s.Name })
	for i, name := range pl.c.Skills {
		path := fmt.Sprintf("skills[%d]", i)
		if pl.dup(KindSkill, path, name, i) {
			continue
		}
		e := store.Skill{Name: name}
		fieldErrors(pl.p, path, e.Validate(), map[string]string{"name": ""})
		pl.cs.add(KindSkill, name, name, stored[name], func(h *store.Skill) any { return h.Name })
	}
}

func (pl *planner) shiftTemplates() {
	nm := pl.nm
	stored := byKey(pl.rows.ShiftTemplates, func(t *store.ShiftTemplate) string { return nm.sites[t.SiteID] + "/" + t.Code })
	for i, d := range pl.c.ShiftTemplates {
		path := fmt.Sprintf("shift_templates[%d]", i)
		if pl.dup(KindShiftTemplate, path+".code", d.key(), i) {
			continue
		}
		e := d.entity(pl.ref(path+".site", KindSite, d.Site, pl.declared.sites, pl.stored.sites))
		fieldErrors(pl.p, path, e.Validate(), map[string]string{"site_id": "site"})
		want := templateDecl(&e, nil)
		want.Site = d.Site
		pl.cs.add(KindShiftTemplate, d.key(), want, stored[d.key()], func(h *store.ShiftTemplate) any { return templateDecl(h, nm) })
	}
}

func (pl *planner) queues() {
	nm := pl.nm
	stored := byKey(pl.rows.Queues, func(q *store.Queue) string { return q.Code })
	for i, d := range pl.c.Queues {
		path := fmt.Sprintf("queues[%d]", i)
		if pl.dup(KindQueue, path+".code", d.Code, i) {
			continue
		}
		siteID := pl.ref(path+".site", KindSite, d.Site, pl.declared.sites, pl.stored.sites)
		var skillID *int64
		if d.Skill != "" {
			id := pl.ref(path+".skill", KindSkill, d.Skill, pl.declared.skills, pl.stored.skills)
			skillID = &id
		}
		e := d.entity(siteID, skillID)
		fieldErrors(pl.p, path, e.Validate(), map[string]string{"site_id": "site", "skill_id": "skill"})
		want := queueDecl(&e, nil)
		want.Site, want.Skill = d.Site, d.Skill
		pl.cs.add(KindQueue, d.Code, want, stored[d.Code], func(h *store.Queue) any { return queueDecl(h, nm) })
	}
}

func (pl *planner) teams() {
	nm := pl.nm
	stored := byKey(pl.rows.Teams, func(t *store.Team) string { return t.Name })
	for i, d := range pl.c.Teams {
		path := fmt.Sprintf("teams[%d]", i)
		if pl.dup(KindTeam, path+".name", d.Name, i) {
			continue
		}
		e := store.Team{Name: d.Name, SiteID: pl.ref(path+".site", KindSite, d.Site, pl.declared.sites, pl.stored.sites),
			SupervisorUserID: pl.user(path+".supervisor", d.Supervisor)}
		fieldErrors(pl.p, path, e.Validate(), map[string]string{"site_id": "site", "supervisor_user_id": "supervisor"})
		want := d
		if e.SupervisorUserID != nil {
			want.Supervisor = nm.users[*e.SupervisorUserID] // as the user is spelled
		}
		pl.cs.add(KindTeam, d.Name, want, stored[d.Name], func(h *store.Team) any { return teamDecl(h, nm) })
	}
}

func (pl *planner) agents() {
	nm := pl.nm
	stored := byKey(pl.rows.Agents, func(a *store.Agent) string { return a.Code })
	templateCodes := map[string]bool{} // declared or stored, at any site
	for _, t := range pl.rows.ShiftTemplates {
		templateCodes[t.Code] = true
	}
	for _, d := range pl.c.ShiftTemplates {
		templateCodes[d.Code] = true
	}
	logins := pl.agentLogins()
	for i, d := range pl.c.Agents {
		path := fmt.Sprintf("agents[%d]", i)
		if pl.dup(KindAgent, path+".code", d.Code, i) {
			continue
		}
		teamID := pl.ref(path+".team", KindTeam, d.Team, pl.declared.teams, pl.stored.teams)
		userID := pl.user(path+".user", d.User)
		logins.check(pl.p, path, d, userID)
		skills := make([]store.AgentSkill, 0, len(d.Skills))
		for _, name := range sortedKeys(d.Skills) {
			level := d.Skills[name]
			sp := path + ".skills." + name
			if level < 1 || level > 5 {
				pl.p.add(sp, "proficiency %d must be 1 (learning) to 5 (expert)", level)
				level = 1
			}
			skills = append(skills, store.AgentSkill{SkillID: pl.ref(sp, KindSkill, name, pl.declared.skills, pl.stored.skills), Proficiency: level})
		}
		for j, code := range d.Contract.ShiftTemplates {
			if !templateCodes[code] {
				pl.p.add(fmt.Sprintf("%s.contract.shift_templates[%d]", path, j), "no shift template %q declared or stored", code)
			}
		}
		e := d.entity(teamID, userID, skills)
		fieldErrors(pl.p, path, e.Validate(), map[string]string{"team_id": "team", "user_id": "user"})
		if d.HireDate != "" {
			if err := limits.Hire.CheckDate(d.HireDate, pl.now); err != nil {
				pl.p.add(path+".hire_date", "%v", err)
			}
		}
		want := agentDecl(&e, nil)
		want.Team, want.User, want.Skills = d.Team, d.User, d.Skills
		if userID != nil {
			want.User = nm.users[*userID] // as the user is spelled
		}
		if want.Skills == nil {
			want.Skills = map[string]int{}
		}
		pl.cs.add(KindAgent, d.Code, want, stored[d.Code], func(h *store.Agent) any { return agentDecl(h, nm) })
	}
}

// agentLogins keeps one login to one agent across the declaration and
// the stored agents it leaves as they are.
type agentLogins struct {
	declaredBy map[string]string // username -> the code of the declared agent who logs in with it
	declared   map[string]Agent  // code -> declared agent
	holder     map[int64]string  // user id -> the code of the stored agent who logs in with it
}

func (pl *planner) agentLogins() *agentLogins {
	l := &agentLogins{declaredBy: map[string]string{}, declared: map[string]Agent{}, holder: map[int64]string{}}
	for _, d := range pl.c.Agents {
		l.declared[d.Code] = d
	}
	for _, a := range pl.rows.Agents {
		if a.UserID != nil {
			l.holder[*a.UserID] = a.Code
		}
	}
	return l
}

func (l *agentLogins) check(p *problems, path string, d Agent, userID *int64) {
	if d.User == "" {
		return
	}
	if other, ok := l.declaredBy[d.User]; ok {
		p.add(path+".user", "user %q is agent %s's already: one login is one agent", d.User, other)
	}
	l.declaredBy[d.User] = d.Code
	// A stored agent who keeps the login (left out of the file, or
	// declared with it still) would hold it twice.
	if userID != nil {
		if other, ok := l.holder[*userID]; ok && other != d.Code {
			if o, declared := l.declared[other]; !declared || o.User == d.User {
				p.add(path+".user", "user %q is agent %s's: one login is one agent", d.User, other)
			}
		}
	}
}

// missing adds the stored rows the file leaves out, in the order they
// would be pruned: agents first (they refer to teams), sites last.
func (pl *planner) missing() {
	missing := func(kind, key string, have any) {
		if _, ok := pl.seen[kind+"/"+key]; !ok {
			pl.cs.Changes = append(pl.cs.Changes, Change{Kind: kind, Key: key, Action: Missing, have: have})
		}
	}
	rows := pl.rows
	for i := range rows.Agents {
		missing(KindAgent, rows.Agents[i].Code, &rows.Agents[i])
	}
	for i := range rows.Teams {
		missing(KindTeam, rows.Teams[i].Name, &rows.Teams[i])
	}
	for i := range rows.Queues {
		missing(KindQueue, rows.Queues[i].Code, &rows.Queues[i])
	}
	for i := range rows.ShiftTemplates {
		t := &rows.ShiftTemplates[i]
		missing(KindShiftTemplate, pl.nm.sites[t.SiteID]+"/"+t.Code, t)
	}
	for i := range rows.Skills {
		missing(KindSkill, rows.Skills[i].Name, &rows.Skills[i])
	}
	for i := range rows.Sites {
		missing(KindSite, rows.Sites[i].Name, &rows.Sites[i])
	}
}

// add records a declared row: Created when nothing is stored under its
// key, else Configured or Unchanged by comparing it with the stored row as
// a declaration would write it.
func (cs *Changes) add(kind, key string, want any, have any, decl any) {
	ch := Change{Kind: kind, Key: key, want: want}
	hv := reflect.ValueOf(have)
	if hv.IsNil() {
		ch.Action = Created
	} else {
		ch.have = have
		haveDecl := reflect.ValueOf(decl).Call([]reflect.Value{hv})[0].Interface()
		diff("", reflect.ValueOf(haveDecl), reflect.ValueOf(want), &ch.Diffs)
		ch.Action = Unchanged
		if len(ch.Diffs) > 0 {
			ch.Action = Configured
		}
	}
	cs.Changes = append(cs.Changes, ch)
}

func keyWord(kind string) string {
	if kind == KindQueue || kind == KindAgent {
		return "code"
	}
	return "name"
}

// fieldErrors turns the store's field errors into problems at the
// declaration's fields: rename maps a store field to the file's ("site_id"
// -> "site"; "" for the row itself).
var indexed = regexp.MustCompile(`^([a-z_]+)\[\d+\]`)

func fieldErrors(p *problems, path string, err error, rename map[string]string) {
	if err == nil {
		return
	}
	var fe *fault.Error
	if !errors.As(err, &fe) || len(fe.Fields) == 0 {
		p.add(path, "%v", err)
		return
	}
	for _, field := range sortedKeys(fe.Fields) {
		name := field
		if m := indexed.FindStringSubmatch(field); m != nil && m[1] == "skills" {
			name = "skills" // the store's skills[i] are the file's skills map, sorted
		}
		if r, ok := rename[name]; ok {
			name = r
		}
		at := path
		if name != "" {
			at += "." + name
		}
		p.add(at, "%s", fe.Fields[field])
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// diff lists the fields of two declarations of one kind that differ,
// nested structs (an agent's contract) field by field.
func diff(prefix string, have, want reflect.Value, out *[]Diff) {
	if have.Kind() != reflect.Struct {
		if !reflect.DeepEqual(have.Interface(), want.Interface()) {
			*out = append(*out, Diff{Field: strings.TrimSuffix(prefix, "."), From: show(have), To: show(want)})
		}
		return
	}
	t := have.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		hv, wv := have.Field(i), want.Field(i)
		if f.Type.Kind() == reflect.Struct {
			diff(prefix+name+".", hv, wv, out)
			continue
		}
		if !reflect.DeepEqual(hv.Interface(), wv.Interface()) {
			*out = append(*out, Diff{Field: prefix + name, From: show(hv), To: show(wv)})
		}
	}
}

// show writes a value as the file would.
func show(v reflect.Value) string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "null"
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		if v.String() == "" {
			return `""`
		}
		return v.String()
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Slice, reflect.Map, reflect.Struct:
		b, err := json.Marshal(v.Interface())
		if err != nil {
			return fmt.Sprint(v.Interface())
		}
		return string(b)
	}
	return fmt.Sprint(v.Interface())
}
