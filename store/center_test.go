package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/uptrace/bun"

	"wfm/store"
	"wfm/store/storetest"
)

// ReferencesTx counts what refers to a row through every foreign key the
// schema has, cascading ones included (an agent's skills, her shifts):
// deleting would lose them.
func TestReferencesTx(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, q, team, ag := center(t, st)
		skill := store.Skill{Name: "billing"}
		must(t, st.CreateSkill(ctx, store.System, &skill))
		ag.Skills = []store.AgentSkill{{SkillID: skill.ID, Proficiency: 3}}
		must(t, st.UpdateAgent(ctx, store.System, &ag))
		// refs takes the subtest's t, so that a failed query stops only its case.
		refs := func(t *testing.T, table string, id int64) []store.Reference {
			t.Helper()
			var out []store.Reference
			must(t, st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
				var err error
				out, err = st.ReferencesTx(ctx, tx, table, id)
				return err
			}))
			return out
		}
		for _, c := range []struct {
			table string
			id    int64
			want  []store.Reference
		}{
			{"sites", site.ID, []store.Reference{{Table: "queues", Rows: 1}, {Table: "teams", Rows: 1}}},
			{"teams", team.ID, []store.Reference{{Table: "agents", Rows: 1}}},
			{"skills", skill.ID, []store.Reference{{Table: "agent_skills", Rows: 1}}},
			{"agents", ag.ID, []store.Reference{{Table: "agent_skills", Rows: 1}}},
			{"queues", q.ID, []store.Reference{}},
		} {
			t.Run(c.table, func(t *testing.T) {
				if got := refs(t, c.table, c.id); !reflect.DeepEqual(got, c.want) {
					t.Errorf("%s %d referred to by %v, want %v", c.table, c.id, got, c.want)
				}
			})
		}
	})
}
