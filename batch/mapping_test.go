package batch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func mustPreset(t *testing.T, name string) *Mapping {
	t.Helper()
	m, err := Preset(name)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestPresetsAreValidAndListed(t *testing.T) {
	names := PresetNames()
	want := []string{"amazon-connect", "genesys-cloud", "twilio-taskrouter"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("presets %v, want %v", names, want)
	}
	for _, n := range names {
		m := mustPreset(t, n)
		if m.Name != n || m.Docs == "" {
			t.Errorf("%s: name %q docs %q", n, m.Name, m.Docs)
		}
	}
	if _, err := Preset("../presets/amazon-connect"); err == nil {
		t.Error("a path as a preset name was accepted")
	}
	if _, err := Preset("avaya"); err == nil || !strings.Contains(err.Error(), "amazon-connect, genesys-cloud, twilio-taskrouter") {
		t.Errorf("unknown preset: %v, want the list", err)
	}
}

// Each preset reads its sample with units, percentages and zones
// converted exactly (the store's test takes the same rows into
// interval_history).
func TestPresetSamples(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	i := func(n int) *int { return &n }
	f := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		preset, mapFile string
		loc             *time.Location
		interval        time.Duration
		first           HistoryRow
		rows            int
	}{
		{"amazon-connect", "", ny, 15 * time.Minute, HistoryRow{Line: 2, Queue: "BasicQueue", Start: time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC),
			Offered: 12, Answered: i(10), Abandoned: i(2), AnsweredInSL: i(8), AHTSeconds: f(245), ASASeconds: f(18)}, 2},
		{"genesys-cloud", "genesys-cloud.map.yaml", berlin, 30 * time.Minute, HistoryRow{Line: 2, Queue: "sales", Start: time.Date(2026, 3, 2, 7, 30, 0, 0, time.UTC),
			Offered: 25, Answered: i(20), Abandoned: i(4), AnsweredInSL: i(18), AHTSeconds: f(372.5), ASASeconds: f(21)}, 2},
		{"twilio-taskrouter", "", nil, 15 * time.Minute, HistoryRow{Line: 2, Queue: "WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Start: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC),
			Offered: 30, Answered: i(27), Abandoned: i(3), ASASeconds: f(12.5)}, 2},
	} {
		t.Run(c.preset, func(t *testing.T) {
			m := mustPreset(t, c.preset)
			if c.mapFile != "" {
				data, err := os.ReadFile(filepath.Join("testdata", "presets", c.mapFile))
				if err != nil {
					t.Fatal(err)
				}
				if m, err = ParseMapping(data, c.mapFile); err != nil {
					t.Fatal(err)
				}
			}
			fh, err := os.Open(filepath.Join("testdata", "presets", c.preset+".csv"))
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			h, err := ReadHistoryMapped(fh, c.preset+".csv", m, c.loc, 0)
			if err != nil {
				t.Fatal(err)
			}
			if h.Interval != c.interval || len(h.Rows) != c.rows {
				t.Fatalf("interval %v, %d rows; want %v, %d", h.Interval, len(h.Rows), c.interval, c.rows)
			}
			got := h.Rows[0]
			if !got.Start.Equal(c.first.Start) {
				t.Errorf("start %v, want %v", got.Start, c.first.Start)
			}
			got.Start = c.first.Start
			if s, w := rowString(got), rowString(c.first); s != w {
				t.Errorf("row\n got %s\nwant %s", s, w)
			}
		})
	}
}

func rowString(r HistoryRow) string {
	p := func(v *int) any {
		if v == nil {
			return "-"
		}
		return *v
	}
	q := func(v *float64) any {
		if v == nil {
			return "-"
		}
		return *v
	}
	return fmt.Sprintf("line %d %s %s offered %d answered %v abandoned %v in_sl %v aht %v asa %v", r.Line, r.Queue,
		r.Start.UTC().Format(time.RFC3339), r.Offered, p(r.Answered), p(r.Abandoned), p(r.AnsweredInSL), q(r.AHTSeconds), q(r.ASASeconds))
}

