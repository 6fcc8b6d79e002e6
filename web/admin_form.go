package web

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/civil"
	"wfm/fault"
)

// FormField is one input of an admin form. Its Name is the store's name
// for the field, so the field errors the store returns land next to it.
type FormField struct {
	Name     string
	Label    string // translated
	Kind     string // text, number, select, checkbox, textarea, password, time, date
	Value    string
	Checked  bool
	Options  []Option
	Hint     string // translated
	Error    string // translated
	Step     string // for numbers: "1", "0.1", "any"
	Required bool
}

// ID is the input's element id.
func (f FormField) ID() string { return "f-" + strings.NewReplacer(".", "-", "_", "-").Replace(f.Name) }

// FormView is an admin form: its fields, where it posts, the version it
// was read at (sent back so a stale edit is refused, not saved over a
// newer one), and what went wrong last time.
type FormView struct {
	Kind     string // the entity's path segment: "queues"
	Action   string
	Version  int64
	Fields   []FormField
	Errors   []string // translated problems that belong to no field
	Conflict string   // translated: someone else saved first
	Editable bool     // admins edit; managers read
	Back     string
	Extra    any // what some forms show besides their fields (a user's linked agent...)
}

func (f *FormView) field(name string) int {
	for i := range f.Fields {
		if f.Fields[i].Name == name {
			return i
		}
	}
	return -1
}

// indexRE matches the list index of a field name: "skills[0].proficiency".
var indexRE = regexp.MustCompile(`\[\d+\].*$`)

// fieldOf is the form field a store field error belongs to: list entries
// belong to the list's field.
func fieldOf(name string) string { return indexRE.ReplaceAllString(name, "") }

// storeMessage translates a store field error: a message of our own for
// the field when the catalogs have one, else the store's own words.
func storeMessage(pg Page, name, msg string) string {
	if strings.HasPrefix(msg, "required") {
		return pg.T("aform.err.required")
	}
	if key := "aform.err." + fieldOf(name); pg.Has(key) {
		return pg.T(key)
	}
	return problemText(msg, pg.Translator)
}

// setStoreErrors puts the store's field errors next to their fields.
func (f *FormView) setStoreErrors(pg Page, errs map[string]string) {
	translated := map[string]string{}
	for name, msg := range errs {
		translated[name] = storeMessage(pg, name, msg)
		if fieldOf(name) != name { // keep the position in a list
			translated[name] = name + ": " + translated[name]
		}
	}
	f.setErrors(translated)
}

// setErrors puts translated errors next to their fields; the others go on
// top of the form.
func (f *FormView) setErrors(errs map[string]string) {
	names := make([]string, 0, len(errs))
	for n := range errs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if i := f.field(fieldOf(n)); i >= 0 {
			if f.Fields[i].Error != "" {
				f.Fields[i].Error += " "
			}
			f.Fields[i].Error += errs[n]
		} else {
			f.Errors = append(f.Errors, errs[n])
		}
	}
}

// overlay shows what was posted in the fields, so a refused form keeps
// what the person typed.
func (f *FormView) overlay(c *gin.Context) {
	for i := range f.Fields {
		fd := &f.Fields[i]
		switch fd.Kind {
		case "password":
			fd.Value = ""
		case "checkbox":
			fd.Checked = c.PostForm(fd.Name) != ""
		case "select":
			v := c.PostForm(fd.Name)
			for j := range fd.Options {
				fd.Options[j].Selected = fd.Options[j].Value == v
			}
		default:
			if v, ok := c.GetPostForm(fd.Name); ok {
				fd.Value = v
			}
		}
	}
}

// formReader reads a posted form into typed values, recording a
// translated error per field that does not parse.
type formReader struct {
	c    *gin.Context
	pg   Page
	errs map[string]string
}

func newFormReader(c *gin.Context, pg Page) *formReader {
	return &formReader{c: c, pg: pg, errs: map[string]string{}}
}

func (r *formReader) fail(name, key string, args ...any) {
	if _, seen := r.errs[name]; !seen {
		r.errs[name] = r.pg.T(key, args...)
	}
}

func (r *formReader) text(name string) string { return strings.TrimSpace(r.c.PostForm(name)) }

func (r *formReader) checked(name string) bool { return r.c.PostForm(name) != "" }

// whole reads a required whole number.
func (r *formReader) whole(name string) int {
	v := r.text(name)
	n, err := strconv.Atoi(v)
	if err != nil {
		r.fail(name, "aform.err.whole")
	}
	return n
}

