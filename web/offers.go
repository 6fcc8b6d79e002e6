package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/civil"
	"wfm/fault"
	"wfm/intraday"
	"wfm/store"
)

// The offers' pages: the agent's (the offers made to her, to accept or
// decline) and the supervisor's (those of her sites, who took them, and
// the form that sends one, also on the queue monitor).
const (
	PathMyOffers = "/my/offers"
	PathOffers   = PathIntraday + "/offers"
)

func (p *pages) offerRoutes() []pageRoute {
	return []pageRoute{
		{"GET", PathMyOffers, RoleAgent, p.myOffers},
		{"POST", PathMyOffers + "/:id/accept", RoleAgent, p.acceptOffer},
		{"POST", PathMyOffers + "/:id/decline", RoleAgent, p.declineOffer},
		{"GET", PathOffers, RoleSupervisor, p.offers},
		{"POST", PathOffers, RoleSupervisor, p.sendOffer},
		{"POST", PathOffers + "/:id/cancel", RoleSupervisor, p.cancelOffer},
	}
}

// OfferView is an offer as a page shows it.
type OfferView struct {
	ID, Version int64
	Kind        string // overtime | vto
	What        string // what is offered ("Stay on 60 minutes longer")
	Day         string
	Queue       string
	Gap         string // the stretch it covers ("" none)
	Note        string
	Expires     string
	State       string
	StateText   string
	Filled      string // "1 of 2 taken"
	// The viewing agent's side: her answer, and whether she may still give it.
	Mine      string
	MineText  string
	CanAnswer bool
	// The supervisor's side.
	Recipients []RecipientView
	CanCancel  bool
}

// RecipientView is an agent an offer was made to, and her answer.
type RecipientView struct {
	Name, What, Status, StatusText string
}

// LeftOutView is an agent an offer was not made to, and why.
type LeftOutView struct {
	Name, Reason string
	Violations   []ViolationView
}

// OfferForm is the supervisor's form that sends an offer.
type OfferForm struct {
	Queues                         []Option
	Kinds                          []Option
	Minutes, Needed, Expires, Note string
	Error                          string
}

// MyOffersData is the data of the "my_offers" page.
type MyOffersData struct {
	NotAgent bool
	Offers   []OfferView
	Error    string
}

// OffersData is the data of the "offers" page.
type OffersData struct {
	Offers  []OfferView
	Form    OfferForm
	Made    *OfferView    // the offer just sent
	LeftOut []LeftOutView // whom it was not sent to, and why
}

// offerKinds are the four offers: kind and side together.
var offerKinds = []string{"overtime/end", "overtime/start", "vto/end", "vto/start"}

func offerKindOptions(t Translator, chosen string) []Option {
	out := make([]Option, 0, len(offerKinds))
	for _, k := range offerKinds {
		out = append(out, Option{Value: k, Label: t.T("offers.kind." + k), Selected: k == chosen})
	}
	return out
}

// offerNames are what the offers' views need to name: agents, queues, the
// sites' zones.
type offerNames struct {
	agents map[int64]string
	codes  map[string]string
	queues map[int64]string
	zones  map[int64]*time.Location
}

func (p *pages) offerNames(ctx context.Context) (offerNames, error) {
	n := offerNames{queues: map[int64]string{}, zones: map[int64]*time.Location{}}
	var err error
	var agents []store.Agent
	if n.agents, agents, err = p.agentNames(ctx, store.Scope{All: true}); err != nil {
		return n, err
	}
	n.codes = agentCodeNames(agents)
	queues, err := p.store.ListQueues(ctx)
	if err != nil {
		return n, err
	}
	for _, q := range queues {
		n.queues[q.ID] = q.Name
	}
	sites, err := p.store.ListSites(ctx)
	if err != nil {
		return n, err
	}
	for _, s := range sites {
		if loc, err := time.LoadLocation(s.Timezone); err == nil {
			n.zones[s.ID] = loc
		}
	}
	return n, nil
}

