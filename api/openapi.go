package api

import (
	"net/http"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"
	"wfm/auth"
	"wfm/civil"
	"wfm/fault"
	"wfm/store"

	"github.com/gin-gonic/gin"
)

// OpenAPI builds the API's OpenAPI 3 document from the route table itself,
// so it cannot drift from what is served: paths, methods, the role each
// needs (x-role) and the JSON shapes of bodies, by reflection.
func (s *Server) OpenAPI() map[string]any {
	paths := map[string]any{}
	// Answers and request bodies are two sets of schemas over one set of
	// names: an answer always has the fields encoding/json writes without
	// omitempty (required), a request body may leave any out (the server
	// says which it misses, by name, in a 400).
	defs := map[string]any{}
	schemas := &schemaSet{defs: defs, types: map[string]reflect.Type{}, answer: true}
	inputs := &schemaSet{defs: defs, types: map[string]reflect.Type{}, suffix: "Input"}
	for _, rt := range s.routes() {
		p := openAPIPath(rt.Path)
		item, _ := paths[p].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[p] = item
		}
		op := map[string]any{
			"operationId": operationID(rt),
			"summary":     rt.Summary,
			"x-role":      roleName(rt.Role),
			"responses": map[string]any{
				"default": map[string]any{"description": "error", "content": jsonContent(map[string]any{"$ref": "#/components/schemas/Error"})},
			},
		}
		ok := map[string]any{"description": "success"}
		if rt.Out != nil {
			ok["content"] = jsonContent(schemaOf(reflect.TypeOf(rt.Out), schemas))
		}
		if content := fileContent(rt); content != nil {
			ok["content"] = content
		}
		op["responses"].(map[string]any)["2XX"] = ok
		if rt.In != nil {
			op["requestBody"] = map[string]any{"required": !optionalBodies[rt.Method+" "+rt.Path], "content": jsonContent(schemaOf(reflect.TypeOf(rt.In), inputs))}
		}
		if uploadRoutes[rt.Method+" "+rt.Path] {
			op["requestBody"] = uploadBody()
		}
		var params []any
		for _, name := range pathParams(rt.Path) {
			params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": pathParamSchema(name)})
		}
		for _, q := range rt.QueryParams() {
			params = append(params, map[string]any{"name": q.Name, "in": "query", "required": q.Required, "schema": q.Schema})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		switch {
		case rt.NeedsSession():
			op["security"] = []any{session(rt.Method)}
		case rt.Role == Integration:
			op["security"] = []any{map[string]any{"token": []any{}}}
		case rt.Role != Public:
			op["security"] = []any{session(rt.Method), map[string]any{"token": []any{}}}
		}
		item[strings.ToLower(rt.Method)] = op
	}
	// the one error schema every refusal answers with
	schemas.defs["Error"] = structSchema(reflect.TypeOf(errorBody{}), schemas)
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "wfm API", "version": "1"},
		"paths":   paths,
		"components": map[string]any{
			"schemas": schemas.defs,
			"securitySchemes": map[string]any{
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": auth.SessionCookie,
					"description": "the session cookie POST /api/v1/login sets; a request that changes something also sends the csrf scheme's header"},
				"csrf": map[string]any{"type": "apiKey", "in": "header", "name": auth.CSRFHeader,
					"description": "the csrf_token POST /api/v1/login returns, sent with the session cookie on every POST, PUT, PATCH and DELETE"},
				"token": map[string]any{"type": "http", "scheme": "bearer",
					"description": "an API token (POST /api/v1/tokens): Authorization: Bearer <secret>"},
			},
		},
	}
}

func (s *Server) openAPI(c *gin.Context) { c.JSON(http.StatusOK, s.OpenAPI()) }

// session is the security requirement of a logged-in person: the cookie,
// and for a change the CSRF header with it (both, so one object).
func session(method string) map[string]any {
	if method == http.MethodGet || method == http.MethodHead {
		return map[string]any{"session": []any{}}
	}
	return map[string]any{"session": []any{}, "csrf": []any{}}
}

