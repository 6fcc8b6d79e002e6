package api

import (
	"io"
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
	loc, err := batch.LoadLocation(c.Query("tz"))
	if err != nil {
		fail(c, s.log, &fault.Error{Code: fault.Invalid, Message: "invalid query", Fields: map[string]string{"tz": err.Error()}})
		return
	}
	body, name, err := uploadedCSV(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	defer body.Close()
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
		if h, err = batch.ReadHistory(body, name, loc, interval); err == nil {
			res, err = s.store.ImportHistory(ctx, actor, name, h)
		}
	case "contacts":
		var cs []batch.Contact
		if cs, err = batch.ReadContacts(body, name, loc); err == nil {
			res, err = s.store.ImportContacts(ctx, actor, name, cs)
		}
	case "states":
		var ss []batch.AgentState
		if ss, err = batch.ReadStates(body, name, loc); err == nil {
			res, err = s.store.ImportStates(ctx, actor, name, ss)
		}
	}
	if err != nil {
		fail(c, s.log, err)
		return
	}
	s.metrics.ObserveImport(kind, res.Read)
	c.JSON(http.StatusOK, res)
}

// uploadedCSV is the file of a multipart upload, or the body itself.
func uploadedCSV(c *gin.Context) (io.ReadCloser, string, error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUpload)
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		fh, err := c.FormFile("file")
		if err != nil {
			return nil, "", &fault.Error{Code: fault.Invalid, Message: "invalid upload", Fields: map[string]string{"file": "a multipart field named file is required"}}
		}
		f, err := fh.Open()
		if err != nil {
			return nil, "", err
		}
		return f, path.Base(fh.Filename), nil
	}
	return c.Request.Body, "body", nil
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