// offerView words an offer in the reader's language, its times in its
// site's zone; viewer is the agent reading it (0 for a supervisor).
func offerView(o store.Offer, n offerNames, viewer int64, t Translator) OfferView {
	if loc := n.zones[o.SiteID]; loc != nil {
		t = NewTranslator(t.Locale(), loc)
	}
	kind := o.Kind + "/" + o.Side
	day := o.Day.Start(t.Location())
	v := OfferView{ID: o.ID, Version: o.Version, Kind: o.Kind, Day: t.DayDate(day), Note: o.Note, Expires: t.DateTime(o.ExpiresAt),
		State: o.State, StateText: t.T("offers.state." + o.State), Filled: t.T("offers.filled", o.Filled, o.Needed),
		CanCancel: viewer == 0 && o.State == store.OfferOpen}
	if o.QueueID != nil {
		v.Queue = n.queues[*o.QueueID]
	}
	if o.GapStart != nil && o.GapEnd != nil {
		v.Gap = t.T("offers.gap", t.Time(*o.GapStart), t.Time(*o.GapEnd))
	}
	what := func(minutes int) string { return t.T("offers.what."+kind, t.Minutes(minutes)) }
	v.What = t.T("offers.kind." + kind)
	if o.Minutes > 0 {
		v.What = what(o.Minutes)
	}
	for _, r := range o.Recipients {
		if viewer != 0 {
			if r.AgentID == viewer {
				v.What, v.Mine, v.MineText = what(r.Minutes), r.Status, t.T("offers.answer."+r.Status)
				v.CanAnswer = r.Status == store.RecipientPending && o.State == store.OfferOpen
			}
			continue
		}
		v.Recipients = append(v.Recipients, RecipientView{Name: n.agents[r.AgentID], What: what(r.Minutes), Status: r.Status, StatusText: t.T("offers.answer." + r.Status)})
	}
	return v
}

// myOffers lists the offers made to the signed-in agent.
func (p *pages) myOffers(c *gin.Context, pg Page) {
	if s := c.Query("answer"); s == store.RecipientAccepted || s == store.RecipientDeclined {
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("offers.done." + s)})
	}
	p.renderMyOffers(c, pg, http.StatusOK, "")
}

func (p *pages) renderMyOffers(c *gin.Context, pg Page, status int, problem string) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	pg.Title = pg.T("offers.my_title")
	data := MyOffersData{Error: problem}
	if pr.Scope.AgentID == 0 {
		data.NotAgent = true
		pg.Data = data
		p.write(c, status, "my_offers", pg)
		return
	}
	offers, err := intraday.AgentOffers(ctx, p.store, pr.Scope.AgentID, p.now())
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	names, err := p.offerNames(ctx)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	for _, o := range offers {
		data.Offers = append(data.Offers, offerView(o, names, pr.Scope.AgentID, pg.Translator))
	}
	pg.Data = data
	p.write(c, status, "my_offers", pg)
}

func (p *pages) acceptOffer(c *gin.Context, pg Page)  { p.answerOffer(c, pg, true) }
func (p *pages) declineOffer(c *gin.Context, pg Page) { p.answerOffer(c, pg, false) }

// answerOffer takes the agent's answer; a refusal (the places taken, the
// offer expired or withdrawn, a rule her changed shift would break) is
// said on her offers page.
func (p *pages) answerOffer(c *gin.Context, pg Page, accept bool) {
	pr := auth.Current(c)
	if pr.Scope.AgentID == 0 {
		p.problem(c, pg, refuse(fault.Invalid, "schedule.not_agent"))
		return
	}
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	act, answer := intraday.DeclineOffer, store.RecipientDeclined
	if accept {
		act, answer = intraday.AcceptOffer, store.RecipientAccepted
	}
	_, err := act(c.Request.Context(), p.store, pr.Actor(), pr.Scope, id, p.now())
	if err == nil {
		c.Redirect(http.StatusSeeOther, PathMyOffers+"?answer="+answer)
		return
	}
	switch fault.CodeOf(err) {
	case fault.Conflict:
		p.renderMyOffers(c, pg, http.StatusConflict, pg.T(conflictKey(err)))
	case fault.Invalid:
		msg := pg.T("offers.error.rules")
		var fe *fault.Error
		if errors.As(err, &fe) && len(fe.Violations) > 0 {
			names, nerr := p.agentCodes(c.Request.Context())
			if nerr != nil {
				p.problem(c, pg, nerr)
				return
			}
			lines := []string{}
			for _, v := range violationViews(fe.Violations, names, pg.Translator) {
				lines = append(lines, v.Text)
			}
			msg += " " + strings.Join(lines, pg.T("problem.separator"))
		}
		p.renderMyOffers(c, pg, http.StatusUnprocessableEntity, msg)
	default:
		p.problem(c, pg, err)
	}
}

// conflictKey words why an answer came too late.
func conflictKey(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "already filled"):
		return "offers.error.filled"
	case strings.Contains(msg, "expired"):
		return "offers.error.expired"
	case strings.Contains(msg, "withdrawn"):
		return "offers.error.withdrawn"
	}
	return "offers.error.answered"
}

// offers is the supervisor's list of the offers of her sites and the form
// that sends one.
func (p *pages) offers(c *gin.Context, pg Page) {
	if c.Query("cancelled") != "" {
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("offers.done.cancelled")})
	}
	q, _ := strconv.ParseInt(c.Query("queue"), 10, 64)
	p.renderOffers(c, pg, http.StatusOK, OfferForm{}, q, nil, nil)
}

