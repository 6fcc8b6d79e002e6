package batch

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"wfm/limits"
)

// Column names a column a file may have.
type Column struct {
	Name     string
	Required bool
}

// Reader reads one contract CSV file record by record. It maps the header
// to columns (any order), keeps x_ extension columns, and collects every
// problem it meets with its line, so that a caller can report them all at
// once instead of stopping at the first.
type Reader struct {
	file     string
	csv      *csv.Reader
	index    map[string]int // column name -> field position
	names    []string       // field position -> column name, as in the header
	required map[string]bool
	ext      []string // x_ column names, in header order
	fields   int      // fields per record, as in the header
	record   []string
	line     int
	problems Problems
}

// NewReader reads the header of r. Unknown columns (not starting with x_),
// duplicated columns and missing required columns are problems; the error
// is returned at once because no record can be read without a header.
func NewReader(r io.Reader, file string, columns []Column) (*Reader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked by hand, to name the line
	cr.ReuseRecord = true
	rd := &Reader{file: file, csv: cr, index: map[string]int{}, required: map[string]bool{}}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, Problems{{File: file, Line: 1, Message: "empty file: want a header row"}}
	}
	if err != nil {
		return nil, Problems{rd.syntaxProblem(err)}
	}
	rd.fields = len(header)
	rd.names = make([]string, len(header))
	known := map[string]bool{}
	for _, c := range columns {
		known[c.Name] = true
		rd.required[c.Name] = c.Required
	}
	for i, name := range header {
		if i == 0 {
			name = strings.TrimPrefix(name, "\ufeff")
		}
		name = strings.TrimSpace(name)
		rd.names[i] = name
		if err := limits.Code.Check(name); err != nil {
			rd.problem(1, fmt.Sprintf("#%d", i+1), "column name "+err.Error())
			continue
		}
		switch {
		case name == "":
			rd.problem(1, fmt.Sprintf("#%d", i+1), "column has no name")
			continue
		case rd.hasIndex(name):
			rd.problem(1, name, "column appears twice")
		case strings.HasPrefix(name, "x_"):
			rd.ext = append(rd.ext, name)
		case !known[name]:
			rd.problem(1, name, "unknown column (extension columns start with x_)")
			continue
		}
		rd.index[name] = i
	}
	for _, c := range columns {
		if c.Required && !rd.hasIndex(c.Name) {
			rd.problem(1, c.Name, "required column is missing")
		}
	}
	if len(rd.problems) > 0 {
		return nil, rd.problems
	}
	rd.line = 1
	return rd, nil
}

func (r *Reader) hasIndex(name string) bool {
	_, ok := r.index[name]
	return ok
}

// Next reads the next record. It returns false at the end of the file or
// on a CSV syntax error, which is recorded as a problem.
func (r *Reader) Next() bool {
	for {
		rec, err := r.csv.Read()
		if errors.Is(err, io.EOF) {
			return false
		}
		if err != nil {
			// FieldPos is only defined for a record Read returned: after
			// an error it panics (an unclosed quote), so the line comes
			// from the error itself.
			r.problems = append(r.problems, r.syntaxProblem(err))
			return false
		}
		r.line, _ = r.csv.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line carries nothing
		}
		if len(rec) != r.fields {
			r.Problemf("", "%d fields, want %d as in the header", len(rec), r.fields)
			continue
		}
		if !r.cleanCells(rec) {
			continue
		}
		r.record = rec
		return true
	}
}

// cleanCells records a problem for each cell that is not text the product
// can keep (invalid UTF-8, a NUL or another control character, too long)
// and tells whether every cell is clean; a record that is not is skipped.
func (r *Reader) cleanCells(rec []string) bool {
	clean := true
	for i, cell := range rec {
		if err := limits.Cell.Check(cell); err != nil {
			col := r.names[i]
			if col == "" {
				col = fmt.Sprintf("#%d", i+1)
			}
			r.Problemf(col, "%v", err)
			clean = false
		}
	}
	return clean
}

func (r *Reader) syntaxProblem(err error) Problem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrQuote) {
			// An unclosed quote swallows the lines after it: the line to
			// fix is where the quoted field starts, not where reading stopped.
			msg := `CSV syntax: a quoted field is not closed, or a " inside it is not doubled ("")`
			if pe.StartLine != pe.Line {
				msg = fmt.Sprintf(`CSV syntax: a quoted field starting on this line is not closed (read to line %d without finding its closing ")`, pe.Line)
			}
			return Problem{File: r.file, Line: pe.StartLine, Message: msg}
		}
		return Problem{File: r.file, Line: pe.Line, Message: "CSV syntax: " + pe.Err.Error()}
	}
	return Problem{File: r.file, Message: err.Error()}
}

// Line is the line number of the current record.
func (r *Reader) Line() int { return r.line }

// Has tells whether the header has the column.
func (r *Reader) Has(col string) bool { return r.hasIndex(col) }

// String is the trimmed cell of the column, or "" when the column is
// absent. An empty cell of a required column is a problem.
func (r *Reader) String(col string) string {
	i, ok := r.index[col]
	if !ok {
		return ""
	}
	s := strings.TrimSpace(r.record[i])
	if s == "" && r.required[col] {
		r.Problemf(col, "required value is empty")
	}
	return s
}

// Int reads a whole number; def when the cell is empty.
func (r *Reader) Int(col string, def int) int {
	s := r.String(col)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		r.Problemf(col, "%q is not a whole number", s)
		return def
	}
	return n
}

// Float reads a finite number; def when the cell is empty.
func (r *Reader) Float(col string, def float64) float64 {
	v, ok := r.OptFloat(col)
	if !ok {
		return def
	}
	return v
}

// OptFloat reads a finite number, telling whether one was there.
func (r *Reader) OptFloat(col string) (float64, bool) {
	s := r.String(col)
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v || v > 1e300 || v < -1e300 {
		r.Problemf(col, "%q is not a number", s)
		return 0, false
	}
	return v, true
}

// Time reads a timestamp (see ParseTime); zero when the cell is empty.
func (r *Reader) Time(col string, loc *time.Location) time.Time {
	s := r.String(col)
	if s == "" {
		return time.Time{}
	}
	t, err := ParseTime(s, loc)
	if err != nil {
		r.Problemf(col, "%v", err)
		return time.Time{}
	}
	return t
}

// Bool reads true/false (also 1/0 and yes/no), telling whether a value was
// there.
func (r *Reader) Bool(col string) (value, present bool) {
	s := strings.ToLower(r.String(col))
	switch s {
	case "":
		return false, false
	case "true", "1", "yes", "y", "t":
		return true, true
	case "false", "0", "no", "n", "f":
		return false, true
	}
	r.Problemf(col, "%q is not true or false", s)
	return false, false
}

// Extensions are the x_ cells of the current record, nil when there are none.
func (r *Reader) Extensions() map[string]string {
	if len(r.ext) == 0 {
		return nil
	}
	m := make(map[string]string, len(r.ext))
	for _, name := range r.ext {
		m[name] = r.record[r.index[name]]
	}
	return m
}

// Problemf records a problem at the current line.
func (r *Reader) Problemf(col, format string, args ...any) {
	r.problem(r.line, col, fmt.Sprintf(format, args...))
}

func (r *Reader) problem(line int, col, msg string) {
	r.problems = append(r.problems, Problem{File: r.file, Line: line, Column: col, Message: msg})
}

// Err is the problems found so far, or nil.
func (r *Reader) Err() error {
	if len(r.problems) == 0 {
		return nil
	}
	return r.problems
}
