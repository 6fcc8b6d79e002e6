package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"wfm/batch"
	"wfm/civil"
	"wfm/fault"
	"wfm/people"
	"wfm/store"
	"wfm/store/storetest"
)

// A step taken on a page read before someone else moved the case on is
// refused; the case keeps the other person's step.
func TestStepComplaintAtRefusesAStaleVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, _, team, ag := center(t, st)
		now := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
		st.SetClock(func() time.Time { return now })
		_, err := st.ImportContacts(ctx, store.System, "c.csv", []batch.Contact{{Line: 2, ID: "k1", Queue: "sales", Channel: "voice",
			ArrivedAt: now.Add(-time.Hour), AnsweredAt: now.Add(-time.Hour + 10*time.Second), EndedAt: now.Add(-50 * time.Minute), Agent: ag.Code}})
		must(t, err)
		sup := store.Scope{TeamIDs: []int64{team.ID}}
		c := store.Complaint{ContactID: "k1", Customer: "Ms Wu", About: "rude", Wants: "an apology"}
		must(t, people.CreateComplaint(ctx, st, store.System, sup, &c))
		read := c.Version
		got, err := people.StepComplaintAt(ctx, st, store.System, sup, c.ID, read, store.ComplaintStep{Action: "judge", Valid: true})
		must(t, err)
		if got.Status != "valid" || got.Version != read+1 {
			t.Fatalf("after judging: %s at version %d", got.Status, got.Version)
		}
		// A second person, on the page she read before, judges it invalid.
		if _, err := people.StepComplaintAt(ctx, st, store.System, sup, c.ID, read, store.ComplaintStep{Action: "judge", Valid: false}); fault.CodeOf(err) != fault.Conflict {
			t.Fatalf("stale step: %v, want a conflict", err)
		}
		cur, err := st.GetComplaint(ctx, sup, c.ID)
		must(t, err)
		if cur.Status != "valid" || len(cur.Steps) != 1 {
			t.Errorf("the stale step changed the case: %s, %d steps", cur.Status, len(cur.Steps))
		}
		// Out of scope, whatever the version.
		if _, err := people.StepComplaintAt(ctx, st, store.System, store.Scope{TeamIDs: []int64{team.ID + 100}}, c.ID, cur.Version,
			store.ComplaintStep{Action: "classify", Category: "service"}); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("another team's supervisor: %v", err)
		}
	})
}

// A record filed on a contact (an evaluation, a complaint) is in the scope
// of the contact's own agent, whatever agent the body names, and the
// contact must exist.
func TestRecordsOnAContactFollowTheContactsAgent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, _, teamA, a1 := center(t, st)
		teamB := store.Team{Name: "Team B", SiteID: site.ID}
		must(t, st.CreateTeam(ctx, store.System, &teamB))
		b1 := store.Agent{Code: "B1", Name: "Wang Fang", TeamID: teamB.ID, HireDate: civil.MustParse("2024-05-01"), Active: true}
		must(t, st.CreateAgent(ctx, store.System, &b1))
		now := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
		st.SetClock(func() time.Time { return now })
		arrived := now.Add(-time.Hour)
		_, err := st.ImportContacts(ctx, store.System, "c.csv", []batch.Contact{
			{Line: 2, ID: "of-b1", Queue: "sales", Channel: "voice", ArrivedAt: arrived, AnsweredAt: arrived.Add(10 * time.Second), EndedAt: arrived.Add(5 * time.Minute), Agent: b1.Code},
			{Line: 3, ID: "of-a1", Queue: "sales", Channel: "voice", ArrivedAt: arrived, AnsweredAt: arrived.Add(10 * time.Second), EndedAt: arrived.Add(5 * time.Minute), Agent: a1.Code},
			{Line: 4, ID: "abandoned", Queue: "sales", Channel: "voice", ArrivedAt: arrived, EndedAt: arrived.Add(time.Minute)},
		})
		must(t, err)
		lead := supervisorOf(t, st, "lead", teamA)
		sup := store.Scope{TeamIDs: []int64{teamA.ID}}
		form, err := st.EnsureDefaultQualityForm(ctx)
		must(t, err)
		evaluation := func(contact string, agent int64) error {
			return people.CreateEvaluation(ctx, st, lead, sup, &store.Evaluation{ContactID: contact, AgentID: agent, Answers: answersAll(form, 1, nil)})
		}
		complaint := func(contact string, agent *int64) (store.Complaint, error) {
			c := store.Complaint{ContactID: contact, AgentID: agent, Customer: "Ms Wu", About: "rude", Wants: "an apology"}
			return c, people.CreateComplaint(ctx, st, lead, sup, &c)
		}
		// Another team's contact, naming her own agent or nobody: refused.
		for _, agent := range []int64{a1.ID, 0} {
			if err := evaluation("of-b1", agent); fault.CodeOf(err) != fault.Forbidden {
				t.Errorf("evaluation of b1's contact naming agent %d: %v, want forbidden", agent, err)
			}
		}
		if _, err := complaint("of-b1", &a1.ID); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("complaint on b1's contact naming a1: %v, want forbidden", err)
		}
		if _, err := complaint("of-b1", nil); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("complaint on b1's contact naming nobody: %v, want forbidden", err)
		}
		// A contact that does not exist: not found, the field named.
		var se *fault.Error
		if _, err := complaint("nope", &a1.ID); fault.CodeOf(err) != fault.NotFound || !errors.As(err, &se) || se.Fields["contact_id"] == "" {
			t.Errorf("complaint on no contact, naming her agent: %v, want not found naming contact_id", err)
		}
		if err := evaluation("nope", a1.ID); fault.CodeOf(err) != fault.NotFound || !errors.As(err, &se) || se.Fields["contact_id"] == "" {
			t.Errorf("evaluation of no contact: %v, want not found naming contact_id", err)
		}
		// Her own team's contact, naming another agent: the field named.
		if _, err := complaint("of-a1", &b1.ID); fault.CodeOf(err) != fault.Invalid || !errors.As(err, &se) || se.Fields["agent_id"] == "" {
			t.Errorf("complaint on a1's contact naming b1: %v, want invalid agent_id", err)
		}
		if err := evaluation("of-a1", b1.ID); fault.CodeOf(err) != fault.Invalid || !errors.As(err, &se) || se.Fields["agent_id"] == "" {
			t.Errorf("evaluation of a1's contact naming b1: %v, want invalid agent_id", err)
		}
		// What is hers goes through, about the contact's agent.
		must(t, evaluation("of-a1", 0))
		c, err := complaint("of-a1", &a1.ID)
		must(t, err)
		if c.AgentID == nil || *c.AgentID != a1.ID {
			t.Errorf("complaint on a1's contact is about agent %v", c.AgentID)
		}
		// A contact nobody answered is the center's: any supervisor records
		// the complaint, about nobody; it cannot be pinned on an agent.
		c, err = complaint("abandoned", nil)
		must(t, err)
		if c.AgentID != nil {
			t.Errorf("complaint on an abandoned contact is about agent %d", *c.AgentID)
		}
		if _, err := complaint("abandoned", &a1.ID); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("complaint on an abandoned contact naming a1: %v, want invalid", err)
		}
	})
}