// A missing column and an unknown one are refused with their names, the
// file and line, and the list of columns the preset expects.
func TestMappedHeaderRefusals(t *testing.T) {
	m := mustPreset(t, "amazon-connect")
	src := "Queue,StartInterval,Contacts queued,Contacts handled,Contacts abandoned,Average handle time,Average queue answer time,Agent name\n"
	_, err := ReadHistoryMapped(strings.NewReader(src), "report.csv", m, time.UTC, 0)
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 2 {
		t.Fatalf("err = %v, want 2 problems", err)
	}
	msg := err.Error()
	for _, want := range []string{
		`report.csv:1: column "Agent name": unknown column; the mapping amazon-connect expects the columns "Queue", "StartInterval", "Contacts queued", "Contacts handled", "Contacts abandoned", "Contacts answered in 20 seconds", "Average handle time", "Average queue answer time" and accepts "EndInterval"`,
		`report.csv:1: column "Contacts answered in 20 seconds": missing column; the mapping amazon-connect expects`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

// Bad cells name the source column and the product column, on the source
// line; the product reader's own checks (answered more than offered) are
// kept and named the same way.
func TestMappedCellRefusals(t *testing.T) {
	m := mustPreset(t, "amazon-connect")
	src := `Queue,StartInterval,Contacts queued,Contacts handled,Contacts abandoned,Contacts answered in 20 seconds,Average handle time,Average queue answer time
BasicQueue,2026-03-02T09:00:00,12,10,2,8,4 minutes,00:00:18

BasicQueue,2026-03-02T09:15:00,9,11,0,9,00:03:30,00:00:07
BasicQueue,March 2nd,9,9,0,9,00:03:30,00:00:07
`
	_, err := ReadHistoryMapped(strings.NewReader(src), "r.csv", m, time.UTC, 0)
	if err == nil {
		t.Fatal("accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		`r.csv:2: column "Average handle time" (aht_seconds): "4 minutes" is not a duration hh:mm:ss`,
		`r.csv:4: column "Contacts handled" (answered): 11 is more than offered (9)`,
		`r.csv:5: column "StartInterval" (interval_start): "March 2nd" is not a timestamp of the form`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

func TestMappingValidate(t *testing.T) {
	for _, c := range []struct{ name, yaml, want string }{
		{"no interval_start", "kind: history\nfields: {queue: {column: q}}", "interval_start is required"},
		{"unknown kind", "kind: calls\nfields: {}", `kind "calls"`},
		{"not a states column", "kind: states\nfields: {agent: {column: a}, state: {column: s}, start: {column: b}, end: {column: e}, mood: {column: m}}", "fields.mood: not a states column"},
		{"unit on a count", "kind: history\nfields: {queue: {column: q}, interval_start: {column: t}, offered: {column: o, unit: ms}}", "a unit is for durations"},
		{"unknown unit", "kind: history\nfields: {queue: {column: q}, interval_start: {column: t}, offered: {column: o}, aht_seconds: {column: a, unit: hours}}", `unit "hours"`},
		{"percent_of unmapped", "kind: history\nfields: {queue: {column: q}, interval_start: {column: t}, offered: {column: o}, answered_in_sl: {column: s, percent_of: answered}}", `percent_of "answered", which the mapping does not give`},
		{"column and value", "kind: history\nfields: {queue: {column: q, value: x}, interval_start: {column: t}, offered: {column: o}}", "one of the two"},
		{"interval 7m", "kind: history\ninterval: 7m\nfields: {queue: {column: q}, interval_start: {column: t}, offered: {column: o}}", "interval: interval 7m0s"},
		{"unknown key", "kind: history\nfields: {queue: {column: q}, interval_start: {column: t}, offered: {column: o}}\ncolour: red", "colour"},
		{"preset of another kind", "preset: amazon-connect\nkind: states", "preset amazon-connect maps history"},
		{"unknown zone", "preset: amazon-connect\ntime: {zone: Mars/Base}", "time.zone"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseMapping([]byte(c.yaml), "m.yaml")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%q: %v, want %q", c.yaml, err, c.want)
			}
		})
	}
}

// A mapping with constants and units of milliseconds and minutes, in JSON.
func TestMappingJSONConstantsAndUnits(t *testing.T) {
	m, err := ParseMapping([]byte(`{"kind": "history", "interval": "30m",
		"time": {"layouts": ["unix_ms"]},
		"fields": {"queue": {"value": "sales"}, "interval_start": {"column": "ts"}, "offered": {"column": "n"},
		"aht_seconds": {"column": "aht", "unit": "ms"}, "asa_seconds": {"column": "asa", "unit": "min"}}}`), "m.json")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC)
	src := "ts,n,aht,asa\n" + FormatFloat(float64(start.UnixMilli()), true) + ",4,245100,0.5\n"
	h, err := ReadHistoryMapped(strings.NewReader(src), "r.csv", m, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	r := h.Rows[0]
	if h.Interval != 30*time.Minute || r.Queue != "sales" || !r.Start.Equal(start) || *r.AHTSeconds != 245.1 || *r.ASASeconds != 30 {
		t.Errorf("got %v %+v aht %v asa %v", h.Interval, r, *r.AHTSeconds, *r.ASASeconds)
	}
}
