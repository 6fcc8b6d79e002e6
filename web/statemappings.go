package web

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/batch"
	"wfm/fault"
	"wfm/intraday"
	"wfm/store"
)

// PathStateMappings is the page where an admin maps the ACD's state and
// reason codes to the product's states.
const PathStateMappings = PathAdmin + "/state-mappings"

// StateMappingsData is the data of the "state_mappings" page.
type StateMappingsData struct {
	Text    string   // one mapping a line: "ACD state [/ reason] = state"
	States  []string // the product's states, for the help
	Errors  []string // what is wrong with the text sent, by line
	CanEdit bool
}

// stateMappings shows the mappings as editable text.
func (p *pages) stateMappings(c *gin.Context, pg Page) {
	ms, err := intraday.Mappings(c.Request.Context(), p.store)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	pg.Title = pg.T("mappings.title")
	pg.Data = StateMappingsData{Text: mappingsText(ms), States: batch.States, CanEdit: pg.User.Role.AtLeast(RoleAdmin)}
	p.write(c, http.StatusOK, "state_mappings", pg)
}

func mappingsText(ms []store.StateMapping) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(m.ACDState)
		if m.Reason != "" {
			b.WriteString(" / " + m.Reason)
		}
		b.WriteString(" = " + m.State + "\n")
	}
	return b.String()
}

var mappingLine = regexp.MustCompile(`^\s*([^/=]+?)\s*(?:/\s*([^=]+?)\s*)?=\s*(\S+)\s*$`)

// saveStateMappings replaces the mappings with the text's lines, all or
// nothing; a problem names its line.
func (p *pages) saveStateMappings(c *gin.Context, pg Page) {
	text := c.PostForm("mappings")
	ms, lineOf, problems := readMappingLines(pg, text)
	err := intraday.CheckMappings(ms)
	if len(problems) == 0 && err == nil {
		err = intraday.ReplaceMappings(c.Request.Context(), p.store, actorOf(c), ms)
		if err == nil {
			c.Redirect(http.StatusSeeOther, PathStateMappings+"?done=1")
			return
		}
	}
	if err != nil {
		var fe *fault.Error
		if !errors.As(err, &fe) || fe.Code != fault.Invalid {
			p.problem(c, pg, err)
			return
		}
		problems = append(problems, mappingFaults(pg, fe, lineOf)...)
	}
	sort.Slice(problems, func(i, j int) bool { return problems[i].line < problems[j].line })
	data := StateMappingsData{Text: text, States: batch.States, CanEdit: true}
	for _, pr := range problems {
		data.Errors = append(data.Errors, pr.msg)
	}
	pg.Title = pg.T("mappings.title")
	pg.Data = data
	p.write(c, http.StatusBadRequest, "state_mappings", pg)
}

// lineProblem is what is wrong with a line of a text form.
type lineProblem struct {
	line int
	msg  string
}

// readMappingLines reads the mappings, a line each ("#" starts a
// comment), with the line of each, and the lines that do not read.
func readMappingLines(pg Page, text string) (ms []store.StateMapping, lineOf []int, problems []lineProblem) {
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		m := mappingLine.FindStringSubmatch(line)
		if m == nil {
			problems = append(problems, lineProblem{i + 1, pg.T("mappings.err.line", i+1)})
			continue
		}
		ms = append(ms, store.StateMapping{ACDState: m[1], Reason: m[2], State: m[3]})
		lineOf = append(lineOf, i+1)
	}
	return ms, lineOf, problems
}

// mappingFaults are the refused mappings' fields ("mappings[3].state"),
// each on the line the mapping was read from.
func mappingFaults(pg Page, fe *fault.Error, lineOf []int) []lineProblem {
	var out []lineProblem
	for field, msg := range fe.Fields {
		line := 0
		var idx int
		if _, scanErr := fmt.Sscanf(field, "mappings[%d]", &idx); scanErr == nil && idx < len(lineOf) {
			line = lineOf[idx]
		}
		out = append(out, lineProblem{line, pg.T("mappings.err.field", line, msg)})
	}
	return out
}
