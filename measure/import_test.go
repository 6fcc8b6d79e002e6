package measure

import (
	"testing"
	"time"

	"wfm/batch"
	"wfm/fault"
)

// A batch names the field that is wrong before any file is read.
func TestImportBatchCheck(t *testing.T) {
	connect, err := batch.Preset("amazon-connect")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		b     ImportBatch
		field string // "" for a batch that reads
		zone  string
	}{
		{"history in UTC", ImportBatch{Kind: "history"}, "", "UTC"},
		{"a zone", ImportBatch{Kind: "contacts", TZ: "Asia/Shanghai"}, "", "Asia/Shanghai"},
		{"a mapping with a zone of its own", ImportBatch{Kind: "history", Mapping: connect, TZ: "Europe/Berlin"}, "", "Europe/Berlin"},
		{"an unknown kind", ImportBatch{Kind: "calls"}, "kind", ""},
		{"an unknown zone", ImportBatch{Kind: "states", TZ: "Mars/Olympus"}, "tz", ""},
		{"a 7-minute interval", ImportBatch{Kind: "history", Interval: 7 * time.Minute}, "interval", ""},
		{"a 15-minute interval", ImportBatch{Kind: "history", Interval: 15 * time.Minute}, "", "UTC"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			loc, err := tc.b.Check()
			if tc.field == "" {
				if err != nil || loc.String() != tc.zone {
					t.Fatalf("got %v, %v; want %s", loc, err, tc.zone)
				}
				return
			}
			var fe *fault.Error
			if !asFault(err, &fe) || fe.Code != fault.Invalid || fe.Fields[tc.field] == "" {
				t.Fatalf("got %v; want invalid %s", err, tc.field)
			}
		})
	}
}

func asFault(err error, fe **fault.Error) bool {
	e, ok := err.(*fault.Error)
	*fe = e
	return ok
}