// optWhole reads a whole number that may be left empty (nil).
func (r *formReader) optWhole(name string) *int {
	if r.text(name) == "" {
		return nil
	}
	n := r.whole(name)
	return &n
}

// postedDay reads the calendar day posted in the form field name
// (YYYY-MM-DD; empty: the zero Date). A bad one adds to f a fault on field
// (the store's name for it), worded as the store's own checks are.
func postedDay(c *gin.Context, name, field string, f fault.FieldErrors) civil.Date {
	text := strings.TrimSpace(c.PostForm(name))
	d, err := civil.Parse(text)
	if err != nil && text != "" {
		f.Add(field, "%q is not a date YYYY-MM-DD", text)
	}
	return d
}

// day reads a calendar day YYYY-MM-DD; empty is the zero Date (no day),
// which the entity's Validate refuses where a day is required.
func (r *formReader) day(name string) civil.Date {
	d, err := civil.Parse(r.text(name))
	if err != nil && r.text(name) != "" {
		r.fail(name, "aform.err.date")
	}
	return d
}

// percent reads a percentage ("80" or "80%") as a fraction (0.8).
func (r *formReader) percent(name string) float64 {
	v := strings.TrimSpace(strings.TrimSuffix(r.text(name), "%"))
	f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		r.fail(name, "aform.err.percent")
	}
	return f / 100
}

// optPercent reads a percentage that may be left empty (nil).
func (r *formReader) optPercent(name string) *float64 {
	if r.text(name) == "" {
		return nil
	}
	f := r.percent(name)
	return &f
}

// id reads the id a select chose; 0 when none.
func (r *formReader) id(name string) int64 {
	v := r.text(name)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		r.fail(name, "aform.err.choice")
	}
	return n
}

// optID reads an id that may be "none" (nil).
func (r *formReader) optID(name string) *int64 {
	if n := r.id(name); n > 0 {
		return &n
	}
	return nil
}

// list reads a comma- or space-separated list of codes.
func (r *formReader) list(name string) []string {
	return append([]string{}, strings.FieldsFunc(r.text(name), func(c rune) bool { return c == ',' || c == ' ' || c == '\n' || c == '\t' })...)
}

// lines are the non-empty lines of a text area, with their numbers (from 1).
func (r *formReader) lines(name string) (nums []int, lines []string) {
	for i, l := range strings.Split(strings.ReplaceAll(r.c.PostForm(name), "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			nums, lines = append(nums, i+1), append(lines, l)
		}
	}
	return nums, lines
}

// Field builders.

func textField(pg Page, name, label, value string, required bool) FormField {
	return FormField{Name: name, Label: pg.T(label), Kind: "text", Value: value, Required: required}
}

func wholeField(pg Page, name, label string, value int) FormField {
	return FormField{Name: name, Label: pg.T(label), Kind: "number", Value: strconv.Itoa(value), Step: "1"}
}

func optWholeField(pg Page, name, label string, value *int) FormField {
	f := FormField{Name: name, Label: pg.T(label), Kind: "number", Step: "1", Hint: pg.T("aform.hint.optional")}
	if value != nil {
		f.Value = strconv.Itoa(*value)
	}
	return f
}

// percentText shows a fraction as a percentage for a form (0.8 -> "80").
func percentText(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e4, 'f', -1, 64)
}

func percentField(pg Page, name, label string, value float64) FormField {
	return FormField{Name: name, Label: pg.T(label), Kind: "number", Value: percentText(value), Step: "any", Hint: pg.T("aform.hint.percent")}
}

func optPercentField(pg Page, name, label string, value *float64) FormField {
	f := FormField{Name: name, Label: pg.T(label), Kind: "number", Step: "any", Hint: pg.T("aform.hint.percent_optional")}
	if value != nil {
		f.Value = percentText(*value)
	}
	return f
}

func checkField(pg Page, name, label string, on bool) FormField {
	return FormField{Name: name, Label: pg.T(label), Kind: "checkbox", Checked: on}
}

func selectField(pg Page, name, label, value string, options []Option) FormField {
	for i := range options {
		options[i].Selected = options[i].Value == value
	}
	return FormField{Name: name, Label: pg.T(label), Kind: "select", Value: value, Options: options}
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func optIDText(id *int64) string {
	if id == nil {
		return ""
	}
	return idText(*id)
}
