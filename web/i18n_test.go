package web

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"wfm/kpi"
	"wfm/store"
)

// verbs lists the fmt verbs of a message as "argument index:verb", so that
// "%d of %d" and "%[2]d ... %[1]d" compare equal.
func verbs(msg string) []string {
	re := regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*\d*(\.\d+)?([a-zA-Z%])`)
	var out []string
	next := 1
	for _, m := range re.FindAllStringSubmatch(msg, -1) {
		if m[4] == "%" {
			continue
		}
		idx := next
		if m[2] != "" {
			idx = int(m[2][0] - '0')
			for _, c := range m[2][1:] {
				idx = idx*10 + int(c-'0')
			}
		}
		out = append(out, strings.Repeat("0", 3-len(itoa(idx)))+itoa(idx)+":"+m[4])
		next = idx + 1
	}
	sort.Strings(out)
	return out
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func TestVerbs(t *testing.T) {
	a := verbs("%d of %d intervals missed %s")
	b := verbs("%[2]d 个时段中有 %[1]d 个未达到 %[3]s 的目标")
	if strings.Join(a, ",") != strings.Join(b, ",") || len(a) != 3 {
		t.Fatalf("verbs differ: %v vs %v", a, b)
	}
	if c := verbs("%s and %d"); strings.Join(c, ",") == strings.Join(verbs("%d and %s"), ",") {
		t.Fatalf("swapped verbs compare equal: %v", c)
	}
}

func TestCatalogsHaveSameKeys(t *testing.T) {
	all, err := catalogs()
	if err != nil {
		t.Fatal(err)
	}
	en, zh := all[English], all[Chinese]
	if len(en) < 50 {
		t.Fatalf("en catalog has %d keys; not loaded?", len(en))
	}
	for k, v := range en {
		z, ok := zh[k]
		if !ok {
			t.Errorf("zh-CN lacks %q", k)
			continue
		}
		if strings.TrimSpace(v) == "" || strings.TrimSpace(z) == "" {
			t.Errorf("%q: empty message", k)
		}
		for _, m := range []string{v, z} {
			if len(verbs(m)) == 0 && strings.Contains(fmt.Sprintf(m, []any{}...), "%!") {
				t.Errorf("%q: %q has a stray %%; write %%%% for a percent sign", k, m)
			}
		}
		if a, b := verbs(v), verbs(z); strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("%q: arguments differ: en %v, zh-CN %v", k, a, b)
		}
	}
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("en lacks %q", k)
		}
	}
}

// TestGlossary pins the DOMAIN.md glossary terms the interface must use.
func TestGlossary(t *testing.T) {
	zh := NewTranslator(Chinese, nil)
	for key, want := range map[string]string{
		"metric.service_level": "服务水平",
		"metric.asa":           "平均应答速度",
		"metric.aht":           "平均处理时长",
		"metric.occupancy":     "占用率",
		"metric.shrinkage":     "缩减率",
		"metric.adherence":     "排班遵守率",
		"metric.conformance":   "排班符合率",
		"metric.fcr":           "首次解决率",
		"metric.csat":          "客户满意度",
		"metric.quality":       "质检评分",
		"metric.complaints":    "投诉",
		"metric.strain":        "压力指标",
		"metric.offered":       "呼入量",
		"metric.answered":      "接通量",
		"metric.abandoned":     "放弃量",
		"term.forecast":        "预测",
		"term.interval":        "时段",
		"term.schedule":        "排班表",
		"term.shift":           "班次",
		"term.break":           "小休",
		"term.lunch":           "午餐",
		"term.time_off":        "请假",
		"term.shift_swap":      "换班",
		"term.review":          "绩效评估",
		"term.coaching":        "辅导反馈",
		"role.agent":           "坐席",
		"role.supervisor":      "主管",
		"role.manager":         "经理",
	} {
		if got := zh.T(key); got != want {
			t.Errorf("zh-CN %s = %q, want %q", key, got, want)
		}
	}
}

// TestTemplatesUseKnownKeys finds every literal message key in the
// templates and the package's Go code and checks both catalogs have it.
func TestTemplatesUseKnownKeys(t *testing.T) {
	all, err := catalogs()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{} // key -> where
	tmplKey := regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)
	goKey := regexp.MustCompile(`\.T\("([a-z0-9_.]+)"[,)]`)
	err = fs.WalkDir(templateFiles, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFiles.ReadFile(p)
		for _, m := range tmplKey.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = p
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	goFiles, _ := filepath.Glob("*.go")
	for _, f := range goFiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range goKey.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = f
		}
	}
	for _, n := range navigation {
		keys[n.key] = "navigation"
	}
	for _, r := range []Role{RoleAgent, RoleSupervisor, RoleManager, RoleAdmin} {
		keys["role."+string(r)] = "roles"
	}
	// Keys made from values of other packages: every value must have one.
	for _, d := range strainDrivers {
		keys["strain.driver."+string(d)] = "kpi strain drivers"
	}
	for _, a := range threeRs {
		keys["strain.action."+string(a)] = "kpi 3R actions"
	}
	for _, k := range store.TimeOffKinds {
		keys["timeoff.kind."+k] = "store time-off kinds"
	}
	for _, s := range []string{store.RequestPending, store.RequestApproved, store.RequestWaitlisted, store.RequestRefused, store.RequestCancelled} {
		keys["timeoff.status."+s] = "store request statuses"
	}
	for _, k := range store.ScorecardKPIs {
		keys["kpi."+k] = "scorecard KPIs"
	}
	for _, s := range []string{store.ReviewDraftStatus, store.ReviewShared, store.ReviewAcknowledged} {
		keys["review.status."+s] = "store review statuses"
	}
	for _, s := range []string{store.BuildRunning, store.BuildDone, store.BuildFailed} {
		keys["build.status."+s] = "store build statuses"
	}
	for _, s := range statusOrder {
		keys["intraday.status."+string(s)] = "kpi adherence statuses"
	}
	for _, s := range []kpi.State{"", kpi.StateAvailable, kpi.StateContact, kpi.StateACW, kpi.StateBreak, kpi.StateLunch, kpi.StateMeeting, kpi.StateTraining, kpi.StateOffline, kpi.StateOther} {
		if s == "" {
			s = "none"
		}
		keys["intraday.state."+string(s)] = "kpi states"
		if k := stateSpanKind(string(s)); s != "none" && spanKindKey[k] != "intraday.state."+string(s) {
			t.Errorf("timeline kind %s names %q", k, spanKindKey[k])
		}
	}
	for _, a := range []kpi.ActivityKind{"none", kpi.ActivityWork, kpi.ActivityBreak, kpi.ActivityLunch, kpi.ActivityMeeting, kpi.ActivityTraining, kpi.ActivityCoaching} {
		keys["intraday.activity."+string(a)] = "kpi activities"
	}
	if len(keys) < 20 {
		t.Fatalf("found only %d keys; is the pattern right?", len(keys))
	}
	for k, where := range keys {
		for _, l := range Locales {
			if _, ok := all[l][k]; !ok {
				t.Errorf("%s uses %q, missing from %s", where, k, l)
			}
		}
	}
}

func TestNegotiate(t *testing.T) {
	for _, c := range []struct {
		name         string
		pref, accept string
		want         Locale
	}{
		{"nothing said: default", "", "", English},
		{"Chinese first", "", "zh-CN,zh;q=0.9,en;q=0.8", Chinese},
		{"English first", "", "en-US,en;q=0.9,zh-CN;q=0.8", English},
		{"first supported by q", "", "fr-FR, zh;q=0.5, en;q=0.4", Chinese},
		{"order by q, not position", "", "en;q=0.4, zh-Hans;q=0.7", Chinese},
		{"zh-TW: the only Chinese we have", "", "zh-TW", Chinese},
		{"q=0: not acceptable", "", "zh;q=0, en;q=0.1", English},
		{"nothing supported: default", "", "fr, de", English},
		{"case and underscore tolerated", "", "ZH_cn", Chinese},
		{"a bad q counts as 0", "", "en;q=abc, zh;q=0.3", Chinese},
		{"English preference wins", "en", "zh-CN", English},
		{"Chinese preference wins", "zh-CN", "en-US", Chinese},
		{"unknown preference ignored", "xx", "zh-CN", Chinese},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Negotiate(c.pref, c.accept); got != c.want {
				t.Errorf("Negotiate(%q, %q) = %s, want %s", c.pref, c.accept, got, c.want)
			}
		})
	}
}

func TestTranslatorFallbacks(t *testing.T) {
	var zero Translator
	if got := zero.T("nav.logout"); got != "Log out" {
		t.Errorf("zero translator: %q", got)
	}
	if got := NewTranslator("fr", nil).Locale(); got != English {
		t.Errorf("unsupported locale gives %s", got)
	}
	if got := NewTranslator(Chinese, nil).T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key gives %q", got)
	}
	if got := NewTranslator(Chinese, nil).T("chart.coverage.note", 3, 40); got != "40 个时段中有 3 个人手不足。" {
		t.Errorf("indexed args: %q", got)
	}
}
