package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"wfm/civil"
	"wfm/fault"
	"wfm/limits"
)

// Offer kinds and sides.
const (
	OfferOvertime = "overtime" // work longer: stay on (end) or come in earlier (start)
	OfferVTO      = "vto"      // voluntary time off: leave early (end) or come in later (start)
	OfferEnd      = "end"
	OfferStart    = "start"

	OfferOpen      = "open"
	OfferCancelled = "cancelled"
	// Read, never stored: an open offer whose slots are all taken, or
	// whose time is up.
	OfferFilled  = "filled"
	OfferExpired = "expired"

	RecipientPending  = "pending"
	RecipientAccepted = "accepted"
	RecipientDeclined = "declined"
)

// OfferMaxMinutes is the most an offer may lengthen or shorten a shift.
const OfferMaxMinutes = 240

// Offer is a supervisor's offer of overtime or voluntary time off to a
// set of agents of a site for a day: each may accept, first come, until
// Needed have.
type Offer struct {
	bun.BaseModel `bun:"table:offers"`
	Record
	SiteID  int64      `bun:"site_id,notnull" json:"site_id"`
	QueueID *int64     `bun:"queue_id" json:"queue_id"`
	Kind    string     `bun:"kind,notnull" json:"kind"`
	Side    string     `bun:"side,notnull" json:"side"`
	Day     civil.Date `bun:"day,type:text,notnull" json:"day"`
	// Minutes is how much longer (overtime) or shorter (VTO) the shift
	// gets; 0 for each recipient her own (Recipients[i].Minutes), from
	// the gap the offer covers.
	Minutes   int        `bun:"minutes,notnull" json:"minutes"`
	GapStart  *time.Time `bun:"gap_start" json:"gap_start"`
	GapEnd    *time.Time `bun:"gap_end" json:"gap_end"`
	Needed    int        `bun:"needed,notnull" json:"needed"`
	Filled    int        `bun:"filled,notnull" json:"filled"`
	ExpiresAt time.Time  `bun:"expires_at,notnull" json:"expires_at"`
	Status    string     `bun:"status,notnull" json:"status"` // open or cancelled as stored; see State
	Note      string     `bun:"note,notnull" json:"note"`
	CreatedBy *int64     `bun:"created_by" json:"created_by"`

	// State is Status as read at a moment (open, filled, expired,
	// cancelled): the use cases fill it in.
	State      string           `bun:"-" json:"state"`
	Recipients []OfferRecipient `bun:"-" json:"recipients"`
}

// OfferRecipient is an agent an offer was made to, and her answer.
type OfferRecipient struct {
	bun.BaseModel `bun:"table:offer_recipients"`
	OfferID       int64      `bun:"offer_id,pk" json:"offer_id"`
	AgentID       int64      `bun:"agent_id,pk" json:"agent_id"`
	Minutes       int        `bun:"minutes,notnull" json:"minutes"`
	Status        string     `bun:"status,notnull" json:"status"`
	RespondedAt   *time.Time `bun:"responded_at" json:"responded_at"`
	ScheduleID    *int64     `bun:"schedule_version_id" json:"schedule_id"` // the published version her acceptance made
}

// StateAt is the offer as people see it at now: open, filled, expired or
// cancelled.
func (o *Offer) StateAt(now time.Time) string {
	switch {
	case o.Status == OfferCancelled:
		return OfferCancelled
	case o.Filled >= o.Needed:
		return OfferFilled
	case !now.Before(o.ExpiresAt):
		return OfferExpired
	}
	return OfferOpen
}

