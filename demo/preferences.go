package demo

import (
	"context"
	"fmt"

	"wfm/civil"
	"wfm/rostering"
	"wfm/store"
)

// demoPreference is a wish one demo agent states: a weekday (every week)
// or a day counted from the end of the history (dated), a shift of the
// demo templates (E, D, L; "" any) when she would like to work.
type demoPreference struct {
	weekday  int // -1 for a dated one
	afterEnd int // days after c.End, for a dated one
	shift    string
	work     bool
	strength int
	note     string
}

// demoPreferenceSets are the wishes of the first agents with a demo login
// (so that one sees them on her preferences page) and of a few without:
// a morning person, a weekend parent, someone who trains on Wednesday
// evenings, someone with a dated appointment.
var demoPreferenceSets = [][]demoPreference{
	{{weekday: 1, shift: "E", work: true, strength: 2, note: "school run in the afternoon"},
		{weekday: 3, shift: "E", work: true, strength: 1},
		{weekday: -1, afterEnd: 4, strength: 3, note: "dentist"}},
	{{weekday: 6, strength: 3, note: "weekends with the children"}, {weekday: 0, strength: 3}},
	{{weekday: 3, shift: "E", work: true, strength: 2, note: "evening training"}, {weekday: 2, shift: "L", work: true, strength: 1}},
	{{weekday: 5, strength: 1}},
}

// loadPreferences gives a few demo agents shift preferences, once: an
// agent who already has some is left as she is.
func loadPreferences(ctx context.Context, st *store.Store, c Center) (tally, error) {
	var t tally
	agents, err := st.ListAgents(ctx, store.Scope{All: true})
	if err != nil {
		return t, err
	}
	byCode := map[string]store.Agent{}
	for _, a := range agents {
		byCode[a.Code] = a
	}
	// Agents with a login first, then the others, in the center's order.
	var order []string
	for _, withLogin := range []bool{true, false} {
		for _, a := range c.Agents {
			if (a.User != "") == withLogin {
				order = append(order, a.Code)
			}
		}
	}
	everyone := store.Scope{All: true}
	for i, set := range demoPreferenceSets {
		if i >= len(order) {
			break
		}
		ag, ok := byCode[order[i]]
		if !ok {
			continue
		}
		have, err := st.ListPreferences(ctx, everyone, store.PreferenceFilter{AgentID: ag.ID})
		if err != nil {
			return t, err
		}
		t.count(len(have) == 0)
		if len(have) > 0 {
			continue
		}
		for _, d := range set {
			p := store.ShiftPreference{AgentID: ag.ID, ShiftCode: d.shift, Work: d.work, Strength: d.strength, Note: d.note}
			if d.weekday >= 0 {
				p.Weekday = ptr(d.weekday)
			} else {
				p.Date = civil.Of(c.End, c.End.Location()).AddDays(d.afterEnd)
			}
			if err := rostering.CreatePreference(ctx, st, store.System, everyone, &p); err != nil {
				return t, fmt.Errorf("demo preference of %s: %w", ag.Code, err)
			}
		}
	}
	return t, nil
}
