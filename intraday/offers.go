package intraday

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"wfm/civil"
	"wfm/fault"
	"wfm/kpi"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
)

// Offer defaults and bounds.
const (
	DefaultOfferExpiry = time.Hour
	MaxOfferExpiry     = 24 * time.Hour
)

// OfferInput is a supervisor's offer of overtime or voluntary time off
// (VTO) as she sends it from the queue monitor.
type OfferInput struct {
	// QueueID is the queue whose gap (or surplus) the offer is for: its
	// site is the offer's, and its monitor gives the default recipients
	// and minutes. Without a queue, SiteID and AgentIDs are needed.
	QueueID int64  `json:"queue_id"`
	SiteID  int64  `json:"site_id"`
	Kind    string `json:"kind"` // overtime | vto
	// Side: end (stay on / leave early, the default) or start (come in
	// earlier / later).
	Side string     `json:"side"`
	Day  civil.Date `json:"day"` // default today at the site
	// Minutes is how much longer or shorter each shift gets; 0 = for
	// overtime, each agent's own, so that her shift covers the monitor's
	// worst gap interval.
	Minutes int `json:"minutes"`
	Needed  int `json:"needed"` // how many agents may accept; default 1
	// AgentIDs are whom to offer it to; default the monitor's candidates
	// (who could stay on, come in earlier, or leave early).
	AgentIDs         []int64 `json:"agent_ids"`
	ExpiresInMinutes int     `json:"expires_in_minutes"` // default 60, at most 1440
	Note             string  `json:"note"`
}

// OfferResult is the offer made and the agents left out of it, with why
// (the change would break a rule of their contract, they do not work
// that day...).
type OfferResult struct {
	Offer   store.Offer `json:"offer"`
	LeftOut []LeftOut   `json:"left_out"`
}

// LeftOut is an agent an offer was not made to, and why: Code is one of
// the LeftOut* codes, Reason says it in English, Violations are the rules
// the change would break (code "rules").
type LeftOut struct {
	AgentID    int64                `json:"agent_id"`
	Agent      string               `json:"agent"`
	Code       string               `json:"code"`
	Reason     string               `json:"reason"`
	Violations []schedule.Violation `json:"violations,omitempty"`
}

// Why an agent is left out of an offer.
const (
	LeftOutNotInTeams = "not_in_teams" // a candidate of the site outside the supervisor's teams
	LeftOutNoShift    = "no_shift"     // she does not work that day
	LeftOutCovered    = "covered"      // her shift already covers the gap
	LeftOutTooLong    = "too_long"     // the change would be longer than an offer may be
	LeftOutOver       = "over"         // her shift is over (stay on) or would begin before now (come in earlier)
	LeftOutRules      = "rules"        // the change would break a rule of her contract
	LeftOutInvalid    = "invalid"      // the change is not possible (off the grid, into another day...)
)

// signed is the offer's change of a shift's length: longer for overtime,
// shorter for time off.
func signed(kind string, minutes int) int {
	if kind == store.OfferVTO {
		return -minutes
	}
	return minutes
}

// CreateOffer makes an offer to the agents who could take it: each is
// checked first (her shift that day changed as offered must keep her
// contract's rules, by the roster checker); those who could not are left
// out with the reason. The offer is saved and audited, and the agents are
// told (the offer.made event: a notification by their preferences, and
// the webhooks). When nobody could take it, the error (Invalid) comes with
// the result that says who was left out and why.
func CreateOffer(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, in OfferInput, now time.Time) (*OfferResult, error) {
	expiry, err := in.normalize()
	if err != nil {
		return nil, err
	}
	siteID, loc, err := offerSite(ctx, st, sc, in)
	if err != nil {
		return nil, err
	}
	today, err := in.checkDay(now, loc)
	if err != nil {
		return nil, err
	}
	var m *QueueMonitor
	if in.QueueID != 0 && in.Day == today {
		if m, err = QueueDay(ctx, st, in.QueueID, now); err != nil {
			return nil, err
		}
	}
	o, err := in.offer(siteID, now.Add(expiry).UTC(), m)
	if err != nil {
		return nil, err
	}
	who, err := in.recipients(m)
	if err != nil {
		return nil, err
	}
	shiftOf, err := dayShifts(ctx, st, siteID, in.Day)
	if err != nil {
		return nil, err
	}
	var res OfferResult
	err = st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		v, err := st.PublishedCoveringTx(ctx, tx, siteID, in.Day.String())
		if err != nil {
			return err
		}
		if err := newOfferAsk(in, sc, v, now, o).sortRecipients(ctx, st, tx, who, shiftOf, &o, &res); err != nil {
			return err
		}
		if len(o.Recipients) == 0 {
			return nobodyCould(res.LeftOut)
		}
		if err := st.InsertOffer(ctx, tx, a, &o); err != nil {
			return err
		}
		return offerMade(ctx, st, tx, &o)
	})
	if err != nil && len(o.Recipients) == 0 && len(res.LeftOut) > 0 {
		return &res, err // nobody could take it: who was left out, and why
	}
	if err != nil {
		return nil, err
	}
	o.State = o.StateAt(now)
	res.Offer = o
	if res.LeftOut == nil {
		res.LeftOut = []LeftOut{}
	}
	return &res, nil
}

