package web_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"wfm/store"
)

// readEvent reads one server-sent event: its name and data.
func readEvent(t *testing.T, r *bufio.Reader) (string, string) {
	t.Helper()
	var name string
	var data []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("the stream ended: %v", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "" && name != "":
			return name, strings.Join(data, "\n")
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = append(data, strings.TrimPrefix(line, "data: "))
		}
	}
}

var liveAttr = regexp.MustCompile(`data-live="([^"]+)"`)

// The intraday board of the day being lived redraws itself when the feed
// moves one of the team's agents: the page names its stream, the stream
// sends the board, and a state sent to the feed is on the next one.
func TestIntradayBoardIsLive(t *testing.T) {
	ts, d := newSite(t)
	v := newVisitor(t, ts.URL)
	v.login("sam", superPassword, "")
	page := v.do("GET", fmt.Sprintf("/intraday?team=%d", d.team.ID), nil)
	m := liveAttr.FindStringSubmatch(page.body)
	if page.status != http.StatusOK || m == nil || !strings.Contains(page.body, "/js/liveboard.js") {
		t.Fatalf("today's intraday page names no live stream (%d)", page.status)
	}
	stream := strings.ReplaceAll(m[1], "&amp;", "&")

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+stream, nil)
	res, err := v.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	r := bufio.NewReader(res.Body)
	name, first := readEvent(t, r)
	if name != "board" || !strings.Contains(first, "Ana Agent") || strings.Contains(first, "<html") {
		t.Fatalf("first event %q: not the board fragment:\n%.400s", name, first)
	}

	// Ana goes to lunch at 09:58 (the site's "now" is 10:00).
	sh, _ := time.LoadLocation("Asia/Shanghai")
	agents, _ := d.store.AgentCodes(ctx, d.store.DB())
	sent := time.Now()
	if _, err := d.store.RecordAgentEvents(ctx, []store.AgentEvent{{Source: "acd", EventID: "1", AgentID: agents["A1"],
		At: time.Date(2026, 3, 4, 9, 58, 0, 0, sh), ACDState: "lunch", State: "lunch", ReceivedAt: time.Now(), Seq: 1}}); err != nil {
		t.Fatal(err)
	}
	_, next := readEvent(t, r)
	if !strings.Contains(next, "Lunch since 09:58") {
		t.Errorf("the board after the feed's event lacks Ana's lunch:\n%s", next)
	}
	if took := time.Since(sent); took > 2*time.Second {
		t.Errorf("the board showed the event after %s, want within 2s", took)
	}

	// A day gone by does not stream; nor does an agent's role.
	if r := v.do("GET", fmt.Sprintf("/intraday/live?team=%d&day=2026-03-03", d.team.ID), nil); r.status != http.StatusBadRequest {
		t.Errorf("a past day's stream: %d, want 400", r.status)
	}
	agent := newVisitor(t, ts.URL)
	agent.login("ana", agentPassword, "")
	if r := agent.do("GET", stream, nil); r.status != http.StatusForbidden {
		t.Errorf("an agent's stream: %d, want 403", r.status)
	}
}
