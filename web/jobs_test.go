package web

import (
	"regexp"
	"testing"

	"wfm/jobs"
)

// Every cron job of the catalog has a title and a description in both
// languages, and a schedule said in words: the admin page shows them.
func TestJobsSpeakBothLanguages(t *testing.T) {
	latin := regexp.MustCompile(`[A-Za-z]{3,}`)
	abbreviations := map[string]bool{"KPI": true, "WAPE": true, "MAPE": true}
	for _, j := range append(jobs.Catalog(nil, nil), jobs.ConnectorJobs(nil, nil, nil)...) {
		for _, l := range Locales {
			tr := NewTranslator(l, nil)
			for _, key := range []string{"job." + j.Name, "job." + j.Name + ".about"} {
				if !tr.Has(key) {
					t.Errorf("%s: no %s", l, key)
				}
			}
			if got := cronText(j.Schedule, tr); got == j.Schedule {
				t.Errorf("%s: schedule %q not said in words", l, j.Schedule)
			}
		}
		zh := NewTranslator(Chinese, nil)
		for _, s := range []string{jobTitle(j.Name, zh), jobAbout(j.Name, j.About, zh), cronText(j.Schedule, zh)} {
			for _, w := range latin.FindAllString(s, -1) {
				if !abbreviations[w] {
					t.Errorf("zh-CN %s: English %q in %q", j.Name, w, s)
				}
			}
		}
	}
}

func TestCronText(t *testing.T) {
	en, zh := NewTranslator(English, nil), NewTranslator(Chinese, nil)
	for _, c := range []struct{ spec, en, zh string }{
		{"@every 15m", "every 15 min", "每 15 分钟"},
		{"@every 1h", "every 1 h", "每 1 小时"},
		{"30 1 * * *", "daily at 01:30", "每天 01:30"},
		{"0 3 1 * *", "monthly, on day 1 at 03:00", "每月 1 日 03:00"},
		{"0 3 * * 1", "0 3 * * 1", "0 3 * * 1"}, // weekly: shown as written
	} {
		t.Run(c.spec, func(t *testing.T) {
			if got := cronText(c.spec, en); got != c.en {
				t.Errorf("en %q = %q, want %q", c.spec, got, c.en)
			}
			if got := cronText(c.spec, zh); got != c.zh {
				t.Errorf("zh %q = %q, want %q", c.spec, got, c.zh)
			}
		})
	}
}