// offerSite is the site an offer is made at (its queue's, else the one
// named), in the supervisor's scope, and its zone.
func offerSite(ctx context.Context, st *store.Store, sc store.Scope, in OfferInput) (int64, *time.Location, error) {
	siteID := in.SiteID
	if in.QueueID != 0 {
		q, err := st.GetQueue(ctx, in.QueueID)
		if err != nil {
			return 0, nil, err
		}
		siteID = q.SiteID
	}
	if err := st.SiteInScope(ctx, sc, siteID); err != nil {
		return 0, nil, err
	}
	site, err := st.GetSite(ctx, siteID)
	if err != nil {
		return 0, nil, err
	}
	loc, err := time.LoadLocation(site.Timezone)
	if err != nil {
		return 0, nil, fault.Errorf(fault.Internal, "site %s: zone %q: %v", site.Name, site.Timezone, err)
	}
	return siteID, loc, nil
}

// checkDay fills the offer's day (default today at the site, zone loc)
// and refuses a day gone by or more than 14 days ahead; it returns today.
func (in *OfferInput) checkDay(now time.Time, loc *time.Location) (kpi.Date, error) {
	today := kpi.DateOf(now, loc)
	if in.Day.IsZero() {
		in.Day = today
	}
	if in.Day.Before(today) || in.Day.DaysSince(civil.Of(now, nil)) > 15 {
		return today, &fault.Error{Code: fault.Invalid, Message: "invalid offer", Fields: map[string]string{"day": fmt.Sprintf("%s is not today (%s) or one of the next 14 days", in.Day, today)}}
	}
	return today, nil
}

// offer is the offer to save, without its recipients: an overtime offer of
// a queue with a gap today is for the stretch around the worst gap of its
// monitor m, and without minutes it needs that gap to work them out.
func (in *OfferInput) offer(siteID int64, expiresAt time.Time, m *QueueMonitor) (store.Offer, error) {
	o := store.Offer{SiteID: siteID, Kind: in.Kind, Side: in.Side, Day: in.Day, Minutes: in.Minutes, Needed: in.Needed,
		ExpiresAt: expiresAt, Status: store.OfferOpen, Note: strings.TrimSpace(in.Note)}
	if in.QueueID != 0 {
		q := in.QueueID
		o.QueueID = &q
	}
	if m != nil && m.WorstGapAt != nil && in.Kind == store.OfferOvertime {
		gapStart, gapEnd := gapAround(m)
		o.GapStart, o.GapEnd = &gapStart, &gapEnd
	}
	if in.Minutes == 0 && o.GapStart == nil {
		return o, &fault.Error{Code: fault.Invalid, Message: "invalid offer", Fields: map[string]string{
			"minutes": "required: there is no gap of the queue today to work them out from"}}
	}
	return o, nil
}

// dayShifts are the published shifts of a site's day, by agent.
func dayShifts(ctx context.Context, st *store.Store, siteID int64, day civil.Date) (map[int64]store.AgentShift, error) {
	shifts, err := st.PublishedShifts(ctx, store.Scope{All: true}, store.ShiftFilter{SiteID: siteID, From: day, To: day})
	if err != nil {
		return nil, err
	}
	shiftOf := map[int64]store.AgentShift{}
	for _, sh := range shifts {
		shiftOf[sh.AgentID] = sh
	}
	return shiftOf, nil
}

