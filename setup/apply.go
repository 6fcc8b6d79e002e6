package setup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/uptrace/bun"

	"wfm/batch"
	"wfm/fault"
	"wfm/store"
)

// Options tune an apply.
type Options struct {
	// Prune removes the rows the file leaves out. Without it they are
	// only listed (Missing).
	Prune bool
	// DryRun does everything in the transaction, then rolls it back: the
	// changes reported are exactly what an apply would make, prune
	// refusals included, and nothing is written.
	DryRun bool
	// Actor is who the audit log records (store.System by default).
	Actor store.Actor
}

var errDryRun = errors.New("dry run: rolled back")

// ReadFile reads and parses a center declaration file.
func ReadFile(path string) (*Center, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data, filepath.Base(path))
}

// Apply makes the database hold the declared center, in one transaction:
// a problem anywhere (in the file, or a row prune may not remove) writes
// nothing. Applying the same file again changes nothing (every row
// Unchanged).
//
// Prune removes the rows the file leaves out, agents first and sites
// last. A row something else still refers to is not deleted:
//   - an agent is deactivated instead (active: false), keeping the
//     history that refers to her (shifts, contacts, states, reviews...);
//     the model has that state for people who left, and rosters skip
//     inactive agents;
//   - a site, skill, queue or team has no such state: the apply is
//     refused, naming what refers to it (its teams, queues, agents or
//     history), and nothing is written.
func Apply(ctx context.Context, st *store.Store, c *Center, opt Options) (Changes, error) {
	if opt.Prune && c.empty() {
		// An empty file (or the wrong one) with --prune would remove the
		// whole center.
		return Changes{}, batch.Problems{{File: c.file, Message: "the file declares no site, skill, shift template, queue, team or agent: --prune would remove the whole center, so nothing was done"}}
	}
	return apply(ctx, st, c, opt, false)
}

// Create adds the declared rows, in one transaction, and refuses (writing
// nothing) when one of them exists already: the set-up commands' create
// (`wfm site create ...`), where changing an existing row would surprise.
// The rows the declaration leaves out are not its business: the changes
// list only the declared rows.
func Create(ctx context.Context, st *store.Store, c *Center, opt Options) (Changes, error) {
	opt.Prune = false
	return apply(ctx, st, c, opt, true)
}

func apply(ctx context.Context, st *store.Store, c *Center, opt Options, createOnly bool) (Changes, error) {
	var out Changes
	err := st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		rows, err := st.CenterTx(ctx, tx)
		if err != nil {
			return err
		}
		cs, err := plan(rows, c, st.Now())
		if err != nil {
			return err
		}
		if createOnly {
			declared := cs.Changes[:0]
			for _, ch := range cs.Changes {
				switch ch.Action {
				case Missing:
					continue
				case Created:
				default:
					return &fault.Error{Code: fault.Conflict, Message: fmt.Sprintf(
						"%s/%s already exists: nothing was written (wfm apply -f FILE changes existing rows)", ch.Kind, ch.Key)}
				}
				declared = append(declared, ch)
			}
			cs.Changes = declared
		}
		ids := storedKeys(rows)
		for i := range cs.Changes {
			ch := &cs.Changes[i]
			if ch.Action != Created && ch.Action != Configured {
				continue
			}
			if err := write(ctx, st, tx, opt.Actor, ids, ch); err != nil {
				return fmt.Errorf("%s/%s: %w", ch.Kind, ch.Key, err)
			}
		}
		if opt.Prune {
			for i := range cs.Changes {
				ch := &cs.Changes[i]
				if ch.Action != Missing {
					continue
				}
				if err := prune(ctx, st, tx, opt.Actor, ch); err != nil {
					return err
				}
			}
		}
		out = cs
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		out.DryRun = true
		err = nil
	}
	if err != nil {
		return Changes{}, err
	}
	return out, nil
}

