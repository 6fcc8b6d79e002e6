package measure

import (
	"context"
	"io"
	"slices"
	"time"

	"wfm/batch"
	"wfm/fault"
	"wfm/store"
)

// ImportKinds are the CSV batches a center imports: interval history,
// contact records and agent states.
var ImportKinds = []string{"history", "contacts", "states"}

// ImportBatch says what a CSV file holds and how to read it.
type ImportBatch struct {
	Kind     string         // one of ImportKinds
	File     string         // the file's name, as problems name it (FILE:LINE)
	Mapping  *batch.Mapping // the vendor mapping that reads it; nil for the product's own CSV
	TZ       string         // the zone of local times; "" for the mapping's, else UTC
	Interval time.Duration  // history's interval; 0 for the mapping's or the smallest spacing seen
}

// Check is the zone b's times are read in, or an invalid error naming
// the field of b that is wrong (kind, tz or interval).
func (b ImportBatch) Check() (*time.Location, error) {
	if !slices.Contains(ImportKinds, b.Kind) {
		return nil, fault.Field("kind", "history, contacts or states")
	}
	loc, err := batch.LoadLocation(b.TZ)
	if b.Mapping != nil {
		loc, err = b.Mapping.Location(b.TZ)
	}
	if err != nil {
		return nil, fault.Field("tz", "%v", err)
	}
	if b.Interval != 0 {
		if err := batch.CheckInterval(b.Interval); err != nil {
			return nil, fault.Field("interval", "%v", err)
		}
	}
	return loc, nil
}

// Import reads the CSV batch b from r (through its mapping, when it has
// one) and stores it in one transaction. A file that does not read is
// refused with batch.Problems (file, line and column, worded with the
// mapping's source columns); nothing is stored then. The API, the import
// page and `wfm import` all import through here.
func Import(ctx context.Context, st *store.Store, actor store.Actor, r io.Reader, b ImportBatch) (store.ImportResult, error) {
	loc, err := b.Check()
	if err != nil {
		return store.ImportResult{}, err
	}
	res, err := importBatch(ctx, st, actor, r, b, loc)
	if err != nil && b.Mapping != nil {
		err = b.Mapping.Explain(err)
	}
	return res, err
}

func importBatch(ctx context.Context, st *store.Store, actor store.Actor, r io.Reader, b ImportBatch, loc *time.Location) (store.ImportResult, error) {
	m := b.Mapping
	switch b.Kind {
	case "history":
		var h batch.History
		var err error
		if m != nil {
			h, err = batch.ReadHistoryMapped(r, b.File, m, loc, b.Interval)
		} else {
			h, err = batch.ReadHistory(r, b.File, loc, b.Interval)
		}
		if err != nil {
			return store.ImportResult{}, err
		}
		return st.ImportHistory(ctx, actor, b.File, h)
	case "contacts":
		var cs []batch.Contact
		var err error
		if m != nil {
			cs, err = batch.ReadContactsMapped(r, b.File, m, loc)
		} else {
			cs, err = batch.ReadContacts(r, b.File, loc)
		}
		if err != nil {
			return store.ImportResult{}, err
		}
		return st.ImportContacts(ctx, actor, b.File, cs)
	default:
		var ss []batch.AgentState
		var err error
		if m != nil {
			ss, err = batch.ReadStatesMapped(r, b.File, m, loc)
		} else {
			ss, err = batch.ReadStates(r, b.File, loc)
		}
		if err != nil {
			return store.ImportResult{}, err
		}
		return st.ImportStates(ctx, actor, b.File, ss)
	}
}