// sortRecipients asks, agent by agent (each once), what the offer would
// ask of her: she becomes one of o's recipients or is left out in res.
func (ask offerAsk) sortRecipients(ctx context.Context, st *store.Store, tx bun.IDB, who []int64, shiftOf map[int64]store.AgentShift, o *store.Offer, res *OfferResult) error {
	seen := map[int64]bool{}
	for _, id := range who {
		if seen[id] {
			continue
		}
		seen[id] = true
		ag, err := st.GetAgentTx(ctx, tx, id)
		if err != nil {
			return err
		}
		minutes, out, err := ask.minutesFor(ag, shiftOf)
		if err != nil {
			return err
		}
		if out != nil {
			res.LeftOut = append(res.LeftOut, *out)
			continue
		}
		o.Recipients = append(o.Recipients, store.OfferRecipient{AgentID: ag.ID, Minutes: minutes})
	}
	return nil
}

// nobodyCould is the error of an offer nobody could take: each agent left
// out, and why, as its fields.
func nobodyCould(leftOut []LeftOut) error {
	fields := map[string]string{}
	for i, l := range leftOut {
		fields[fmt.Sprintf("agent_ids[%d]", i)] = l.Agent + ": " + l.Reason
	}
	return &fault.Error{Code: fault.Invalid, Message: "nobody could take this offer", Fields: fields}
}

// gapAround is the stretch of the rest of the day short of agents that
// holds the monitor's worst gap: its intervals before and after it that are
// short too.
func gapAround(m *QueueMonitor) (time.Time, time.Time) {
	step := time.Duration(m.IntervalSeconds) * time.Second
	short := func(i int) bool {
		iv := m.Intervals[i]
		return !iv.Elapsed && iv.Gap != nil && *iv.Gap < 0
	}
	w := -1
	for i, iv := range m.Intervals {
		if iv.Start.Equal(*m.WorstGapAt) {
			w = i
		}
	}
	if w < 0 {
		return *m.WorstGapAt, m.WorstGapAt.Add(step)
	}
	first, last := w, w
	for first > 0 && short(first-1) {
		first--
	}
	for last+1 < len(m.Intervals) && short(last+1) {
		last++
	}
	return m.Intervals[first].Start, m.Intervals[last].Start.Add(step)
}

// reasonOf is an error as one line: its message and fields.
func reasonOf(err error) string {
	fe, ok := err.(*fault.Error)
	if !ok || len(fe.Fields) == 0 {
		return err.Error()
	}
	keys := make([]string, 0, len(fe.Fields))
	for k := range fe.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fe.Fields[k]
	}
	return fe.Message + ": " + strings.Join(parts, "; ")
}

func offerMade(ctx context.Context, st *store.Store, tx bun.IDB, o *store.Offer) error {
	ids := make([]int64, len(o.Recipients))
	for i, r := range o.Recipients {
		ids[i] = r.AgentID
	}
	_, err := st.AppendEvent(ctx, tx, store.NewEvent(store.EventOfferMade, fmt.Sprint(o.ID), fmt.Sprintf("offer %d", o.ID),
		map[string]any{"offer_id": o.ID, "site_id": o.SiteID, "kind": o.Kind, "side": o.Side, "day": o.Day, "minutes": o.Minutes,
			"needed": o.Needed, "expires_at": o.ExpiresAt, "agent_ids": ids}))
	return err
}

// ListOffers lists the offers of the sites in scope (a supervisor's) or
// those made to the agent of an agent's scope, with their state at now.
func ListOffers(ctx context.Context, st *store.Store, sc store.Scope, day civil.Date, now time.Time) ([]store.Offer, error) {
	f := store.OfferFilter{Scope: sc, Day: day}
	if !sc.All && len(sc.TeamIDs) == 0 {
		if sc.AgentID == 0 {
			return []store.Offer{}, nil
		}
		f = store.OfferFilter{Scope: store.Scope{All: true}, Day: day, AgentID: sc.AgentID}
	}
	out, err := st.ListOffers(ctx, f)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].State = out[i].StateAt(now)
		if f.AgentID != 0 {
			out[i].Recipients = mine(out[i].Recipients, f.AgentID) // an agent sees her own answer, not her colleagues'
		}
	}
	return out, nil
}

