// Package setup declares a contact center from a file, as `kubectl apply`
// declares a cluster: the sites, skills, queues, teams and agents of a
// center (and the shift templates of its sites) written in one YAML
// document (wfm apply -f center.yaml), compared
// with what the database holds, and the differences written in one
// transaction. A second apply of the same file changes nothing.
//
// Rows are matched by their natural keys, the ones the schema keeps
// unique: the names of sites, skills and teams, the codes of queues and
// agents (the ids ACD files use). Renaming a site in the file is therefore
// a new site and a missing one.
package setup

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"wfm/batch"
	"wfm/schedule"
	"wfm/store"
)

// Center is a declared center: every row of each kind the file names.
// Field names are the API's (README: API), except that rows refer to each
// other by their keys (site: Shanghai) instead of ids.
type Center struct {
	Sites  []Site   `yaml:"sites,omitempty" json:"sites,omitempty"`
	Skills []string `yaml:"skills,omitempty" json:"skills,omitempty"`
	// ShiftTemplates are the kinds of shift each site rosters (a roster
	// build needs them), keyed by site and code.
	ShiftTemplates []ShiftTemplate `yaml:"shift_templates,omitempty" json:"shift_templates,omitempty"`
	Queues         []Queue         `yaml:"queues,omitempty" json:"queues,omitempty"`
	Teams          []Team          `yaml:"teams,omitempty" json:"teams,omitempty"`
	Agents         []Agent         `yaml:"agents,omitempty" json:"agents,omitempty"`

	file string    // the file's name, for FILE:LINE
	doc  *ast.File // the parsed document, for the lines of fields
}

// Site is a place agents work from (store.Site), keyed by name.
type Site struct {
	Name           string           `yaml:"name" json:"name"`
	Timezone       string           `yaml:"timezone" json:"timezone"`
	PublicHolidays string           `yaml:"public_holidays,omitempty" json:"public_holidays,omitempty"`
	OpenHours      []store.OpenDays `yaml:"open_hours,omitempty" json:"open_hours,omitempty"`
}

// ShiftTemplate is a kind of shift a site rosters (store.ShiftTemplate),
// keyed by its site and code: "Shanghai/E".
type ShiftTemplate struct {
	Site               string           `yaml:"site" json:"site"`
	Code               string           `yaml:"code" json:"code"`
	Name               string           `yaml:"name" json:"name"`
	Start              string           `yaml:"start" json:"start"`
	LatestStart        string           `yaml:"latest_start,omitempty" json:"latest_start,omitempty"`
	DurationMinutes    int              `yaml:"duration_minutes" json:"duration_minutes"`
	Breaks             []schedule.Break `yaml:"breaks,omitempty" json:"breaks,omitempty"`
	CannotBeFollowedBy []string         `yaml:"cannot_be_followed_by,omitempty" json:"cannot_be_followed_by,omitempty"`
}

// Queue is where contacts wait (store.Queue), keyed by code; Site and
// Skill name a site and a skill.
type Queue struct {
	Code                    string   `yaml:"code" json:"code"`
	Name                    string   `yaml:"name" json:"name"`
	Site                    string   `yaml:"site" json:"site"`
	Skill                   string   `yaml:"skill,omitempty" json:"skill,omitempty"`
	Channel                 string   `yaml:"channel" json:"channel"`
	Tier                    string   `yaml:"tier,omitempty" json:"tier,omitempty"`
	SLTarget                float64  `yaml:"sl_target" json:"sl_target"`
	SLThresholdSeconds      int      `yaml:"sl_threshold_seconds" json:"sl_threshold_seconds"`
	ASATargetSeconds        *int     `yaml:"asa_target_seconds,omitempty" json:"asa_target_seconds,omitempty"`
	MaxOccupancy            *float64 `yaml:"max_occupancy,omitempty" json:"max_occupancy,omitempty"`
	Concurrency             int      `yaml:"concurrency,omitempty" json:"concurrency,omitempty"`
	PatienceSeconds         *int     `yaml:"patience_seconds,omitempty" json:"patience_seconds,omitempty"`
	Shrinkage               float64  `yaml:"shrinkage" json:"shrinkage"`
	ShortAbandonSeconds     int      `yaml:"short_abandon_seconds" json:"short_abandon_seconds"`
	SLFormula               string   `yaml:"sl_formula,omitempty" json:"sl_formula,omitempty"`
	ResponseDeadlineSeconds *int     `yaml:"response_deadline_seconds,omitempty" json:"response_deadline_seconds,omitempty"`
	AbandonTarget           *float64 `yaml:"abandon_target,omitempty" json:"abandon_target,omitempty"`
	AHTTargetSeconds        *int     `yaml:"aht_target_seconds,omitempty" json:"aht_target_seconds,omitempty"`
}

