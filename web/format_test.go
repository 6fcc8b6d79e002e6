package web

import (
	"fmt"
	"math"
	"testing"
	"time"
)

func TestDateTimeFormats(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	// 2026-03-01 23:30 UTC is Monday 07:30 in Shanghai, Sunday 18:30 in New York.
	at := time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC)
	// 2026-03-08 07:30 UTC is 03:30 EDT, just after the spring-forward gap.
	dst := time.Date(2026, 3, 8, 7, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		name            string
		locale          Locale
		loc             *time.Location
		tm              time.Time
		date, short, hm string
	}{
		{"English in Shanghai", English, shanghai, at, "Mon 2 Mar 2026", "2 Mar", "07:30"},
		{"Chinese in Shanghai", Chinese, shanghai, at, "2026年3月2日 周一", "3月2日", "07:30"},
		{"English in New York", English, newYork, at, "Sun 1 Mar 2026", "1 Mar", "18:30"},
		{"Chinese in New York", Chinese, newYork, at, "2026年3月1日 周日", "3月1日", "18:30"},
		{"English with no zone", English, nil, at, "Sun 1 Mar 2026", "1 Mar", "23:30"},
		{"English in New York after spring forward", English, newYork, dst, "Sun 8 Mar 2026", "8 Mar", "03:30"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := NewTranslator(c.locale, c.loc)
			if got := tr.Date(c.tm); got != c.date {
				t.Errorf("%s %v Date = %q, want %q", c.locale, c.loc, got, c.date)
			}
			if got := tr.ShortDate(c.tm); got != c.short {
				t.Errorf("%s %v ShortDate = %q, want %q", c.locale, c.loc, got, c.short)
			}
			if got := tr.Time(c.tm); got != c.hm {
				t.Errorf("%s %v Time = %q, want %q", c.locale, c.loc, got, c.hm)
			}
			if got, want := tr.DayDate(c.tm), map[Locale]string{English: c.date[:len(c.date)-5], Chinese: c.short + c.date[len(c.date)-7:]}[c.locale]; got != want {
				t.Errorf("%s %v DayDate = %q, want %q", c.locale, c.loc, got, want)
			}
			if got := tr.DateTime(c.tm); got != c.date+" "+c.hm {
				t.Errorf("%s %v DateTime = %q", c.locale, c.loc, got)
			}
		})
	}
}

func TestNumberFormats(t *testing.T) {
	for _, locale := range Locales {
		tr := NewTranslator(locale, nil)
		for _, c := range []struct {
			v        float64
			decimals int
			want     string
		}{
			{0, 0, "0"},
			{999, 0, "999"},
			{1000, 0, "1,000"},
			{1234567.891, 2, "1,234,567.89"},
			{-1234.5, 1, "-1,234.5"},
			{-0.04, 1, "0.0"}, // no "-0.0"
			{123456, 0, "123,456"},
			{0.5, 0, "0"}, // round half to even, as strconv does
			{2.5, 0, "2"},
			{1.005, -3, "1"}, // negative decimals treated as 0
			{math.NaN(), 1, "–"},
			{math.Inf(1), 1, "–"},
		} {
			if got := tr.Number(c.v, c.decimals); got != c.want {
				t.Errorf("%s Number(%v, %d) = %q, want %q", locale, c.v, c.decimals, got, c.want)
			}
		}
		for _, c := range []struct {
			v        float64
			decimals int
			want     string
		}{
			{0.8, 0, "80%"},
			{0.81249, 1, "81.2%"},
			{1, 1, "100.0%"},
			{12.5, 0, "1,250%"},
			{math.NaN(), 1, "–"},
		} {
			if got := tr.Percent(c.v, c.decimals); got != c.want {
				t.Errorf("%s Percent(%v, %d) = %q, want %q", locale, c.v, c.decimals, got, c.want)
			}
		}
	}
}

func TestSeconds(t *testing.T) {
	en, zh := NewTranslator(English, nil), NewTranslator(Chinese, nil)
	for _, c := range []struct {
		s      float64
		en, zh string
	}{
		{0, "0s", "0秒"},
		{14.6, "15s", "15秒"},
		{59.4, "59s", "59秒"},
		{59.5, "1m 00s", "1分00秒"},
		{245, "4m 05s", "4分05秒"},
		{3725, "1h 02m", "1小时02分"},
		{-30, "-30s", "-30秒"},
		{math.NaN(), "–", "–"},
		{math.Inf(-1), "–", "–"},
	} {
		t.Run(fmt.Sprint(c.s), func(t *testing.T) {
			if got := en.Seconds(c.s); got != c.en {
				t.Errorf("en Seconds(%v) = %q, want %q", c.s, got, c.en)
			}
			if got := zh.Seconds(c.s); got != c.zh {
				t.Errorf("zh Seconds(%v) = %q, want %q", c.s, got, c.zh)
			}
		})
	}
}

func TestMinutes(t *testing.T) {
	en, zh := NewTranslator(English, nil), NewTranslator(Chinese, nil)
	for _, c := range []struct {
		m      int
		en, zh string
	}{
		{0, "0 min", "0 分钟"},
		{45, "45 min", "45 分钟"},
		{180, "3 h", "3 小时"},
		{450, "7 h 30 min", "7 小时 30 分钟"},
		{11040, "184 h", "184 小时"},
		{-120, "-2 h", "-2 小时"},
	} {
		t.Run(c.en, func(t *testing.T) {
			if got := en.Minutes(c.m); got != c.en {
				t.Errorf("en Minutes(%d) = %q, want %q", c.m, got, c.en)
			}
			if got := zh.Minutes(c.m); got != c.zh {
				t.Errorf("zh Minutes(%d) = %q, want %q", c.m, got, c.zh)
			}
		})
	}
}
