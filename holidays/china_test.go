package holidays

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

// cnArrangement is the days off and the make-up days of the Chinese
// holidays from from to to, as "date off" / "date work" lines.
func cnArrangement(t *testing.T, from, to string) string {
	t.Helper()
	days, err := Between("CN", mustDate(from), mustDate(to))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range days {
		switch {
		case d.Closed:
			out = append(out, d.Date+" off")
		case d.Workday:
			out = append(out, d.Date+" work")
		}
	}
	return strings.Join(out, "\n")
}

// expand turns "2024-02-10..17 off, 02-04 work" shorthand into lines.
func expand(year int, spec string) string {
	var out []string
	for _, part := range strings.Split(spec, ",") {
		f := strings.Fields(part)
		what, dates := f[1], f[0]
		y := year
		if strings.HasPrefix(dates, "p") { // the December before
			y, dates = year-1, dates[1:]
		}
		from, to, _ := strings.Cut(dates, "..")
		start := mustDate(fmt.Sprintf("%d-%s", y, from))
		end := start
		if to != "" {
			end = time.Date(y, start.Month(), atoi(to), 0, 0, 0, 0, time.UTC)
			if end.Before(start) {
				end = end.AddDate(0, 1, 0)
			}
		}
		for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
			out = append(out, d.Format(time.DateOnly)+" "+what)
		}
	}
	return strings.Join(out, "\n")
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = 10*n + int(r-'0')
	}
	return n
}

// The arrangements as the State Council's General Office published them
// (transcribed from the notices, not from lunar-go): 国办发明电〔2016〕17号
// of 1 December 2016 for 2017, 国办发明电〔2023〕7号 of 25 October 2023 for
// 2024, 国办发明电〔2024〕12号 of 12 November 2024 for 2025, and the notice
// of 4 November 2025 for 2026. "With the weekend" (与周末连休) is written
// out as the weekend days.
func TestChinaOnTheStateCouncilsNotices(t *testing.T) {
	cases := []struct {
		year int
		spec string
	}{
		{2017, "p12-31..01 off, 01-02 off, 01-22 work, 01-27..02 off, 02-04 work, 04-01 work, 04-02..04 off, 04-29..30 off, 05-01 off, " +
			"05-27 work, 05-28..30 off, 09-30 work, 10-01..08 off"},
		{2024, "p12-30..31 off, 01-01 off, 02-04 work, 02-10..17 off, 02-18 work, 04-04..06 off, 04-07 work, 04-28 work, 05-01..05 off, " +
			"05-11 work, 06-08..10 off, 09-14 work, 09-15..17 off, 09-29 work, 10-01..07 off, 10-12 work"},
		{2025, "01-01 off, 01-26 work, 01-28..04 off, 02-08 work, 04-04..06 off, 04-27 work, 05-01..05 off, 05-31..02 off, " +
			"09-28 work, 10-01..08 off, 10-11 work"},
		{2026, "01-01..03 off, 01-04 work, 02-14 work, 02-15..23 off, 02-28 work, 04-04..06 off, 05-01..05 off, 05-09 work, " +
			"06-19..21 off, 09-20 work, 09-25..27 off, 10-01..07 off, 10-10 work"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.year), func(t *testing.T) {
			want := expand(c.year, c.spec)
			lines := strings.Split(want, "\n")
			first, last := lines[0][:10], lines[len(lines)-1][:10]
			if got := cnArrangement(t, first, last); got != want {
				t.Errorf("%d:\n got %s\nwant %s", c.year, strings.ReplaceAll(got, "\n", ", "), strings.ReplaceAll(want, "\n", ", "))
			}
		})
	}
}

// The rules for the years not announced yet reproduce the years announced
// under the same principles (the 2024 revision, from 2025 on), every day
// off and every make-up day.
func TestChinaRulesReproduceTheAnnouncedYears(t *testing.T) {
	if cnLastTableYear < 2027 {
		t.Fatalf("lunar-go's table ends in %d", cnLastTableYear)
	}
	flat := func(bs []cnBreak) string {
		var out []string
		for _, b := range bs {
			for _, d := range b.off {
				out = append(out, d.Format(time.DateOnly)+" off "+b.name)
			}
			for _, d := range b.makeUp {
				out = append(out, d.Format(time.DateOnly)+" work "+b.name)
			}
		}
		return strings.Join(out, "\n")
	}
	for y := 2025; y <= 2027; y++ {
		table, rules := sorted(flat(cnBreaks(y))), sorted(flat(cnRuleBreaks(y)))
		if table != rules {
			t.Errorf("%d by rule:\n%s\nannounced:\n%s", y, rules, table)
		}
	}
}