// Team is a group of agents at a site (store.Team), keyed by name;
// Supervisor is the username of the user who leads it (users are made
// with `wfm user create`, not declared here: they carry passwords).
type Team struct {
	Name       string `yaml:"name" json:"name"`
	Site       string `yaml:"site" json:"site"`
	Supervisor string `yaml:"supervisor,omitempty" json:"supervisor,omitempty"`
}

// Agent is a person who handles contacts (store.Agent), keyed by code.
// Skills maps a skill's name to her proficiency, 1 (learning) to 5
// (expert); User is the username she logs in with, if any. Active is true
// when left out.
type Agent struct {
	Code     string         `yaml:"code" json:"code"`
	Name     string         `yaml:"name" json:"name"`
	Team     string         `yaml:"team" json:"team"`
	User     string         `yaml:"user,omitempty" json:"user,omitempty"`
	HireDate string         `yaml:"hire_date" json:"hire_date"`
	Active   *bool          `yaml:"active,omitempty" json:"active,omitempty"`
	Skills   map[string]int `yaml:"skills,omitempty" json:"skills,omitempty"`
	Contract store.Contract `yaml:"contract" json:"contract"`
}

// Parse reads a center declaration. file names it in problems; a file
// that is not YAML, or has a field the declaration does not know, is a
// batch.Problems naming FILE:LINE.
func Parse(data []byte, file string) (*Center, error) {
	doc, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, yamlProblem(err, file)
	}
	var c Center
	// Decoded from the parsed document: the text is parsed once.
	if len(doc.Docs) > 0 && doc.Docs[0].Body != nil {
		if err := yaml.NodeToValue(doc.Docs[0].Body, &c, yaml.DisallowUnknownField()); err != nil {
			return nil, yamlProblem(err, file)
		}
	}
	c.file, c.doc = file, doc
	return &c, nil
}

func (c *Center) empty() bool {
	return len(c.Sites)+len(c.Skills)+len(c.ShiftTemplates)+len(c.Queues)+len(c.Teams)+len(c.Agents) == 0
}

// File is the name the declaration was read from.
func (c *Center) File() string { return c.file }

func yamlProblem(err error, file string) error {
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil {
		return batch.Problems{{File: file, Line: ye.GetToken().Position.Line, Message: ye.GetMessage()}}
	}
	return batch.Problems{{File: file, Message: err.Error()}}
}

// line is the line of the node at path ("agents[3].team"), or of the
// nearest enclosing node the file has (a field left out is reported on the
// line of its row); 0 when the declaration was not read from a file.
func (c *Center) line(path string) int {
	if c.doc == nil {
		return 0
	}
	for p := path; p != ""; p = parentPath(p) {
		yp, err := yaml.PathString("$." + p)
		if err != nil {
			continue
		}
		n, err := yp.FilterFile(c.doc)
		if err == nil && n != nil && n.GetToken() != nil {
			return n.GetToken().Position.Line
		}
	}
	return 0
}

// parentPath drops the last step of a path: "agents[3].team" ->
// "agents[3]" -> "agents".
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i <= 0 {
		return ""
	}
	return p[:i]
}

// problems collects what is wrong with a declaration, each at its line.
type problems struct {
	c  *Center
	ps batch.Problems
}

func (p *problems) add(path, format string, args ...any) {
	p.ps = append(p.ps, batch.Problem{File: p.c.file, Line: p.c.line(path), Message: path + ": " + fmt.Sprintf(format, args...)})
}

func (p *problems) err() error {
	if len(p.ps) == 0 {
		return nil
	}
	// In the order of the file, as an editor walks them.
	ps := p.ps
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Line < ps[j-1].Line; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
	return ps
}
