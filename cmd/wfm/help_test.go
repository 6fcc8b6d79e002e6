package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// commandPaths walks the command tree: every command a user can type,
// "" for the root.
func commandPaths(c *cobra.Command, prefix []string) [][]string {
	out := [][]string{prefix}
	for _, sub := range c.Commands() {
		if sub.Hidden {
			continue
		}
		out = append(out, commandPaths(sub, append(append([]string{}, prefix...), sub.Name()))...)
	}
	return out
}

// runIn runs the CLI in-process in dir, with no WFM_* settings in the
// environment, and returns its exit code and output.
func runIn(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code = exitCode(&errb, run(context.Background(), e, args))
	return code, out.String(), errb.String()
}

// emptyDir fails the test when the command left anything in dir: help
// must not create or migrate a database (wfm.db in the working folder
// is the default).
func emptyDir(t *testing.T, dir, what string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("%s created %s", what, e.Name())
		os.RemoveAll(dir + "/" + e.Name())
	}
}

func TestEveryCommandHasHelpAndRefusesABadFlag(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	paths := commandPaths(newRoot(env{getenv: func(string) string { return "" }}), nil)
	if len(paths) < 20 {
		t.Fatalf("only %d commands found: %v", len(paths), paths)
	}
	for _, path := range paths {
		name := "wfm " + strings.Join(path, " ")
		t.Run(strings.Join(append([]string{"wfm"}, path...), "_"), func(t *testing.T) {
			for _, form := range [][]string{
				append(append([]string{}, path...), "--help"),
				append(append([]string{}, path...), "-h"),
				append([]string{"help"}, path...),
			} {
				code, out, errs := runIn(t, form...)
				if code != 0 {
					t.Errorf("wfm %s: exit %d, want 0; stderr %q", strings.Join(form, " "), code, errs)
				}
				if !strings.Contains(out, "Usage:") && !strings.Contains(out, "every WFM_* setting") && !strings.Contains(out, "Every setting") {
					t.Errorf("wfm %s printed no usage: %q", strings.Join(form, " "), out)
				}
				emptyDir(t, dir, "wfm "+strings.Join(form, " "))
			}
			if len(path) > 0 && path[0] == "settings" {
				return // a help topic, not a command
			}
			code, _, errs := runIn(t, append(append([]string{}, path...), "--no-such-flag")...)
			if code != 2 {
				t.Errorf("%s --no-such-flag: exit %d, want 2", name, code)
			}
			if !strings.Contains(errs, "unknown flag: --no-such-flag") || !strings.Contains(errs, "--help") {
				t.Errorf("%s --no-such-flag: stderr %q does not name the flag and the help", name, errs)
			}
			emptyDir(t, dir, name+" --no-such-flag")
		})
	}
}

func TestUnknownCommandsSuggestAndExit2(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"schedul"}, `unknown command "schedul" for "wfm"; did you mean schedule?`},
		{[]string{"imprt", "history", "x.csv"}, `did you mean import?`},
		{[]string{"schedule", "solv"}, `unknown command "solv" for "wfm schedule"; did you mean solve?`},
		{[]string{"user", "creat"}, `did you mean create?`},
		{[]string{"bench", "roster"}, `did you mean rosters?`},
		{[]string{"nothing-like-it"}, `unknown command "nothing-like-it" for "wfm"`},
	} {
		// Named by the command line: TestUnknownCommandsSuggestAndExit2/schedule_solv.
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, _, errs := runIn(t, c.args...)
			if code != 2 || !strings.Contains(errs, c.want) {
				t.Errorf("wfm %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), code, errs, c.want)
			}
		})
	}
}

func TestCompletionScriptsGenerate(t *testing.T) {
	for shell, mark := range map[string]string{
		"bash": "complete -o default", "zsh": "#compdef wfm", "fish": "complete -c wfm", "powershell": "Register-ArgumentCompleter",
	} {
		t.Run(shell, func(t *testing.T) {
			code, out, errs := runIn(t, "completion", shell)
			if code != 0 || !strings.Contains(out, mark) {
				t.Errorf("wfm completion %s: exit %d, stderr %q; script lacks %q", shell, code, errs, mark)
			}
		})
	}
}

func TestVersionFlagAndSettingsFlagWins(t *testing.T) {
	code, out, _ := runIn(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "wfm ") {
		t.Errorf("wfm --version: exit %d, %q", code, out)
	}
	// A setting given as a flag wins over the environment: the import
	// opens the database the flag names, not the one of WFM_DATABASE_URL.
	dir := t.TempDir()
	t.Chdir(dir)
	var out2, errb bytes.Buffer
	e := env{stdout: &out2, stderr: &errb, getenv: func(k string) string {
		if k == "WFM_DATABASE_URL" {
			return "file:from-env.db"
		}
		return ""
	}}
	if err := run(context.Background(), e, []string{"migrate", "--database", "file:from-flag.db"}); err != nil {
		t.Fatalf("migrate: %v (%s)", err, errb.String())
	}
	if _, err := os.Stat("from-flag.db"); err != nil {
		t.Errorf("the flag's database was not used: %v", err)
	}
	if _, err := os.Stat("from-env.db"); err == nil {
		t.Error("the environment's database was used although --database was given")
	}
}
