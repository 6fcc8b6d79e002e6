package api

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"
)

// The reference page is the OpenAPI document rendered on the server, as
// plain HTML: no script at all, so the strictest content security policy
// holds, and nothing is fetched from another site.

// docsPolicy: nothing but the page's own style.
const docsPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

type docsOperation struct {
	Method, Path, ID, Role, Summary string
	Security                        string
	Params                          []docsField
	Body                            string // the request body's schema, "" for none
	BodyOptional                    bool
	Answer                          string // the success answer's schema or content type
}

type docsField struct {
	Name, In, Type string
	Required       bool
	Enum           string
}

type docsSchema struct {
	Name   string
	Fields []docsField
}

func (s *Server) docs(c *gin.Context) {
	doc := s.OpenAPI()
	var buf bytes.Buffer
	if err := docsPage.Execute(&buf, map[string]any{"Ops": docsOperations(doc), "Schemas": docsSchemas(doc)}); err != nil {
		fail(c, s.log, fmt.Errorf("render the API reference: %w", err))
		return
	}
	c.Header("Content-Security-Policy", docsPolicy)
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

// docsOperations are the document's operations, by path and method.
func docsOperations(doc map[string]any) []docsOperation {
	var ops []docsOperation
	for path, item := range doc["paths"].(map[string]any) {
		for method, v := range item.(map[string]any) {
			ops = append(ops, docsOperationOf(path, method, v.(map[string]any)))
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Path != ops[j].Path {
			return ops[i].Path < ops[j].Path
		}
		return ops[i].Method < ops[j].Method
	})
	return ops
}

// docsOperationOf is one operation of the document: who may call it,
// its parameters, its body and its answer.
func docsOperationOf(path, method string, op map[string]any) docsOperation {
	o := docsOperation{Method: strings.ToUpper(method), Path: path, ID: op["operationId"].(string),
		Role: op["x-role"].(string), Summary: op["summary"].(string), Security: securityText(op["security"])}
	params, _ := op["parameters"].([]any)
	for _, p := range params {
		p := p.(map[string]any)
		f := fieldOf(p["name"].(string), p["schema"].(map[string]any))
		f.In, f.Required = p["in"].(string), p["required"].(bool)
		o.Params = append(o.Params, f)
	}
	if body, ok := op["requestBody"].(map[string]any); ok {
		o.Body, o.BodyOptional = contentText(body["content"]), !body["required"].(bool)
	}
	ok := op["responses"].(map[string]any)["2XX"].(map[string]any)
	o.Answer = contentText(ok["content"])
	return o
}

// docsSchemas are the document's schemas by name, each with its fields
// by name.
func docsSchemas(doc map[string]any) []docsSchema {
	var schemas []docsSchema
	for name, v := range doc["components"].(map[string]any)["schemas"].(map[string]any) {
		sc := v.(map[string]any)
		props, _ := sc["properties"].(map[string]any)
		required, _ := sc["required"].([]string)
		d := docsSchema{Name: name}
		for field, p := range props {
			f := fieldOf(field, p.(map[string]any))
			f.Required = slices.Contains(required, field)
			d.Fields = append(d.Fields, f)
		}
		sort.Slice(d.Fields, func(i, j int) bool { return d.Fields[i].Name < d.Fields[j].Name })
		schemas = append(schemas, d)
	}
	sort.Slice(schemas, func(i, j int) bool { return schemas[i].Name < schemas[j].Name })
	return schemas
}

// fieldOf describes a schema in a few words: "integer (int64)",
// "array of Site", "Site or null".
func fieldOf(name string, schema map[string]any) docsField {
	f := docsField{Name: name, Type: typeText(schema)}
	if enum, ok := schema["enum"].([]any); ok {
		var values []string
		for _, v := range enum {
			values = append(values, fmt.Sprintf("%q", v))
		}
		f.Enum = strings.Join(values, ", ")
	}
	return f
}

func typeText(schema map[string]any) string {
	if ref, ok := schema["$ref"].(string); ok {
		return strings.TrimPrefix(ref, "#/components/schemas/")
	}
	if all, ok := schema["allOf"].([]any); ok && len(all) == 1 {
		return typeText(all[0].(map[string]any)) + " or null"
	}
	t, _ := schema["type"].(string)
	switch t {
	case "":
		return "any"
	case "array":
		t = "array of " + typeText(schema["items"].(map[string]any))
	case "object":
		if extra, ok := schema["additionalProperties"].(map[string]any); ok {
			t = "object of " + typeText(extra)
		}
	}
	if format, ok := schema["format"].(string); ok {
		t += " (" + format + ")"
	}
	if d, ok := schema["description"].(string); ok {
		t += ": " + d
	}
	if schema["nullable"] == true {
		t += " or null"
	}
	return t
}

// contentText is the schema (or the media type) of a body.
func contentText(content any) string {
	m, _ := content.(map[string]any)
	if m == nil {
		return ""
	}
	var out []string
	for mediaType, v := range m {
		if mediaType == "application/json" {
			out = append(out, typeText(v.(map[string]any)["schema"].(map[string]any)))
			continue
		}
		out = append(out, mediaType)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func securityText(security any) string {
	reqs, _ := security.([]any)
	if len(reqs) == 0 {
		return "none"
	}
	var out []string
	for _, r := range reqs {
		var names []string
		for name := range r.(map[string]any) {
			names = append(names, name)
		}
		sort.Strings(names)
		out = append(out, strings.Join(names, " + "))
	}
	return strings.Join(out, " or ")
}

var docsPage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wfm API reference</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222}
code,td.t{font-family:ui-monospace,monospace;font-size:13px}
section{border-top:1px solid #ddd;padding:.6em 0}
h3{font-size:15px;margin:.2em 0}
.m{display:inline-block;min-width:4.5em;font-weight:bold}
table{border-collapse:collapse;margin:.3em 0}td,th{border:1px solid #e3e3e3;padding:2px 8px;text-align:left;vertical-align:top}
.q{color:#666}
</style></head><body>
<h1>wfm API reference</h1>
<p>The machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.0).
Authentication: an API token (<code>Authorization: Bearer &lt;secret&gt;</code>, from <code>POST /api/v1/tokens</code>),
or the session cookie <code>POST /api/v1/login</code> sets, with the CSRF token it returns sent in a header on every change.
Every refusal answers with the <a href="#Error">Error</a> schema. The role beside each route is the least one allowed.</p>
<h2>Routes</h2>
{{range .Ops}}<section id="{{.ID}}">
<h3><span class="m">{{.Method}}</span> <code>{{.Path}}</code></h3>
<div>{{.Summary}}</div>
<div class="q">operation <code>{{.ID}}</code>; role {{.Role}}; credentials: {{.Security}}</div>
{{if .Params}}<table><tr><th>parameter</th><th>in</th><th>type</th><th>required</th><th>values</th></tr>
{{range .Params}}<tr><td class="t">{{.Name}}</td><td>{{.In}}</td><td>{{.Type}}</td><td>{{if .Required}}yes{{end}}</td><td>{{.Enum}}</td></tr>
{{end}}</table>{{end}}
{{if .Body}}<div>Request body: <a href="#{{.Body}}">{{.Body}}</a>{{if .BodyOptional}} (may be left out){{end}}</div>{{end}}
{{if .Answer}}<div>Answer: {{.Answer}}</div>{{end}}
</section>
{{end}}
<h2>Schemas</h2>
<p>A required field of an answer is always there (possibly null where its type says so); request bodies (the schemas named …Input) may leave any field out, and the server names each one it misses.</p>
{{range .Schemas}}<section id="{{.Name}}"><h3>{{.Name}}</h3>
{{if .Fields}}<table><tr><th>field</th><th>type</th><th>required</th><th>values</th></tr>
{{range .Fields}}<tr><td class="t">{{.Name}}</td><td>{{.Type}}</td><td>{{if .Required}}yes{{end}}</td><td>{{.Enum}}</td></tr>
{{end}}</table>{{end}}</section>
{{end}}
</body></html>
`))
