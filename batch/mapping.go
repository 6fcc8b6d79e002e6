package batch

import (
	"bytes"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
)

// Mapping says how a report in a vendor's own columns, units and time
// format becomes one of the product's files (history, contacts or
// states): which source column, or which constant, gives each product
// column, and how its values are converted. The mapped rows are then read
// by the very reader of the product's format (ReadHistory, ReadContacts,
// ReadStates), so they meet the same checks, and a problem names the
// source file, its line and the source column.
type Mapping struct {
	// Name names the mapping in messages ("amazon-connect").
	Name string `yaml:"name" json:"name"`
	// Preset, in a mapping file, starts from a built-in preset: the
	// file's own settings replace the preset's one by one (a field, the
	// time format, the interval, the ignored columns).
	Preset string `yaml:"preset,omitempty" json:"preset,omitempty"`
	// Kind is history, contacts or states.
	Kind string `yaml:"kind" json:"kind"`
	// Docs is where the vendor documents the report's columns.
	Docs string `yaml:"docs,omitempty" json:"docs,omitempty"`
	// Time is how the report writes timestamps.
	Time TimeFormat `yaml:"time,omitempty" json:"time,omitempty"`
	// Interval is the length of the report's intervals (history), when
	// the report gives only their starts: "15m". Empty: the smallest
	// spacing seen, as for the product's own files.
	Interval string `yaml:"interval,omitempty" json:"interval,omitempty"`
	// Fields maps a product column (CONTRACTS.md) to where its value comes from.
	Fields map[string]Field `yaml:"fields" json:"fields"`
	// Ignore are source columns the report may carry that the product
	// does not read; any other column not mapped is refused.
	Ignore []string `yaml:"ignore,omitempty" json:"ignore,omitempty"`
}

// TimeFormat is how a report writes timestamps.
type TimeFormat struct {
	// Layouts are tried in order: "rfc3339", "unix" (seconds),
	// "unix_ms", or a Go layout ("2006-01-02 15:04", "1/2/06 3:04 PM").
	// Empty: the product's own forms (RFC 3339, YYYY-MM-DD HH:MM[:SS]).
	Layouts []string `yaml:"layouts,omitempty" json:"layouts,omitempty"`
	// Zone is the IANA zone of timestamps without an offset; an explicit
	// --tz (?tz=) wins over it. Empty: UTC.
	Zone string `yaml:"zone,omitempty" json:"zone,omitempty"`
}

// Field is where a product column's value comes from.
type Field struct {
	// Column is the source column; Value a constant instead.
	Column string `yaml:"column,omitempty" json:"column,omitempty"`
	Value  string `yaml:"value,omitempty" json:"value,omitempty"`
	// Unit of a duration (a product column ending in _seconds): s, ms,
	// min or hh:mm:ss (also mm:ss, and h:mm:ss.fff). Empty: s.
	Unit string `yaml:"unit,omitempty" json:"unit,omitempty"`
	// PercentOf makes a count of a percentage: the source gives the
	// count as a percentage (85.7 or 85.7%) of the product column named
	// here, or of the sum of several joined by + ("answered+abandoned"),
	// and the count is that share of it, rounded to the nearest whole
	// contact.
	PercentOf string `yaml:"percent_of,omitempty" json:"percent_of,omitempty"`
	// Values translate source values: a vendor's queue names to the
	// product's queue codes, its state names to the product's states.
	// A value not listed is kept as it is.
	Values map[string]string `yaml:"values,omitempty" json:"values,omitempty"`
}

