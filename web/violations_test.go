package web

import (
	"regexp"
	"strings"
	"testing"

	"wfm/schedule"
	"wfm/store"
)

// Every rule the checker reports (schedule.Violation's table) is worded
// from its numbers and names in both languages: no English message on a
// Chinese page, minutes as hours, dates as dates.
func TestViolationsAreWordedFromWhatTheCheckerFound(t *testing.T) {
	day := 6
	v := func(rule string, values map[string]int, names map[string]string) schedule.Violation {
		if names == nil {
			names = map[string]string{}
		}
		names["date"] = "2026-03-08"
		return schedule.Violation{Rule: rule, Agent: "A01", Day: &day, Values: values, Names: names, Message: "English " + rule}
	}
	cases := []struct {
		name   string
		v      schedule.Violation
		zhWant string
	}{
		{"one_shift_per_day", v("one_shift_per_day", nil, nil), "3月8日 周日 排了不止一个班次"},
		{"days_off", v("days_off", nil, nil), "3月8日 周日 是休息日"},
		{"shifts", v("shifts", nil, map[string]string{"shift": "N"}), "不可上 N 班次"},
		{"overlap", v("overlap", map[string]int{"minutes": 90}, map[string]string{"shift": "E"}), "1 小时 30 分钟"},
		{"min_rest_minutes", v("min_rest_minutes", map[string]int{"minutes": 600, "min": 660}, map[string]string{"shift": "E"}), "只休息 10 小时，至少应休息 11 小时"},
		{"cannot_be_followed_by", v("cannot_be_followed_by", nil, map[string]string{"shift": "E", "previous": "N"}), "不能接在前一天的 N 班次之后"},
		{"max_shifts", v("max_shifts", map[string]int{"count": 9, "max": 8}, map[string]string{"shift": "N"}), "N 班次 9 个，最多 8 个"},
		{"min_minutes", v("min_minutes", map[string]int{"minutes": 11040, "min": 11520}, nil), "带薪工时 184 小时，至少应为 192 小时"},
		{"max_minutes", v("max_minutes", map[string]int{"minutes": 11040, "max": 9600}, nil), "带薪工时 184 小时，最多 160 小时"},
		{"max_consecutive_shifts", v("max_consecutive_shifts", map[string]int{"days": 7, "max": 5}, nil), "从 3月8日 周日 起连续上班 7 天，最多 5 天"},
		{"min_consecutive_shifts", v("min_consecutive_shifts", map[string]int{"days": 1, "min": 2}, nil), "只连续上班 1 天"},
		{"min_consecutive_days_off", v("min_consecutive_days_off", map[string]int{"days": 1, "min": 2}, nil), "只连休 1 天"},
		{"max_weekends", v("max_weekends", map[string]int{"weekends": 3, "max": 2}, nil), "有 3 个周末上班，最多 2 个"},
		{"agent", v("agent", nil, map[string]string{"agent": "Z9"}), "没有坐席 Z9"},
		{"shift", v("shift", nil, map[string]string{"shift": "Q"}), "没有班次 Q"},
		{"day", v("day", map[string]int{"day": 30, "last": 27}, nil), "第 30 天不在排班期内"},
		{"skill", v("skill", nil, map[string]string{"skill": "billing"}), "不具备技能 billing"},
		{"start unreadable", v("start", nil, map[string]string{"shift": "E", "text": "9h"}), "开始时间“9h”无法识别"},
		{"start not the template's", v("start", nil, map[string]string{"shift": "E", "start": "10:00", "want": "08:00"}), "E 班次 10:00 开始，应为 08:00"},
		{"start outside the window", v("start", map[string]int{"interval": 15}, map[string]string{"shift": "E", "start": "10:10", "earliest": "08:00", "latest": "10:00"}), "应在 08:00 至 10:00 之间，并按 15 分钟对齐"},
		{"breaks count", v("breaks", map[string]int{"want": 2, "got": 1}, map[string]string{"shift": "E"}), "安排了 1 次小休，班次模板为 2 次"},
		{"breaks unreadable start", v("breaks", map[string]int{"break": 0}, map[string]string{"shift": "E", "text": "12h"}), "第 1 次小休的开始时间“12h”无法识别"},
		{"breaks length", v("breaks", map[string]int{"break": 1, "minutes": 30, "want": 60}, map[string]string{"shift": "E"}), "第 2 次小休时长 30 分钟，班次模板为 1 小时"},
		{"breaks outside the window", v("breaks", map[string]int{"break": 0, "offset": 30, "earliest": 90, "latest": 150}, map[string]string{"shift": "E"}), "应在上班 1 小时 30 分钟 至 2 小时 30 分钟 之间开始"},
		{"breaks overlap", v("breaks", map[string]int{"break": 1, "other": 0}, map[string]string{"shift": "E"}), "第 2 次小休与第 1 次重叠"},
	}
	latin := regexp.MustCompile(`[A-Za-z]{3,}`)
	names := map[string]string{"A01": "王芳"}
	zh, en := NewTranslator(Chinese, nil), NewTranslator(English, nil)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := violationView(c.v, names, zh)
			if !strings.Contains(got.Line, c.zhWant) || !strings.HasPrefix(got.Line, "王芳：") {
				t.Errorf("%s %v %v: %q, want it to say %q", c.v.Rule, c.v.Values, c.v.Names, got.Line, c.zhWant)
			}
			if w := latin.FindAllString(got.Line, -1); len(w) > 0 && c.v.Names["skill"] == "" {
				t.Errorf("%s: English %q in %q", c.v.Rule, w, got.Line)
			}
			if e := violationView(c.v, names, en); strings.Contains(e.Line, "English") || strings.Contains(e.Line, "a rule is broken") || strings.Contains(e.Line, "%!") {
				t.Errorf("%s: en %q", c.v.Rule, e.Line)
			}
		})
	}
	if got := violationView(schedule.Violation{Rule: "new_rule", Names: map[string]string{"x": "y"}, Message: "English"}, nil, zh); strings.Contains(got.Line, "English") {
		t.Errorf("a rule the interface does not know shows the checker's English: %q", got.Line)
	}
	// One stored before violations carried their numbers: framed.
	if got := violationView(schedule.Violation{Rule: "min_minutes", Agent: "A01", Message: "11040 paid minutes, want at least 11520"}, names, zh); got.Line != "王芳：违反了一条排班规则（系统原文：11040 paid minutes, want at least 11520）" {
		t.Errorf("an old violation: %q", got.Line)
	}
}

func TestBuildNotesAreWorded(t *testing.T) {
	b := &store.ScheduleBuild{Notes: []string{"English"}, NoteDetails: []store.BuildNote{
		{Kind: store.NoteAgentWithoutTemplate, Subject: "A7", Templates: []string{"N", "X"}},
		{Kind: store.NoteTemplateUnused, Subject: "N"},
		{Kind: store.NoteSkillUnstaffed, Subject: "billing"},
	}}
	want := []string{"坐席 A7 未参与排班：其合同中的班次模板（N；X）都不是本站点的模板", "班次模板 N 未使用：没有坐席可以上此班次", "技能 billing 的人力需求未纳入：本站点没有坐席具备此技能"}
	if got := buildNotes(b, NewTranslator(Chinese, nil)); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("notes %q, want %q", got, want)
	}
	for _, n := range buildNotes(b, NewTranslator(English, nil)) {
		if strings.Contains(n, "%!") {
			t.Errorf("en note %q", n)
		}
	}
}
