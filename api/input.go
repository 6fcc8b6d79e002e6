package api

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"

	"wfm/auth"
	"wfm/civil"
	"wfm/limits"
)

// What a request carries besides the meaning of its fields is checked
// here, once for every route: its query and path parameters (cleanRequest)
// and every string of a JSON body (textValidator, which gin runs after
// each ShouldBindJSON). Text must be UTF-8 without NUL: the databases
// refuse NUL with an internal error, and a lookup by a name holding one
// (the login) must be a 400, not a 500. How long each stored text may be
// is the store's to check (limits.Text kinds).

// cleanRequest refuses a request whose parameters are not clean text.
func (s *Server) cleanRequest(c *gin.Context) {
	if err := auth.CheckParameters(c); err != nil {
		fail(c, s.log, err)
	}
}

// textValidator checks every string of a decoded body before gin's own
// validator (binding tags) runs.
type textValidator struct {
	next binding.StructValidator
}

// installTextValidator puts the text check in front of gin's validator,
// once for the process: gin keeps its validator in a package variable.
var installTextValidator = sync.OnceFunc(func() {
	binding.Validator = textValidator{next: binding.Validator}
})

func (v textValidator) ValidateStruct(obj any) error {
	if err := cleanStrings(reflect.ValueOf(obj), ""); err != nil {
		return err
	}
	if v.next == nil {
		return nil
	}
	return v.next.ValidateStruct(obj)
}

func (v textValidator) Engine() any {
	if v.next == nil {
		return nil
	}
	return v.next.Engine()
}

// badText is a string of a request body that is not clean text, at its
// JSON path.
type badText struct {
	field string
	err   error
}

func (e *badText) Error() string { return e.field + ": " + e.err.Error() }

// cleanStrings walks a decoded body and returns the first string (or map
// key) that is not clean text, named by its JSON path ("items[2].text").
func cleanStrings(v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return cleanStrings(v.Elem(), path)
	case reflect.String:
		if err := limits.CleanParameter(v.String()); err != nil {
			return &badText{field: orBody(path), err: err}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return nil // raw bytes (json.RawMessage): not text
		}
		for i := 0; i < v.Len(); i++ {
			if err := cleanStrings(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		return cleanMap(v, path)
	case reflect.Struct:
		return cleanStruct(v, path)
	}
	return nil
}

// cleanMap is cleanStrings for a map: its keys and its values.
func cleanMap(v reflect.Value, path string) error {
	iter := v.MapRange()
	for iter.Next() {
		key := fmt.Sprint(iter.Key().Interface())
		if err := limits.CleanParameter(key); err != nil {
			return &badText{field: orBody(path), err: fmt.Errorf("a key %v", err)}
		}
		if err := cleanStrings(iter.Value(), joinPath(path, key)); err != nil {
			return err
		}
	}
	return nil
}

// cleanStruct is cleanStrings for a struct: its exported fields that
// JSON reads, named as JSON names them.
func cleanStruct(v reflect.Value, path string) error {
	if _, isTime := v.Interface().(time.Time); isTime {
		return nil
	}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		p := path // an embedded struct's fields are the outer one's
		if !sf.Anonymous || name != "" {
			if name == "" {
				name = sf.Name
			}
			p = joinPath(path, name)
		}
		if err := cleanStrings(v.Field(i), p); err != nil {
			return err
		}
	}
	return nil
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func orBody(path string) string {
	if path == "" {
		return "body"
	}
	return path
}

// queryDay reads an optional date query parameter (YYYY-MM-DD).
func queryDay(c *gin.Context, name string) (civil.Date, error) {
	v := c.Query(name)
	if v == "" {
		return civil.Date{}, nil
	}
	d, err := civil.Parse(v)
	if err != nil {
		return civil.Date{}, invalidQuery(name, fmt.Sprintf("%q is not a date YYYY-MM-DD", v))
	}
	return d, nil
}

// queryAgentTeam reads the optional ?agent_id= and ?team_id= of a list
// of an agent's or a team's things (0 for absent).
func queryAgentTeam(c *gin.Context) (agentID, teamID int64, err error) {
	if agentID, err = queryInt(c, "agent_id"); err != nil {
		return 0, 0, err
	}
	teamID, err = queryInt(c, "team_id")
	return agentID, teamID, err
}

// queryDays reads the optional dates ?from= and ?to=, at most
// limits.MaxQueryDays apart. A date that cannot be read is a 400 naming
// it, never a filter left out (which answered everything).
func queryDays(c *gin.Context) (from, to civil.Date, err error) {
	if from, err = queryDay(c, "from"); err != nil {
		return from, to, err
	}
	if to, err = queryDay(c, "to"); err != nil {
		return from, to, err
	}
	if !from.IsZero() && !to.IsZero() {
		if err := limits.CheckRange(from.Start(nil), to.Start(nil)); err != nil {
			return from, to, invalidQuery("to", err.Error())
		}
	}
	return from, to, nil
}

// queryTimes reads the optional timestamps ?from= and ?to= (see
// queryTime), at most limits.MaxQueryDays apart.
func queryTimes(c *gin.Context) (from, to time.Time, err error) {
	if from, err = queryTime(c, "from"); err != nil {
		return from, to, err
	}
	if to, err = queryTime(c, "to"); err != nil {
		return from, to, err
	}
	if err := limits.CheckRange(from, to); err != nil {
		return from, to, invalidQuery("to", err.Error())
	}
	return from, to, nil
}
