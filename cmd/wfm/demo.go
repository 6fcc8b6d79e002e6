package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"wfm/demo"
	"wfm/store"
)

// demoCmd creates (or refreshes) the demo center in the database, then
// serves it, printing the URL and the demo logins.
func demoCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "demo",
		Short: "create or refresh the demo center in the database, then serve",
		Long: "Creates (or refreshes) a demo center: two sites, voice, chat and VIP queues, 80 agents,\n" +
			"16 weeks of history ending yesterday, two weeks of contacts and agent states, published\n" +
			"forecasts, requirements and rosters, KPIs, reviews, feedback, complaints and evaluations; then serves it.",
		Args: usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	noServe := fs.Bool("no-serve", false, "load the demo and exit without serving")
	seed := fs.Int64("seed", 1, "random seed of the demo center")
	weeks := fs.Int("weeks", 16, "weeks of interval history")
	rosterTime := fs.Duration("roster-time", 10*time.Second, "solver time per site for the demo roster")
	c.RunE = func(c *cobra.Command, _ []string) error {
		return runDemo(c.Context(), e, *noServe, *seed, *weeks, *rosterTime)
	}
	return c
}

func runDemo(ctx context.Context, e env, noServe bool, seed int64, weeks int, rosterTime time.Duration) error {
	if weeks < 1 || weeks > 104 {
		return fmt.Errorf("%w: --weeks %d: want 1 to 104", errUsage, weeks)
	}
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return err
	}

	began := time.Now()
	fmt.Fprintf(e.stdout, "demo: generating the center (seed %d, %d weeks up to yesterday)\n", seed, weeks)
	c := demo.Generate(seed, time.Now(), weeks)
	fmt.Fprintf(e.stdout, "demo: %d sites, %d queues, %d teams, %d agents, %d users; %d history intervals, %d contacts, %d agent states (%s)\n",
		len(c.Sites), len(c.Queues), len(c.Teams), len(c.Agents), len(c.Users),
		len(c.History.Rows), len(c.Contacts), len(c.States), time.Since(began).Round(time.Millisecond))

	st, err := openSchema(ctx, cfg, cfg.logger(e.stderr))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "demo: loading into %s\n", engineName(cfg.DatabaseURL))
	steps := newMeter(e, "demo", "steps", 0).withClock()
	log := stepLines{prefixed{e.stdout, "demo:   "}, steps}
	err = demo.LoadProgress(ctx, st, c, log)
	if err == nil {
		err = demo.Operate(ctx, st, c, time.Now(), rosterTime, log)
	}
	steps.Finish()
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "demo: ready in %s\n", time.Since(began).Round(time.Millisecond))

	if noServe {
		printLogins(e.stdout, c)
		return nil
	}
	return serve(ctx, e, cfg, func(url string) {
		fmt.Fprintf(e.stdout, "\nThe demo center is at %s\n", url)
		printLogins(e.stdout, c)
	})
}

// printLogins lists the demo users, one line each.
func printLogins(w io.Writer, c demo.Center) {
	fmt.Fprintln(w, "\nDemo logins (username / password / role):")
	users := slices.Clone(c.Logins())
	slices.SortStableFunc(users, func(a, b demo.User) int { return store.RoleRank(b.Role) - store.RoleRank(a.Role) })
	for _, u := range users {
		fmt.Fprintf(w, "  %-18s %-22s %-10s %s\n", u.Username, u.Password, u.Role, u.About)
	}
	fmt.Fprintln(w, "Users that already existed keep the password they had.")
}

// prefixed writes each line with a prefix, for progress lines nested under
// a step.
type prefixed struct {
	w      io.Writer
	prefix string
}

func (p prefixed) Write(b []byte) (int, error) {
	start := 0
	for i, c := range b {
		if c == '\n' {
			if _, err := fmt.Fprintf(p.w, "%s%s", p.prefix, b[start:i+1]); err != nil {
				return start, err
			}
			start = i + 1
		}
	}
	if start < len(b) {
		if _, err := fmt.Fprintf(p.w, "%s%s", p.prefix, b[start:]); err != nil {
			return start, err
		}
	}
	return len(b), nil
}
