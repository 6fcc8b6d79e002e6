package web

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/fault"
)

// The store words what is wrong with a field in English, for the API.
// A page says the common cases in the reader's language; a message it
// does not know is framed by a translated sentence ("problem.other").
var storeProblems = []struct {
	pattern *regexp.Regexp
	key     string // its message; the pattern's groups are its arguments
}{
	{regexp.MustCompile(`^required`), "problem.required"},
	{regexp.MustCompile(`^"(.*)" is not (?:a date )?YYYY-MM-DD`), "problem.not_date"},
	{regexp.MustCompile(`^"(.*)" is not a date`), "problem.not_date"},
	{regexp.MustCompile(`^"(.*)" is not (?:a time of day )?HH:MM`), "problem.not_time"},
	{regexp.MustCompile(`^\S+ is before (?:\S+ )?\S+$`), "problem.before_start"},
	{regexp.MustCompile(`^at most (\d+) days`), "problem.at_most_days"},
	{regexp.MustCompile(`^at most (\d+) characters`), "problem.at_most_characters"},
	{regexp.MustCompile(`^\S+ is outside the roster's (\S+) to (\S+)$`), "problem.outside_roster"},
	{regexp.MustCompile(`^a swap needs two agents`), "problem.two_agents"},
	{regexp.MustCompile(`^must not be negative`), "problem.negative"},
	{regexp.MustCompile(`^"(.*)" is not a number`), "problem.not_number"},
	{regexp.MustCompile(`^(-?\d+), want (-?\d+)(?: \(\w+\))? to (-?\d+)`), "problem.range"},
	{regexp.MustCompile(`^(-?\d+) must be (-?\d+) to (-?\d+)`), "problem.range"},
	{regexp.MustCompile(`^outside the published schedule`), "problem.outside_schedule"},
	{regexp.MustCompile(`^neither agent works the days named`), "problem.nothing_to_swap"},
	{regexp.MustCompile(`^both agents must be on the published schedule`), "problem.not_on_schedule"},
	{regexp.MustCompile(`^works at another site`), "problem.other_site"},
	// limits (limits/limits.go): text and dates out of their bounds
	{regexp.MustCompile(`^not valid UTF-8`), "problem.not_utf8"},
	{regexp.MustCompile(`^holds a NUL character`), "problem.nul"},
	{regexp.MustCompile(`^holds the control character (U\+[0-9A-F]+)`), "problem.control"},
	{regexp.MustCompile(`^(\d+) characters, at most (\d+) for a`), "problem.too_long"},
	{regexp.MustCompile(`^(\S+) is outside (\S+) to (\S+) \(a`), "problem.outside_window"},
	{regexp.MustCompile(`^before from`), "problem.before_start"},
	{regexp.MustCompile(`^(\d+) days after from, at most (\d+)`), "problem.span_days"},
}

// problemText says one store field message in the reader's language.
func problemText(msg string, t Translator) string {
	for _, p := range storeProblems {
		if m := p.pattern.FindStringSubmatch(msg); m != nil {
			args := make([]any, 0, len(m)-1)
			for _, g := range m[1:] {
				args = append(args, g)
			}
			return t.T(p.key, args...)
		}
	}
	return t.T("problem.other", msg)
}

// fieldLabel is a field's name in the reader's language ("field.NAME"),
// or the field as the store names it when the catalog has no label.
func fieldLabel(field string, t Translator) string {
	if key := "field." + field; t.Has(key) {
		return t.T(key)
	}
	return field
}

// fieldProblems lists the fields a store error names, for a form's
// error line: " (结束日期：早于开始日期)" after the form's own sentence.
func fieldProblems(err error, t Translator) string {
	parts := fieldProblemList(err, t)
	if len(parts) == 0 {
		return ""
	}
	return t.T("problem.list", strings.Join(parts, t.T("problem.separator")))
}

// fieldProblemList says what a store error finds wrong with each field it
// names ("field: what is wrong"), in the reader's language, by field.
func fieldProblemList(err error, t Translator) []string {
	var se *fault.Error
	if !errors.As(err, &se) || len(se.Fields) == 0 {
		return nil
	}
	fields := make([]string, 0, len(se.Fields))
	for f := range se.Fields {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	parts := make([]string, 0, len(fields))
	for _, f := range fields {
		parts = append(parts, t.T("problem.field", fieldLabel(f, t), problemText(se.Fields[f], t)))
	}
	return parts
}

// refusal is a refusal a page words itself: what kind of refusal it is
// (its status) and the catalog key of what it says, with the fault that
// caused it when there is one (its fields are listed after the sentence).
type refusal struct {
	code  fault.Code
	key   string
	cause error
}

func (r *refusal) Error() string {
	if r.cause != nil {
		return r.key + ": " + r.cause.Error()
	}
	return r.key
}

func (r *refusal) Unwrap() error { return r.cause }

// refuse is a refusal of the code that says key.
func refuse(code fault.Code, key string) error { return &refusal{code: code, key: key} }

// refuseBecause is a refusal of cause's code that says key, then what
// cause says is wrong with each field.
func refuseBecause(cause error, key string) error {
	return &refusal{code: fault.CodeOf(cause), key: key, cause: cause}
}

// problem answers err with the error page in the reader's language: the
// one place a page turns an error into a status and a message. The
// caller's mistakes keep their status and say what is wrong (an invalid
// input names its fields); anything unexpected is a 500, logged once with
// the request's id, which the page shows so that it can be reported.
func (p *pages) problem(c *gin.Context, pg Page, err error) {
	code := fault.CodeOf(err)
	var message string
	var r *refusal
	if errors.As(err, &r) {
		code, message = r.code, pg.T(r.key)+fieldProblems(r.cause, pg.Translator)
	}
	status := auth.Status(code)
	switch {
	case code == fault.Internal:
		id := c.Writer.Header().Get(auth.RequestIDHeader)
		p.log.Error("page failed", "request_id", id, "method", c.Request.Method, "path", c.FullPath(), "err", err)
		message = pg.T("error.500")
		if id != "" {
			message += " " + pg.T("error.reference", id)
		}
	case message == "" && code == fault.Invalid:
		message = pg.T("error.400") + fieldProblems(err, pg.Translator)
	case message == "":
		message = pg.T(fmt.Sprintf("error.%d", status))
	}
	pg.Title = pg.T("error.title")
	pg.Data = ErrorData{Status: status, Message: message}
	p.write(c, status, "error", pg)
	c.Abort()
}