// bases are the product columns a percentage is of.
func (f Field) bases() []string {
	if f.PercentOf == "" {
		return nil
	}
	parts := strings.Split(f.PercentOf, "+")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// Duration units a Field may name.
var durationUnits = []string{"s", "ms", "min", "hh:mm:ss"}

// timeColumns are the product columns that hold timestamps.
var timeColumns = []string{"interval_start", "arrived_at", "answered_at", "ended_at", "start", "end"}

// countColumns are the history columns a percentage can stand for.
var countColumns = []string{"answered", "abandoned", "answered_in_sl"}

// KindColumns are the product columns of a kind of file.
func KindColumns(kind string) ([]Column, bool) {
	switch kind {
	case "history":
		return historyColumns, true
	case "contacts":
		return contactColumns, true
	case "states":
		return stateColumns, true
	}
	return nil, false
}

//go:embed presets/*.yaml
var presetFiles embed.FS

// PresetNames are the built-in mappings, sorted.
func PresetNames() []string {
	entries, err := presetFiles.ReadDir("presets")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// Preset is a built-in mapping by name.
func Preset(name string) (*Mapping, error) {
	data, err := presetFiles.ReadFile(path.Join("presets", name+".yaml"))
	if err != nil || strings.ContainsAny(name, "/\\") {
		return nil, fmt.Errorf("preset %q: unknown (want one of %s)", name, strings.Join(PresetNames(), ", "))
	}
	m, err := decodeMapping(data, name+".yaml")
	if err != nil {
		return nil, err
	}
	return m, nil
}

// ParseMapping reads a mapping file (YAML, or JSON, which is YAML too) and
// checks it. A file naming a preset starts from that preset.
func ParseMapping(data []byte, file string) (*Mapping, error) {
	m, err := decodeMapping(data, file)
	if err != nil {
		return nil, err
	}
	if m.Preset == "" {
		return m, nil
	}
	base, err := Preset(m.Preset)
	if err != nil {
		return nil, fmt.Errorf("mapping %s: %w", file, err)
	}
	if m.Name != "" {
		base.Name = m.Name
	}
	if m.Kind != "" && m.Kind != base.Kind {
		return nil, fmt.Errorf("mapping %s: kind %q, but preset %s maps %s", file, m.Kind, m.Preset, base.Kind)
	}
	if len(m.Time.Layouts) > 0 {
		base.Time.Layouts = m.Time.Layouts
	}
	if m.Time.Zone != "" {
		base.Time.Zone = m.Time.Zone
	}
	if m.Interval != "" {
		base.Interval = m.Interval
	}
	for k, f := range m.Fields {
		base.Fields[k] = f
	}
	base.Ignore = append(base.Ignore, m.Ignore...)
	if err := base.Validate(); err != nil {
		return nil, fmt.Errorf("mapping %s: %w", file, err)
	}
	return base, nil
}

func decodeMapping(data []byte, file string) (*Mapping, error) {
	var m Mapping
	if err := yaml.UnmarshalWithOptions(data, &m, yaml.DisallowUnknownField()); err != nil {
		return nil, fmt.Errorf("mapping %s: %s", file, yaml.FormatError(err, false, true))
	}
	if m.Fields == nil {
		m.Fields = map[string]Field{}
	}
	if m.Preset != "" {
		return &m, nil // checked once laid over its preset
	}
	if m.Name == "" {
		m.Name = strings.TrimSuffix(strings.TrimSuffix(path.Base(file), ".yaml"), ".json")
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("mapping %s: %w", file, err)
	}
	return &m, nil
}

// Validate checks that the mapping can be applied: a known kind, only the
// kind's product columns, each required one given, one source for each,
// units, percentages, layouts, zone and interval that mean something.
func (m *Mapping) Validate() error {
	cols, ok := KindColumns(m.Kind)
	if !ok {
		return fmt.Errorf("kind %q: want history, contacts or states", m.Kind)
	}
	known := map[string]bool{}
	var errs []string
	for _, c := range cols {
		known[c.Name] = true
		if _, ok := m.Fields[c.Name]; c.Required && !ok {
			errs = append(errs, fmt.Sprintf("fields: %s is required for %s", c.Name, m.Kind))
		}
	}
	sources := map[string]string{}
	for _, name := range m.fieldNames() {
		f := m.Fields[name]
		at := "fields." + name
		switch {
		case !known[name]:
			errs = append(errs, fmt.Sprintf("%s: not a %s column (want one of %s)", at, m.Kind, columnNames(cols)))
			continue
		case (f.Column == "") == (f.Value == ""):
			errs = append(errs, at+": give a column or a value, one of the two")
		}
		if f.Column != "" {
			if other, dup := sources[f.Column]; dup {
				errs = append(errs, fmt.Sprintf("%s: column %q is already the source of %s", at, f.Column, other))
			}
			sources[f.Column] = name
		}
		if f.Unit != "" {
			if !strings.HasSuffix(name, "_seconds") {
				errs = append(errs, at+": a unit is for durations (the columns ending in _seconds)")
			} else if !slices.Contains(durationUnits, f.Unit) {
				errs = append(errs, fmt.Sprintf("%s: unit %q: want one of %s", at, f.Unit, strings.Join(durationUnits, ", ")))
			}
		}
		if f.PercentOf != "" {
			if m.Kind != "history" || !slices.Contains(countColumns, name) {
				errs = append(errs, fmt.Sprintf("%s: percent_of is for the history counts %s", at, strings.Join(countColumns, ", ")))
			}
			for _, base := range f.bases() {
				switch {
				case base == name:
					errs = append(errs, at+": percent_of names the field itself")
				case m.Fields[base].PercentOf != "" || (base != "offered" && !slices.Contains(countColumns, base)):
					errs = append(errs, fmt.Sprintf("%s: percent_of %q: want offered or counts given as counts (%s), joined by +", at, base, strings.Join(countColumns, ", ")))
				default:
					if _, ok := m.Fields[base]; !ok {
						errs = append(errs, fmt.Sprintf("%s: percent_of %q, which the mapping does not give", at, base))
					}
				}
			}
		}
	}
	for _, l := range m.Time.Layouts {
		if l == "" {
			errs = append(errs, "time.layouts: an empty layout")
		}
	}
	if _, err := LoadLocation(m.Time.Zone); err != nil {
		errs = append(errs, "time.zone: "+err.Error())
	}
	if m.Interval != "" {
		if m.Kind != "history" {
			errs = append(errs, "interval: only a history has intervals")
		} else if d, err := ParseDuration(m.Interval); err != nil {
			errs = append(errs, "interval: "+err.Error())
		} else if err := CheckInterval(d); err != nil {
			errs = append(errs, "interval: "+err.Error())
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "; "))
	}
	return nil
}

func columnNames(cols []Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// fieldNames are the mapped product columns, sorted (maps have no order).
func (m *Mapping) fieldNames() []string {
	names := make([]string, 0, len(m.Fields))
	for k := range m.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// Expected are the source columns the mapping reads, in the product's
// column order.
func (m *Mapping) Expected() []string {
	cols, _ := KindColumns(m.Kind)
	var out []string
	for _, c := range cols {
		if f, ok := m.Fields[c.Name]; ok && f.Column != "" {
			out = append(out, f.Column)
		}
	}
	return out
}

// IntervalLength is the mapping's interval, 0 when it does not give one.
func (m *Mapping) IntervalLength() time.Duration {
	d, _ := ParseDuration(m.Interval) // checked by Validate
	return d
}

// Location is the zone of timestamps without an offset: tz when the caller
// gives one, else the mapping's own, else UTC.
func (m *Mapping) Location(tz string) (*time.Location, error) {
	if tz != "" {
		return LoadLocation(tz)
	}
	return LoadLocation(m.Time.Zone)
}

// ReadHistoryMapped reads a vendor's interval report through m. interval 0
// is the mapping's interval, or else the smallest spacing seen.
func ReadHistoryMapped(r io.Reader, file string, m *Mapping, loc *time.Location, interval time.Duration) (History, error) {
	if err := m.wantKind("history"); err != nil {
		return History{}, err
	}
	if interval == 0 {
		interval = m.IntervalLength()
	}
	loc, err := m.zone(loc)
	if err != nil {
		return History{}, err
	}
	data, ps, err := m.translate(r, file, loc)
	if err != nil {
		return History{}, err
	}
	// The grid of intervals is counted from midnight in the report's zone.
	h, err := ReadHistory(bytes.NewReader(data), file, loc, interval)
	return h, m.merge(ps, err)
}

// ReadContactsMapped reads a vendor's contact records through m.
func ReadContactsMapped(r io.Reader, file string, m *Mapping, loc *time.Location) ([]Contact, error) {
	if err := m.wantKind("contacts"); err != nil {
		return nil, err
	}
	data, ps, err := m.translate(r, file, loc)
	if err != nil {
		return nil, err
	}
	cs, err := ReadContacts(bytes.NewReader(data), file, time.UTC)
	return cs, m.merge(ps, err)
}

// ReadStatesMapped reads a vendor's agent states through m.
func ReadStatesMapped(r io.Reader, file string, m *Mapping, loc *time.Location) ([]AgentState, error) {
	if err := m.wantKind("states"); err != nil {
		return nil, err
	}
	data, ps, err := m.translate(r, file, loc)
	if err != nil {
		return nil, err
	}
	ss, err := ReadStates(bytes.NewReader(data), file, time.UTC)
	return ss, m.merge(ps, err)
}

// zone is loc, or the mapping's own zone when loc is nil.
func (m *Mapping) zone(loc *time.Location) (*time.Location, error) {
	if loc != nil {
		return loc, nil
	}
	return m.Location("")
}

func (m *Mapping) wantKind(kind string) error {
	if m.Kind != kind {
		return Problems{{Message: fmt.Sprintf("mapping %s maps %s, not %s", m.Name, m.Kind, kind)}}
	}
	return nil
}

// merge adds the problems met while translating to those of the product's
// reader, names the source columns in them, and orders them by line.
func (m *Mapping) merge(ps Problems, err error) error {
	var read Problems
	if err != nil && !errors.As(err, &read) {
		return err
	}
	all := append(ps, m.explain(read)...)
	if len(all) == 0 {
		return nil
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Line < all[j].Line })
	return all
}

// Explain rewrites the product columns named by problems (from a reader or
// from the store's import) as the source columns they came from, so that
// "column answered" reads `column "Contacts handled" (answered)`. Other
// errors are returned as they are.
func (m *Mapping) Explain(err error) error {
	var ps Problems
	if !errors.As(err, &ps) {
		return err
	}
	return m.explain(ps)
}

func (m *Mapping) explain(ps Problems) Problems {
	out := make(Problems, len(ps))
	for i, p := range ps {
		if f, ok := m.Fields[p.Column]; ok {
			switch {
			case f.Column != "":
				p.Column = fmt.Sprintf("%q (%s)", f.Column, p.Column)
			default:
				p.Column = fmt.Sprintf("%s (the mapping's value %q)", p.Column, f.Value)
			}
		}
		out[i] = p
	}
	return out
}

// translate reads the source CSV and writes the product's CSV of the same
// rows, each on the line of its source row, so that the product reader's
// line numbers are the source file's. Cells that cannot be converted are
// problems, and their rows are left out.
func (m *Mapping) translate(r io.Reader, file string, loc *time.Location) ([]byte, Problems, error) {
	loc, err := m.zone(loc)
	if err != nil {
		return nil, nil, err
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, Problems{{File: file, Line: 1, Message: "empty file: want a header row"}}
	}
	if err != nil {
		return nil, nil, Problems{csvProblem(file, err)}
	}
	index, err := m.header(file, header)
	if err != nil {
		return nil, nil, err
	}
	names := m.fieldNames()
	// A percentage needs its base converted first.
	sort.SliceStable(names, func(i, j int) bool {
		return m.Fields[names[i]].PercentOf == "" && m.Fields[names[j]].PercentOf != ""
	})
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	_ = w.Write(names)
	w.Flush()
	written := 1 // lines in out
	var ps Problems
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			ps = append(ps, csvProblem(file, err))
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(header) {
			ps = append(ps, Problem{File: file, Line: line, Message: fmt.Sprintf("%d fields, want %d as in the header", len(rec), len(header))})
			continue
		}
		row, rowPs := m.convert(rec, index, names, loc)
		if len(rowPs) > 0 {
			for _, p := range rowPs {
				p.File, p.Line = file, line
				ps = append(ps, p)
			}
			continue
		}
		for written < line-1 {
			out.WriteByte('\n')
			written++
		}
		if written > line-1 {
			// Only after a source row spread over lines by a quoted line
			// break, which convert refuses: cannot happen.
			return nil, nil, fmt.Errorf("%s:%d: line numbers out of step", file, line)
		}
		_ = w.Write(row)
		w.Flush()
		written++
	}
	if err := w.Error(); err != nil {
		return nil, nil, err
	}
	return out.Bytes(), ps, nil
}

func csvProblem(file string, err error) Problem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return Problem{File: file, Line: pe.StartLine, Message: "CSV syntax: " + pe.Err.Error()}
	}
	return Problem{File: file, Message: err.Error()}
}

