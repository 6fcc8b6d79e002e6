package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/text/width"

	"wfm/batch"
	"wfm/setup"
	"wfm/store"
)

// The set-up commands: `wfm apply -f center.yaml` declares a whole center
// (package setup); `wfm site|skill|queue|team|agent create|list` make and
// show one row at a time. They reach the center through a centerAccess:
// the database here; a client of the API can stand in for it.

// centerAccess is how the set-up commands reach a center.
type centerAccess interface {
	// Create adds the declared rows, refusing any that exists.
	Create(ctx context.Context, c *setup.Center) (setup.Changes, error)
	// Export reads the center as a declaration.
	Export(ctx context.Context) (*setup.Center, error)
}

// dbCenter reaches the center through its database.
type dbCenter struct{ st *store.Store }

func (d dbCenter) Create(ctx context.Context, c *setup.Center) (setup.Changes, error) {
	return setup.Create(ctx, d.st, c, setup.Options{})
}

func (d dbCenter) Export(ctx context.Context) (*setup.Center, error) { return setup.Export(ctx, d.st) }

// withCenter runs fn with the center the settings name: its database
// (--database, WFM_DATABASE_URL). A client of a server's API can answer
// here instead of the database.
func withCenter(ctx context.Context, e env, fn func(centerAccess) error) error {
	st, err := openConfigured(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(dbCenter{st})
}

func applyCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "apply -f FILE",
		Short: "declare a center from a YAML file: sites, skills, shift templates, queues, teams, agents",
		Long: "Makes the database hold the center a YAML file declares (README: Quick start for\n" +
			"a real center; examples/center.yaml), in one transaction, and prints what it did\n" +
			"to each row: created, configured (with the fields that changed) or unchanged.\n" +
			"Rows the database has and the file lacks are listed, and removed only with\n" +
			"--prune (an agent whom history refers to is deactivated instead; a site, skill,\n" +
			"shift template, queue or team still referred to refuses the whole apply).\n" +
			"A bad file writes nothing and names FILE:LINE and the field.",
		Example: "  wfm apply -f center.yaml --dry-run\n" +
			"  wfm apply -f center.yaml\n" +
			"  wfm apply -f center.yaml --prune",
		Args: usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	file := fs.StringP("filename", "f", "", "the center declaration (YAML)")
	prune := fs.Bool("prune", false, "remove the rows the file leaves out (agents whom history refers to are deactivated)")
	dryRun := fs.Bool("dry-run", false, "say what would change, write nothing")
	c.RunE = func(c *cobra.Command, _ []string) error {
		return runApply(c.Context(), e, *file, *prune, *dryRun)
	}
	return c
}

