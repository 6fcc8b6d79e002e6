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
	"wfm/store"
)

// maxUpload bounds an import body: a month of contacts of a large center
// fits with room.
const maxUpload = 512 << 20

// importCSV takes a CSV as a multipart upload (field "file") or as the
// request body, and imports it in one transaction.
func (s *Server) importCSV(c *gin.Context) {
	kind := c.Param("kind")
	if kind != "history" && kind != "contacts" && kind != "states" {
		fail(c, s.log, &fault.Error{Code: fault.Invalid, Message: "invalid path", Fields: map[string]string{"kind": "history, contacts or states"}})
		return
	}
	body, name, m, err := uploadedCSV(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	defer body.Close()
	loc, err := batch.LoadLocation(c.Query("tz"))
	if m != nil {
		loc, err = m.Location(c.Query("tz"))
	}
	if err != nil {
		fail(c, s.log, &fault.Error{Code: fault.Invalid, Message: "invalid query", Fields: map[string]string{"tz": err.Error()}})
		return
	}
	ctx, actor := c.Request.Context(), principal(c).Actor()
	var res store.ImportResult
	switch kind {
	case "history":
		interval, perr := batch.ParseDuration(c.DefaultQuery("interval", "0s"))
		if perr == nil && interval != 0 {
			perr = batch.CheckInterval(interval)
		}
		if perr != nil {
			fail(c, s.log, &fault.Error{Code: fault.Invalid, Message: "invalid query", Fields: map[string]string{"interval": perr.Error()}})
			return
		}
		var h batch.History
		if m != nil {
			h, err = batch.ReadHistoryMapped(body, name, m, loc, interval)
		} else {
			h, err = batch.ReadHistory(body, name, loc, interval)
		}
		if err == nil {
			res, err = s.store.ImportHistory(ctx, actor, name, h)
		}
	case "contacts":
		var cs []batch.Contact
		if m != nil {
			cs, err = batch.ReadContactsMapped(body, name, m, loc)
		} else {
			cs, err = batch.ReadContacts(body, name, loc)
		}
		if err == nil {
			res, err = s.store.ImportContacts(ctx, actor, name, cs)
		}
	case "states":
		var ss []batch.AgentState
		if m != nil {
			ss, err = batch.ReadStatesMapped(body, name, m, loc)
		} else {
			ss, err = batch.ReadStates(body, name, loc)
		}
		if err == nil {
			res, err = s.store.ImportStates(ctx, actor, name, ss)
		}
	}
	if err != nil {
		if m != nil {
			err = m.Explain(err)
		}
		fail(c, s.log, err)
		return
	}
	s.metrics.ObserveImport(kind, res.Read)
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
