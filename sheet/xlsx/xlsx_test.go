package xlsx

import (
	"bytes"
	"math"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"wfm/sheet"
)

func TestSheetNames(t *testing.T) {
	long := strings.Repeat("x", 40)
	for _, tc := range []struct {
		name string
		in   []string
		want []string
	}{
		{"plain", []string{"Team A"}, []string{"Team A"}},
		{"characters Excel refuses", []string{"a/b\\c?d*e[f]g:h"}, []string{"a_b_c_d_e_f_g_h"}},
		{"quotes and blank", []string{"'quoted'", "  "}, []string{"quoted", "Sheet"}},
		{"40 characters", []string{long}, []string{long[:31]}},
		{"same name in other cases", []string{"Team A", "team a", "TEAM A"}, []string{"Team A", "team a (2)", "TEAM A (3)"}},
		{"two long names", []string{long, long}, []string{long[:31], long[:27] + " (2)"}},
		{"Sheet and empty", []string{"Sheet", ""}, []string{"Sheet", "Sheet (2)"}},
		// Excel counts UTF-16 units: 16 emoji are 32 units, one too many.
		{"16 emoji", []string{strings.Repeat("😀", 16)}, []string{strings.Repeat("😀", 15)}},
		{"Chinese", []string{"客服一组：早班"}, []string{"客服一组：早班"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var tables []sheet.Table
			for _, n := range tc.in {
				tables = append(tables, sheet.Table{Name: n})
			}
			got := SheetNames(tables)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("SheetNames(%q) = %q, want %q", tc.in, got, tc.want)
			}
			for _, n := range got {
				if len(utf16.Encode([]rune(n))) > 31 {
					t.Errorf("%q is longer than 31", n)
				}
			}
		})
	}
}