func (p *pages) renderOffers(c *gin.Context, pg Page, status int, form OfferForm, queueID int64, made *store.Offer, left []intraday.LeftOut) {
	pg.Title = pg.T("offers.title")
	kind := c.PostForm("kind")
	if kind == "" {
		kind = offerKinds[0]
	}
	form.Kinds = offerKindOptions(pg.Translator, kind)
	data, err := p.offersData(c.Request.Context(), pg, auth.Current(c), form, queueID, made, left)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	pg.Data = data
	p.write(c, status, "offers", pg)
}

// offersData is the offers in scope, the one just made and who it left
// out (and why), and the form with the queues to choose from.
func (p *pages) offersData(ctx context.Context, pg Page, pr *auth.Principal, form OfferForm, queueID int64, made *store.Offer, left []intraday.LeftOut) (OffersData, error) {
	var data OffersData
	names, err := p.offerNames(ctx)
	if err != nil {
		return data, err
	}
	offers, err := intraday.ListOffers(ctx, p.store, pr.Scope, civil.Date{}, p.now())
	if err != nil {
		return data, err
	}
	for _, o := range offers {
		data.Offers = append(data.Offers, offerView(o, names, 0, pg.Translator))
	}
	if made != nil {
		v := offerView(*made, names, 0, pg.Translator)
		data.Made = &v
	}
	for _, l := range left {
		lv := LeftOutView{Name: names.agents[l.AgentID], Reason: pg.T("offers.left." + l.Code)}
		lv.Violations = violationViews(l.Violations, names.codes, pg.Translator)
		data.LeftOut = append(data.LeftOut, lv)
	}
	queues, err := p.store.ListQueues(ctx)
	if err != nil {
		return data, err
	}
	form.Queues = queueOptions(queues, queueID)
	data.Form = form
	return data, nil
}

// sendOffer makes an offer from the form: the queue (its monitor gives
// the agents and, for overtime, the minutes when left empty), the kind,
// how many are needed, when it expires.
func (p *pages) sendOffer(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	form := OfferForm{Minutes: strings.TrimSpace(c.PostForm("minutes")), Needed: strings.TrimSpace(c.PostForm("needed")),
		Expires: strings.TrimSpace(c.PostForm("expires")), Note: strings.TrimSpace(c.PostForm("note"))}
	in, badField := postedOffer(c, form.Note)
	if badField != "" {
		form.Error = pg.T("offers.error.invalid") + pg.T("problem.list", pg.T("problem.field", fieldLabel(badField, pg.Translator), pg.T("problem.not_number", c.PostForm(badField))))
		p.renderOffers(c, pg, http.StatusUnprocessableEntity, form, in.QueueID, nil, nil)
		return
	}
	res, err := intraday.CreateOffer(c.Request.Context(), p.store, pr.Actor(), pr.Scope, in, p.now())
	switch {
	case err == nil:
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("offers.done.sent", len(res.Offer.Recipients))})
		p.renderOffers(c, pg, http.StatusOK, OfferForm{}, in.QueueID, &res.Offer, res.LeftOut)
	case fault.CodeOf(err) != fault.Invalid:
		p.problem(c, pg, err)
	case res != nil: // nobody could take it: who was left out, and why
		form.Error = pg.T("offers.error.nobody")
		p.renderOffers(c, pg, http.StatusUnprocessableEntity, form, in.QueueID, nil, res.LeftOut)
	default:
		form.Error = pg.T("offers.error.invalid") + fieldProblems(err, pg.Translator)
		p.renderOffers(c, pg, http.StatusUnprocessableEntity, form, in.QueueID, nil, nil)
	}
}

// postedOffer reads the offer form; badField names a number field that
// does not read as one ("" when all do).
func postedOffer(c *gin.Context, note string) (in intraday.OfferInput, badField string) {
	queueID, _ := strconv.ParseInt(c.PostForm("queue"), 10, 64)
	kind, side, _ := strings.Cut(c.PostForm("kind"), "/")
	in = intraday.OfferInput{QueueID: queueID, Kind: kind, Side: side, Note: note}
	for _, f := range []struct {
		field string
		dst   *int
	}{{"minutes", &in.Minutes}, {"needed", &in.Needed}, {"expires", &in.ExpiresInMinutes}} {
		if v := strings.TrimSpace(c.PostForm(f.field)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return in, f.field
			}
			*f.dst = n
		}
	}
	for _, a := range c.PostFormArray("agent") {
		if id, err := strconv.ParseInt(a, 10, 64); err == nil {
			in.AgentIDs = append(in.AgentIDs, id)
		}
	}
	return in, ""
}

func (p *pages) cancelOffer(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	id, version := postedIDVersion(c)
	if _, err := intraday.CancelOffer(c.Request.Context(), p.store, pr.Actor(), pr.Scope, id, version, p.now()); err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathOffers+"?cancelled=1")
}
