package holidays

import (
	"sort"
	"strconv"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
	"github.com/6tail/lunar-go/calendar"

	"wfm/civil"
)

// Mainland China. Every autumn the State Council's General Office
// announces the next year's days off and make-up working days (调休): a
// weekday inside a break is swapped with a Saturday or Sunday next to
// it, which is worked instead. These dates follow no rule a program can
// be sure of (2026's Spring Festival break began two days before the
// eve, 2025's on it), so the announced years come from the table of
// github.com/6tail/lunar-go (HolidayUtil, MIT licence; every year since
// 2002, a release adds each new year within days of the notice: v1.4.7
// of 6 November 2026 added 2027). Years after its last table are laid out
// by the rules of the 2024 revision of the national holiday regulations
// (festival dates from lunar-go's lunar calendar) and marked Provisional.
// Years before 2002 have no holidays here.
//
// Groups, the days a forecast learns one effect for: the Spring Festival
// break ("spring festival") and the National Day golden week ("national
// day") each their own; the short breaks (New Year's Day, Qingming,
// Labour Day, Dragon Boat, Mid-Autumn) one "holiday"; every make-up day
// one "make-up working day"; and the working week before and after the two
// long breaks their own groups ("before spring festival", "after spring
// festival", "before national day", "after national day"): travel and
// returning offices thin or swell the contacts for days around them.

// Chinese day groups.
const (
	groupCNHoliday      = "holiday"
	groupSpringFestival = "spring festival"
	groupNationalDay    = "national day"
	groupMakeUp         = "make-up working day"
	nearDays            = 7 // how many days before and after a long break are its own groups
)

// The festivals by lunar-go's Chinese names (HolidayUtil.NAMES).
var chineseFestival = map[string]string{
	"元旦节":   "New Year's Day",
	"春节":    "Spring Festival",
	"清明节":   "Qingming Festival",
	"劳动节":   "Labour Day",
	"端午节":   "Dragon Boat Festival",
	"中秋节":   "Mid-Autumn Festival",
	"国庆节":   "National Day",
	"国庆中秋":  "National Day and Mid-Autumn Festival",
	"抗战胜利日": "Victory Day",
}

// festivalGroup is the group of a festival's days off.
func festivalGroup(name string) string {
	switch name {
	case "Spring Festival":
		return groupSpringFestival
	case "National Day", "National Day and Mid-Autumn Festival":
		return groupNationalDay
	}
	return groupCNHoliday
}

// cnTableYears is the first and last year lunar-go's table announces
// (by the year of the festival each entry belongs to).
var cnFirstTableYear, cnLastTableYear = tableYears()

func tableYears() (first, last int) {
	first = 2002
	last = first
	for y := first; y < 2200; y++ {
		announced := false
		for e := HolidayUtil.GetHolidaysByYear(y).Front(); e != nil; e = e.Next() {
			if h := e.Value.(*HolidayUtil.Holiday); h.GetTarget()[:4] == strconv.Itoa(y) {
				announced = true
			}
		}
		if !announced {
			break
		}
		last = y
	}
	return first, last
}

// OfficialThrough is the last year whose public holidays country's
// government has announced and this package knows; later years are
// computed by rule and marked Provisional. 0 for a country whose
// holidays all follow rules.
func OfficialThrough(country string) int {
	if country == "CN" {
		return cnLastTableYear
	}
	return 0
}

// cnBreak is one festival's arrangement: its days off and make-up days.
type cnBreak struct {
	name   string // English
	off    []time.Time
	makeUp []time.Time
}

