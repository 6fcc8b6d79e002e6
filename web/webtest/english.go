package webtest

import (
	"context"
	"encoding/json"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"wfm/store"
)

// abbreviations are the English abbreviations Chinese contact-center
// software shows as they are: the industry writes them in Latin letters in
// Chinese too (服务水平 SL, 平均处理时长 AHT, CSAT, FCR, KPI, PDCA,
// SERVQUAL are how Chinese manuals and job ads name them), and the
// technical ones (CSV, API, JSON, UTC) are file formats and standards a
// user types or matches as they are. Matched case-sensitively: "Api" or
// "csat" written as words are not the abbreviation.
var abbreviations = map[string]bool{
	// Service and quality measures.
	"ASA": true, "AHT": true, "KPI": true, "KPIs": true, "CSAT": true, "FCR": true, "SLA": true,
	"PDCA": true, "SERVQUAL": true, "WAPE": true, "MAPE": true, "VIP": true, "ACD": true, "IVR": true,
	"FTE": true, // full-time equivalent: Chinese workforce planning writes FTE (全职人力当量 FTE)
	// Formats and standards.
	"CSV": true, "API": true, "JSON": true, "OpenAPI": true, "UTC": true, "GMT": true, "URL": true, "iCalendar": true,
	"IANA": true, // the time zone database, whose names (Asia/Shanghai) an admin types
	// A formula named after its author, written so in Chinese texts (Erlang C 公式).
	"Erlang": true,
}

var (
	// Things that are no language: addresses, links, clock times and
	// IANA time zone names (identifiers the admin matches with the
	// system's, shown as they are in every locale).
	emailPattern = regexp.MustCompile(`[\w.+-]+@[\w-]+(\.[\w-]+)+`)
	urlPattern   = regexp.MustCompile(`(?i)\b(https?://|www\.)\S+|(^|\s)/[\w./?=&%#-]+`)
	timePattern  = regexp.MustCompile(`\b\d{1,2}:\d{2}(:\d{2})?\b`)
	zonePattern  = regexp.MustCompile(`\b(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/[A-Za-z_]+(/[A-Za-z_]+)?\b`)
	// A word: a run of three or more Latin letters (shorter runs are unit
	// letters, "h", "m", "s", or parts of codes such as "A1").
	wordPattern = regexp.MustCompile(`[A-Za-z]{3,}`)
)