// header maps the source columns to their positions. A column the mapping
// reads that is missing, and a column it neither reads nor ignores, are
// problems naming the columns the mapping expects.
func (m *Mapping) header(file string, header []string) (map[string]int, error) {
	expected := m.Expected()
	index := map[string]int{}
	var ps Problems
	tail := fmt.Sprintf("the mapping %s expects the columns %s", m.Name, quoteList(expected))
	if len(m.Ignore) > 0 {
		tail += fmt.Sprintf(" and accepts %s", quoteList(m.Ignore))
	}
	for i, name := range header {
		if i == 0 {
			name = strings.TrimPrefix(name, "\ufeff")
		}
		name = strings.TrimSpace(name)
		switch {
		case name == "":
			ps = append(ps, Problem{File: file, Line: 1, Column: fmt.Sprintf("#%d", i+1), Message: "column has no name; " + tail})
		case hasKey(index, name):
			ps = append(ps, Problem{File: file, Line: 1, Column: strconv.Quote(name), Message: "column appears twice"})
		case slices.Contains(expected, name):
			index[name] = i
		case slices.Contains(m.Ignore, name), strings.HasPrefix(name, "x_"):
		default:
			ps = append(ps, Problem{File: file, Line: 1, Column: strconv.Quote(name), Message: "unknown column; " + tail})
		}
	}
	for _, name := range expected {
		if !hasKey(index, name) {
			ps = append(ps, Problem{File: file, Line: 1, Column: strconv.Quote(name), Message: "missing column; " + tail})
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return index, nil
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// convert turns one source record into the product's cells, in the order
// of names. Problems carry the column but not yet the file and line.
func (m *Mapping) convert(rec []string, index map[string]int, names []string, loc *time.Location) ([]string, Problems) {
	cells := map[string]string{}
	var ps Problems
	for _, name := range names {
		f := m.Fields[name]
		col := name
		v := f.Value
		if f.Column != "" {
			v = strings.TrimSpace(rec[index[f.Column]])
			col = fmt.Sprintf("%q (%s)", f.Column, name)
		}
		if t, ok := f.Values[v]; ok {
			v = t
		}
		var err error
		switch {
		case v == "":
		case strings.ContainsAny(v, "\r\n"):
			err = errors.New("a line break inside a cell")
		case slices.Contains(timeColumns, name):
			v, err = m.convertTime(v, loc)
		case strings.HasSuffix(name, "_seconds"):
			v, err = convertDuration(v, f.Unit)
		case f.PercentOf != "":
			v, err = convertPercent(v, cells, f)
		}
		if err != nil {
			ps = append(ps, Problem{Column: col, Message: err.Error()})
		}
		cells[name] = v
	}
	row := make([]string, len(names))
	for i, name := range names {
		row[i] = cells[name]
	}
	return row, ps
}

// convertTime reads a timestamp by the mapping's layouts and writes it as
// RFC 3339 with its offset, which the product's reader takes as it is.
func (m *Mapping) convertTime(s string, loc *time.Location) (string, error) {
	if len(m.Time.Layouts) == 0 {
		t, err := ParseTime(s, loc)
		if err != nil {
			return "", err
		}
		return t.Format(time.RFC3339Nano), nil
	}
	for _, layout := range m.Time.Layouts {
		if t, ok := parseLayout(s, layout, loc); ok {
			return t.Format(time.RFC3339Nano), nil
		}
	}
	return "", fmt.Errorf("%q is not a timestamp of the form %s", s, strings.Join(m.Time.Layouts, " or "))
}

func parseLayout(s, layout string, loc *time.Location) (time.Time, bool) {
	switch layout {
	case "rfc3339":
		t, err := time.Parse(time.RFC3339Nano, s)
		return t, err == nil
	case "unix", "unix_ms":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		if layout == "unix" {
			return time.Unix(n, 0), true
		}
		return time.UnixMilli(n), true
	}
	t, err := time.ParseInLocation(layout, s, loc)
	return t, err == nil
}

// convertDuration writes a duration in unit as seconds.
func convertDuration(s, unit string) (string, error) {
	var secs float64
	switch unit {
	case "", "s", "ms", "min":
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return "", fmt.Errorf("%q is not a number of %s", s, unitWord(unit))
		}
		switch unit {
		case "ms":
			// Whole milliseconds are written as decimal seconds, exactly.
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return FormatFloat(float64(n)/1000, true), nil
			}
			v /= 1000
		case "min":
			v *= 60
		}
		secs = v
	case "hh:mm:ss":
		v, err := parseClock(s)
		if err != nil {
			return "", err
		}
		secs = v
	}
	return FormatFloat(secs, true), nil
}

func unitWord(unit string) string {
	switch unit {
	case "ms":
		return "milliseconds"
	case "min":
		return "minutes"
	}
	return "seconds"
}

// parseClock reads h:mm:ss, hh:mm:ss, mm:ss, with optional fractions of a
// second (00:04:05.250), as seconds.
func parseClock(s string) (float64, error) {
	bad := fmt.Errorf("%q is not a duration hh:mm:ss", s)
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, bad
	}
	if len(parts) == 2 {
		parts = append([]string{"0"}, parts...)
	}
	h, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(parts[1])
	sec, err3 := strconv.ParseFloat(parts[2], 64)
	if err1 != nil || err2 != nil || err3 != nil || h < 0 || mi < 0 || mi > 59 || sec < 0 || sec >= 60 {
		return 0, bad
	}
	return float64(h*3600+mi*60) + sec, nil
}

// convertPercent writes a count given as a percentage of other counts of
// the row, already converted in cells.
func convertPercent(s string, cells map[string]string, f Field) (string, error) {
	p, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64)
	if err != nil || math.IsNaN(p) {
		return "", fmt.Errorf("%q is not a percentage", s)
	}
	if p < 0 || p > 100 {
		return "", fmt.Errorf("%s is outside 0..100%%", s)
	}
	total := 0
	for _, base := range f.bases() {
		if cells[base] == "" {
			return "", fmt.Errorf("a percentage of %s, and this row gives no %s", f.PercentOf, base)
		}
		n, err := strconv.Atoi(cells[base])
		if err != nil {
			return "", fmt.Errorf("a percentage of %s, and %s is %q, not a whole number", f.PercentOf, base, cells[base])
		}
		total += n
	}
	return strconv.Itoa(int(math.Round(p * float64(total) / 100))), nil
}
