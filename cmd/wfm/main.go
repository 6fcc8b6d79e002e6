// Command wfm is the workforce management product: the server, the batch
// commands of ../shared/CONTRACTS.md and the operator's tools.
//
// The command line is built with github.com/spf13/cobra, as kubectl, gh
// and hugo are: `wfm help CMD`, `wfm CMD --help`, suggestions for a
// mistyped command and shell completion come with it.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"wfm/batch"
	"wfm/version"
)

// env is what a command may touch of the outside world. Commands take it
// instead of reaching for os.* so that tests can run them in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	quiet  *bool // --quiet: no progress on stderr (nil: not set)
}

// newRoot is the whole CLI at a glance. Each command lives in its own file
// and is built by a function of its name.
func newRoot(e env) *cobra.Command {
	root := &cobra.Command{
		Use:   "wfm",
		Short: "workforce management for contact centers: forecasts, staffing, rosters, KPIs",
		Long: "wfm is the workforce management product: the server (wfm serve, wfm demo),\n" +
			"the batch commands of CONTRACTS.md (forecast, staffing, erlang, schedule, kpi)\n" +
			"and the operator's tools.",
		Version: version.Get().String(),
		// A mistake prints the usage error only; the help is a flag away.
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          unknownCommand,
		RunE:          func(c *cobra.Command, args []string) error { return c.Help() },
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%w: %v (see %s --help)", errUsage, err, c.CommandPath())
	})
	e = settingFlags(root, e)
	e.quiet = root.PersistentFlags().BoolP("quiet", "q", false, "show no progress of long work on stderr")
	root.AddCommand(settingsTopic())
	root.AddCommand(
		serveCmd(e),
		migrateCmd(e),
		demoCmd(e),
		importCmd(e),
		userCmd(e),
		forecastCmd(e),
		backtestCmd(e),
		staffingCmd(e),
		erlangCmd(e),
		scheduleCmd(e),
		kpiCmd(e),
		benchCmd(e),
		planCmd(e),
		remoteCmd(e),
		replayCmd(e),
		versionCmd(e),
		healthcheckCmd(e),
		applyCmd(e), kindCmd(e, "site"), kindCmd(e, "skill"), kindCmd(e, "queue"), kindCmd(e, "team"), kindCmd(e, "agent"),
	)
	return root
}

// errUsage marks a command-line mistake: exit code 2.
var errUsage = errors.New("usage")

// exitError carries a process exit code without printing anything more:
// the command has already written what the user needs to read.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	err := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(exitCode(e.stderr, err))
}

// run executes the command line args; tests call it in-process.
func run(ctx context.Context, e env, args []string) error {
	root := newRoot(e)
	root.SetArgs(args)
	return root.ExecuteContext(ctx)
}

// exitCode prints err (if it has anything to say) and picks the exit code.
func exitCode(stderr io.Writer, err error) int {
	if err == nil {
		return 0
	}
	var ex exitError
	if errors.As(err, &ex) {
		return ex.code
	}
	var problems batch.Problems
	if errors.As(err, &problems) {
		// Bad input: each line starts with FILE:LINE so editors can jump to it.
		fmt.Fprintln(stderr, problems.Error())
		return 1
	}
	fmt.Fprintln(stderr, "wfm:", err)
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

// unknownCommand is the argument check of a command that only groups
// others: without it cobra would take `wfm bogus` (or `wfm schedule
// bogus`) as the group with an argument and print its help with exit 0.
// It answers with a suggestion and exit code 2.
func unknownCommand(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2 // cobra's own default, which SuggestionsFor does not apply
	}
	if s := c.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %s?", strings.Join(s, " or "))
	}
	return fmt.Errorf("%w: %s (see %s --help)", errUsage, msg, c.CommandPath())
}

// parentCmd makes c a group of sub-commands: run alone it prints its
// help; with an unknown sub-command it is a usage mistake.
func parentCmd(c *cobra.Command) *cobra.Command {
	c.Args = unknownCommand
	c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	return c
}

// usageArgs wraps a cobra argument check so that a wrong number of
// arguments is a usage mistake (exit 2) that names the command's usage.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if c.HasSubCommands() && len(args) > 0 {
			return unknownCommand(c, args) // a mistyped sub-command, not an argument
		}
		if err := check(c, args); err != nil {
			return fmt.Errorf("%w: %v; usage: %s", errUsage, err, c.UseLine())
		}
		return nil
	}
}

// settingFlags gives the root a persistent flag for every WFM_* setting
// of configVars (WFM_LOG_LEVEL is --log-level; WFM_DATABASE_URL is
// --database), so that any command takes them, before or after its name,
// and returns e with a getenv in which a flag given on the command line
// wins over the environment. Only the settings most commands use show in
// every command's help; `wfm help settings` lists them all.
func settingFlags(root *cobra.Command, e env) env {
	fs := root.PersistentFlags()
	byName := map[string]*pflag.Flag{}
	for _, v := range configVars {
		name := settingFlag(v.name)
		about := v.about + " (" + v.name + ")"
		if v.def != "" {
			about += fmt.Sprintf(" (default %q)", v.def)
		}
		fs.String(name, "", about)
		f := fs.Lookup(name)
		f.Hidden = !shownSetting[v.name]
		byName[v.name] = f
	}
	getenv := e.getenv
	e.getenv = func(name string) string {
		if f, ok := byName[name]; ok && f.Changed {
			return f.Value.String()
		}
		return getenv(name)
	}
	return e
}

// shownSetting are the settings shown in every command's help.
var shownSetting = map[string]bool{"WFM_DATABASE_URL": true, "WFM_LOG_LEVEL": true, "WFM_LOG_FORMAT": true}

// settingsTopic is `wfm help settings`: every setting, its flag and its
// environment variable.
func settingsTopic() *cobra.Command {
	var b strings.Builder
	b.WriteString("Every setting is read from its environment variable or given as a flag of\n" +
		"any command (the flag wins): wfm serve --addr :9090 is WFM_ADDR=:9090 wfm serve.\n\n")
	for _, v := range configVars {
		fmt.Fprintf(&b, "  --%s (%s)\n      %s", settingFlag(v.name), v.name, v.about)
		if v.def != "" {
			fmt.Fprintf(&b, " (default %q)", v.def)
		}
		b.WriteString("\n")
	}
	return &cobra.Command{Use: "settings", Short: "every WFM_* setting and its flag", Long: b.String()}
}

// settingFlag is the flag that gives a WFM_* setting: the name without
// the prefix, in lower case with dashes. The database is --database, as
// every command has called it.
func settingFlag(name string) string {
	if name == "WFM_DATABASE_URL" {
		return "database"
	}
	return strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(name, "WFM_")), "_", "-")
}