// operationID is the name of the route's handler (listSites,
// createTimeOff): unique, as every route has its own handler, and stable
// while the code is.
func operationID(rt Route) string {
	name := runtime.FuncForPC(reflect.ValueOf(rt.Handle).Pointer()).Name()
	name = strings.TrimSuffix(name, "-fm") // a method value
	return name[strings.LastIndex(name, ".")+1:]
}

func roleName(r string) string {
	if r == Public {
		return "public"
	}
	return r
}

// optionalBodies are the routes whose handlers take a request without a
// body as an empty one (they bind only when Content-Length is not 0).
var optionalBodies = map[string]bool{
	"POST /api/v1/forecasts/:id/publish":   true, // the version is optional
	"POST /api/v1/reviews/:id/comments":    true,
	"PUT /api/v1/reviews/:id/plan":         true,
	"POST /api/v1/reviews/:id/acknowledge": true, // the comment is optional
}

// uploadRoutes take a CSV file: a multipart form's field "file", or the
// body itself (uploadedCSV).
var uploadRoutes = map[string]bool{"POST /api/v1/imports/:kind": true}

func uploadBody() map[string]any {
	return map[string]any{"required": true, "content": map[string]any{
		"multipart/form-data": map[string]any{"schema": map[string]any{"type": "object", "required": []string{"file"},
			"properties": map[string]any{"file": map[string]any{"type": "string", "format": "binary"},
				"mapping": map[string]any{"type": "string", "format": "binary", "description": "a mapping file (YAML or JSON) that reads a vendor's report"}}}},
		"text/csv": map[string]any{"schema": map[string]any{"type": "string"}},
	}}
}

// fileContent is the content of the answers that are not JSON, nil for
// JSON ones.
func fileContent(rt Route) map[string]any {
	text := map[string]any{"type": "string"}
	switch {
	case strings.HasSuffix(rt.Path, ".xlsx"):
		return xlsxContent()
	case strings.HasSuffix(rt.Path, ".ics"):
		return map[string]any{"text/calendar": map[string]any{"schema": text}}
	case rt.Path == "/api/docs":
		return map[string]any{"text/html": map[string]any{"schema": text}}
	case rt.Path == "/metrics":
		return map[string]any{"text/plain": map[string]any{"schema": text}} // the Prometheus text format
	}
	return nil
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

var (
	timeType  = reflect.TypeOf(time.Time{})
	dateType  = reflect.TypeOf(civil.Date{})
	faultCode = reflect.TypeOf(fault.Code(""))
)

// enums are the closed sets of values of string fields, by struct type
// and JSON name, taken from the constants the code checks against.
var enums = map[reflect.Type]map[string][]any{
	reflect.TypeOf(store.User{}):            {"role": roles},
	reflect.TypeOf(userRequest{}):           {"role": roles},
	reflect.TypeOf(store.APIToken{}):        {"scope": anys("", store.TokenIntegration)}, // "": a person's token
	reflect.TypeOf(store.ForecastRun{}):     {"status": anys(store.ForecastDraft, store.ForecastPublished)},
	reflect.TypeOf(store.ScheduleVersion{}): {"status": anys(store.ScheduleDraft, store.SchedulePublished, store.ScheduleSuperseded)},
	reflect.TypeOf(store.ScheduleBuild{}):   {"status": anys(store.BuildRunning, store.BuildDone, store.BuildFailed)},
	reflect.TypeOf(store.Review{}):          {"status": anys(store.ReviewDraftStatus, store.ReviewShared, store.ReviewAcknowledged)},
	reflect.TypeOf(store.TimeOffRequest{}):  {"status": requestStatuses, "kind": anys(store.TimeOffKinds...)},
	reflect.TypeOf(timeOffRequest{}):        {"kind": anys(store.TimeOffKinds...)},
	reflect.TypeOf(store.SwapRequest{}):     {"status": requestStatuses},
	reflect.TypeOf(decisionRequest{}):       {"status": anys(store.RequestApproved, store.RequestRefused)},
}

var (
	roles           = anys(store.RoleAgent, store.RoleSupervisor, store.RoleManager, store.RoleAdmin)
	requestStatuses = anys(store.RequestPending, store.RequestApproved, store.RequestWaitlisted, store.RequestRefused, store.RequestCancelled)
)

// unitOf is the unit a field's name ends with (sl_threshold_seconds,
// break_minutes): the house names numbers by their unit.
func unitOf(field string) string {
	for _, unit := range []string{"seconds", "minutes", "hours", "days", "weeks"} {
		if strings.HasSuffix(field, "_"+unit) || field == unit {
			return unit
		}
	}
	return ""
}

func anys[T any](values ...T) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}

