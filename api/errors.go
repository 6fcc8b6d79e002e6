// Package api is the JSON API over the store: one route table with the
// role each route needs, thin handlers (bind, call, respond), and one
// function that turns an error into a status and a body.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/batch"
	"wfm/civil"
	"wfm/fault"
	"wfm/schedule"
)

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    fault.Code        `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	// Violations: the roster rules an edit or swap would break, with what
	// the checker found (rule, agent, day, values, names).
	Violations []schedule.Violation `json:"violations,omitempty"`
}

// fail writes err as the API's one error shape. Only internal errors are
// logged: the others are the client's to read.
func fail(c *gin.Context, log *slog.Logger, err error) {
	body := errorDetail{Code: fault.CodeOf(err), Message: err.Error()}
	var se *fault.Error
	var problems batch.Problems
	switch {
	case errors.As(err, &problems):
		body.Code = fault.Invalid
		body.Message = problems.Error()
		body.Fields = map[string]string{}
		for i, p := range problems {
			if i == 20 {
				break
			}
			key := p.File // a problem of the whole file has no line
			if p.Line > 0 {
				key = fmt.Sprintf("%s:%d:%s", p.File, p.Line, p.Column)
			}
			if prev, seen := body.Fields[key]; seen {
				p.Message = prev + "; " + p.Message
			}
			body.Fields[key] = p.Message
		}
	case errors.As(err, &se):
		body.Message, body.Fields, body.Violations = se.Message, se.Fields, se.Violations
	}
	if body.Code == fault.Internal {
		id := c.Writer.Header().Get(auth.RequestIDHeader)
		log.Error("request failed", "request_id", id, "method", c.Request.Method, "path", c.FullPath(), "err", err)
		body.Message = "internal error (request " + id + ")"
	}
	c.AbortWithStatusJSON(auth.Status(body.Code), errorBody{Error: body})
}

// bindError turns a JSON decoding failure into an invalid error naming the
// field at fault.
func bindError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var text *badText
	switch {
	case errors.As(err, &text):
		return &fault.Error{Code: fault.Invalid, Message: "invalid request body", Fields: map[string]string{text.field: text.err.Error()}}
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		if typeErr.Type == reflect.TypeFor[civil.Date]() {
			return &fault.Error{Code: fault.Invalid, Message: "invalid request body",
				Fields: map[string]string{field: typeErr.Value + " is not a date YYYY-MM-DD"}}
		}
		return &fault.Error{Code: fault.Invalid, Message: "invalid request body",
			Fields: map[string]string{field: fmt.Sprintf("want a %s, got a JSON %s", typeErr.Type, typeErr.Value)}}
	case errors.As(err, &syntaxErr):
		return &fault.Error{Code: fault.Invalid, Message: fmt.Sprintf("request body is not JSON (at byte %d): %v", syntaxErr.Offset, err),
			Fields: map[string]string{"body": fmt.Sprintf("not JSON at byte %d", syntaxErr.Offset)}}
	}
	return &fault.Error{Code: fault.Invalid, Message: "invalid request body: " + err.Error(), Fields: map[string]string{"body": err.Error()}}
}
