// Package xlsx writes sheet tables as an .xlsx workbook (Office Open
// XML) with excelize: one sheet per table, the header row bold and
// frozen, every cell stored as its type (numbers as numbers, percentages
// with a % format, instants as date-times of their zone's wall clock,
// durations as [h]:mm:ss), columns as wide as their contents. Text is
// always stored as text with the text format, never as a formula, whatever
// it starts with (= + - @): names and notes people typed cannot become
// formulas in the reader's spreadsheet (CSV/Excel injection).
package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"wfm/sheet"
)

// ContentType is the media type of an .xlsx workbook.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// The number formats of the kinds.
const (
	textFormat     = "@"
	dateTimeFormat = "yyyy-mm-dd hh:mm"
	dayFormat      = "yyyy-mm-dd"
	durationFormat = "[h]:mm:ss"
)

// maxWidth bounds a column's width (in characters): a long note wraps in
// the reader's hands rather than push the table off the screen.
const maxWidth = 60

// Write writes the tables as a workbook, one sheet each, in order. A
// workbook needs a sheet: with no tables it has one empty sheet.
func Write(w io.Writer, tables []sheet.Table) error {
	f := excelize.NewFile()
	defer f.Close()
	if len(tables) == 0 {
		tables = []sheet.Table{{Name: "Sheet1"}}
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	names := SheetNames(tables)
	for i, t := range tables {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), names[0])
		} else {
			_, err = f.NewSheet(names[i])
		}
		if err != nil {
			return fmt.Errorf("sheet %q: %w", names[i], err)
		}
		if err := writeTable(f, names[i], t, st); err != nil {
			return fmt.Errorf("sheet %q: %w", names[i], err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// styles are the workbook's cell styles: the header's, and one per kind
// and decimals.
type styles struct {
	f      *excelize.File
	header int
	byKey  map[string]int
}

func newStyles(f *excelize.File) (*styles, error) {
	text := textFormat
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: &text})
	if err != nil {
		return nil, fmt.Errorf("header style: %w", err)
	}
	return &styles{f: f, header: header, byKey: map[string]int{}}, nil
}

// of is the style of a cell: its kind's number format.
func (s *styles) of(c sheet.Cell) (int, error) {
	var format string
	switch c.Kind {
	case sheet.Text:
		format = textFormat
	case sheet.Number:
		format = decimalsFormat(c.Decimals)
	case sheet.Percent:
		format = decimalsFormat(c.Decimals) + "%"
	case sheet.Instant:
		format = dateTimeFormat
	case sheet.Day:
		format = dayFormat
	case sheet.Duration:
		format = durationFormat
	default:
		return 0, nil
	}
	if id, ok := s.byKey[format]; ok {
		return id, nil
	}
	id, err := s.f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return 0, fmt.Errorf("style %q: %w", format, err)
	}
	s.byKey[format] = id
	return id, nil
}

func decimalsFormat(decimals int) string {
	if decimals <= 0 {
		return "0"
	}
	return "0." + strings.Repeat("0", min(decimals, 10))
}

