package api

import (
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"time"
	"wfm/auth"

	"github.com/gin-gonic/gin"
)

// OpenAPI builds the API's OpenAPI 3 document from the route table itself,
// so it cannot drift from what is served: paths, methods, the role each
// needs (x-role) and the JSON shapes of bodies, by reflection.
func (s *Server) OpenAPI() map[string]any {
	paths := map[string]any{}
	schemas := &schemaSet{defs: map[string]any{}, types: map[string]reflect.Type{}}
	for _, rt := range s.routes() {
		p := openAPIPath(rt.Path)
		item, _ := paths[p].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[p] = item
		}
		op := map[string]any{
			"summary": rt.Summary,
			"x-role":  roleName(rt.Role),
			"responses": map[string]any{
				"default": map[string]any{"description": "error", "content": jsonContent(map[string]any{"$ref": "#/components/schemas/Error"})},
			},
		}
		ok := map[string]any{"description": "success"}
		if rt.Out != nil {
			ok["content"] = jsonContent(schemaOf(reflect.TypeOf(rt.Out), schemas))
		}
		if strings.HasSuffix(rt.Path, ".xlsx") {
			ok["content"] = xlsxContent()
		}
		op["responses"].(map[string]any)["2XX"] = ok
		if rt.In != nil {
			op["requestBody"] = map[string]any{"required": true, "content": jsonContent(schemaOf(reflect.TypeOf(rt.In), schemas))}
		}
		var params []any
		for _, name := range pathParams(rt.Path) {
			params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		switch {
		case rt.NeedsSession():
			op["security"] = []any{map[string]any{"session": []any{}}}
		case rt.Role == Integration:
			op["security"] = []any{map[string]any{"token": []any{}}}
		case rt.Role != Public:
			op["security"] = []any{map[string]any{"session": []any{}}, map[string]any{"token": []any{}}}
		}
		item[strings.ToLower(rt.Method)] = op
	}
	schemas.defs["Error"] = schemaOf(reflect.TypeOf(errorBody{}), schemas)
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "wfm API", "version": "1"},
		"paths":   paths,
		"components": map[string]any{
			"schemas": schemas.defs,
			"securitySchemes": map[string]any{
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": auth.SessionCookie},
				"token":   map[string]any{"type": "http", "scheme": "bearer"},
			},
		},
	}
}

func (s *Server) openAPI(c *gin.Context) { c.JSON(http.StatusOK, s.OpenAPI()) }

func roleName(r string) string {
	if r == Public {
		return "public"
	}
	return r
}

func jsonContent(schema any) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": schema}}
}

var ginParam = regexp.MustCompile(`:([a-z_]+)`)

// openAPIPath turns gin's /sites/:id into OpenAPI's /sites/{id}.
func openAPIPath(p string) string { return ginParam.ReplaceAllString(p, "{$1}") }

func pathParams(p string) []string {
	var out []string
	for _, m := range ginParam.FindAllStringSubmatch(p, -1) {
		out = append(out, m[1])
	}
	return out
}

var timeType = reflect.TypeOf(time.Time{})

// schemaSet is the document's named schemas, and the Go type each name
// stands for: two types of one name in different packages (jobs.Info and
// version.Info) are two schemas, the second named with its package.
type schemaSet struct {
	defs  map[string]any
	types map[string]reflect.Type
}

// name is t's schema name, and whether its schema is already defined.
func (s *schemaSet) name(t reflect.Type) (string, bool) {
	name := t.Name()
	if owner, ok := s.types[name]; ok && owner != t {
		pkg := t.PkgPath()
		pkg = pkg[strings.LastIndex(pkg, "/")+1:]
		name = strings.ToUpper(pkg[:1]) + pkg[1:] + name
	}
	if owner, ok := s.types[name]; ok && owner == t {
		return name, true
	}
	s.types[name] = t
	return name, false
}

// schemaOf is the JSON schema of a Go type as encoding/json writes it.
// Named structs go to components once and are referenced.
func schemaOf(t reflect.Type, schemas *schemaSet) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return map[string]any{} // json.RawMessage: any JSON
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), schemas)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), schemas)}
	case reflect.Struct:
		if t.Name() != "" {
			name, done := schemas.name(t)
			if !done {
				schemas.defs[name] = map[string]any{} // break cycles
				schemas.defs[name] = structSchema(t, schemas)
			}
			return map[string]any{"$ref": "#/components/schemas/" + name}
		}
		return structSchema(t, schemas)
	}
	return map[string]any{}
}

func structSchema(t reflect.Type, schemas *schemaSet) map[string]any {
	props := map[string]any{}
	addFields(t, props, schemas)
	return map[string]any{"type": "object", "properties": props}
}

func addFields(t reflect.Type, props map[string]any, schemas *schemaSet) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				addFields(ft, props, schemas) // promoted fields, as encoding/json does
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, schemas)
	}
}
