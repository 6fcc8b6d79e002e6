package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/fault"
	"wfm/store"
)

// editor is the admin form of one kind of entity: how it is read, shown as
// fields, read back from a posted form and saved, through the same store
// methods the API calls. Every save names the version the form was read
// at; a stale one is refused with a conflict message, never saved over.
type editor[T any] struct {
	kind     string // path segment: /admin/<kind>/<id>
	nameKey  string // message key of what one is called ("aform.kind.queue")
	readRole Role   // who may open the form read-only (admins edit)
	blank    func() *T
	get      func(ctx context.Context, id int64) (*T, error)
	record   func(m *T) *store.Record
	label    func(m *T) string
	// fields shows m; extra (may be nil) is what the form shows besides.
	fields func(p *pages, c *gin.Context, pg Page, m *T) ([]FormField, any, error)
	// parse reads the posted form onto m; errors go to r.
	parse  func(p *pages, r *formReader, m *T)
	create func(ctx context.Context, a store.Actor, m *T) error
	update func(ctx context.Context, a store.Actor, m *T) error
	// saveWith (may be nil) saves m, in place of create and update, when
	// m goes with something the form also sets but is stored apart (a
	// user's linked agent): both are written in one transaction.
	saveWith func(ctx context.Context, a store.Actor, r *formReader, m *T, isNew bool) error
}

func (e editor[T]) path() string { return PathAdmin + "/" + e.kind }

func (e editor[T]) routes(p *pages) []pageRoute {
	return []pageRoute{
		{"GET", e.path() + "/new", RoleAdmin, func(c *gin.Context, pg Page) { e.show(p, c, pg, true) }},
		{"GET", e.path() + "/:id", e.readRole, func(c *gin.Context, pg Page) { e.show(p, c, pg, false) }},
		{"POST", e.path(), RoleAdmin, func(c *gin.Context, pg Page) { e.save(p, c, pg, true) }},
		{"POST", e.path() + "/:id", RoleAdmin, func(c *gin.Context, pg Page) { e.save(p, c, pg, false) }},
	}
}

// load reads the entity the path names, or a blank one for a new form.
func (e editor[T]) load(c *gin.Context, isNew bool) (*T, error) {
	if isNew {
		return e.blank(), nil
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, fault.Errorf(fault.NotFound, "no %s %q", e.kind, c.Param("id"))
	}
	return e.get(c.Request.Context(), id)
}

func (e editor[T]) show(p *pages, c *gin.Context, pg Page, isNew bool) {
	m, err := e.load(c, isNew)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	view, err := e.view(p, c, pg, m, isNew)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	if c.Query("saved") == "1" {
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("aform.saved")})
	}
	e.write(p, c, pg, http.StatusOK, m, view, isNew)
}

func (e editor[T]) view(p *pages, c *gin.Context, pg Page, m *T, isNew bool) (FormView, error) {
	fields, extra, err := e.fields(p, c, pg, m)
	if err != nil {
		return FormView{}, err
	}
	v := FormView{Kind: e.kind, Action: e.path(), Fields: fields, Extra: extra, Back: PathAdmin,
		Editable: pg.User.Role.AtLeast(RoleAdmin)}
	if !isNew {
		rec := e.record(m)
		v.Action += "/" + strconv.FormatInt(rec.ID, 10)
		v.Version = rec.Version
	}
	return v, nil
}

func (e editor[T]) write(p *pages, c *gin.Context, pg Page, status int, m *T, v FormView, isNew bool) {
	if isNew {
		pg.Title = pg.T("aform.new", pg.T(e.nameKey))
	} else {
		pg.Title = pg.T("aform.edit", pg.T(e.nameKey), e.label(m))
	}
	pg.Data = v
	p.write(c, status, "admin_form", pg)
}

