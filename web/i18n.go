package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Locale is a language the interface speaks.
type Locale string

const (
	English Locale = "en"
	Chinese Locale = "zh-CN" // Simplified Chinese
)

// Locales lists the supported locales, default first.
var Locales = []Locale{English, Chinese}

//go:embed i18n/*.json
var catalogFiles embed.FS

// catalogs parses the embedded message catalogs once, on first use (never in
// init, so a broken catalog is an error NewRenderer returns, not a crash).
var catalogs = sync.OnceValues(func() (map[Locale]map[string]string, error) {
	all := make(map[Locale]map[string]string, len(Locales))
	for _, l := range Locales {
		b, err := catalogFiles.ReadFile("i18n/" + string(l) + ".json")
		if err != nil {
			return nil, fmt.Errorf("catalog %s: %w", l, err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("catalog %s: %w", l, err)
		}
		all[l] = m
	}
	return all, nil
})

// ParseLocale returns the supported locale a language tag asks for: any
// Chinese tag gives zh-CN (the only Chinese we have), any English tag en.
func ParseLocale(tag string) (Locale, bool) {
	tag = strings.ToLower(strings.TrimSpace(tag))
	primary, _, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
	switch primary {
	case "en":
		return English, true
	case "zh":
		return Chinese, true
	}
	return English, false
}

// Negotiate picks the locale for a request: the user's saved preference
// first, then the browser's Accept-Language (by q-value), then English.
func Negotiate(preference, acceptLanguage string) Locale {
	if l, ok := ParseLocale(preference); ok {
		return l
	}
	type choice struct {
		tag string
		q   float64
	}
	var choices []choice
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(part, ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.TrimSpace(k) == "q" {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				q = f
			}
		}
		if q > 0 {
			choices = append(choices, choice{strings.TrimSpace(tag), q})
		}
	}
	sort.SliceStable(choices, func(i, j int) bool { return choices[i].q > choices[j].q })
	for _, c := range choices {
		if l, ok := ParseLocale(c.tag); ok {
			return l
		}
	}
	return English
}

// Translator speaks one locale and shows times in one time zone (the
// site's). The zero value speaks English in UTC.
type Translator struct {
	locale Locale
	loc    *time.Location
}

// NewTranslator returns a translator for locale l (English when l is not
// supported) showing times in loc (UTC when nil).
func NewTranslator(l Locale, loc *time.Location) Translator {
	if l != Chinese {
		l = English
	}
	return Translator{locale: l, loc: loc}
}

// Locale is the locale spoken, as an HTML lang value.
func (t Translator) Locale() Locale {
	if t.locale == "" {
		return English
	}
	return t.locale
}

// Location is the time zone times are shown in.
func (t Translator) Location() *time.Location {
	if t.loc == nil {
		return time.UTC
	}
	return t.loc
}

// Has reports whether the catalogs have key.
func (t Translator) Has(key string) bool {
	all, err := catalogs()
	if err != nil {
		return false
	}
	_, ok := all[t.Locale()][key]
	return ok
}

// T returns the message for key, formatted with args (fmt verbs; a
// literal percent sign is written %% in the catalogs). A key
// missing from the catalog comes back as itself, so a page never breaks;
// TestCatalogsHaveSameKeys and TestTemplatesUseKnownKeys keep that from
// happening.
func (t Translator) T(key string, args ...any) string {
	all, err := catalogs()
	if err != nil {
		return key
	}
	msg, ok := all[t.Locale()][key]
	if !ok {
		msg, ok = all[English][key]
	}
	if !ok {
		return key
	}
	return fmt.Sprintf(msg, args...)
}

// Name is the locale's name in its own language, for the language switch.
func (l Locale) Name() string {
	if l == Chinese {
		return "中文"
	}
	return "English"
}

// Translate says key in the locale a language tag asks for (English when
// it asks for none we speak): the catalogs for those outside the pages,
// such as the API's calendar feed (api.Config.Translate).
func Translate(locale, key string, args ...any) string {
	l, _ := ParseLocale(locale)
	return NewTranslator(l, nil).T(key, args...)
}
