// Package version says which build of wfm is running: the release, the
// commit it was built from and when, as a bug report should name them.
// Go records the commit and its time in the binary when it builds from a
// git checkout (runtime/debug.ReadBuildInfo); a release build sets the
// release name with -ldflags "-X wfm/version.release=v1.2.0" (see below).
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set at link time by builds that do not come from a git checkout (a
// container build context has no .git): -X wfm/version.release=v1.2.0
// -X wfm/version.commit=0123abcd -X wfm/version.builtAt=2026-12-06T05:00:00Z.
// Empty otherwise; what the binary records wins where these are empty.
var release, commit, builtAt string

// Build is one build's identity.
type Build struct {
	Version   string `json:"version"`              // the release, the module's version, or "devel"
	Commit    string `json:"commit,omitempty"`     // the git commit built from
	BuiltAt   string `json:"built_at,omitempty"`   // the commit's time (RFC 3339): reproducible, unlike the clock of the build
	Modified  bool   `json:"modified,omitempty"`   // built from a checkout with uncommitted changes
	GoVersion string `json:"go_version,omitempty"` // the Go toolchain
}

// Get reads the running binary's build information.
func Get() Build {
	info := Build{Version: "devel", GoVersion: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if ok {
		info = fromBuildInfo(bi)
	}
	if release != "" {
		info.Version = release
	}
	if commit != "" {
		info.Commit, info.Modified = commit, false
	}
	if builtAt != "" {
		info.BuiltAt = builtAt
	}
	return info
}

func fromBuildInfo(bi *debug.BuildInfo) Build {
	info := Build{Version: "devel", GoVersion: bi.GoVersion}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		info.Version = v
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Commit = s.Value
		case "vcs.time":
			info.BuiltAt = s.Value
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
}

// String is one line for people: "wfm v1.2.0 (commit 0123abcd, 2026-12-06T05:00:00Z, go1.26.8)".
func (i Build) String() string {
	s := "wfm " + i.Version
	detail := ""
	if i.Commit != "" {
		c := i.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		detail = "commit " + c
		if i.Modified {
			detail += "+changes"
		}
	}
	if i.BuiltAt != "" {
		detail = join(detail, i.BuiltAt)
	}
	if i.GoVersion != "" {
		detail = join(detail, i.GoVersion)
	}
	if detail != "" {
		s += fmt.Sprintf(" (%s)", detail)
	}
	return s
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + ", " + b
}
