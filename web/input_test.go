package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A NUL in the login name reached the database (a 500 page); one in any
// query parameter or form value is a 400 page that says, in the reader's
// language, what is wrong, and names the parameter.
func TestPagesRefuseNULWithATranslatedSentence(t *testing.T) {
	ts, _ := newSite(t)
	v := newVisitor(t, ts.URL)
	r := v.login("mona\x00", managerPassword, "")
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "values must be text without NUL") || !strings.Contains(r.body, "username: holds a NUL character") {
		t.Errorf("login with a NUL: %d\n%s", r.status, r.body)
	}
	if r := v.login("ana", agentPassword, ""); r.status != http.StatusSeeOther {
		t.Fatalf("login: %d", r.status)
	}
	r = v.do("GET", "/my/schedule?week=%FF", nil)
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "week: not valid UTF-8") {
		t.Errorf("a query parameter with invalid UTF-8: %d\n%s", r.status, r.body)
	}
	zh := newVisitor(t, ts.URL).do("GET", "/login?next=%00", nil, "Accept-Language", "zh-CN")
	if zh.status != http.StatusBadRequest || !strings.Contains(zh.body, "页面收到了无法接受的内容") || !strings.Contains(zh.body, "next：含有空字符（NUL）") {
		t.Errorf("zh-CN: %d\n%s", zh.status, zh.body)
	}
}

// A 3 MB time-off note was stored, and every page showing it then weighed
// 3 MB: the form says why it is refused.
func TestTimeOffFormRefusesAHugeNote(t *testing.T) {
	ts, _ := newSite(t)
	v := newVisitor(t, ts.URL)
	if r := v.login("ana", agentPassword, ""); r.status != http.StatusSeeOther {
		t.Fatalf("login: %d", r.status)
	}
	page := v.do("GET", "/my/schedule", nil)
	form := url.Values{"csrf_token": {csrfOf(t, page.body)}, "from": {"2026-03-20"}, "kind": {"vacation"}, "note": {strings.Repeat("x", 3<<20)}}
	r := v.do("POST", "/my/schedule/time-off", form)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "note: 3145728 characters, at most 2000") {
		t.Errorf("3 MB note: %d %.300s", r.status, r.body)
	}
}
