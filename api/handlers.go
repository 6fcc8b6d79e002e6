package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/batch"
	"wfm/fault"
	"wfm/store"
	"wfm/version"
)

// The generic handlers every editable entity shares: bind, call, respond.

type versioned[T any] interface {
	*T
	Base() *store.Record
}

func serveList[T any](s *Server, c *gin.Context, list func(context.Context) ([]T, error)) {
	out, err := list(c.Request.Context())
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func serveGet[T any](s *Server, c *gin.Context, get func(context.Context, int64) (*T, error)) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	m, err := get(c.Request.Context(), id)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, m)
}

func serveCreate[T any](s *Server, c *gin.Context, create func(context.Context, store.Actor, *T) error) {
	var m T
	if err := c.ShouldBindJSON(&m); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	if err := create(c.Request.Context(), principal(c).Actor(), &m); err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusCreated, m)
}

// serveUpdate writes the body over the entity named by the path. The body
// carries the version the editor read; a stale one is a 409.
func serveUpdate[T any, P versioned[T]](s *Server, c *gin.Context, update func(context.Context, store.Actor, *T) error) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	var m T
	if err := c.ShouldBindJSON(&m); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	rec := P(&m).Base()
	if rec.Version <= 0 {
		fail(c, s.log, errVersionRequired)
		return
	}
	rec.ID = id
	if err := update(c.Request.Context(), principal(c).Actor(), &m); err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, m)
}

// versionRequired is what a change that names no version is told: every
// change carries the version its author read, so that concurrent changes
// are detected (409) instead of silently overwritten.
const versionRequired = "required: the version you read, so that concurrent changes are detected"

var errVersionRequired = &fault.Error{Code: fault.Invalid, Message: "invalid request body",
	Fields: map[string]string{"version": versionRequired}}

// serveVersioned takes an action on the entity the path names, at the
// version the body says the caller read, within her scope.
func serveVersioned[T any](s *Server, c *gin.Context, act func(context.Context, store.Actor, store.Scope, int64, int64) (*T, error)) {
	id, version, err := bindVersion(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	p := principal(c)
	out, err := act(c.Request.Context(), p.Actor(), p.Scope, id, version)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// serveAction takes an action on the entity the path names with the
// request's JSON body, within the caller's scope, and answers its result.
func serveAction[In, Out any](s *Server, c *gin.Context, act func(context.Context, store.Actor, store.Scope, int64, In) (Out, error)) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	var in In
	if err := c.ShouldBindJSON(&in); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	p := principal(c)
	out, err := act(c.Request.Context(), p.Actor(), p.Scope, id, in)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// versionRequest names the version the caller read.
type versionRequest struct {
	Version int64 `json:"version"`
}

func bindVersion(c *gin.Context) (int64, int64, error) {
	id, err := pathID(c)
	if err != nil {
		return 0, 0, err
	}
	var req versionRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		return 0, 0, bindError(err)
	}
	if req.Version <= 0 {
		return 0, 0, errVersionRequired
	}
	return id, req.Version, nil
}

func serveDelete(s *Server, c *gin.Context, del func(context.Context, store.Actor, int64, int64) error) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	version, err := strconv.ParseInt(c.Query("version"), 10, 64)
	if err != nil || version <= 0 {
		fail(c, s.log, &fault.Error{Code: fault.Invalid, Message: "invalid request",
			Fields: map[string]string{"version": "required query parameter: the version you read"}})
		return
	}
	if err := del(c.Request.Context(), principal(c).Actor(), id, version); err != nil {
		fail(c, s.log, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func pathID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, &fault.Error{Code: fault.Invalid, Message: "invalid path", Fields: map[string]string{"id": "not a positive whole number"}}
	}
	return id, nil
}

// queryInt reads an optional whole-number query parameter.
func queryInt(c *gin.Context, name string) (int64, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, &fault.Error{Code: fault.Invalid, Message: "invalid query", Fields: map[string]string{name: "not a whole number"}}
	}
	return n, nil
}

// queryTime reads an optional timestamp query parameter (RFC 3339, or
// local time in ?tz=).
func queryTime(c *gin.Context, name string) (time.Time, error) {
	v := c.Query(name)
	if v == "" {
		return time.Time{}, nil
	}
	loc, err := batch.LoadLocation(c.Query("tz"))
	if err != nil {
		return time.Time{}, &fault.Error{Code: fault.Invalid, Message: "invalid query", Fields: map[string]string{"tz": err.Error()}}
	}
	t, err := batch.ParseTime(v, loc)
	if err != nil {
		return time.Time{}, &fault.Error{Code: fault.Invalid, Message: "invalid query", Fields: map[string]string{name: err.Error()}}
	}
	return t, nil
}

type statusBody struct {
	Status  string         `json:"status"`
	Detail  []string       `json:"detail,omitempty"`
	Version *version.Build `json:"version,omitempty"` // on /healthz: which build answers
}