// schemaSet is the document's named schemas, and the Go type each name
// stands for: two types of one name in different packages (jobs.Info and
// version.Info) are two schemas, the second named with its package.
type schemaSet struct {
	defs  map[string]any
	types map[string]reflect.Type
	// answer: the schemas of answers, whose fields without omitempty are
	// required (encoding/json always writes them).
	answer bool
	// suffix ends the names of this set's schemas ("Input": SiteInput).
	suffix string
}

// name is t's schema name, and whether its schema is already defined.
// A handler's own answer type (loginResponse) is named an answer
// (loginAnswer): client generators name the answer of operation login
// LoginResponse, and the two would be one type name.
func (s *schemaSet) name(t reflect.Type) (string, bool) {
	base := t.Name()
	if strings.HasSuffix(base, "Response") {
		base = strings.TrimSuffix(base, "Response") + "Answer"
	}
	name := base + s.suffix
	if owner, ok := s.types[name]; ok && owner != t {
		pkg := t.PkgPath()
		pkg = pkg[strings.LastIndex(pkg, "/")+1:]
		name = strings.ToUpper(pkg[:1]) + pkg[1:] + base + s.suffix
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
	if t.Kind() == reflect.Pointer {
		// encoding/json writes a nil pointer as null. OpenAPI 3.0 ignores
		// nullable beside a $ref, hence the allOf.
		inner := schemaOf(t.Elem(), schemas)
		if _, ref := inner["$ref"]; ref {
			return map[string]any{"nullable": true, "allOf": []any{inner}}
		}
		inner["nullable"] = true
		return inner
	}
	switch {
	case t == faultCode:
		return map[string]any{"type": "string", "enum": anys(fault.Invalid, fault.NotFound, fault.Conflict, fault.Unauthorized,
			fault.Forbidden, fault.RateLimited, fault.Unavailable, fault.Internal)}
	case t == dateType:
		// civil.Date: a JSON string "YYYY-MM-DD" ("" for no day)
		return map[string]any{"type": "string"}
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return map[string]any{} // json.RawMessage: any JSON
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int32, reflect.Int16, reflect.Int8, reflect.Uint8, reflect.Uint16:
		return map[string]any{"type": "integer", "format": "int32"}
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Float32:
		return map[string]any{"type": "number", "format": "float"}
	case reflect.Float64:
		return map[string]any{"type": "number", "format": "double"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice:
		// a nil slice is written as null
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), schemas), "nullable": true}
	case reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), schemas), "minItems": t.Len(), "maxItems": t.Len()}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), schemas), "nullable": true}
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
	var required []string
	addFields(t, props, &required, schemas)
	out := map[string]any{"type": "object", "properties": props}
	if schemas.answer && len(required) > 0 {
		sort.Strings(required)
		out["required"] = required
	}
	return out
}

func addFields(t reflect.Type, props map[string]any, required *[]string, schemas *schemaSet) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				addFields(ft, props, required, schemas) // promoted fields, as encoding/json does
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, schemas)
		if unit := unitOf(name); unit != "" && (f.Type.Kind() == reflect.Int64 || f.Type.Kind() == reflect.Int || f.Type.Kind() == reflect.Float64) {
			props[name].(map[string]any)["description"] = "in " + unit
		}
		if values, ok := enums[t][name]; ok {
			props[name].(map[string]any)["enum"] = values
		}
		if !slices.Contains(strings.Split(opts, ","), "omitempty") && !slices.Contains(strings.Split(opts, ","), "omitzero") {
			*required = append(*required, name)
		}
	}
}