// runApply applies a center declaration file and prints what it did to
// each row, as kubectl apply does.
func runApply(ctx context.Context, e env, file string, prune, dryRun bool) error {
	if file == "" {
		return fmt.Errorf("%w: -f FILE: the center declaration to apply (README: Quick start for a real center)", errUsage)
	}
	// The file is read and parsed before the database is opened: a bad
	// file costs nothing and touches nothing.
	c, err := setup.ReadFile(file)
	if err != nil {
		return err
	}
	st, err := openConfigured(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	cs, err := setup.Apply(ctx, st, c, setup.Options{Prune: prune, DryRun: dryRun})
	if err != nil {
		return err
	}
	printChanges(e.stdout, cs, true)
	return nil
}

// printChanges writes a line per row and, with total, how many of each.
func printChanges(w io.Writer, cs setup.Changes, total bool) {
	suffix := ""
	if cs.DryRun {
		suffix = " (dry run)"
	}
	for _, c := range cs.Changes {
		line := c.Kind + "/" + c.Key + " "
		switch c.Action {
		case setup.Configured:
			parts := make([]string, len(c.Diffs))
			for i, d := range c.Diffs {
				parts[i] = d.Field + " " + d.From + " -> " + d.To
			}
			line += "configured (" + strings.Join(parts, ", ") + ")"
		case setup.Missing:
			if len(c.ReferredBy) > 0 {
				line += "missing from the file (kept inactive: " + referredBy(c.ReferredBy) + " refer to it)"
			} else {
				line += "missing from the file (kept; --prune removes it)"
			}
		case setup.Deactivated:
			line += "deactivated (not deleted: " + referredBy(c.ReferredBy) + " refer to it)"
		default:
			line += string(c.Action)
		}
		fmt.Fprintln(w, line+suffix)
	}
	if total {
		printTotal(w, cs)
	}
}

func printTotal(w io.Writer, cs setup.Changes) {
	var total []string
	for _, a := range []setup.Action{setup.Created, setup.Configured, setup.Unchanged, setup.Missing, setup.Deleted, setup.Deactivated} {
		if n := cs.Count(a); n > 0 {
			total = append(total, fmt.Sprintf("%d %s", n, a))
		}
	}
	if len(total) == 0 {
		total = []string{"nothing declared, nothing stored"}
	}
	if cs.DryRun {
		total = append(total, "dry run: nothing written")
	}
	fmt.Fprintln(w, strings.Join(total, ", "))
}

func referredBy(refs []store.Reference) string {
	parts := make([]string, len(refs))
	for i, r := range refs {
		parts[i] = fmt.Sprintf("%s (%d)", r.Table, r.Rows)
	}
	return strings.Join(parts, ", ")
}

// setupKind is one kind of row the create and list commands handle.
type setupKind struct {
	name, summary, example string
	// flags binds the create flags to fs and returns what makes the
	// declared row once they are parsed.
	flags func(fs *pflag.FlagSet) func() (*setup.Center, error)
	// header and rows are the kind's table; items its rows for JSON and
	// YAML.
	header []string
	rows   func(c *setup.Center) [][]string
	items  func(c *setup.Center) any
}

func setupKinds() map[string]setupKind {
	return map[string]setupKind{
		setup.KindSite: {
			name: setup.KindSite, example: "  wfm site create --name Shanghai --timezone Asia/Shanghai --open 1-5=08:00-21:00 --open 0,6=09:00-18:00",
			summary: "sites: where agents work, with the time zone their days are counted in",
			flags: func(fs *pflag.FlagSet) func() (*setup.Center, error) {
				var s setup.Site
				fs.StringVar(&s.Name, "name", "", "the site's name (its key)")
				fs.StringVar(&s.Timezone, "timezone", "", "IANA time zone, e.g. Asia/Shanghai")
				fs.StringVar(&s.PublicHolidays, "public-holidays", "auto", "whose public holidays forecasts know: auto (the zone's country), none, or a country code")
				var open openFlag
				fs.Var(&open, "open", "open hours, repeatable: WEEKDAYS=HH:MM-HH:MM with weekdays 0 (Sunday) to 6, e.g. 1-5=08:00-21:00")
				return func() (*setup.Center, error) {
					s.OpenHours = open
					return &setup.Center{Sites: []setup.Site{s}}, nil
				}
			},
			header: []string{"NAME", "TIMEZONE", "PUBLIC HOLIDAYS", "OPEN"},
			rows: func(c *setup.Center) [][]string {
				var out [][]string
				for _, s := range c.Sites {
					out = append(out, []string{s.Name, s.Timezone, s.PublicHolidays, openFlag(s.OpenHours).String()})
				}
				return out
			},
			items: func(c *setup.Center) any { return c.Sites },
		},
		setup.KindSkill: {
			name: setup.KindSkill, example: "  wfm skill create --name billing",
			summary: "skills: what a contact needs of the agent who takes it",
			flags: func(fs *pflag.FlagSet) func() (*setup.Center, error) {
				name := fs.String("name", "", "the skill's name (its key)")
				return func() (*setup.Center, error) { return &setup.Center{Skills: []string{*name}}, nil }
			},
			header: []string{"NAME"},
			rows: func(c *setup.Center) [][]string {
				var out [][]string
				for _, s := range c.Skills {
					out = append(out, []string{s})
				}
				return out
			},
			items: func(c *setup.Center) any { return c.Skills },
		},
		setup.KindQueue: {
			name: setup.KindQueue, example: "  wfm queue create --code voice-vip --name \"VIP 热线\" --site Shanghai --skill vip --channel voice --sl-target 0.9 --sl-threshold-seconds 15 --asa-target-seconds 10",
			summary: "queues: where contacts wait, with their service targets",
			flags: func(fs *pflag.FlagSet) func() (*setup.Center, error) {
				var q setup.Queue
				fs.StringVar(&q.Code, "code", "", "the queue's code, as the ACD's files name it (its key)")
				fs.StringVar(&q.Name, "name", "", "the queue's name")
				fs.StringVar(&q.Site, "site", "", "the site's name")
				fs.StringVar(&q.Skill, "skill", "", "the skill its contacts need")
				fs.StringVar(&q.Channel, "channel", "", "voice, chat or email")
				fs.StringVar(&q.Tier, "tier", "", "standard (default) or vip")
				fs.Float64Var(&q.SLTarget, "sl-target", 0, "service level goal, a fraction: 0.8 = 80% answered within the threshold")
				fs.IntVar(&q.SLThresholdSeconds, "sl-threshold-seconds", 0, "service level threshold in seconds")
				fs.Var(optInt{&q.ASATargetSeconds}, "asa-target-seconds", "average speed of answer target in seconds")
				fs.Var(optFloat{&q.MaxOccupancy}, "max-occupancy", "the most occupancy staffing plans for, a fraction")
				fs.IntVar(&q.Concurrency, "concurrency", 0, "contacts an agent handles at once (chat), default 1")
				fs.Var(optInt{&q.PatienceSeconds}, "patience-seconds", "mean patience before callers hang up (Erlang A)")
				fs.Float64Var(&q.Shrinkage, "shrinkage", 0.3, "share of paid time not on contacts")
				fs.IntVar(&q.ShortAbandonSeconds, "short-abandon-seconds", 5, "abandons sooner than this do not count")
				fs.StringVar(&q.SLFormula, "sl-formula", "", "abandons-counted (default), abandons-ignored or all-abandons-counted")
				fs.Var(optInt{&q.ResponseDeadlineSeconds}, "response-deadline-seconds", "email: answer within this many seconds")
				fs.Var(optFloat{&q.AbandonTarget}, "abandon-target", "the most abandonment accepted, a fraction (default: the channel's)")
				fs.Var(optInt{&q.AHTTargetSeconds}, "aht-target-seconds", "average handle time target (default: the channel's)")
				return func() (*setup.Center, error) { return &setup.Center{Queues: []setup.Queue{q}}, nil }
			},
			header: []string{"CODE", "NAME", "SITE", "SKILL", "CHANNEL", "SL TARGET", "THRESHOLD", "ASA", "ABANDON", "AHT"},
			rows: func(c *setup.Center) [][]string {
				var out [][]string
				for _, q := range c.Queues {
					out = append(out, []string{q.Code, q.Name, q.Site, q.Skill, q.Channel, fmt.Sprint(q.SLTarget),
						fmt.Sprintf("%ds", q.SLThresholdSeconds), optSeconds(q.ASATargetSeconds), fraction(q.AbandonTarget), optSeconds(q.AHTTargetSeconds)})
				}
				return out
			},
			items: func(c *setup.Center) any { return c.Queues },
		},
		setup.KindTeam: {
			name: setup.KindTeam, example: "  wfm team create --name 账单一组 --site Shanghai --supervisor wang.fang",
			summary: "teams: agents at a site led by a supervisor",
			flags: func(fs *pflag.FlagSet) func() (*setup.Center, error) {
				var t setup.Team
				fs.StringVar(&t.Name, "name", "", "the team's name (its key)")
				fs.StringVar(&t.Site, "site", "", "the site's name")
				fs.StringVar(&t.Supervisor, "supervisor", "", "the username of the supervisor who leads it")
				return func() (*setup.Center, error) { return &setup.Center{Teams: []setup.Team{t}}, nil }
			},
			header: []string{"NAME", "SITE", "SUPERVISOR"},
			rows: func(c *setup.Center) [][]string {
				var out [][]string
				for _, t := range c.Teams {
					out = append(out, []string{t.Name, t.Site, t.Supervisor})
				}
				return out
			},
			items: func(c *setup.Center) any { return c.Teams },
		},
		setup.KindAgent: {
			name: setup.KindAgent, example: "  wfm agent create --code A001 --name 刘洋 --team 账单一组 --hire-date 2024-03-01 --skill billing=4 --skill vip=2 --kind full-time --weekly-minutes-min 2400 --weekly-minutes-max 2640",
			summary: "agents: the people who handle contacts, with their skills and contracts",
			flags: func(fs *pflag.FlagSet) func() (*setup.Center, error) {
				var a setup.Agent
				fs.StringVar(&a.Code, "code", "", "the agent's code, as the ACD's files name her (her key)")
				fs.StringVar(&a.Name, "name", "", "her name")
				fs.StringVar(&a.Team, "team", "", "her team's name")
				fs.StringVar(&a.User, "user", "", "the username she logs in with, if any")
				fs.StringVar(&a.HireDate, "hire-date", "", "YYYY-MM-DD")
				skills := skillsFlag{}
				fs.Var(skills, "skill", "a skill and her proficiency 1-5, repeatable: billing=3")
				c := &a.Contract
				fs.StringVar(&c.Kind, "kind", "", "full-time or part-time")
				fs.IntVar(&c.WeeklyMinutesMin, "weekly-minutes-min", 0, "contract: the fewest paid minutes a week")
				fs.IntVar(&c.WeeklyMinutesMax, "weekly-minutes-max", 0, "contract: the most paid minutes a week")
				fs.IntVar(&c.MaxConsecutiveDays, "max-consecutive-days", 0, "contract: the most working days in a row")
				fs.IntVar(&c.MinConsecutiveDaysOff, "min-consecutive-days-off", 0, "contract: the fewest days off in a row")
				fs.IntVar(&c.MinRestMinutes, "min-rest-minutes", 0, "contract: the shortest rest between shifts, in minutes")
				fs.IntVar(&c.MaxWeekendsPer4Weeks, "max-weekends-per-4-weeks", 0, "contract: the most weekends worked in 4 weeks")
				templates := fs.String("shift-templates", "", "contract: the shift templates she may work, comma separated (default any)")
				return func() (*setup.Center, error) {
					a.Skills = skills
					if *templates != "" {
						c.ShiftTemplates = strings.Split(*templates, ",")
					}
					return &setup.Center{Agents: []setup.Agent{a}}, nil
				}
			},
			header: []string{"CODE", "NAME", "TEAM", "USER", "HIRED", "ACTIVE", "SKILLS", "CONTRACT", "WEEKLY MINUTES"},
			rows: func(c *setup.Center) [][]string {
				var out [][]string
				for _, a := range c.Agents {
					active := a.Active == nil || *a.Active
					out = append(out, []string{a.Code, a.Name, a.Team, a.User, a.HireDate, strconv.FormatBool(active),
						skillsFlag(a.Skills).String(), a.Contract.Kind, fmt.Sprintf("%d-%d", a.Contract.WeeklyMinutesMin, a.Contract.WeeklyMinutesMax)})
				}
				return out
			},
			items: func(c *setup.Center) any { return c.Agents },
		},
	}
}

// runCreate creates one row from its flags.
func runCreate(ctx context.Context, e env, access centerAccess, kind string, c *setup.Center) error {
	cs, err := access.Create(ctx, c)
	if err != nil {
		return flagProblems(kind, err)
	}
	printChanges(e.stdout, cs, false)
	return nil
}

// flagProblems words the problems of a declaration made from flags with
// the flags' names: "sites[0].timezone: ..." is "--timezone: ...".
func flagProblems(kind string, err error) error {
	var ps batch.Problems
	if !errors.As(err, &ps) {
		return err
	}
	prefix := regexp.MustCompile(`^[a-z]+\[\d+\]\.?`)
	msgs := make([]string, len(ps))
	for i, p := range ps {
		field, msg, _ := strings.Cut(prefix.ReplaceAllString(p.Message, ""), ": ")
		switch {
		case field == "":
			field = "--name"
		case strings.HasPrefix(field, "skills."):
			field = "--skill " + strings.TrimPrefix(field, "skills.")
		default:
			field = strings.TrimPrefix(field, "contract.")
			field = "--" + strings.ReplaceAll(field, "_", "-")
		}
		msgs[i] = field + ": " + msg
	}
	return fmt.Errorf("%w: %s create: %s", errUsage, kind, strings.Join(msgs, "; "))
}

// runList prints the rows of a kind as a table, JSON or YAML (a file
// wfm apply reads).
func runList(ctx context.Context, e env, access centerAccess, kind, output string) error {
	k, ok := setupKinds()[kind]
	if !ok {
		return fmt.Errorf("%w: no kind %q", errUsage, kind)
	}
	c, err := access.Export(ctx)
	if err != nil {
		return err
	}
	switch output {
	case "", "table":
		return writeTable(e.stdout, k.header, k.rows(c))
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(k.items(c))
	case "yaml":
		b, err := yaml.MarshalWithOptions(map[string]any{kind + "s": k.items(c)}, yaml.IndentSequence(true))
		if err != nil {
			return err
		}
		_, err = e.stdout.Write(b)
		return err
	}
	return fmt.Errorf("%w: --output %q: want table, json or yaml", errUsage, output)
}

// writeTable writes rows in columns two spaces apart. A column's width
// is what a terminal shows, not a count of runes: 上海 takes four cells
// (text/tabwriter counts two, and Chinese names would push their rows
// out of line).
func writeTable(w io.Writer, header []string, rows [][]string) error {
	all := append([][]string{header}, rows...)
	widths := make([]int, len(header))
	for _, r := range all {
		for i, cell := range r {
			widths[i] = max(widths[i], cells(cell))
		}
	}
	var b strings.Builder
	for _, r := range all {
		line := ""
		for i, cell := range r {
			if i < len(r)-1 {
				cell += strings.Repeat(" ", widths[i]-cells(cell)+2)
			}
			line += cell
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cells is how many terminal cells s takes: two for a wide or full-width
// character (East Asian Width W or F), one for the rest.
func cells(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// kindCmd is `wfm KIND create|list`.
func kindCmd(e env, kind string) *cobra.Command {
	k := setupKinds()[kind]
	c := &cobra.Command{
		Use:   kind,
		Short: k.summary,
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	create := &cobra.Command{
		Use:     "create",
		Short:   "create a " + kind + " (refused when it exists: wfm apply changes rows)",
		Example: k.example,
		Args:    usageArgs(cobra.NoArgs),
	}
	build := k.flags(create.Flags())
	create.RunE = func(c *cobra.Command, _ []string) error {
		decl, err := build()
		if err != nil {
			return err
		}
		return withCenter(c.Context(), e, func(a centerAccess) error { return runCreate(c.Context(), e, a, kind, decl) })
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "list the " + kind + "s: a table, JSON, or YAML that wfm apply reads",
		Args:  usageArgs(cobra.NoArgs),
	}
	output := list.Flags().StringP("output", "o", "table", "table, json, or yaml (a file wfm apply reads)")
	list.RunE = func(c *cobra.Command, _ []string) error {
		if *output != "table" && *output != "json" && *output != "yaml" {
			return fmt.Errorf("%w: --output %q: want table, json or yaml", errUsage, *output)
		}
		return withCenter(c.Context(), e, func(a centerAccess) error { return runList(c.Context(), e, a, kind, *output) })
	}
	c.AddCommand(create, list)
	return c
}

// optInt is an optional integer flag: nil unless given.
type optInt struct{ p **int }

func (o optInt) String() string {
	if o.p == nil || *o.p == nil {
		return ""
	}
	return strconv.Itoa(**o.p)
}

func (o optInt) Type() string { return "int" }

func (o optInt) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("%q is not a whole number", s)
	}
	*o.p = &v
	return nil
}

// optFloat is an optional number flag: nil unless given.
type optFloat struct{ p **float64 }

func (o optFloat) String() string {
	if o.p == nil || *o.p == nil {
		return ""
	}
	return strconv.FormatFloat(**o.p, 'g', -1, 64)
}

func (o optFloat) Type() string { return "float" }

func (o optFloat) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("%q is not a number", s)
	}
	*o.p = &v
	return nil
}

// openFlag is a site's open hours, one --open per group of weekdays:
// 1-5=08:00-21:00 or 0,6=09:00-18:00.
type openFlag []store.OpenDays

func (o openFlag) String() string {
	parts := make([]string, len(o))
	for i, d := range o {
		days := make([]string, len(d.Weekdays))
		for j, w := range d.Weekdays {
			days[j] = strconv.Itoa(w)
		}
		parts[i] = strings.Join(days, ",") + "=" + d.Open + "-" + d.Close
	}
	return strings.Join(parts, " ")
}

func (o *openFlag) Type() string { return "WEEKDAYS=HH:MM-HH:MM" }

func (o *openFlag) Set(s string) error {
	days, hours, ok := strings.Cut(s, "=")
	open, closing, ok2 := strings.Cut(hours, "-")
	if !ok || !ok2 {
		return fmt.Errorf("%q: want WEEKDAYS=HH:MM-HH:MM, e.g. 1-5=08:00-21:00", s)
	}
	var ws []int
	for _, part := range strings.Split(days, ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(from)
		b := a
		if err == nil && isRange {
			b, err = strconv.Atoi(to)
		}
		if err != nil || a > b {
			return fmt.Errorf("%q: weekdays %q: want numbers 0 (Sunday) to 6, or a range 1-5", s, part)
		}
		for d := a; d <= b; d++ {
			ws = append(ws, d)
		}
	}
	*o = append(*o, store.OpenDays{Weekdays: ws, Open: open, Close: closing})
	return nil
}

// skillsFlag is an agent's skills, one --skill NAME=LEVEL each.
type skillsFlag map[string]int

func (k skillsFlag) String() string {
	parts := make([]string, 0, len(k))
	for name, level := range k {
		parts = append(parts, fmt.Sprintf("%s=%d", name, level))
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func (k skillsFlag) Type() string { return "SKILL=LEVEL" }

func (k skillsFlag) Set(s string) error {
	name, level, ok := strings.Cut(s, "=")
	n, err := strconv.Atoi(level)
	if !ok || name == "" || err != nil {
		return fmt.Errorf("%q: want SKILL=LEVEL, e.g. billing=3", s)
	}
	k[name] = n
	return nil
}

func optSeconds(p *int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%ds", *p)
}

func fraction(p *float64) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}
