package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"wfm/store/storetest"
)

// update rewrites the golden files from what the code produces now:
//
//	go test ./api -run Golden -update   (or: make golden)
//
// then read the diff: it is the change the API's users will see.
var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what the code produces; if the change is meant, run `go test ./api -run Golden -update` and review the diff", path)
	}
}

// The OpenAPI document is what integrators code against: it is kept in
// the repository so that every change to it shows in review as a diff,
// and cannot happen by accident (a renamed field, a route's role).
func TestGoldenOpenAPIDocument(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	doc, err := json.MarshalIndent(f.srv.OpenAPI(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "openapi.golden.json", append(doc, '\n'))
}
