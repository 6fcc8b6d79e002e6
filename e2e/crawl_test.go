package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"wfm/api"
	"wfm/store"
	"wfm/store/storetest"
	"wfm/web"
	"wfm/web/webtest"
)

// The crawl test is the product as its users meet it: the demo center the
// README's run command builds (the real generator, its codes and names),
// every demo login, and every link and GET form each page offers, followed
// until nothing new is left. It fails on any 5xx, on a dead link, on any
// chart that has neither data nor a note saying why it has none, on a page
// heavier than maxPageBytes, and on English a reader of the Chinese pages
// would see (other than the center's own names).

// crawlCap is how many pages of one shape (the same path and query keys,
// ids and dates aside) each login visits: the day pickers alone would
// otherwise walk back through every day of the history.
const crawlCap = 3

// selectVariants is how many options of one select the crawl tries.
const selectVariants = 12

func TestCrawlDemoCenter(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) { crawlCenter(t, webtest.DemoSiteOn(t, e)) })
	}
}

// crawlCenter crawls the demo site as every demo login, in English and,
// for one login of each role, in Chinese; then, with each English login's
// session, sweeps the API's GET routes.
func crawlCenter(t *testing.T, site *webtest.DemoSite) {
	// On the Chinese pages, the English left is only the center's own names.
	allowed, err := webtest.CenterNames(context.Background(), site.Store)
	if err != nil {
		t.Fatal(err)
	}
	chinese := map[string]bool{} // one login of each role crawls in Chinese too
	for _, u := range site.Center.Logins() {
		locales := []string{"en"}
		if !chinese[u.Role] {
			chinese[u.Role] = true
			locales = append(locales, "zh-CN")
		}
		// The logins walk the site side by side; one login's languages one
		// after the other (the language is kept on her user).
		t.Run(u.Username, func(t *testing.T) {
			t.Parallel()
			for _, locale := range locales {
				t.Run(locale, func(t *testing.T) {
					cr := newCrawler(t, site.URL)
					if locale == "zh-CN" {
						cr.english = allowed
					}
					cr.login(u.Username, u.Password, locale)
					cr.run()
					// Issue 15: every role that rosters reaches the activity
					// form from the board (agents have no link to it).
					if u.Role != store.RoleAgent && !cr.reached(activityPage) {
						t.Errorf("%s never reached the activity form (/roster/schedules/N/activity)", u.Username)
					}
					if locale == "en" {
						cr.sweepAPI(site.API.Routes())
					}
					t.Logf("%d pages, %d charts; slowest %s (%s), largest %s (%d kB)", cr.pages, cr.charts,
						cr.slowest.link, cr.slowest.took.Round(time.Millisecond), cr.largest.link, cr.largest.size/1000)
				})
			}
		})
	}
}

var activityPage = regexp.MustCompile(`^/roster/schedules/[0-9]+/activity$`)

// reached tells whether the crawl queued a page whose path matches.
func (cr *crawler) reached(path *regexp.Regexp) bool {
	for link := range cr.seen {
		if u, err := url.Parse(link); err == nil && path.MatchString(u.Path) {
			return true
		}
	}
	return false
}

// maxPageBytes is the most a page may weigh: the demo's largest (the
// dashboard of a month of intervals) is under 200 kB; a page of megabytes
// is stored input nobody limited.
const maxPageBytes = 1 << 20

// crawler is one login's walk over the site.
type crawler struct {
	t      *testing.T
	base   string
	client *http.Client
	queue  []string
	seen   map[string]bool
	shapes map[string]int
	forms  map[string]bool // GET forms whose options were tried
	// english, when not nil, are the words a page may show in English
	// (the center's names): the crawl is in Chinese and fails on others.
	english []string
	pages   int
	charts  int
	referer map[string]string // where each link was found, for the report
	slowest struct {
		took time.Duration
		link string
	}
	largest struct {
		size int
		link string
	}
}

