// Command wfm is the workforce management product: the server, the batch
// commands of ../shared/CONTRACTS.md and the operator's tools.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"wfm/batch"
)

// env is what a command may touch of the outside world. Commands take it
// instead of reaching for os.* so that tests can run them in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// command is one sub-command of wfm.
type command struct {
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

// commands is the whole CLI at a glance. Each command lives in its own file.
func commands() map[string]command {
	return map[string]command{
		"serve":       {"run the HTTP server and the cron jobs", runServe},
		"migrate":     {"apply the database migrations", runMigrate},
		"demo":        {"create or refresh the demo center in the database, then serve", runDemo},
		"import":      {"import history|contacts|states CSV files (CONTRACTS.md 1 and 5)", runImport},
		"user":        {"create users and API tokens", runUser},
		"forecast":    {"forecast volume and handle time from an interval history (CONTRACTS.md 2)", runForecast},
		"backtest":    {"compare forecast methods on rolling origins of a history", runBacktest},
		"staffing":    {"agents needed per interval for a forecast (CONTRACTS.md 3)", runStaffing},
		"erlang":      {"Erlang C / Erlang A for one interval (CONTRACTS.md 3)", runErlang},
		"schedule":    {"solve or check a schedule problem (CONTRACTS.md 4)", runSchedule},
		"kpi":         {"KPIs from contact records and agent states (CONTRACTS.md 5)", runKPI},
		"bench":       {"run the product's benchmarks and print a table", runBench},
		"plan":        {"long-range capacity plan from an interval history: weekly FTE need against supply, when to hire", runPlan},
		"remote":      {"create and list sites, skills, queues, teams and agents on a running server, through its API", runRemote},
		"replay":      {"send an agent states CSV to a server's live feed, at real or accelerated speed", runReplay},
		"version":     {"print the build: version, commit, date", runVersion},
		"healthcheck": {"ask a running server whether it is ready (GET /readyz); for container health checks", runHealthcheck},
	}
}

// errUsage marks a command-line mistake: the message is printed with the usage.
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

func run(ctx context.Context, e env, args []string) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(e.stdout, cmds)
		return nil
	}
	if args[0] == "--version" || args[0] == "-version" {
		return runVersion(ctx, e, nil)
	}
	c, ok := cmds[args[0]]
	if !ok {
		printUsage(e.stderr, cmds)
		return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
	}
	return c.run(ctx, e, args[1:])
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

func printUsage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: wfm COMMAND [flags]\n\ncommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-11s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'wfm COMMAND -h' for a command's flags.")
}
