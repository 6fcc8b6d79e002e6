package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// wfmVariable is how a switch appears in Go source: a quoted WFM_ name.
var wfmVariable = regexp.MustCompile(`"(WFM_[A-Z0-9_]+)"`)

// TestREADMEListsEveryTestSwitch: every WFM_ variable read anywhere in
// the repository's Go code is in one of the README's two tables, the
// product's configuration or the tests' switches, so a newcomer finds
// every knob in one place.
func TestREADMEListsEveryTestSwitch(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string][]string{}
	err = filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range wfmVariable.FindAllStringSubmatch(string(src), -1) {
			found[m[1]] = append(found[m[1]], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 10 {
		t.Fatalf("found only %d WFM_ variables: is the walk reading the repository?", len(found))
	}
	var missing []string
	for name, files := range found {
		if !strings.Contains(string(readme), "| `"+name+"` |") {
			missing = append(missing, name+" (read in "+files[0]+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("README lists %s in neither the configuration nor the test switches table", m)
	}
}