// china is the days of the arrangements announced (or laid out by rule)
// for year y, with the make-up days' stand-in weekdays and the days
// around the two long breaks.
func china(y int) []Day {
	if y < cnFirstTableYear {
		return nil
	}
	breaks := cnBreaks(y)
	provisional := y > cnLastTableYear
	// Rest days, to tell which weekday a make-up day stands in for; the
	// neighbouring years' breaks can touch this year's first and last days.
	status := map[string]bool{} // date -> worked (false: a day off)
	for _, yy := range []int{y - 1, y, y + 1} {
		bs := breaks
		if yy != y {
			bs = cnBreaks(yy)
		}
		for _, b := range bs {
			for _, t := range b.off {
				status[t.Format(time.DateOnly)] = false
			}
			for _, t := range b.makeUp {
				status[t.Format(time.DateOnly)] = true
			}
		}
	}
	rest := func(t time.Time) bool {
		if worked, ok := status[t.Format(time.DateOnly)]; ok {
			return !worked
		}
		return t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
	}
	var out []Day
	for _, b := range breaks {
		group := festivalGroup(b.name)
		for _, t := range b.off {
			d := closed(day(t, b.name, group))
			d.Common = b.name == "New Year's Day"
			d.Like, d.Provisional = time.Sunday.String(), provisional
			out = append(out, d)
		}
		for _, t := range b.makeUp {
			d := day(t, b.name, groupMakeUp)
			d.Workday, d.Like, d.Provisional = true, worksAs(t, rest).String(), provisional
			out = append(out, d)
		}
		if group == groupCNHoliday || len(b.off) == 0 {
			continue
		}
		first, last := b.off[0], b.off[len(b.off)-1]
		for i := 1; i <= nearDays; i++ {
			for _, n := range []struct {
				t     time.Time
				group string
			}{{first.AddDate(0, 0, -i), "before " + group}, {last.AddDate(0, 0, i), "after " + group}} {
				if _, special := status[n.t.Format(time.DateOnly)]; special {
					continue
				}
				d := day(n.t, b.name, n.group)
				d.Near, d.Provisional = true, provisional
				out = append(out, d)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}

// worksAs is the weekday a make-up day is worked as, by its place in the
// working days around it: Monday after rest days (the week starts with
// it), Friday before them (the week ends with it), Wednesday between
// working days. The swap the notice makes (which weekday off it pays for)
// says nothing about how the day is worked.
func worksAs(t time.Time, rest func(time.Time) bool) time.Weekday {
	switch {
	case rest(t.AddDate(0, 0, -1)):
		return time.Monday
	case rest(t.AddDate(0, 0, 1)):
		return time.Friday
	}
	return time.Wednesday
}

// cnBreaks is year y's arrangements: lunar-go's table when announced,
// else the rules.
func cnBreaks(y int) []cnBreak {
	if y < cnFirstTableYear {
		return nil
	}
	if y > cnLastTableYear {
		return cnRuleBreaks(y)
	}
	byTarget := map[string]*cnBreak{}
	var order []string
	// An arrangement's days can fall in the year before (New Year's Day
	// from 30 December, a make-up Sunday before it).
	for _, yy := range []int{y - 1, y} {
		for e := HolidayUtil.GetHolidaysByYear(yy).Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			if h.GetTarget()[:4] != strconv.Itoa(y) {
				continue
			}
			key := h.GetTarget() + h.GetName()
			b, ok := byTarget[key]
			if !ok {
				b = &cnBreak{name: chineseFestival[h.GetName()]}
				if b.name == "" {
					b.name = h.GetName() // a festival added to the table after this code
				}
				byTarget[key] = b
				order = append(order, key)
			}
			t, err := civil.ParseIn(h.GetDay(), nil)
			if err != nil {
				continue
			}
			if h.IsWork() {
				b.makeUp = append(b.makeUp, t)
			} else {
				b.off = append(b.off, t)
			}
		}
	}
	out := make([]cnBreak, 0, len(order))
	for _, k := range order {
		out = append(out, *byTarget[k])
	}
	return foldInside(out)
}

// foldInside puts a break that lies inside another (2017's Mid-Autumn
// day in the middle of the golden week, listed apart) into it: its days
// are the longer break's.
func foldInside(bs []cnBreak) []cnBreak {
	into := make([]int, len(bs))
	for i, b := range bs {
		into[i] = -1
		for j, o := range bs {
			if j != i && len(b.off) > 0 && len(o.off) > len(b.off) &&
				!b.off[0].Before(o.off[0]) && !b.off[len(b.off)-1].After(o.off[len(o.off)-1]) {
				into[i] = j
			}
		}
	}
	for i, j := range into {
		if j >= 0 {
			bs[j].off = append(bs[j].off, bs[i].off...)
			bs[j].makeUp = append(bs[j].makeUp, bs[i].makeUp...)
		}
	}
	var out []cnBreak
	for i, b := range bs {
		if into[i] >= 0 {
			continue
		}
		sort.Slice(b.off, func(i, j int) bool { return b.off[i].Before(b.off[j]) })
		sort.Slice(b.makeUp, func(i, j int) bool { return b.makeUp[i].Before(b.makeUp[j]) })
		out = append(out, b)
	}
	return out
}

// lunarDate is the civil date of day d of lunar month m of lunar year y.
func lunarDate(y, m, d int) time.Time {
	s := calendar.NewLunarFromYmd(y, m, d).GetSolar()
	return date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay())
}

// qingming is the civil date (Beijing time) of the solar term Qingming.
func qingming(y int) time.Time {
	s := calendar.NewLunarFromYmd(y, 1, 1).GetJieQiTable()["清明"]
	return date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay())
}

