package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDomainPackagesArePure keeps the domain packages free of the
// adapters: no web framework, no database, no HTTP, no logging anywhere in
// their dependencies, and no file or process access of their own (os is
// reached through fmt, so only direct imports of it count).
func TestDomainPackagesArePure(t *testing.T) {
	anyDepth := []string{"github.com/gin-gonic/gin", "github.com/uptrace/bun", "net/http", "database/sql", "log/slog"}
	direct := []string{"os", "log", "os/exec"}
	for _, pkg := range []string{"wfm/forecast", "wfm/staffing", "wfm/schedule", "wfm/kpi", "wfm/holidays", "wfm/limits"} {
		for _, d := range goList(t, "-deps", pkg) {
			for _, f := range anyDepth {
				if d == f || strings.HasPrefix(d, f+"/") {
					t.Errorf("%s depends on %s", pkg, d)
				}
			}
		}
		for _, d := range goList(t, "-f", "{{join .Imports \" \"}}", pkg) {
			for _, f := range direct {
				if d == f {
					t.Errorf("%s imports %s", pkg, d)
				}
			}
		}
	}
}

func goList(t *testing.T, args ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("go list %v: %v\n%s", args, err, out)
	}
	return strings.Fields(string(out))
}