func mine(rs []store.OfferRecipient, agentID int64) []store.OfferRecipient {
	out := []store.OfferRecipient{}
	for _, r := range rs {
		if r.AgentID == agentID {
			out = append(out, r)
		}
	}
	return out
}

// AgentOffers are the offers made to an agent, the newest first, each
// with only her own answer.
func AgentOffers(ctx context.Context, st *store.Store, agentID int64, now time.Time) ([]store.Offer, error) {
	return ListOffers(ctx, st, store.Scope{AgentID: agentID}, civil.Date{}, now)
}

// AcceptOffer is an agent's acceptance: first come, first served, up to
// the number needed. Her shift is changed as offered on the published
// roster, checked against her contract's rules again (the roster may have
// changed since the offer): a change that breaks one is refused with the
// rules and the slot stays open. The acceptance that finds every slot
// taken is a Conflict saying so. Acceptances of a site run one at a time
// (the site's lock, as publications), so that two agents taking the last
// slot at once cannot both have it.
func AcceptOffer(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id int64, now time.Time) (*store.Offer, error) {
	return answer(ctx, st, a, sc, id, now, true)
}

// DeclineOffer is an agent's refusal of an offer made to her.
func DeclineOffer(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id int64, now time.Time) (*store.Offer, error) {
	return answer(ctx, st, a, sc, id, now, false)
}

func answer(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id int64, now time.Time, accept bool) (*store.Offer, error) {
	if sc.AgentID == 0 {
		return nil, &fault.Error{Code: fault.Invalid, Message: "only the agent an offer was made to may answer it: you are not an agent", Fields: map[string]string{"id": "not an offer made to you"}}
	}
	var out *store.Offer
	err := st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		o, r, err := offerToAnswer(ctx, st, tx, sc, id, accept)
		if err != nil {
			return err
		}
		if err := answerable(o, r, now, accept); err != nil {
			return err
		}
		if !accept {
			r.Status = store.RecipientDeclined
			if err := st.AnswerOffer(ctx, tx, a, r); err != nil {
				return err
			}
			out = o
			return nil
		}
		if err := takeOffer(ctx, st, tx, a, o, r); err != nil {
			return err
		}
		out = o
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.State = out.StateAt(now)
	out.Recipients = mine(out.Recipients, sc.AgentID)
	return out, nil
}