// cnRuleBreaks lays out year y by the principles of the General Office's
// notice for 2025 (after the 2024 revision of the regulations): "except
// in special cases, Spring Festival is 8 days off from the eve, National
// Day 7 days from 1 October, Labour Day 5 days; New Year's Day, Qingming,
// Dragon Boat and Mid-Autumn 3 days with the weekend (only the day itself
// when it is a Wednesday); National Day meeting Mid-Autumn, 8 days
// together". The statutory days are Spring Festival's eve and first three
// days, 1-2 May, 1-3 October and one day for the others; every other
// weekday inside a long break is paid back on a make-up day (see
// longBreak). TestChinaRulesReproduceTheAnnouncedYears holds the rules to
// the announced 2025-2027.
func cnRuleBreaks(y int) []cnBreak {
	var out []cnBreak
	taken := map[time.Time]bool{} // days already off or worked for a festival
	add := func(b cnBreak) {
		for _, t := range append(append([]time.Time(nil), b.off...), b.makeUp...) {
			taken[t] = true
		}
		out = append(out, b)
	}
	add(shortBreak("New Year's Day", date(y, time.January, 1)))
	eve := lunarDate(y, 1, 1).AddDate(0, 0, -1)
	add(longBreak("Spring Festival", eve, 8, 4, taken))
	add(shortBreak("Qingming Festival", qingming(y)))
	add(longBreak("Labour Day", date(y, time.May, 1), 5, 2, taken))
	add(shortBreak("Dragon Boat Festival", lunarDate(y, 5, 5)))
	midAutumn := lunarDate(y, 8, 15)
	oct1 := date(y, time.October, 1)
	switch gap := int(midAutumn.Sub(oct1).Hours() / 24); {
	case gap >= -2 && gap <= 7:
		// Together, 8 days from the earlier of the two.
		start := oct1
		if gap < 0 {
			start = midAutumn
		}
		add(longBreak("National Day and Mid-Autumn Festival", start, 8, 4, taken))
	default:
		add(shortBreak("Mid-Autumn Festival", midAutumn))
		add(longBreak("National Day", oct1, 7, 3, taken))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].off[0].Before(out[j].off[0]) })
	return out
}

// shortBreak is a one-day festival joined to its weekend: on a Monday or
// Friday the weekend next to it; on a Saturday or Sunday with Monday off
// in its place; on a Tuesday from the Sunday before, the Saturday before
// worked; on a Thursday to the Saturday after, the Sunday after worked;
// on a Wednesday the day alone.
func shortBreak(name string, t time.Time) cnBreak {
	span := func(from, to int) []time.Time {
		var out []time.Time
		for i := from; i <= to; i++ {
			out = append(out, t.AddDate(0, 0, i))
		}
		return out
	}
	b := cnBreak{name: name}
	switch t.Weekday() {
	case time.Monday:
		b.off = span(-2, 0)
	case time.Tuesday:
		b.off, b.makeUp = span(-2, 0), span(-3, -3)
	case time.Wednesday:
		b.off = span(0, 0)
	case time.Thursday:
		b.off, b.makeUp = span(0, 2), span(3, 3)
	case time.Friday:
		b.off = span(0, 2)
	case time.Saturday:
		b.off = span(0, 2)
	case time.Sunday:
		b.off = span(-1, 1)
	}
	return b
}

// longBreak is a break of days days from start holding statutory
// statutory days. Each weekday of it beyond the statutory ones is paid
// back by working a Saturday or Sunday near it, chosen one at a time:
// the one that leaves the longest run of working days around the break
// shortest (the notices keep runs to six days), then the nearest, then
// the earlier; never a day next to the break (a weekend day there joins
// the break instead, as 2026's Spring Festival began on the Sunday before
// the eve) nor a day another festival has taken.
func longBreak(name string, start time.Time, days, statutory int, taken map[time.Time]bool) cnBreak {
	b := cnBreak{name: name}
	off := map[time.Time]bool{}
	weekdays := 0
	for i := 0; i < days; i++ {
		t := start.AddDate(0, 0, i)
		b.off = append(b.off, t)
		off[t] = true
		if !weekend(t) {
			weekdays++
		}
	}
	end := start.AddDate(0, 0, days-1)
	worked := map[time.Time]bool{}
	working := func(t time.Time) bool {
		return worked[t] || (!weekend(t) && !off[t] && !taken[t])
	}
	longestRun := func() int {
		longest, run := 0, 0
		for t := start.AddDate(0, 0, -21); !t.After(end.AddDate(0, 0, 21)); t = t.AddDate(0, 0, 1) {
			if working(t) {
				run++
				longest = max(longest, run)
			} else {
				run = 0
			}
		}
		return longest
	}
	for n := weekdays - statutory; n > 0; n-- {
		var best time.Time
		bestRun, bestDist := 1<<30, 1<<30
		for dist := 2; dist <= 14; dist++ {
			for _, t := range []time.Time{start.AddDate(0, 0, -dist), end.AddDate(0, 0, dist)} {
				if !weekend(t) || worked[t] || taken[t] {
					continue
				}
				worked[t] = true
				run := longestRun()
				worked[t] = false
				if run < bestRun || (run == bestRun && dist < bestDist) {
					best, bestRun, bestDist = t, run, dist
				}
			}
		}
		if best.IsZero() {
			break
		}
		worked[best] = true
		b.makeUp = append(b.makeUp, best)
	}
	sort.Slice(b.makeUp, func(i, j int) bool { return b.makeUp[i].Before(b.makeUp[j]) })
	// A weekend day next to the break that is not worked is part of it.
	for t := start.AddDate(0, 0, -1); weekend(t) && !worked[t] && !taken[t]; t = t.AddDate(0, 0, -1) {
		b.off = append([]time.Time{t}, b.off...)
	}
	for t := end.AddDate(0, 0, 1); weekend(t) && !worked[t] && !taken[t]; t = t.AddDate(0, 0, 1) {
		b.off = append(b.off, t)
	}
	return b
}

func weekend(t time.Time) bool { return t.Weekday() == time.Saturday || t.Weekday() == time.Sunday }