// writeTable streams one table into its sheet: widths and the frozen
// header first (the stream writer wants them before any row), then the
// rows.
func writeTable(f *excelize.File, name string, t sheet.Table, st *styles) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for col, w := range widths(t) {
		if err := sw.SetColWidth(col+1, col+1, w); err != nil {
			return err
		}
	}
	if len(t.Header) > 0 {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		row := make([]any, len(t.Header))
		for i, h := range t.Header {
			row[i] = excelize.Cell{StyleID: st.header, Value: h}
		}
		if err := sw.SetRow("A1", row); err != nil {
			return err
		}
	}
	first := 1
	if len(t.Header) > 0 {
		first = 2
	}
	for i, cells := range t.Rows {
		row := make([]any, len(cells))
		for j, c := range cells {
			if c.Kind == sheet.Empty {
				continue // nil: no cell at all
			}
			style, err := st.of(c)
			if err != nil {
				return err
			}
			row[j] = excelize.Cell{StyleID: style, Value: value(c)}
		}
		ref, err := excelize.CoordinatesToCellName(1, first+i)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// value is what excelize stores: text as an inline string (the stream
// writer never makes a formula of a string), numbers as numbers, an
// instant as its wall clock's serial date.
func value(c sheet.Cell) any {
	switch c.Kind {
	case sheet.Text:
		return c.Text
	case sheet.Number, sheet.Percent:
		return c.Value
	case sheet.Instant, sheet.Day:
		return serial(c.Time)
	case sheet.Duration:
		return c.Value / 86400
	}
	return nil
}

// excelEpoch is day 0 of the 1900 date system as spreadsheets count it
// (1900-02-29 never was, hence 30 December 1899 for dates after March
// 1900).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// serial is the wall clock of t (whatever its zone) as an Excel serial
// date: days since the epoch and the fraction of the day.
func serial(t time.Time) float64 {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	return wall.Sub(excelEpoch).Hours() / 24
}

// widths are the columns' widths in characters: the widest of the header
// and the cells as shown, plus a margin, within maxWidth.
func widths(t sheet.Table) []float64 {
	n := len(t.Header)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	out := make([]float64, n)
	see := func(col int, s string) {
		out[col] = max(out[col], float64(displayWidth(s)))
	}
	for i, h := range t.Header {
		see(i, h)
	}
	for _, r := range t.Rows {
		for i, c := range r {
			see(i, shown(c))
		}
	}
	for i := range out {
		out[i] = min(max(out[i]+2, 6), maxWidth)
	}
	return out
}

// shown is roughly how the cell reads in a spreadsheet, for its width.
func shown(c sheet.Cell) string {
	switch c.Kind {
	case sheet.Text:
		return c.Text
	case sheet.Number:
		return strconv.FormatFloat(c.Value, 'f', c.Decimals, 64)
	case sheet.Percent:
		return strconv.FormatFloat(c.Value*100, 'f', c.Decimals, 64) + "%"
	case sheet.Instant:
		return "2006-01-02 15:04"
	case sheet.Day:
		return "2006-01-02"
	case sheet.Duration:
		return "000:00:00"
	}
	return ""
}

// displayWidth counts a wide (East Asian) character as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || (r >= 0xFF01 && r <= 0xFF60) || (r >= 0x3000 && r <= 0x303F) {
			n++
		}
	}
	return n
}

// maxNameLength is the longest sheet name a spreadsheet takes, in UTF-16
// code units (what Excel counts).
const maxNameLength = 31

// SheetNames are the tables' names as a spreadsheet accepts them: the
// characters []:*?/\ replaced, no apostrophe first or last, at most 31
// characters, never blank, and unique without regard to case (a second
// "Team A" becomes "Team A (2)").
func SheetNames(tables []sheet.Table) []string {
	out := make([]string, len(tables))
	seen := map[string]bool{}
	for i, t := range tables {
		base := cleanName(t.Name)
		name := base
		for n := 2; seen[strings.ToLower(name)]; n++ {
			suffix := " (" + strconv.Itoa(n) + ")"
			name = truncate(base, maxNameLength-len(suffix)) + suffix
		}
		seen[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

func cleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r):
			return '_'
		case unicode.IsControl(r):
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "'"))
	s = strings.TrimSpace(strings.Trim(truncate(s, maxNameLength), "'"))
	if s == "" {
		return "Sheet"
	}
	return s
}

// truncate cuts s to at most n UTF-16 code units, never inside a
// character.
func truncate(s string, n int) string {
	units := 0
	for i, r := range s {
		units += len(utf16.Encode([]rune{r}))
		if units > n {
			return s[:i]
		}
	}
	return s
}

// FileName is a download's file name: the parts joined by "_", in ASCII
// letters, digits, dots and dashes only (anything else becomes "_"), with
// the .xlsx extension.
func FileName(parts ...string) string {
	name := strings.TrimSuffix(strings.Join(parts, "_"), ".xlsx")
	name = strings.Map(func(r rune) rune {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '.' || r == '_') {
			return r
		}
		return '_'
	}, name)
	name = strings.Trim(name, "._")
	if name == "" {
		name = "export"
	}
	return name + ".xlsx"
}

// Serve sends the tables as an .xlsx download named filename (made ASCII
// by FileName). The workbook is made in memory first, so that a failure
// is an error to report, not half a file.
func Serve(w http.ResponseWriter, filename string, tables []sheet.Table) error {
	var buf bytes.Buffer
	if err := Write(&buf, tables); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("Content-Disposition", `attachment; filename="`+FileName(filename)+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(buf.Bytes())
	return err
}
