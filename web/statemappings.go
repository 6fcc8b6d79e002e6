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
	var ms []store.StateMapping
	var lineOf []int // the line of each mapping, for the refusals
	type problem struct {
		line int
		msg  string
	}
	var problems []problem
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		m := mappingLine.FindStringSubmatch(line)
		if m == nil {
			problems = append(problems, problem{i + 1, pg.T("mappings.err.line", i+1)})
			continue
		}
		ms = append(ms, store.StateMapping{ACDState: m[1], Reason: m[2], State: m[3]})
		lineOf = append(lineOf, i+1)
	}
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
		switch {
		case errors.As(err, &fe) && fe.Code == fault.Invalid:
			for field, msg := range fe.Fields {
				line := 0
				var idx int
				if _, scanErr := fmt.Sscanf(field, "mappings[%d]", &idx); scanErr == nil && idx < len(lineOf) {
					line = lineOf[idx]
				}
				problems = append(problems, problem{line, pg.T("mappings.err.field", line, msg)})
			}
		default:
			p.problem(c, pg, err)
			return
		}
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
