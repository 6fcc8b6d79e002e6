package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/batch"
	"wfm/store"
)

// PathImport is the page where a manager imports a history, contacts or
// states file: the product's own CSV, or a vendor's report read by a
// preset or an uploaded mapping.
const PathImport = "/import"

// maxImport bounds an uploaded report (as the API's import).
const maxImport = 512 << 20

// ImportData is the data of the "import" page.
type ImportData struct {
	Kinds    []string
	Presets  []string
	Kind     string
	Preset   string
	TZ       string
	Interval string
	Result   *store.ImportResult
	File     string
	Problems []string // what is wrong, FILE:LINE: column: message
}

func (p *pages) importForm(c *gin.Context, pg Page) {
	p.writeImport(c, http.StatusOK, pg, ImportData{Kind: "history"})
}

func (p *pages) writeImport(c *gin.Context, status int, pg Page, d ImportData) {
	d.Kinds, d.Presets = []string{"history", "contacts", "states"}, batch.PresetNames()
	pg.Title = pg.T("import.title")
	pg.Data = d
	p.write(c, status, "import", pg)
}

// importUpload reads the form's file through the chosen preset or the
// uploaded mapping (or as the product's own CSV) and imports it in one
// transaction; every problem is listed with its file, line and column.
func (p *pages) importUpload(c *gin.Context, pg Page) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxImport)
	d := ImportData{Kind: c.PostForm("kind"), Preset: c.PostForm("preset"), TZ: strings.TrimSpace(c.PostForm("tz")), Interval: strings.TrimSpace(c.PostForm("interval"))}
	fail := func(msg string) {
		d.Problems = append(d.Problems, msg)
		p.writeImport(c, http.StatusBadRequest, pg, d)
	}
	if d.Kind != "history" && d.Kind != "contacts" && d.Kind != "states" {
		fail(pg.T("import.err.kind"))
		return
	}
	var m *batch.Mapping
	var err error
	if d.Preset != "" {
		if m, err = batch.Preset(d.Preset); err != nil {
			fail(err.Error())
			return
		}
	}
	if mh, ferr := c.FormFile("mapping"); ferr == nil && mh.Size > 0 {
		if m != nil {
			fail(pg.T("import.err.both"))
			return
		}
		if m, err = readMappingFile(mh); err != nil {
			fail(err.Error())
			return
		}
	}
	fh, err := c.FormFile("file")
	if err != nil {
		fail(pg.T("import.err.file"))
		return
	}
	d.File = path.Base(fh.Filename)
	loc, err := batch.LoadLocation(d.TZ)
	if m != nil {
		loc, err = m.Location(d.TZ)
	}
	if err != nil {
		fail(err.Error())
		return
	}
	interval, err := batch.ParseDuration(d.Interval)
	if d.Interval == "" {
		interval, err = 0, nil
	}
	if err == nil && interval != 0 {
		err = batch.CheckInterval(interval)
	}
	if err != nil {
		fail(err.Error())
		return
	}
	f, err := fh.Open()
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	defer f.Close()
	ctx, actor := c.Request.Context(), actorOf(c)
	var res store.ImportResult
	switch d.Kind {
	case "history":
		var h batch.History
		if m != nil {
			h, err = batch.ReadHistoryMapped(f, d.File, m, loc, interval)
		} else {
			h, err = batch.ReadHistory(f, d.File, loc, interval)
		}
		if err == nil {
			res, err = p.store.ImportHistory(ctx, actor, d.File, h)
		}
	case "contacts":
		var cs []batch.Contact
		if m != nil {
			cs, err = batch.ReadContactsMapped(f, d.File, m, loc)
		} else {
			cs, err = batch.ReadContacts(f, d.File, loc)
		}
		if err == nil {
			res, err = p.store.ImportContacts(ctx, actor, d.File, cs)
		}
	case "states":
		var ss []batch.AgentState
		if m != nil {
			ss, err = batch.ReadStatesMapped(f, d.File, m, loc)
		} else {
			ss, err = batch.ReadStates(f, d.File, loc)
		}
		if err == nil {
			res, err = p.store.ImportStates(ctx, actor, d.File, ss)
		}
	}
	if m != nil {
		err = m.Explain(err)
	}
	var ps batch.Problems
	switch {
	case errors.As(err, &ps):
		for _, pr := range ps {
			d.Problems = append(d.Problems, pr.String())
		}
		p.writeImport(c, http.StatusBadRequest, pg, d)
	case err != nil:
		p.problem(c, pg, err)
	default:
		d.Result = &res
		p.writeImport(c, http.StatusOK, pg, d)
	}
}

func readMappingFile(fh *multipart.FileHeader) (*batch.Mapping, error) {
	if fh.Size > 1<<20 {
		return nil, fmt.Errorf("mapping %s: %d bytes, at most 1 MiB", fh.Filename, fh.Size)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return nil, err
	}
	return batch.ParseMapping(data, path.Base(fh.Filename))
}
