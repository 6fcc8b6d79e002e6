package web

import (
	"testing"

	"wfm/kpi"
	"wfm/store"
)

// The default quality form is the product's: every item has its words in
// both catalogs (the English ones the form's own), so a Chinese reader
// reads it in Chinese; an item the center rewrote is shown as written.
func TestDefaultQualityFormIsTranslated(t *testing.T) {
	en, zh := Page{Translator: NewTranslator(English, nil)}, Page{Translator: NewTranslator(Chinese, nil)}
	f := kpi.DefaultQualityForm()
	if got := qualityFormName(en, f.Name); got != f.Name {
		t.Errorf("en form name %q, want %q", got, f.Name)
	}
	if got := qualityFormName(zh, f.Name); got == f.Name {
		t.Errorf("zh form name untranslated: %q", got)
	}
	for _, it := range f.Items {
		item := store.QualityItem{ID: it.ID, Text: it.Text}
		if got := qualityItemText(en, item); got.Text != it.Text || got.People {
			t.Errorf("en %s: %+v, want the form's own words %q", it.ID, got, it.Text)
		}
		if got := qualityItemText(zh, item); got.Text == it.Text || got.People {
			t.Errorf("zh %s: %+v, want Chinese", it.ID, got)
		}
		item.Text = "Said hello"
		if got := qualityItemText(zh, item); got.Text != "Said hello" || !got.People {
			t.Errorf("rewritten %s: %+v, want the center's words", it.ID, got)
		}
	}
}

// The admin forms' line syntax reads the words in either language, as the
// form writes them for its reader.
func TestFormWordsInEitherLanguage(t *testing.T) {
	for _, c := range []struct {
		typed, prefix string
		words         []string
		want          string
	}{
		{"排班遵守率", "kpi.", store.ScorecardKPIs, "adherence"},
		{"Average handle time", "kpi.", store.ScorecardKPIs, "aht_seconds"},
		{"aht_seconds", "kpi.", store.ScorecardKPIs, "aht_seconds"},
		{"越低越好", "aform.word.", []string{"higher", "lower"}, "lower"},
		{"Higher", "aform.word.", []string{"higher", "lower"}, "higher"},
		{"关键", "aform.word.", []string{"critical"}, "critical"},
		{"移情性", "quality.dim.", dimensionIDs(), "empathy"},
		{"sideways", "aform.word.", []string{"higher", "lower"}, "sideways"}, // for the store to refuse
	} {
		t.Run(c.typed, func(t *testing.T) {
			if got := formWord(c.typed, c.prefix, c.words); got != c.want {
				t.Errorf("formWord(%q) = %q, want %q", c.typed, got, c.want)
			}
		})
	}
}