// Years after lunar-go's table are provisional, from the lunar calendar:
// Spring Festival 2028 is 26 January (eve the 25th), 2029 13 February;
// Mid-Autumn 2028 (3 October) joins National Day.
func TestChinaProvisionalYears(t *testing.T) {
	last := OfficialThrough("CN")
	if OfficialThrough("US") != 0 {
		t.Error("US has no announced years")
	}
	days, err := Between("CN", mustDate(fmt.Sprintf("%d-01-01", last)), mustDate("2029-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]string{}
	for _, d := range days {
		if d.Provisional != (d.Date > fmt.Sprintf("%d-12-31", last) || (d.Date[:4] == fmt.Sprint(last) && d.Date[5:] >= "12-25" && d.Closed)) {
			t.Errorf("%s %s: provisional %v (official through %d)", d.Date, d.Name, d.Provisional, last)
		}
		if d.Closed {
			named[d.Date] = d.Name
		}
	}
	for date, want := range map[string]string{
		"2028-01-25": "Spring Festival", // the eve
		"2028-01-26": "Spring Festival",
		"2029-02-12": "Spring Festival",
		"2028-10-03": "National Day and Mid-Autumn Festival",
		"2028-10-01": "National Day and Mid-Autumn Festival",
		"2028-04-04": "Qingming Festival",
		"2028-05-28": "Dragon Boat Festival",
		"2029-06-16": "Dragon Boat Festival",
		"2029-09-22": "Mid-Autumn Festival",
		"2029-10-01": "National Day",
	} {
		t.Run(date, func(t *testing.T) {
			if got := named[date]; got != want {
				t.Errorf("%s: day off %q, want %s", date, got, want)
			}
		})
	}
}

// A make-up day is worked as Monday after rest days, as Friday before
// them; the week around Spring Festival and the golden week are groups of
// their own; every day has a group and the days off are closed.
func TestChinaMakeUpDaysAndGroups(t *testing.T) {
	days, err := Between("CN", mustDate("2025-01-01"), mustDate("2026-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	byDate := map[string]Day{}
	for _, d := range days {
		byDate[d.Date] = d
		if d.Group == "" || d.Name == "" || (d.Closed && (d.Workday || d.Near)) {
			t.Errorf("%+v", d)
		}
	}
	for date, want := range map[string]string{
		"2025-01-26": "Monday", // Sunday before the Spring Festival week, Saturday off
		"2025-02-08": "Friday", // Saturday after it, Sunday off
		"2026-01-04": "Monday", // Sunday after New Year's Day (1-3 January off)
		"2026-02-14": "Friday", // Saturday before the break that starts Sunday
		"2026-09-20": "Monday",
		"2026-10-10": "Friday",
	} {
		t.Run("make-up day "+date, func(t *testing.T) {
			d := byDate[date]
			if !d.Workday || d.Like != want || d.Group != "make-up working day" {
				t.Errorf("%s: %+v, want a make-up day worked as %s", date, d, want)
			}
		})
	}
	for date, group := range map[string]string{
		"2026-02-13": "before spring festival",
		"2026-02-09": "before spring festival",
		"2026-02-08": "before spring festival",
		"2026-02-24": "after spring festival",
		"2026-03-02": "after spring festival",
		"2026-02-17": "spring festival",
		"2026-09-30": "before national day",
		"2026-09-24": "before national day",
		"2026-09-26": "holiday", // Mid-Autumn, inside the week before National Day
		"2026-10-08": "after national day",
		"2026-10-14": "after national day",
		"2026-05-04": "holiday",
		"2026-01-01": "holiday",
	} {
		t.Run("group of "+date, func(t *testing.T) {
			if d := byDate[date]; d.Group != group {
				t.Errorf("%s: group %q, want %q", date, d.Group, group)
			}
		})
	}
	for _, date := range []string{"2026-02-07", "2026-03-03", "2026-10-15", "2026-05-06"} {
		if d, ok := byDate[date]; ok {
			t.Errorf("%s is a normal day, got %+v", date, d)
		}
	}
	if d := byDate["2026-01-01"]; !d.Common || !d.Closed {
		t.Errorf("New Year's Day: %+v", d)
	}
	if d := byDate["2026-02-17"]; d.Common || !d.Closed || d.Like != "Sunday" {
		t.Errorf("Spring Festival: %+v", d)
	}
}

func sorted(lines string) string {
	l := strings.Split(lines, "\n")
	sort.Strings(l)
	return strings.Join(l, "\n")
}