func (e editor[T]) save(p *pages, c *gin.Context, pg Page, isNew bool) {
	m, err := e.load(c, isNew)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	rec := e.record(m)
	if !isNew {
		v, err := strconv.ParseInt(c.PostForm("version"), 10, 64)
		if err != nil || v <= 0 {
			p.problem(c, pg, refuse(fault.Invalid, "error.400"))
			return
		}
		rec.Version = v
	}
	r := newFormReader(c, pg)
	e.parse(p, r, m)
	if len(r.errs) == 0 {
		err = e.put(c.Request.Context(), actorOf(c), r, m, isNew)
		if err == nil && len(r.errs) == 0 {
			c.Redirect(http.StatusSeeOther, e.path()+"/"+strconv.FormatInt(rec.ID, 10)+"?saved=1")
			return
		}
	}
	e.refused(p, c, pg, r, m, err, isNew)
}

// put saves m through the store methods the API calls.
func (e editor[T]) put(ctx context.Context, a store.Actor, r *formReader, m *T, isNew bool) error {
	switch {
	case e.saveWith != nil:
		return e.saveWith(ctx, a, r, m, isNew)
	case isNew:
		return e.create(ctx, a, m)
	}
	return e.update(ctx, a, m)
}

// refused answers a save that did not go through: the form again with
// what is wrong beside its fields (err nil: the form did not parse), what
// is stored now when someone saved first, or the error page.
func (e editor[T]) refused(p *pages, c *gin.Context, pg Page, r *formReader, m *T, err error, isNew bool) {
	status := http.StatusBadRequest
	switch fault.CodeOf(err) {
	case fault.Internal:
		if err != nil {
			p.problem(c, pg, err)
			return
		}
	case fault.NotFound:
		p.problem(c, pg, err)
		return
	case fault.Forbidden:
		p.problem(c, pg, refuse(fault.Forbidden, "error.403"))
		return
	case fault.Conflict:
		if !isNew && e.showStored(p, c, pg, m) {
			return
		}
		status = http.StatusConflict
	}
	view, verr := e.view(p, c, pg, m, isNew)
	if verr != nil {
		p.problem(c, pg, verr)
		return
	}
	view.overlay(c)
	view.setErrors(r.errs)
	view.setFault(pg, r, storeFault(m, err))
	e.write(p, c, pg, status, m, view, isNew)
}

// showStored shows what is stored now when someone saved m's entity since
// the form was read, and says so; false when the conflict is another.
func (e editor[T]) showStored(p *pages, c *gin.Context, pg Page, m *T) bool {
	rec := e.record(m)
	cur, err := e.get(c.Request.Context(), rec.ID)
	if err != nil || e.record(cur).Version == rec.Version {
		return false
	}
	view, err := e.view(p, c, pg, cur, false)
	if err != nil {
		p.problem(c, pg, err)
		return true
	}
	view.Conflict = pg.T("aform.conflict", pg.T(e.nameKey), e.record(cur).Version, rec.Version)
	e.write(p, c, pg, http.StatusConflict, cur, view, false)
	return true
}

// storeFault is what the store refused m for; when the form did not parse
// (err nil), what else the store would refuse, too.
func storeFault[T any](m *T, err error) *fault.Error {
	var se *fault.Error
	if err == nil {
		if v, ok := any(m).(interface{ Validate() error }); ok {
			errors.As(v.Validate(), &se)
		}
		return se
	}
	errors.As(err, &se)
	return se
}

// setFault shows the store's field messages beside the fields the form
// did not already refuse (one message a field: the form's own first).
func (v *FormView) setFault(pg Page, r *formReader, se *fault.Error) {
	if se == nil {
		return
	}
	rest := map[string]string{}
	for name, msg := range se.Fields {
		if _, parsed := r.errs[fieldOf(name)]; !parsed {
			rest[name] = msg
		}
	}
	v.setStoreErrors(pg, rest)
	if len(se.Fields) == 0 {
		v.Errors = append(v.Errors, pg.T("aform.err.other", se.Message))
	}
}

// postedIDVersion is the id the path names and the version the form was
// read at (0 for either that does not read: the store finds no such
// thing, or refuses a stale version).
func postedIDVersion(c *gin.Context) (id, version int64) {
	id, _ = strconv.ParseInt(c.Param("id"), 10, 64)
	version, _ = strconv.ParseInt(c.PostForm("version"), 10, 64)
	return id, version
}

// actorOf is who a change from a signed-in page is made for.
func actorOf(c *gin.Context) store.Actor {
	if pr := auth.Current(c); pr != nil {
		return pr.Actor()
	}
	return store.System
}
