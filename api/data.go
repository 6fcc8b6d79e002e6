package api

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/batch"
	"wfm/fault"
	"wfm/measure"
	"wfm/store"
)

// maxUpload bounds an import body: a month of contacts of a large center
// fits with room.
const maxUpload = 512 << 20

// importCSV takes a CSV as a multipart upload (field "file") or as the
// request body, and imports it in one transaction (measure.Import).
func (s *Server) importCSV(c *gin.Context) {
	b := measure.ImportBatch{Kind: c.Param("kind"), TZ: c.Query("tz")}
	if b.Kind == "history" {
		interval, err := batch.ParseDuration(c.DefaultQuery("interval", "0s"))
		if err != nil {
			fail(c, s.log, fault.Field("interval", "%v", err))
			return
		}
		b.Interval = interval
	}
	if _, err := b.Check(); err != nil { // before the upload is read
		fail(c, s.log, err)
		return
	}
	body, name, m, err := uploadedCSV(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	defer body.Close()
	b.File, b.Mapping = name, m
	res, err := measure.Import(c.Request.Context(), s.store, principal(c).Actor(), body, b)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	s.metrics.ObserveImport(b.Kind, res.Read)
	c.JSON(http.StatusOK, res)
}

// maxMapping bounds a mapping file: a few hundred lines.
const maxMapping = 1 << 20

// uploadedCSV is the file of a multipart upload, or the body itself, and
// the mapping that reads it: ?preset=, or a multipart field mapping; nil
// for the product's own format.
func uploadedCSV(c *gin.Context) (io.ReadCloser, string, *batch.Mapping, error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUpload)
	var m *batch.Mapping
	if preset := c.Query("preset"); preset != "" {
		var err error
		if m, err = batch.Preset(preset); err != nil {
			return nil, "", nil, &fault.Error{Code: fault.Invalid, Message: "invalid query", Fields: map[string]string{"preset": err.Error()}}
		}
	}
	if !strings.HasPrefix(c.ContentType(), "multipart/") {
		return c.Request.Body, "body", m, nil
	}
	if mh, err := c.FormFile("mapping"); err == nil {
		if m != nil {
			return nil, "", nil, &fault.Error{Code: fault.Invalid, Message: "invalid upload", Fields: map[string]string{"mapping": "give a mapping or ?preset=, one of the two (a mapping can start from a preset with `preset: NAME`)"}}
		}
		if m, err = readMapping(mh); err != nil {
			return nil, "", nil, &fault.Error{Code: fault.Invalid, Message: "invalid mapping", Fields: map[string]string{"mapping": err.Error()}}
		}
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, "", nil, &fault.Error{Code: fault.Invalid, Message: "invalid upload", Fields: map[string]string{"file": "a multipart field named file is required"}}
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", nil, err
	}
	return f, path.Base(fh.Filename), m, nil
}

func readMapping(fh *multipart.FileHeader) (*batch.Mapping, error) {
	if fh.Size > maxMapping {
		return nil, fmt.Errorf("%d bytes, at most %d", fh.Size, maxMapping)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxMapping))
	if err != nil {
		return nil, err
	}
	return batch.ParseMapping(data, path.Base(fh.Filename))
}

func (s *Server) listHistory(c *gin.Context) {
	var f store.HistoryFilter
	var err error
	if f.QueueID, err = queryInt(c, "queue_id"); err == nil {
		f.From, f.To, err = queryTimes(c)
	}
	if err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx contextT) ([]store.HistoryInterval, error) { return s.store.History(ctx, f) })
}

func (s *Server) listContacts(c *gin.Context) {
	f := store.ContactFilter{Scope: principal(c).Scope}
	var err error
	var limit int64
	if f.QueueID, err = queryInt(c, "queue_id"); err == nil {
		if f.AgentID, err = queryInt(c, "agent_id"); err == nil {
			if f.From, f.To, err = queryTimes(c); err == nil {
				limit, err = queryInt(c, "limit")
			}
		}
	}
	if err != nil {
		fail(c, s.log, err)
		return
	}
	f.Limit = int(limit)
	if f.Limit <= 0 || f.Limit > 10000 {
		f.Limit = 10000
	}
	serveList(s, c, func(ctx contextT) ([]store.Contact, error) { return s.store.Contacts(ctx, f) })
}

func (s *Server) listStates(c *gin.Context) {
	f := store.StateFilter{Scope: principal(c).Scope}
	var err error
	if f.AgentID, err = queryInt(c, "agent_id"); err == nil {
		f.From, f.To, err = queryTimes(c)
	}
	if err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx contextT) ([]store.AgentStateRecord, error) { return s.store.AgentStates(ctx, f) })
}
