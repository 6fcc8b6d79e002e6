package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDomainPackagesArePure keeps the domain packages free of the
// adapters: no web framework, no database, no HTTP, no logging anywhere in
// their dependencies, and no file or process access of their own (os is
// reached through fmt, so only direct imports of it count). The calendar
// day (civil) may name database/sql/driver: an interface for how a value
// is written, no database in it.
func TestDomainPackagesArePure(t *testing.T) {
	anyDepth := []string{"github.com/gin-gonic/gin", "github.com/uptrace/bun", "net/http", "database/sql", "log/slog"}
	direct := []string{"os", "log", "os/exec"}
	for _, pkg := range []string{"wfm/forecast", "wfm/staffing", "wfm/schedule", "wfm/kpi", "wfm/holidays", "wfm/limits", "wfm/civil", "wfm/capacity"} {
		for _, d := range goList(t, "-deps", pkg) {
			if d == "database/sql/driver" {
				continue
			}
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

// TestTheHouseLayers keeps the dependency direction the README draws:
// cmd -> the doors (api, web) and jobs -> the use cases and auth -> store
// -> the domain. Nothing points back up, and the two doors are siblings.
// A use-case package is any of useCases that exists (they are added one
// capability at a time).
func TestTheHouseLayers(t *testing.T) {
	exists := map[string]bool{}
	for _, p := range goList(t, "wfm/...") {
		exists[p] = true
	}
	useCases := []string{"wfm/rostering", "wfm/planning", "wfm/measure", "wfm/people", "wfm/intraday", "wfm/setup"}
	doors := []string{"wfm/api", "wfm/web"}
	above := func(pkgs ...[]string) []string {
		var out []string
		for _, ps := range pkgs {
			out = append(out, ps...)
		}
		return out
	}
	rules := []struct {
		pkg       string
		forbidden []string
	}{
		// The doors may know the job engine (the jobs page lists its
		// jobs and runs one now), never each other.
		{"wfm/web", []string{"wfm/api"}},
		{"wfm/api", []string{"wfm/web"}},
		{"wfm/jobs", doors},
		{"wfm/auth", above(doors, useCases, []string{"wfm/jobs", "wfm/connector"})},
		{"wfm/store", above(doors, useCases, []string{"wfm/connector", "wfm/jobs", "wfm/auth", "github.com/gin-gonic/gin", "net/http"})},
		{"wfm/fault", []string{"wfm/store", "github.com/gin-gonic/gin", "net/http"}},
		// The connector is a use case that calls out to a platform
		// through the platform's SDK, which is an HTTP client: it may
		// reach net/http, never the doors or a request.
		{"wfm/connector", above(doors, []string{"wfm/jobs", "wfm/auth", "github.com/gin-gonic/gin"})},
	}
	for _, uc := range useCases {
		// A use case never sees HTTP: the doors read requests and render answers.
		rules = append(rules, struct {
			pkg       string
			forbidden []string
		}{uc, above(doors, []string{"wfm/jobs", "wfm/auth", "github.com/gin-gonic/gin", "net/http"})})
	}
	checked := 0
	for _, r := range rules {
		if !exists[r.pkg] {
			continue
		}
		checked++
		t.Run(r.pkg, func(t *testing.T) {
			for _, d := range goList(t, "-deps", r.pkg) {
				for _, f := range r.forbidden {
					if d == f {
						t.Errorf("%s depends on %s", r.pkg, d)
					}
				}
			}
		})
	}
	if checked < 6 {
		t.Fatalf("checked %d packages: is wfm/... listing the repository?", checked)
	}
}