// write inserts or updates one declared row, and records the id of a new
// one for the rows after it that name it.
func write(ctx context.Context, st *store.Store, tx bun.IDB, a store.Actor, ids *keys, ch *Change) error {
	user := func(username string) *int64 {
		if username == "" {
			return nil
		}
		id := ids.users[strings.ToLower(username)]
		return &id
	}
	switch d := ch.want.(type) {
	case Site:
		e := d.entity()
		if h, ok := ch.have.(*store.Site); ok {
			e.Record = h.Record
			return store.UpdateTx(ctx, st, tx, a, &e)
		}
		if err := store.CreateTx(ctx, st, tx, a, &e); err != nil {
			return err
		}
		ids.sites[e.Name] = e.ID
	case string: // a skill
		e := store.Skill{Name: d}
		if err := store.CreateTx(ctx, st, tx, a, &e); err != nil {
			return err
		}
		ids.skills[e.Name] = e.ID
	case ShiftTemplate:
		e := d.entity(ids.sites[d.Site])
		if h, ok := ch.have.(*store.ShiftTemplate); ok {
			e.Record = h.Record
			return store.UpdateTx(ctx, st, tx, a, &e)
		}
		return store.CreateTx(ctx, st, tx, a, &e)
	case Queue:
		var skill *int64
		if d.Skill != "" {
			id := ids.skills[d.Skill]
			skill = &id
		}
		e := d.entity(ids.sites[d.Site], skill)
		if h, ok := ch.have.(*store.Queue); ok {
			e.Record = h.Record
			return store.UpdateTx(ctx, st, tx, a, &e)
		}
		return store.CreateTx(ctx, st, tx, a, &e)
	case Team:
		e := store.Team{Name: d.Name, SiteID: ids.sites[d.Site], SupervisorUserID: user(d.Supervisor)}
		if h, ok := ch.have.(*store.Team); ok {
			e.Record = h.Record
			return store.UpdateTx(ctx, st, tx, a, &e)
		}
		if err := store.CreateTx(ctx, st, tx, a, &e); err != nil {
			return err
		}
		ids.teams[e.Name] = e.ID
	case Agent:
		skills := make([]store.AgentSkill, 0, len(d.Skills))
		for _, name := range sortedKeys(d.Skills) {
			skills = append(skills, store.AgentSkill{SkillID: ids.skills[name], Proficiency: d.Skills[name]})
		}
		e := d.entity(ids.teams[d.Team], user(d.User), skills)
		if h, ok := ch.have.(*store.Agent); ok {
			e.Record = h.Record
			return store.UpdateTx(ctx, st, tx, a, &e)
		}
		return store.CreateTx(ctx, st, tx, a, &e)
	default:
		return fmt.Errorf("no way to write a %T", ch.want)
	}
	return nil
}

// prune removes one row the file leaves out, or deactivates an agent
// history refers to (see Apply).
func prune(ctx context.Context, st *store.Store, tx bun.IDB, a store.Actor, ch *Change) error {
	tables := map[string]string{KindSite: "sites", KindSkill: "skills", KindShiftTemplate: "shift_templates", KindQueue: "queues", KindTeam: "teams", KindAgent: "agents"}
	var id int64
	switch h := ch.have.(type) {
	case *store.Site:
		id = h.ID
	case *store.Skill:
		id = h.ID
	case *store.ShiftTemplate:
		id = h.ID
	case *store.Queue:
		id = h.ID
	case *store.Team:
		id = h.ID
	case *store.Agent:
		id = h.ID
	}
	all, err := st.ReferencesTx(ctx, tx, tables[ch.Kind], id)
	if err != nil {
		return err
	}
	var refs []store.Reference
	for _, r := range all {
		if ch.Kind != KindAgent || r.Table != "agent_skills" { // an agent's own part, deleted with her
			refs = append(refs, r)
		}
	}
	if len(refs) == 0 {
		switch h := ch.have.(type) {
		case *store.Site:
			err = store.DeleteTx(ctx, st, tx, a, h)
		case *store.Skill:
			err = store.DeleteTx(ctx, st, tx, a, h)
		case *store.ShiftTemplate:
			err = store.DeleteTx(ctx, st, tx, a, h)
		case *store.Queue:
			err = store.DeleteTx(ctx, st, tx, a, h)
		case *store.Team:
			err = store.DeleteTx(ctx, st, tx, a, h)
		case *store.Agent:
			err = store.DeleteTx(ctx, st, tx, a, h)
		}
		if err != nil {
			return fmt.Errorf("prune %s/%s: %w", ch.Kind, ch.Key, err)
		}
		ch.Action = Deleted
		return nil
	}
	ch.ReferredBy = refs
	if h, ok := ch.have.(*store.Agent); ok {
		if !h.Active {
			return nil // deactivated by an earlier prune: still Missing, nothing to do
		}
		ch.Action = Deactivated
		e := *h
		e.Active = false
		if err := store.UpdateTx(ctx, st, tx, a, &e); err != nil {
			return fmt.Errorf("prune: deactivate agent/%s: %w", ch.Key, err)
		}
		return nil
	}
	return &fault.Error{Code: fault.Conflict, Message: fmt.Sprintf(
		"prune: %s/%s is missing from the file but %s refer to it: nothing was written; keep it in the file, or remove those first",
		ch.Kind, ch.Key, describe(refs))}
}

// describe words references: "teams (2 rows), queues (1 row)".
func describe(refs []store.Reference) string {
	parts := make([]string, len(refs))
	for i, r := range refs {
		unit := "rows"
		if r.Rows == 1 {
			unit = "row"
		}
		parts[i] = fmt.Sprintf("%s (%d %s)", r.Table, r.Rows, unit)
	}
	return strings.Join(parts, ", ")
}