func TestFileName(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "roster_2026-03-02", "roster_2026-03-02.xlsx"},
		{"Chinese", "review_李娜_2026-03", "review____2026-03.xlsx"},
		{"quote, newline, slash", "a\"b\r\nc;d/e.xlsx", "a_b__c_d_e.xlsx"},
		{"empty", "", "export.xlsx"},
		{"spaces", "kpi queue-intervals 1", "kpi_queue-intervals_1.xlsx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FileName(tc.in); got != tc.want {
				t.Errorf("FileName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// The workbook read back with excelize: sheets in order with their
// names, the header bold and frozen, each cell of its type with its
// format, instants as the wall clock of their zone, formulas never.
func TestWriteReadsBack(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	at := time.Date(2026, 3, 2, 0, 30, 0, 0, time.UTC) // 08:30 in Shanghai
	tables := []sheet.Table{
		{Name: "Team A/B", Header: []string{"Name", "Count", "Rate", "At", "Day", "Took", "Missing"}, Rows: [][]sheet.Cell{
			{sheet.TextCell("=1+1"), sheet.IntCell(42), sheet.PercentCell(0.805, 1), sheet.InstantCell(at, shanghai), sheet.DayCell("2026-03-02"), sheet.DurationCell(5*time.Minute + 12*time.Second), {}},
			{sheet.TextCell("+SUM(A1)"), sheet.NumberCell(3.14159, 2), sheet.PercentCell(math.NaN(), 1), sheet.TextCell("@cmd"), sheet.TextCell("-2"), sheet.Optional(nil, func(v float64) sheet.Cell { return sheet.DurationCell(time.Duration(v) * time.Second) }), sheet.TextCell("李娜")},
		}},
		{Name: "team a_b", Header: []string{"Only"}},
	}
	var buf bytes.Buffer
	if err := Write(&buf, tables); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, "|") != "Team A_B|team a_b (2)" {
		t.Fatalf("sheets %q", got)
	}
	s := "Team A_B"
	cell := func(ref string) string {
		v, err := f.GetCellValue(s, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	typeOf := func(ref string) excelize.CellType {
		ct, err := f.GetCellType(s, ref)
		if err != nil {
			t.Fatal(err)
		}
		return ct
	}
	format := func(ref string) string {
		id, err := f.GetCellStyle(s, ref)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt == nil {
			return strconv.Itoa(st.NumFmt)
		}
		return *st.CustomNumFmt
	}
	for _, h := range []string{"A1", "G1"} {
		id, _ := f.GetCellStyle(s, h)
		st, err := f.GetStyle(id)
		if err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("header %s not bold: %+v %v", h, st, err)
		}
	}
	panes, err := f.GetPanes(s)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
	// Text stays text, whatever it starts with.
	for _, ref := range []string{"A2", "A3", "D3", "E3", "G3"} {
		if ct := typeOf(ref); ct != excelize.CellTypeInlineString && ct != excelize.CellTypeSharedString {
			t.Errorf("%s is of type %v, want a string", ref, ct)
		}
		if fm, _ := f.GetCellFormula(s, ref); fm != "" {
			t.Errorf("%s has the formula %q", ref, fm)
		}
		if format(ref) != "@" {
			t.Errorf("%s format %q, want @ (text)", ref, format(ref))
		}
	}
	if cell("A2") != "=1+1" || cell("A3") != "+SUM(A1)" || cell("D3") != "@cmd" || cell("E3") != "-2" || cell("G3") != "李娜" {
		t.Errorf("texts %q %q %q %q %q", cell("A2"), cell("A3"), cell("D3"), cell("E3"), cell("G3"))
	}
	// Numbers are numbers.
	for ref, want := range map[string]string{"B2": "42", "B3": "3.14159", "C2": "0.805"} {
		if typeOf(ref) != excelize.CellTypeNumber && typeOf(ref) != excelize.CellTypeUnset {
			t.Errorf("%s is of type %v, want a number", ref, typeOf(ref))
		}
		if cell(ref) != want {
			t.Errorf("%s = %q, want %q", ref, cell(ref), want)
		}
	}
	for ref, want := range map[string]string{"B2": "0", "B3": "0.00", "C2": "0.0%", "D2": "yyyy-mm-dd hh:mm", "E2": "yyyy-mm-dd", "F2": "[h]:mm:ss"} {
		if got := format(ref); got != want {
			t.Errorf("%s format %q, want %q", ref, got, want)
		}
	}
	// The instant is Shanghai's wall clock.
	serialAt, err := strconv.ParseFloat(cell("D2"), 64)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := excelize.ExcelDateToTime(serialAt, false); err != nil || !got.Equal(time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("D2 = %v (%v), want 2026-03-02 08:30", got, err)
	}
	if shown, _ := f.GetCellValue(s, "D2"); shown != "2026-03-02 08:30" {
		t.Errorf("D2 shows %q", shown)
	}
	if shown, _ := f.GetCellValue(s, "E2"); shown != "2026-03-02" {
		t.Errorf("E2 shows %q", shown)
	}
	if shown, _ := f.GetCellValue(s, "F2"); shown != "0:05:12" {
		t.Errorf("F2 shows %q", shown)
	}
	if shown, _ := f.GetCellValue(s, "C2"); shown != "80.5%" {
		t.Errorf("C2 shows %q", shown)
	}
	// Missing values are no cell at all.
	for _, ref := range []string{"G2", "C3", "F3"} {
		if v := cell(ref); v != "" {
			t.Errorf("%s = %q, want empty", ref, v)
		}
	}
	// Columns fit: the date-time column is wider than the count's, a CJK
	// name counts double, and nothing is wider than the cap.
	wA, _ := f.GetColWidth(s, "A")
	wB, _ := f.GetColWidth(s, "B")
	wD, _ := f.GetColWidth(s, "D")
	if !(wD > wB) || wA < 8 || wD > maxWidth {
		t.Errorf("widths A %v B %v D %v", wA, wB, wD)
	}
	// The second sheet has its header only.
	rows, err := f.GetRows("team a_b (2)")
	if err != nil || len(rows) != 1 || rows[0][0] != "Only" {
		t.Errorf("second sheet rows %q %v", rows, err)
	}
}

func TestWriteWithoutTablesHasASheet(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if n := len(f.GetSheetList()); n != 1 {
		t.Errorf("%d sheets", n)
	}
}

func TestServeHeaders(t *testing.T) {
	rec := httptest.NewRecorder()
	if err := Serve(rec, "roster 李娜 2026-03-02", []sheet.Table{{Name: "A", Header: []string{"x"}}}); err != nil {
		t.Fatal(err)
	}
	h := rec.Result().Header
	if h.Get("Content-Type") != ContentType || h.Get("X-Content-Type-Options") != "nosniff" ||
		h.Get("Content-Disposition") != `attachment; filename="roster____2026-03-02.xlsx"` {
		t.Errorf("headers %v", h)
	}
	if _, err := excelize.OpenReader(rec.Body); err != nil {
		t.Errorf("body is no workbook: %v", err)
	}
}