// Validate checks the offer's fields.
func (o *Offer) Validate() error {
	f := fault.FieldErrors{}
	if o.SiteID <= 0 {
		f.Add("site_id", "required")
	}
	if !oneOf(o.Kind, []string{OfferOvertime, OfferVTO}) {
		f.Add("kind", "%q is not overtime or vto", o.Kind)
	}
	if !oneOf(o.Side, []string{OfferEnd, OfferStart}) {
		f.Add("side", "%q is not end or start", o.Side)
	}
	if o.Day.IsZero() {
		f.Add("day", "required, a date YYYY-MM-DD")
	}
	switch {
	case o.Minutes < 0 || o.Minutes > OfferMaxMinutes:
		f.Add("minutes", "%d is not between 0 and %d", o.Minutes, OfferMaxMinutes)
	case o.Minutes%5 != 0:
		f.Add("minutes", "%d is not a multiple of 5", o.Minutes)
	}
	if o.Needed < 1 || o.Needed > 1000 {
		f.Add("needed", "%d is not between 1 and 1000", o.Needed)
	}
	if o.Filled < 0 || o.Filled > o.Needed {
		f.Add("filled", "%d is not between 0 and needed", o.Filled)
	}
	if o.ExpiresAt.IsZero() {
		f.Add("expires_at", "required")
	}
	if (o.GapStart == nil) != (o.GapEnd == nil) || (o.GapStart != nil && !o.GapEnd.After(*o.GapStart)) {
		f.Add("gap_end", "the gap needs a start and a later end")
	}
	if !oneOf(o.Status, []string{OfferOpen, OfferCancelled}) {
		f.Add("status", "%q is not open or cancelled", o.Status)
	}
	checkText(f, "note", o.Note, limits.Note)
	for i, r := range o.Recipients {
		if r.AgentID <= 0 {
			f.Add(fmt.Sprintf("recipients[%d].agent_id", i), "required")
		}
		if r.Minutes <= 0 || r.Minutes > OfferMaxMinutes {
			f.Add(fmt.Sprintf("recipients[%d].minutes", i), "%d is not between 1 and %d", r.Minutes, OfferMaxMinutes)
		}
	}
	return f.Err("offer")
}

// InsertOffer saves a new offer and its recipients, with its audit entry,
// in the caller's transaction.
func (s *Store) InsertOffer(ctx context.Context, tx bun.IDB, a Actor, o *Offer) error {
	o.CreatedBy = a.Ref()
	if err := insertRecord(ctx, tx, s.now().UTC(), a, "offer", o, o); err != nil {
		return err
	}
	for i := range o.Recipients {
		o.Recipients[i].OfferID, o.Recipients[i].Status = o.ID, RecipientPending
		o.Recipients[i].RespondedAt, o.Recipients[i].ScheduleID = nil, nil
	}
	if len(o.Recipients) == 0 {
		return nil
	}
	if _, err := tx.NewInsert().Model(&o.Recipients).Exec(ctx); err != nil {
		return translate(err, "offer recipient")
	}
	return nil
}

// GetOfferTx reads an offer with its recipients.
func (s *Store) GetOfferTx(ctx context.Context, db bun.IDB, id int64) (*Offer, error) {
	var o Offer
	if err := db.NewSelect().Model(&o).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, translate(err, fmt.Sprintf("offer %d", id))
	}
	if err := withRecipients(ctx, db, []*Offer{&o}); err != nil {
		return nil, err
	}
	return &o, nil
}

// GetOffer reads an offer with its recipients.
func (s *Store) GetOffer(ctx context.Context, id int64) (*Offer, error) {
	return s.GetOfferTx(ctx, s.db, id)
}

func withRecipients(ctx context.Context, db bun.IDB, os []*Offer) error {
	if len(os) == 0 {
		return nil
	}
	ids := make([]int64, len(os))
	byID := map[int64]*Offer{}
	for i, o := range os {
		ids[i], byID[o.ID] = o.ID, o
		o.Recipients = []OfferRecipient{}
	}
	var rs []OfferRecipient
	if err := db.NewSelect().Model(&rs).Where("offer_id IN (?)", bun.List(ids)).Order("offer_id", "agent_id").Scan(ctx); err != nil {
		return fmt.Errorf("read offer recipients: %w", err)
	}
	for _, r := range rs {
		byID[r.OfferID].Recipients = append(byID[r.OfferID].Recipients, r)
	}
	return nil
}