// offerToAnswer reads the offer and the agent's place in it; to accept,
// under the site's lock, so that the site's acceptances run one at a
// time.
func offerToAnswer(ctx context.Context, st *store.Store, tx bun.Tx, sc store.Scope, id int64, accept bool) (*store.Offer, *store.OfferRecipient, error) {
	o, err := st.GetOfferTx(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	if accept {
		if err := st.LockSite(ctx, tx, o.SiteID); err != nil {
			return nil, nil, err
		}
		if o, err = st.GetOfferTx(ctx, tx, id); err != nil { // as it is now that nobody else of the site accepts
			return nil, nil, err
		}
	}
	var r *store.OfferRecipient
	for i := range o.Recipients {
		if o.Recipients[i].AgentID == sc.AgentID {
			r = &o.Recipients[i]
		}
	}
	if r == nil {
		return nil, nil, fault.Errorf(fault.NotFound, "offer %d was not made to you", id)
	}
	return o, r, nil
}

// answerable refuses an answer given before, to an offer withdrawn or
// expired, and an acceptance of an offer filled.
func answerable(o *store.Offer, r *store.OfferRecipient, now time.Time, accept bool) error {
	if r.Status != store.RecipientPending {
		return fault.Errorf(fault.Conflict, "you already %s offer %d", r.Status, o.ID)
	}
	switch o.StateAt(now) {
	case store.OfferCancelled:
		return fault.Errorf(fault.Conflict, "offer %d was withdrawn", o.ID)
	case store.OfferExpired:
		return fault.Errorf(fault.Conflict, "offer %d expired at %s", o.ID, o.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC"))
	case store.OfferFilled:
		if accept {
			return filled(o)
		}
	}
	return nil
}

// takeOffer is the acceptance of r: her shift changed as offered, checked
// against her contract's rules again, one of the offer's slots taken and
// the change published.
func takeOffer(ctx context.Context, st *store.Store, tx bun.Tx, a store.Actor, o *store.Offer, r *store.OfferRecipient) error {
	ag, err := st.GetAgentTx(ctx, tx, r.AgentID)
	if err != nil {
		return err
	}
	v, err := st.PublishedCoveringTx(ctx, tx, o.SiteID, o.Day.String())
	if err != nil {
		return err
	}
	s, err := rostering.StretchShift(v, ag.Code, rostering.Stretch{AgentID: ag.ID, Date: o.Day, Side: o.Side, Minutes: signed(o.Kind, r.Minutes)})
	if err != nil {
		return err
	}
	if len(s.Added) > 0 {
		return rostering.StretchError(s.Added)
	}
	took, err := st.TakeOfferSlot(ctx, tx, o.ID)
	if err != nil {
		return err
	}
	if !took {
		return filled(o)
	}
	nv, err := rostering.PublishStretch(ctx, st, tx, a, v, s, map[string]any{"offer": o.ID, "kind": o.Kind, "side": o.Side, "minutes": r.Minutes})
	if err != nil {
		return err
	}
	r.Status, r.ScheduleID = store.RecipientAccepted, &nv.ID
	if err := st.AnswerOffer(ctx, tx, a, r); err != nil {
		return err
	}
	o.Filled++
	return nil
}

func filled(o *store.Offer) error {
	return fault.Errorf(fault.Conflict, "offer %d is already filled: all %d places were taken", o.ID, o.Needed)
}

// CancelOffer withdraws an offer of a site in scope: nobody may accept it
// any more; what was accepted stays on the roster.
func CancelOffer(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id, version int64, now time.Time) (*store.Offer, error) {
	var out *store.Offer
	err := st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		o, err := st.GetOfferTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := st.SiteInScopeTx(ctx, tx, sc, o.SiteID); err != nil {
			return err
		}
		if o.Status == store.OfferCancelled {
			return fault.Errorf(fault.Conflict, "offer %d is already withdrawn", id)
		}
		o.Version = version
		if err := st.CancelOffer(ctx, tx, a, o); err != nil {
			return err
		}
		out = o
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.State = out.StateAt(now)
	return out, nil
}

// normalize fills an offer's defaults (side end, one agent needed, the
// default expiry) and checks its fields; it returns how long the offer
// stays open.
func (in *OfferInput) normalize() (time.Duration, error) {
	f := fault.FieldErrors{}
	if in.Kind != store.OfferOvertime && in.Kind != store.OfferVTO {
		f.Add("kind", "%q is not overtime or vto", in.Kind)
	}
	if in.Side == "" {
		in.Side = store.OfferEnd
	}
	if in.Side != store.OfferEnd && in.Side != store.OfferStart {
		f.Add("side", "%q is not end or start", in.Side)
	}
	if in.Needed == 0 {
		in.Needed = 1
	}
	expiry := DefaultOfferExpiry
	if in.ExpiresInMinutes != 0 {
		expiry = time.Duration(in.ExpiresInMinutes) * time.Minute
	}
	if expiry < 5*time.Minute || expiry > MaxOfferExpiry {
		f.Add("expires_in_minutes", "%d is not between 5 and %d", in.ExpiresInMinutes, int(MaxOfferExpiry.Minutes()))
	}
	if in.QueueID == 0 && in.SiteID == 0 {
		f.Add("queue_id", "a queue (or a site) is required")
	}
	if len(f) > 0 {
		return 0, f.Err("offer")
	}
	return expiry, nil
}

// recipients are the agents the offer names, else those today's queue
// monitor m proposes for its kind and side.
func (in *OfferInput) recipients(m *QueueMonitor) ([]int64, error) {
	if len(in.AgentIDs) > 0 {
		return in.AgentIDs, nil
	}
	if m == nil {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid offer", Fields: map[string]string{"agent_ids": "required: only today's queue monitor proposes agents"}}
	}
	cands := m.CanLeaveEarly
	if in.Kind == store.OfferOvertime {
		cands = m.CanExtend
		if in.Side == store.OfferStart {
			cands = m.CanStartEarly
		}
	}
	var who []int64
	for _, c := range cands {
		who = append(who, c.AgentID)
	}
	if len(who) == 0 {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid offer", Fields: map[string]string{"agent_ids": "the monitor proposes nobody for this offer: name the agents"}}
	}
	return who, nil
}

// offerAsk is what deciding each agent's part of an offer needs: the
// offer, who makes it, the published version covering its day, the gap it
// is for (none: zero times) and the roster's grid.
type offerAsk struct {
	in               OfferInput
	sc               store.Scope
	v                *store.ScheduleVersion
	now              time.Time
	gapStart, gapEnd time.Time
	grid             time.Duration
}

func newOfferAsk(in OfferInput, sc store.Scope, v *store.ScheduleVersion, now time.Time, o store.Offer) offerAsk {
	ask := offerAsk{in: in, sc: sc, v: v, now: now, grid: time.Duration(v.Problem.IntervalMinutes) * time.Minute}
	if o.GapStart != nil {
		ask.gapStart, ask.gapEnd = *o.GapStart, *o.GapEnd
	}
	return ask
}

// minutesFor is the minutes the offer asks of agent ag, or why she is left
// out of it (her shift that day changed as offered must keep her
// contract's rules). An error is for the whole offer.
func (ask offerAsk) minutesFor(ag *store.Agent, shiftOf map[int64]store.AgentShift) (int, *LeftOut, error) {
	in, now := ask.in, ask.now
	leave := func(code, reason string) (int, *LeftOut, error) {
		return 0, &LeftOut{AgentID: ag.ID, Agent: ag.Code, Code: code, Reason: reason}, nil
	}
	if !ask.sc.HasTeam(ag.TeamID) {
		if len(in.AgentIDs) > 0 {
			return 0, nil, fault.Errorf(fault.Forbidden, "agent %s is not in your teams", ag.Code)
		}
		return leave(LeftOutNotInTeams, "not in your teams")
	}
	sh, works := shiftOf[ag.ID]
	if !works {
		return leave(LeftOutNoShift, fmt.Sprintf("does not work on %s", in.Day))
	}
	minutes := in.Minutes
	if minutes == 0 {
		var need time.Duration
		if in.Side == store.OfferEnd {
			need = ask.gapEnd.Sub(sh.End)
		} else {
			need = sh.Start.Sub(ask.gapStart)
		}
		if need <= 0 {
			return leave(LeftOutCovered, "her shift already covers the gap")
		}
		if ask.grid > 0 {
			need = (need + ask.grid - 1) / ask.grid * ask.grid
		}
		minutes = min(int(need.Minutes()), store.OfferMaxMinutes)
	}
	if minutes > store.OfferMaxMinutes {
		return leave(LeftOutTooLong, fmt.Sprintf("%d minutes is more than an offer may change (%d)", minutes, store.OfferMaxMinutes))
	}
	if in.Side == store.OfferEnd && !sh.End.Add(time.Duration(min(0, signed(in.Kind, minutes)))*time.Minute).After(now) {
		return leave(LeftOutOver, "her shift is over, or would end before now")
	}
	if in.Side == store.OfferStart && !sh.Start.Add(-time.Duration(signed(in.Kind, minutes))*time.Minute).After(now) {
		return leave(LeftOutOver, "her shift would start before now")
	}
	s, err := rostering.StretchShift(ask.v, ag.Code, rostering.Stretch{AgentID: ag.ID, Date: in.Day, Side: in.Side, Minutes: signed(in.Kind, minutes)})
	if fault.CodeOf(err) == fault.Invalid {
		return leave(LeftOutInvalid, reasonOf(err))
	}
	if err != nil {
		return 0, nil, err
	}
	if len(s.Added) > 0 {
		_, out, _ := leave(LeftOutRules, reasonOf(rostering.StretchError(s.Added)))
		out.Violations = s.Added
		return 0, out, nil
	}
	return minutes, nil, nil
}
