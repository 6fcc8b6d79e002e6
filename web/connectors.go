package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/connector"
	"wfm/fault"
	"wfm/store"
)

// PathConnectors is the page where an admin connects each site to its
// contact-center platform (README: Connecting your center).
const PathConnectors = PathAdmin + "/connectors"

// ConnectorsData is the data of the "connectors" page.
type ConnectorsData struct {
	KeySet bool // WFM_CREDENTIALS_KEY is set
	Sites  []ConnectorForm
}

// ConnectorForm is one site's connector: its settings as the form shows
// them, and what its last run did.
type ConnectorForm struct {
	Site     store.Site
	Exists   bool
	Settings connector.Settings
	Queues   string   // "platform queue id = queue code", one a line
	Errors   []string // what is wrong with what was sent
	Note     string   // the outcome of a save or a fetch
}

func (p *pages) connectors(c *gin.Context, pg Page) {
	data, err := p.connectorsData(c)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	switch {
	case c.Query("saved") != "":
		data.note(c.Query("saved"), pg.T("connectors.saved"))
	case c.Query("fetched") != "":
		data.note(c.Query("site"), pg.T("connectors.fetched", c.Query("fetched")))
	case c.Query("deleted") != "":
		data.note(c.Query("deleted"), pg.T("connectors.deleted"))
	}
	p.writeConnectors(c, http.StatusOK, pg, data)
}

func (d *ConnectorsData) note(site, msg string) {
	for i := range d.Sites {
		if strconv.FormatInt(d.Sites[i].Site.ID, 10) == site {
			d.Sites[i].Note = msg
		}
	}
}

func (p *pages) writeConnectors(c *gin.Context, status int, pg Page, data ConnectorsData) {
	pg.Title = pg.T("connectors.title")
	pg.Data = data
	p.write(c, status, "connectors", pg)
}

func (p *pages) connectorsData(c *gin.Context) (ConnectorsData, error) {
	ctx := c.Request.Context()
	sites, err := p.store.ListSites(ctx)
	if err != nil {
		return ConnectorsData{}, err
	}
	all, err := connector.List(ctx, p.store)
	if err != nil {
		return ConnectorsData{}, err
	}
	bySite := map[int64]connector.Settings{}
	for _, s := range all {
		bySite[s.SiteID] = s
	}
	data := ConnectorsData{KeySet: p.sealer != nil}
	for _, site := range sites {
		s, ok := bySite[site.ID]
		data.Sites = append(data.Sites, ConnectorForm{Site: site, Exists: ok, Settings: s, Queues: queuesText(s.Queues)})
	}
	return data, nil
}

func queuesText(m map[string]string) string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, "%s = %s\n", id, m[id])
	}
	return b.String()
}

// siteParam is the site of a connector form's path.
func siteParam(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("site"), 10, 64)
	if err != nil || id <= 0 {
		return 0, &fault.Error{Code: fault.NotFound, Message: "no such site"}
	}
	return id, nil
}

// saveConnector saves one site's form; what is wrong is shown on the
// form, with what was typed kept (never the secret).
func (p *pages) saveConnector(c *gin.Context, pg Page) {
	siteID, err := siteParam(c)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	in := connector.Input{
		InstanceARN: c.PostForm("instance_arn"), Region: c.PostForm("region"), Endpoint: c.PostForm("endpoint"),
		Enabled: c.PostForm("enabled") != "", AccessKeyID: c.PostForm("access_key_id"), SecretAccessKey: c.PostForm("secret_access_key"),
		ClearCredentials: c.PostForm("clear_credentials") != "",
	}
	var problems []string
	if in.Queues, problems = readQueueLines(pg, c.PostForm("queues")); len(problems) == 0 {
		_, err = connector.Save(c.Request.Context(), p.store, p.sealer, actorOf(c), siteID, in)
		if err == nil {
			c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s?saved=%d#site-%d", PathConnectors, siteID, siteID))
			return
		}
		if problems = fieldProblemList(err, pg.Translator); fault.CodeOf(err) != fault.Invalid {
			p.problem(c, pg, err)
			return
		}
	}
	data, err := p.connectorsData(c)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	for i := range data.Sites {
		if data.Sites[i].Site.ID == siteID {
			f := &data.Sites[i]
			f.Errors = problems
			f.Settings.InstanceARN, f.Settings.Region, f.Settings.Endpoint, f.Settings.Enabled = in.InstanceARN, in.Region, in.Endpoint, in.Enabled
			f.Queues = c.PostForm("queues")
		}
	}
	p.writeConnectors(c, http.StatusBadRequest, pg, data)
}

// readQueueLines reads the connector's queue map, a line each: "PLATFORM
// QUEUE ID = OUR QUEUE CODE" ("#" starts a comment); a line that does not
// read is a problem naming it.
func readQueueLines(pg Page, text string) (map[string]string, []string) {
	queues := map[string]string{}
	var problems []string
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, code, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(id) == "" || strings.TrimSpace(code) == "" {
			problems = append(problems, pg.T("connectors.err.line", i+1))
			continue
		}
		queues[strings.TrimSpace(id)] = strings.TrimSpace(code)
	}
	return queues, problems
}

// pullConnector fetches a site's intervals now.
func (p *pages) pullConnector(c *gin.Context, pg Page) {
	siteID, err := siteParam(c)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	n, err := connector.PullNow(c.Request.Context(), p.store, p.sealer, siteID, p.now())
	if err != nil && fault.CodeOf(err) != fault.Unavailable {
		p.problem(c, pg, err)
		return
	}
	// A platform's failure is on the connector's last error, shown there.
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s?site=%d&fetched=%d#site-%d", PathConnectors, siteID, n, siteID))
}

func (p *pages) deleteConnector(c *gin.Context, pg Page) {
	siteID, err := siteParam(c)
	if err == nil {
		err = connector.Delete(c.Request.Context(), p.store, actorOf(c), siteID)
	}
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s?deleted=%d#site-%d", PathConnectors, siteID, siteID))
}
