package web

import (
	"regexp"
	"strings"
	"testing"

	"wfm/fault"
)

// The store's common field messages are said in Chinese; one a page does
// not know is framed by a Chinese sentence.
func TestFieldProblemsInChinese(t *testing.T) {
	zh := NewTranslator(Chinese, nil)
	err := &fault.Error{Code: fault.Invalid, Message: "invalid time off request", Fields: map[string]string{
		"end_date": "2026-03-18 is before start_date 2026-03-20", "start_date": `"2026-02-30" is not a date YYYY-MM-DD`, "note": "at most 500 characters",
		"kind": "required", "to_date": "outside the published schedule", "from_date": "neither agent works the days named: nothing to swap",
		"to_agent_id": "works at another site", "strength": "9, want 1 to 3", "weekday": "8, want 0 (Sunday) to 6 (Saturday)", "multiplier": `"1,5" is not a number`}}
	got := fieldProblems(err, zh)
	for _, want := range []string{"结束日期：早于开始日期", "开始日期：“2026-02-30”不是有效日期", "备注：最多 500 个字符", "类型：必填", "对方日期：不在已发布的排班期内",
		"我的日期：你们两人在所选日期都没有班次", "对方：在另一个站点工作", "强度：9 超出范围，应为 1 到 3", "星期：8 超出范围，应为 0 到 6", "倍数：“1,5”不是数字"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q does not say %q", got, want)
		}
	}
	if w := regexp.MustCompile(`[A-Za-z]{3,}`).FindAllString(got, -1); len(w) > 0 {
		t.Errorf("English in %q: %q", got, w)
	}
	other := problemText("the moon is in the way", zh)
	if !strings.HasPrefix(other, "输入有误") || !strings.Contains(other, "the moon is in the way") {
		t.Errorf("an unknown message: %q, want it framed", other)
	}
}