// ReadableEnglish returns the English words a reader of page sees, each
// once, in the order they first appear: words of three or more Latin
// letters in the page's text (outside <script> and <style>), in the
// attributes a browser shows (title, aria-label, placeholder, alt, the
// value of a button-like input), in <option> texts, and in the texts of
// the charts' options (titles, axis and series names, legends, labels).
// Left out: the allowed names (the center's own agents, users, queues,
// teams, sites, skills, shift codes, given by the caller; matched as whole
// phrases, so "Ana Agent" allows that name, not the word "Agent"
// elsewhere), the abbreviations above, email addresses, URLs and paths,
// clock times, time zone names, machine text (<code>, <samp>, <kbd>:
// identifiers and technical details shown to be copied as they are), the
// text of a <textarea> (data being edited, as stored),
// text marked as another language (lang="en": the language switch's
// "English") and what people of the center wrote (notes, comments,
// descriptions: elements marked data-user-text, see templates/_text.html).
func ReadableEnglish(page string, allowed []string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{"(unparsable HTML: " + err.Error() + ")"}
	}
	var texts []string
	charts := map[string]bool{} // ids of chart option scripts
	var scripts []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			texts = append(texts, n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script:
				scripts = append(scripts, n)
				return
			case atom.Style, atom.Code, atom.Samp, atom.Kbd, atom.Textarea:
				return
			}
			if lang, ok := attr(n, "lang"); ok && !strings.HasPrefix(strings.ToLower(lang), "zh") {
				return
			}
			if _, ok := attr(n, "data-user-text"); ok {
				return
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "title", "aria-label", "placeholder", "alt":
					texts = append(texts, a.Val)
				case "value":
					if t, _ := attr(n, "type"); n.DataAtom == atom.Input && (t == "submit" || t == "button" || t == "reset") {
						texts = append(texts, a.Val)
					}
				case "data-echarts":
					charts[a.Val] = true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, s := range scripts {
		if id, _ := attr(s, "id"); charts[id] && s.FirstChild != nil {
			texts = append(texts, chartTexts(s.FirstChild.Data)...)
		}
	}

	names := namesPattern(allowed)
	seen := map[string]bool{}
	var out []string
	for _, text := range texts {
		text = emailPattern.ReplaceAllString(text, " ")
		text = urlPattern.ReplaceAllString(text, " ")
		text = zonePattern.ReplaceAllString(text, " ")
		text = timePattern.ReplaceAllString(text, " ")
		if names != nil {
			// Twice: a match takes the character before and after it, so
			// a name right after another one is found on the second pass.
			text = names.ReplaceAllString(names.ReplaceAllString(text, "$1 $2"), "$1 $2")
		}
		for _, w := range wordPattern.FindAllString(text, -1) {
			if abbreviations[w] || seen[w] {
				continue
			}
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// namesPattern matches any of the allowed names, case-insensitively, as
// whole phrases (not inside a longer word), longest first; nil when there
// are none.
func namesPattern(allowed []string) *regexp.Regexp {
	var quoted []string
	for _, p := range allowed {
		if p = strings.TrimSpace(p); p != "" {
			quoted = append(quoted, regexp.QuoteMeta(p))
		}
	}
	if len(quoted) == 0 {
		return nil
	}
	sort.Slice(quoted, func(i, j int) bool { return len(quoted[i]) > len(quoted[j]) })
	// Bounded by anything but a Latin letter or digit: Chinese text runs
	// into a name with no space ("时间为Shanghai站点当地时间").
	return regexp.MustCompile(`(?i)(^|[^A-Za-z0-9])(?:` + strings.Join(quoted, "|") + `)($|[^A-Za-z0-9])`)
}

// chartKeys are the echarts option keys whose strings a reader sees.
var chartKeys = map[string]bool{"text": true, "subtext": true, "name": true, "formatter": true, "data": true}

// chartTexts lists the visible strings of an echarts option: titles,
// names (axes, series, mark lines), label formatters and string data
// (legend entries, category labels). Formatter placeholders such as {b}
// are no words.
func chartTexts(option string) []string {
	var v any
	if err := json.Unmarshal([]byte(option), &v); err != nil {
		return []string{"(unparsable chart option: " + err.Error() + ")"}
	}
	placeholder := regexp.MustCompile(`\{[^{}]*\}`)
	var out []string
	var walk func(v any, visible bool)
	walk = func(v any, visible bool) {
		switch x := v.(type) {
		case string:
			if visible {
				out = append(out, placeholder.ReplaceAllString(x, " "))
			}
		case []any:
			for _, e := range x {
				walk(e, visible)
			}
		case map[string]any:
			for k, e := range x {
				walk(e, chartKeys[k])
			}
		}
	}
	walk(v, false)
	return out
}

// CenterNames are the names of the center's own entities, which a page
// shows as the center wrote them: agents, users, queues, teams, sites,
// skills, shift templates and the shifts of rosters, scorecards and
// quality forms (codes and names).
func CenterNames(ctx context.Context, st *store.Store) ([]string, error) {
	var out []string
	agents, err := st.ListAgents(ctx, store.Scope{All: true})
	if err != nil {
		return nil, err
	}
	for _, a := range agents {
		out = append(out, a.Code, a.Name)
	}
	users, err := st.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		out = append(out, u.Username, u.DisplayName)
	}
	queues, err := st.ListQueues(ctx)
	if err != nil {
		return nil, err
	}
	for _, q := range queues {
		out = append(out, q.Code, q.Name)
	}
	teams, err := st.ListTeams(ctx, store.Scope{All: true})
	if err != nil {
		return nil, err
	}
	for _, t := range teams {
		out = append(out, t.Name)
	}
	sites, err := st.ListSites(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range sites {
		out = append(out, s.Name)
	}
	skills, err := st.ListSkills(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range skills {
		out = append(out, s.Name)
	}
	templates, err := st.ListShiftTemplates(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, t := range templates {
		out = append(out, t.Code, t.Name)
	}
	// A roster may name shifts no template has now (one imported, or
	// made from history, as the demo's past rosters are).
	versions, err := st.ListScheduleVersions(ctx, store.Scope{All: true}, store.ScheduleFilter{})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, v := range versions {
		full, err := st.GetScheduleVersion(ctx, v.ID)
		if err != nil {
			return nil, err
		}
		for _, sh := range full.Problem.Shifts {
			if !seen[sh.ID] {
				seen[sh.ID] = true
				out = append(out, sh.ID)
			}
		}
	}
	cards, err := st.ListScorecards(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cards {
		out = append(out, c.Name)
	}
	forms, err := st.ListQualityForms(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range forms {
		out = append(out, f.Name)
	}
	return out, nil
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
