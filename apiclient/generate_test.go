package apiclient_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/util"
	"go.yaml.in/yaml/v3"
)

// The committed client is what the generator makes of the committed
// document: a route added or changed without `go generate ./apiclient`
// fails here (and the document itself is kept current with the code by
// api's TestGoldenOpenAPIDocument), so the client never lags the server.
func TestGeneratedClientIsCurrent(t *testing.T) {
	raw, err := os.ReadFile("oapi-codegen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// the configuration file's shape, as the oapi-codegen command reads it
	var cfg struct {
		codegen.Configuration `yaml:",inline"`
		Output                string `yaml:"output"`
	}
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		t.Fatalf("oapi-codegen.yaml: %v", err)
	}
	conf := cfg.UpdateDefaults()
	if err := conf.Validate(); err != nil {
		t.Fatalf("oapi-codegen.yaml: %v", err)
	}
	doc, err := util.LoadSwagger("../api/testdata/openapi.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := codegen.Generate(doc, conf)
	if err != nil {
		t.Fatalf("the generator refuses the document: %v", err)
	}
	got, err := os.ReadFile(cfg.Output)
	if err != nil {
		t.Fatal(err)
	}
	// The header names the generator's version as the build knows it,
	// which a test binary does not: compare from the package clause on.
	if !bytes.Equal(fromPackage(got), fromPackage([]byte(want))) {
		t.Errorf("%s is not what oapi-codegen makes of api/testdata/openapi.golden.json: run `go generate ./apiclient` and commit the result", cfg.Output)
	}
}

func fromPackage(src []byte) []byte {
	if i := bytes.Index(src, []byte("\npackage ")); i >= 0 {
		return src[i:]
	}
	return src
}