func newCrawler(t *testing.T, base string) *crawler {
	jar, _ := cookiejar.New(nil)
	return &crawler{t: t, base: base, seen: map[string]bool{}, shapes: map[string]int{}, forms: map[string]bool{}, referer: map[string]string{},
		client: &http.Client{Jar: jar, Timeout: time.Minute,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var crawlCSRF = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// login signs in through the form, sets the language, and queues the page
// the login lands on.
func (cr *crawler) login(username, password, locale string) {
	t := cr.t
	form, _ := cr.get("/login")
	m := crawlCSRF.FindStringSubmatch(form)
	if m == nil {
		t.Fatalf("no CSRF field on the login page")
	}
	res := cr.post("/login", url.Values{"csrf_token": {m[1]}, "username": {username}, "password": {password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", username, res.StatusCode)
	}
	landing := res.Header.Get("Location")
	// The session's CSRF token is in every page's language form; a landing
	// page that fails is reported by the crawl, so the token comes from
	// another page then.
	var menu string
	for _, p := range []string{landing, web.PathMySchedule} {
		page, _ := cr.get(p)
		if m = crawlCSRF.FindStringSubmatch(page); m != nil {
			menu = p
			break
		}
	}
	if m == nil {
		t.Fatalf("no CSRF field on %s or %s after login", landing, web.PathMySchedule)
	}
	if res := cr.post("/locale", url.Values{"csrf_token": {m[1]}, "locale": {locale}, "next": {"/"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set the language %s: status %d", locale, res.StatusCode)
	}
	cr.enqueue(landing, "/login")
	cr.enqueue(menu, "/login") // its menu leads everywhere when the landing page fails
}

func (cr *crawler) post(path string, form url.Values) *http.Response {
	res, err := cr.client.PostForm(cr.base+path, form)
	if err != nil {
		cr.t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

func (cr *crawler) get(path string) (string, *http.Response) {
	res, err := cr.client.Get(cr.base + path)
	if err != nil {
		cr.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		cr.t.Fatalf("GET %s: %v", path, err)
	}
	return string(b), res
}

// enqueue adds a link found on a page, when it is this site's, not yet
// seen and its shape is not yet visited crawlCap times.
func (cr *crawler) enqueue(link, from string) {
	link, download := strings.CutPrefix(link, downloadMark)
	u, err := url.Parse(link)
	if err != nil {
		cr.t.Errorf("%s: unreadable link %q: %v", from, link, err)
		return
	}
	if u.Host != "" || u.Scheme != "" {
		if !strings.HasPrefix(link, cr.base) {
			return // another site (none is expected; TestNoOutsideHosts checks)
		}
		u, _ = url.Parse(strings.TrimPrefix(link, cr.base))
	}
	if u.Path == "" {
		return // an anchor on the same page
	}
	if !strings.HasPrefix(u.Path, "/") {
		base, _ := url.Parse(from)
		u = base.ResolveReference(u)
	}
	u.Fragment = ""
	key := u.String()
	if cr.seen[key] || strings.HasPrefix(u.Path, web.StaticPrefix) {
		return
	}
	cr.seen[key] = true
	shape := linkShape(u)
	if download {
		// A download is its page's data again: one of each kind suffices.
		shape = "download " + u.Path
	}
	if limit := crawlCap; cr.shapes[shape] >= limit || download && cr.shapes[shape] >= 1 {
		return
	}
	cr.shapes[shape]++
	cr.referer[key] = from
	cr.queue = append(cr.queue, key)
}

var (
	idPart   = regexp.MustCompile(`^[0-9]+$`)
	datePart = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}`)
)

// downloadMark prefixes the links pageLinks finds to downloads (a CSV of
// a chart), which the crawl fetches once per kind.
const downloadMark = "download:"

// linkShape is a link with the ids of its path and the dates of its query
// blanked and its query sorted: the pages of one shape differ only in
// which record or day. Query ids stay (queue=3 is another queue's page).
func linkShape(u *url.URL) string {
	blank := func(s string) string {
		switch {
		case idPart.MatchString(s):
			return "#"
		case datePart.MatchString(s):
			return "D"
		}
		return s
	}
	parts := strings.Split(u.Path, "/")
	for i, p := range parts {
		parts[i] = blank(p)
	}
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		vals := make([]string, len(q[k]))
		for i, v := range q[k] {
			if datePart.MatchString(v) {
				v = "D"
			}
			vals[i] = v
		}
		keys = append(keys, k+"="+strings.Join(vals, ","))
	}
	sort.Strings(keys)
	return strings.Join(parts, "/") + "?" + strings.Join(keys, "&")
}

// run visits the queue until it is empty.
func (cr *crawler) run() {
	for len(cr.queue) > 0 {
		link := cr.queue[0]
		cr.queue = cr.queue[1:]
		cr.visit(link)
	}
}

func (cr *crawler) visit(link string) {
	t := cr.t
	began := time.Now()
	body, res := cr.get(link)
	took := time.Since(began)
	cr.pages++
	if took > cr.slowest.took {
		cr.slowest.took, cr.slowest.link = took, link
	}
	if len(body) > cr.largest.size {
		cr.largest.size, cr.largest.link = len(body), link
	}
	if os.Getenv("WFM_CRAWL_LIST") != "" {
		cr.t.Logf("%d %s", res.StatusCode, link)
	}
	from := cr.referer[link]
	switch {
	case res.StatusCode >= 500:
		t.Errorf("GET %s (linked from %s): %d\n%s", link, from, res.StatusCode, excerpt(body))
		return
	case res.StatusCode >= 300 && res.StatusCode < 400:
		cr.enqueue(res.Header.Get("Location"), link)
		return
	case res.StatusCode >= 400:
		// A link the site offers should lead somewhere; a 4xx is a dead
		// link or a page refusing what it linked to itself.
		t.Errorf("GET %s (linked from %s): %d\n%s", link, from, res.StatusCode, excerpt(body))
		return
	}
	if len(body) > maxPageBytes {
		t.Errorf("GET %s (linked from %s): %d kB, more than %d kB", link, from, len(body)/1000, maxPageBytes/1000)
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		return // a CSV download or a calendar feed: it answered
	}
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Errorf("GET %s: unreadable HTML: %v", link, err)
		return
	}
	cr.checkCharts(link, doc)
	if cr.english != nil {
		if words := webtest.ReadableEnglish(body, cr.english); len(words) > 0 {
			t.Errorf("GET %s (linked from %s): English on a Chinese page: %q", link, from, words)
		}
	}
	for _, l := range cr.pageLinks(doc) {
		cr.enqueue(l, link)
	}
}

func excerpt(s string) string {
	if len(s) > 600 {
		return s[:600] + "..."
	}
	return s
}

// pageLinks are the page's links and its GET forms (see formLinks).
func (cr *crawler) pageLinks(doc *html.Node) []string {
	var links []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "a":
			if href, ok := attr(n, "href"); ok && !strings.HasPrefix(href, "#") && !strings.HasPrefix(href, "mailto:") {
				if hasAttr(n, "download") {
					href = downloadMark + href
				}
				links = append(links, href)
			}
		case "form":
			links = append(links, cr.formLinks(n)...)
		}
	}
	return links
}

// formLinks are the submissions of a GET form a person can make without
// typing: the form as it stands (its fields' current values, each select's
// chosen option), and, the first time the crawl meets the form, each other
// option of each select with the rest as they stand (every queue of the
// dashboard's queue picker, every team...; at most selectVariants of a
// long list, spread over it).
func (cr *crawler) formLinks(form *html.Node) []string {
	if method, _ := attr(form, "method"); strings.EqualFold(method, "post") {
		return nil
	}
	action, _ := attr(form, "action")
	base, err := url.Parse(action)
	if err != nil {
		return nil
	}
	q := url.Values{}
	var selects []*html.Node
	for f := range form.Descendants() {
		if f.Type != html.ElementNode {
			continue
		}
		name, ok := attr(f, "name")
		if !ok || name == "" {
			continue
		}
		switch f.Data {
		case "input":
			typ, _ := attr(f, "type")
			if typ == "submit" || typ == "button" || ((typ == "checkbox" || typ == "radio") && !hasAttr(f, "checked")) {
				continue
			}
			v, _ := attr(f, "value")
			q.Add(name, v)
		case "select":
			selects = append(selects, f)
			if v, ok := chosenOption(f); ok {
				q.Add(name, v)
			}
		}
	}
	link := func(q url.Values) string {
		u := *base
		u.RawQuery = q.Encode()
		return u.String()
	}
	links := []string{link(q)}
	fields := make([]string, 0, len(q))
	for k := range q {
		fields = append(fields, k)
	}
	sort.Strings(fields)
	formKey := base.Path + "?" + strings.Join(fields, "&")
	if cr.forms[formKey] {
		return links
	}
	cr.forms[formKey] = true
	for _, sel := range selects {
		name, _ := attr(sel, "name")
		var options []string
		for o := range sel.Descendants() {
			if o.Type != html.ElementNode || o.Data != "option" {
				continue
			}
			v, ok := attr(o, "value")
			if !ok {
				v = textOf(o)
			}
			options = append(options, v)
		}
		for i := range min(len(options), selectVariants) {
			v := options[i*len(options)/min(len(options), selectVariants)]
			variant := url.Values{}
			for k, vs := range q {
				variant[k] = vs
			}
			variant.Set(name, v)
			links = append(links, link(variant))
		}
	}
	return links
}

func chosenOption(sel *html.Node) (string, bool) {
	var first *html.Node
	for o := range sel.Descendants() {
		if o.Type != html.ElementNode || o.Data != "option" {
			continue
		}
		if first == nil {
			first = o
		}
		if hasAttr(o, "selected") {
			first = o
			break
		}
	}
	if first == nil {
		return "", false
	}
	if v, ok := attr(first, "value"); ok {
		return v, true
	}
	return textOf(first), true
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasAttr(n *html.Node, key string) bool {
	_, ok := attr(n, key)
	return ok
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.TrimSpace(b.String())
}

// checkCharts fails each chart of the page whose option draws no value
// and whose card has no note to say why.
func (cr *crawler) checkCharts(link string, doc *html.Node) {
	options := map[string]string{}
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "script" {
			if id, ok := attr(n, "id"); ok && strings.HasSuffix(id, "__option") {
				options[strings.TrimSuffix(id, "__option")] = textOf(n)
			}
		}
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Data != "div" || !hasClass(n, "chart-canvas") {
			continue
		}
		cr.charts++
		id, _ := attr(n, "id")
		raw, ok := options[id]
		if !ok {
			cr.t.Errorf("%s: chart %s has no option", link, id)
			continue
		}
		var opt map[string]any
		if err := json.Unmarshal([]byte(raw), &opt); err != nil {
			cr.t.Errorf("%s: chart %s: unreadable option: %v", link, id, err)
			continue
		}
		if optionHasData(opt) {
			continue
		}
		if note := chartNote(n); note == "" {
			cr.t.Errorf("%s: chart %s draws nothing and says nothing about why", link, id)
		}
	}
}

func hasClass(n *html.Node, class string) bool {
	c, _ := attr(n, "class")
	return slices.Contains(strings.Fields(c), class)
}

// chartNote is the note of the card that holds the chart.
func chartNote(canvas *html.Node) string {
	for card := canvas.Parent; card != nil; card = card.Parent {
		if card.Type != html.ElementNode || !hasClass(card, "chart") {
			continue
		}
		for d := range card.Descendants() {
			if d.Type == html.ElementNode && hasClass(d, "chart-note") {
				return textOf(d)
			}
		}
		return ""
	}
	return ""
}

// optionHasData tells whether some series of an echarts option has a
// value to draw (not only empty points or nulls).
func optionHasData(opt map[string]any) bool {
	series, _ := opt["series"].([]any)
	for _, s := range series {
		sm, _ := s.(map[string]any)
		data, _ := sm["data"].([]any)
		for _, d := range data {
			if valueDrawn(d) {
				return true
			}
		}
	}
	return false
}

func valueDrawn(d any) bool {
	switch v := d.(type) {
	case nil:
		return false
	case float64:
		return true
	case string:
		return v != "" && v != "-"
	case []any:
		// [x, y] or [x, y, value]: the last is what is drawn
		return len(v) > 0 && valueDrawn(v[len(v)-1])
	case map[string]any:
		return valueDrawn(v["value"])
	}
	return true
}

// sweepAPI calls every GET route of the API with the login's session, with
// its path ids as records that exist and one that does not: whatever the
// role, an answer is an answer or a refusal, never a 5xx, and JSON is
// JSON.
func (cr *crawler) sweepAPI(routes []api.Route) {
	for _, rt := range routes {
		if rt.Method != http.MethodGet {
			continue
		}
		for _, id := range []string{"1", "2", "999999"} {
			path := strings.ReplaceAll(rt.Path, ":id", id)
			body, res := cr.get(path)
			if res.StatusCode >= 500 {
				cr.t.Errorf("GET %s: %d\n%s", path, res.StatusCode, excerpt(body))
				continue
			}
			if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") && !json.Valid([]byte(body)) {
				cr.t.Errorf("GET %s: answers invalid JSON", path)
			}
			if !strings.Contains(rt.Path, ":id") {
				break
			}
		}
	}
}
