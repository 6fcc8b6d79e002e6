package store_test

import (
	"context"
	"testing"
	"time"

	"wfm/batch"
	"wfm/fault"
	"wfm/store"
	"wfm/store/storetest"
)

func TestGetContactKeepsToTheScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, _, team, ag := center(t, st)
		t0 := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
		_, err := st.ImportContacts(ctx, store.System, "c.csv", []batch.Contact{
			{Line: 2, ID: "mine", Queue: "sales", ArrivedAt: t0, AnsweredAt: t0.Add(5 * time.Second), EndedAt: t0.Add(time.Minute), Agent: ag.Code},
			{Line: 3, ID: "nobody", Queue: "sales", ArrivedAt: t0, EndedAt: t0.Add(time.Minute)},
		})
		must(t, err)
		for _, c := range []struct {
			name string
			sc   store.Scope
			id   string
			want fault.Code
		}{
			{"everything reads the agent's contact", store.Scope{All: true}, "mine", ""},
			{"everything reads a contact with no agent", store.Scope{All: true}, "nobody", ""},
			{"her team reads the agent's contact", store.Scope{TeamIDs: []int64{team.ID}}, "mine", ""},
			{"the agent reads her own contact", store.Scope{AgentID: ag.ID}, "mine", ""},
			{"another team is refused the agent's contact", store.Scope{TeamIDs: []int64{team.ID + 1}}, "mine", fault.Forbidden},
			{"another agent is refused the agent's contact", store.Scope{AgentID: ag.ID + 1}, "mine", fault.Forbidden},
			{"a team is refused a contact with no agent", store.Scope{TeamIDs: []int64{team.ID}}, "nobody", fault.Forbidden},
			{"a missing contact is not found", store.Scope{All: true}, "missing", fault.NotFound},
		} {
			t.Run(c.name, func(t *testing.T) {
				got, err := st.GetContact(ctx, c.sc, c.id)
				switch {
				case c.want == "" && (err != nil || got.ContactID != c.id):
					t.Errorf("%+v %s: %v", c.sc, c.id, err)
				case c.want != "" && fault.CodeOf(err) != c.want:
					t.Errorf("%+v %s: %v, want %s", c.sc, c.id, err, c.want)
				}
			})
		}
	})
}

func TestContactsNewestFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, _, _, ag := center(t, st)
		t0 := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
		var cs []batch.Contact
		for i := 0; i < 5; i++ {
			at := t0.Add(time.Duration(i) * time.Minute)
			cs = append(cs, batch.Contact{Line: i + 2, ID: "c" + string(rune('0'+i)), Queue: "sales", ArrivedAt: at, AnsweredAt: at.Add(time.Second), EndedAt: at.Add(30 * time.Second), Agent: ag.Code})
		}
		_, err := st.ImportContacts(ctx, store.System, "c.csv", cs)
		must(t, err)
		got, err := st.Contacts(ctx, store.ContactFilter{Scope: store.Scope{All: true}, Newest: true, Limit: 2})
		must(t, err)
		if len(got) != 2 || got[0].ContactID != "c4" || got[1].ContactID != "c3" {
			t.Errorf("newest two: %+v", got)
		}
	})
}
