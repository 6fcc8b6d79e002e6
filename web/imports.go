package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/batch"
	"wfm/fault"
	"wfm/measure"
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
// transaction (measure.Import); every problem is listed with its file,
// line and column.
func (p *pages) importUpload(c *gin.Context, pg Page) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxImport)
	d := ImportData{Kind: c.PostForm("kind"), Preset: c.PostForm("preset"), TZ: strings.TrimSpace(c.PostForm("tz")), Interval: strings.TrimSpace(c.PostForm("interval"))}
	b, fh, err := importForm(c, pg, &d)
	if err == nil {
		var f multipart.File
		if f, err = fh.Open(); err == nil {
			defer f.Close()
			var res store.ImportResult
			if res, err = measure.Import(c.Request.Context(), p.store, actorOf(c), f, b); err == nil {
				d.Result = &res
				p.writeImport(c, http.StatusOK, pg, d)
				return
			}
		}
	}
	if d.Problems = importProblems(err, pg); d.Problems == nil {
		p.problem(c, pg, err)
		return
	}
	p.writeImport(c, http.StatusBadRequest, pg, d)
}

// importForm reads the import form: the batch to import and its file.
func importForm(c *gin.Context, pg Page, d *ImportData) (measure.ImportBatch, *multipart.FileHeader, error) {
	b := measure.ImportBatch{Kind: d.Kind, TZ: d.TZ}
	if !slices.Contains(measure.ImportKinds, d.Kind) {
		return b, nil, formProblem(pg.T("import.err.kind"))
	}
	var err error
	if d.Preset != "" {
		if b.Mapping, err = batch.Preset(d.Preset); err != nil {
			return b, nil, formProblem(err.Error())
		}
	}
	if mh, ferr := c.FormFile("mapping"); ferr == nil && mh.Size > 0 {
		if b.Mapping != nil {
			return b, nil, formProblem(pg.T("import.err.both"))
		}
		if b.Mapping, err = readMappingFile(mh); err != nil {
			return b, nil, formProblem(err.Error())
		}
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return b, nil, formProblem(pg.T("import.err.file"))
	}
	b.File = path.Base(fh.Filename)
	d.File = b.File
	if d.Interval != "" {
		if b.Interval, err = batch.ParseDuration(d.Interval); err != nil {
			return b, nil, formProblem(err.Error())
		}
	}
	return b, fh, nil
}

// formProblem is a problem with the import form, said as it is.
type formProblem string

func (f formProblem) Error() string { return string(f) }

// importProblems lists what is wrong with an import for the page: the
// form's problems, the batch's fields at fault, each line of the file
// that does not read; nil for an error the page does not list.
func importProblems(err error, pg Page) []string {
	var form formProblem
	var ps batch.Problems
	var fe *fault.Error
	switch {
	case errors.As(err, &form):
		return []string{string(form)}
	case errors.As(err, &ps):
		out := make([]string, 0, len(ps))
		for _, pr := range ps {
			out = append(out, pr.String())
		}
		return out
	case errors.As(err, &fe) && fe.Code == fault.Invalid && len(fe.Fields) > 0:
		var out []string
		for _, field := range []string{"kind", "tz", "interval"} {
			if msg, ok := fe.Fields[field]; ok {
				out = append(out, msg)
			}
		}
		return out
	}
	return nil
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