// pathParamSchema is the schema of a path parameter: ids are integers.
func pathParamSchema(name string) map[string]any {
	switch name {
	case "id":
		return map[string]any{"type": "integer", "format": "int64"}
	case "kind":
		return map[string]any{"type": "string", "enum": []any{"history", "contacts", "states"}}
	}
	return map[string]any{"type": "string"}
}

// QueryParam is a query parameter of a route.
type QueryParam struct {
	Name     string
	Required bool
	Schema   map[string]any
}

// queryName finds the query parameters a route's summary declares:
// "(?queue_id=&from=&to=)"; "required" right after the = makes one
// required.
var queryName = regexp.MustCompile(`[?&]([a-z_]+)=( required)?`)

// queryParams are the schemas of the query parameters by name: one name
// means one thing across the API. A summary naming a parameter missing
// here fails TestEveryQueryParameterHasASchema.
var queryParams = map[string]map[string]any{
	"a":         int64Schema, // evaluation ids
	"b":         int64Schema,
	"against":   int64Schema, // a schedule version id
	"agent_id":  int64Schema,
	"entity_id": int64Schema,
	"queue_id":  int64Schema,
	"site_id":   int64Schema,
	"skill_id":  int64Schema,
	"team_id":   int64Schema,
	"version":   int64Schema,
	"limit":     {"type": "integer", "format": "int32", "minimum": 1},
	"days":      {"type": "integer", "format": "int32", "minimum": 1, "maximum": 92},
	"runs":      {"type": "integer", "format": "int32", "minimum": 1},
	"seed":      int64Schema,
	"open":      {"type": "boolean"},
	"unread":    {"type": "boolean"},
	"shrinkage": {"type": "number", "format": "double", "description": "a fraction, 0 to 1"},
	"threshold": {"type": "string", "description": "a duration: 90s, 20m, 1h30m"},
	"period":    {"type": "string", "enum": []any{"day", "week", "month"}},
	"preset":    {"type": "string", "description": "a built-in mapping of a vendor's report: amazon-connect, genesys-cloud, twilio-taskrouter"},
	"interval":  {"type": "string", "description": "a duration in whole minutes that divides a day: 15m, 30m, 60m"},
	"from":      {"type": "string", "description": "a date YYYY-MM-DD, or a time RFC 3339 where the summary says times"},
	"to":        {"type": "string", "description": "a date YYYY-MM-DD, or a time RFC 3339 where the summary says times"},
	"at":        {"type": "string", "description": "a time, RFC 3339 or YYYY-MM-DD HH:MM in ?tz="},
	"day":       {"type": "string", "format": "date"},
	"week":      {"type": "string", "format": "date", "description": "a date in the week"},
	"cycle":     {"type": "string"},
	"entity":    {"type": "string"},
	"job":       {"type": "string"},
	"key":       {"type": "string", "description": "the agent's calendar feed key"},
	"kind":      {"type": "string"},
	"status":    {"type": "string"},
	"tz":        {"type": "string", "description": "an IANA time zone, Asia/Shanghai"},
}

var int64Schema = map[string]any{"type": "integer", "format": "int64"}

// QueryParams are the query parameters the route's summary declares, with
// their schemas (nil schema: a name queryParams lacks).
func (rt Route) QueryParams() []QueryParam {
	var out []QueryParam
	seen := map[string]bool{}
	for _, m := range queryName.FindAllStringSubmatch(rt.Summary, -1) {
		if seen[m[1]] {
			continue
		}
		seen[m[1]] = true
		// ?version= is the version the client read, which a delete needs.
		required := m[2] != "" || m[1] == "version"
		out = append(out, QueryParam{Name: m[1], Required: required, Schema: queryParams[m[1]]})
	}
	return out
}