// OfferFilter narrows a list of offers.
type OfferFilter struct {
	Scope   Scope
	SiteID  int64      // 0 any
	Day     civil.Date // zero: any
	AgentID int64      // offers made to this agent (0 any)
}

// ListOffers lists the offers of the sites in scope (a supervisor's: the
// sites of her teams), or made to an agent, the newest first, with their
// recipients.
func (s *Store) ListOffers(ctx context.Context, f OfferFilter) ([]Offer, error) {
	var out []Offer
	q := s.db.NewSelect().Model(&out)
	if !f.Scope.All {
		q = q.Where("site_id IN (SELECT site_id FROM teams WHERE id IN (?))", bun.List(append([]int64{0}, f.Scope.TeamIDs...)))
	}
	if f.SiteID != 0 {
		q = q.Where("site_id = ?", f.SiteID)
	}
	if !f.Day.IsZero() {
		q = q.Where("day = ?", f.Day)
	}
	if f.AgentID != 0 {
		q = q.Where("id IN (SELECT offer_id FROM offer_recipients WHERE agent_id = ?)", f.AgentID)
	}
	if err := q.Order("id DESC").Limit(500).Scan(ctx); err != nil {
		return nil, fmt.Errorf("list offers: %w", err)
	}
	ptrs := make([]*Offer, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	if err := withRecipients(ctx, s.db, ptrs); err != nil {
		return nil, err
	}
	if out == nil {
		out = []Offer{}
	}
	return out, nil
}

// TakeOfferSlot counts one more acceptance of an open offer, when a slot
// is left: false when all are taken (or the offer was cancelled). The
// conditional update is what makes the first come the first served: two
// transactions cannot both take the last slot.
func (s *Store) TakeOfferSlot(ctx context.Context, tx bun.IDB, id int64) (bool, error) {
	res, err := tx.NewUpdate().Model((*Offer)(nil)).Set("filled = filled + 1").Set("version = version + 1").Set("updated_at = ?", s.now().UTC()).
		Where("id = ? AND status = ? AND filled < needed", id, OfferOpen).Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("take a slot of offer %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// AnswerOffer records a recipient's answer (accepted or declined, and the
// version her acceptance published), only while she has not answered,
// with its audit entry on the offer.
func (s *Store) AnswerOffer(ctx context.Context, tx bun.IDB, a Actor, r *OfferRecipient) error {
	now := s.now().UTC()
	if !oneOf(r.Status, []string{RecipientAccepted, RecipientDeclined}) {
		return fault.Errorf(fault.Invalid, "%q is not an answer to an offer", r.Status)
	}
	res, err := tx.NewUpdate().Model((*OfferRecipient)(nil)).Set("status = ?", r.Status).Set("responded_at = ?", now).
		Set("schedule_version_id = ?", r.ScheduleID).
		Where("offer_id = ? AND agent_id = ? AND status = ?", r.OfferID, r.AgentID, RecipientPending).Exec(ctx)
	if err != nil {
		return fmt.Errorf("answer offer %d: %w", r.OfferID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.Errorf(fault.Conflict, "offer %d was already answered", r.OfferID)
	}
	r.RespondedAt = &now
	action := "accept"
	if r.Status == RecipientDeclined {
		action = "decline"
	}
	return audit(ctx, tx, now, a, action, "offer", r.OfferID, map[string]any{"agent_id": r.AgentID, "minutes": r.Minutes, "schedule_id": r.ScheduleID})
}

// CancelOffer withdraws an offer at the version read: nobody may accept
// it any more (what was accepted stays on the roster).
func (s *Store) CancelOffer(ctx context.Context, tx bun.IDB, a Actor, o *Offer) error {
	o.Status = OfferCancelled
	return updateRecord(ctx, tx, s.now().UTC(), a, "offer", "cancel", o, map[string]any{"filled": o.Filled})
}
