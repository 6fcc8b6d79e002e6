package web

import (
	"math"
	"strconv"
	"strings"
	"time"
)

var (
	weekdaysEN = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	weekdaysZH = [7]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}
	monthsEN   = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// noValue is shown where a number is missing or not finite.
const noValue = "–"

// Date formats the calendar day of tm in the translator's zone:
// "Mon 2 Mar 2026" or "2026年3月2日 周一".
func (t Translator) Date(tm time.Time) string {
	tm = tm.In(t.Location())
	if t.Locale() == Chinese {
		return strconv.Itoa(tm.Year()) + "年" + strconv.Itoa(int(tm.Month())) + "月" + strconv.Itoa(tm.Day()) + "日 " + weekdaysZH[tm.Weekday()]
	}
	return weekdaysEN[tm.Weekday()] + " " + strconv.Itoa(tm.Day()) + " " + monthsEN[tm.Month()-1] + " " + strconv.Itoa(tm.Year())
}

// DayDate formats weekday and day without the year: "Mon 2 Mar" or "3月2日 周一".
func (t Translator) DayDate(tm time.Time) string {
	tm = tm.In(t.Location())
	if t.Locale() == Chinese {
		return t.ShortDate(tm) + " " + weekdaysZH[tm.Weekday()]
	}
	return weekdaysEN[tm.Weekday()] + " " + t.ShortDate(tm)
}

// ShortDate formats the day without the year, for axis labels: "2 Mar" or "3月2日".
func (t Translator) ShortDate(tm time.Time) string {
	tm = tm.In(t.Location())
	if t.Locale() == Chinese {
		return strconv.Itoa(int(tm.Month())) + "月" + strconv.Itoa(tm.Day()) + "日"
	}
	return strconv.Itoa(tm.Day()) + " " + monthsEN[tm.Month()-1]
}

// Time formats the wall-clock time of tm in the translator's zone, 24-hour
// in both locales: "08:30".
func (t Translator) Time(tm time.Time) string {
	return tm.In(t.Location()).Format("15:04")
}

// DateTime is Date followed by Time.
func (t Translator) DateTime(tm time.Time) string {
	return t.Date(tm) + " " + t.Time(tm)
}

// Number formats v with the given decimals and thousands grouped by
// commas (usual in both English and Chinese): 12,345.6. Missing (NaN) or
// infinite values show as a dash.
func (t Translator) Number(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return noValue
	}
	if decimals < 0 {
		decimals = 0
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
		if strings.Trim(s, "0.") == "" { // -0.0 after rounding
			sign = ""
		}
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Percent formats a fraction as a percentage: Percent(0.8125, 1) = "81.3%".
func (t Translator) Percent(fraction float64, decimals int) string {
	if math.IsNaN(fraction) || math.IsInf(fraction, 0) {
		return noValue
	}
	return t.Number(fraction*100, decimals) + "%"
}

// Seconds formats a duration given in seconds (AHT, ASA) rounded to the
// second: "45s", "4m 05s", "1h 02m" or "45秒", "4分05秒", "1小时02分".
func (t Translator) Seconds(seconds float64) string {
	if math.IsNaN(seconds) || math.IsInf(seconds, 0) || math.Abs(seconds) > 1e12 {
		return noValue
	}
	sign := ""
	if seconds < 0 {
		sign, seconds = "-", -seconds
	}
	s := int64(math.Round(seconds))
	h, m, sec := s/3600, s/60%60, s%60
	two := func(n int64) string {
		if n < 10 {
			return "0" + strconv.FormatInt(n, 10)
		}
		return strconv.FormatInt(n, 10)
	}
	zh := t.Locale() == Chinese
	switch {
	case h > 0 && zh:
		return sign + strconv.FormatInt(h, 10) + "小时" + two(m) + "分"
	case h > 0:
		return sign + strconv.FormatInt(h, 10) + "h " + two(m) + "m"
	case m > 0 && zh:
		return sign + strconv.FormatInt(m, 10) + "分" + two(sec) + "秒"
	case m > 0:
		return sign + strconv.FormatInt(m, 10) + "m " + two(sec) + "s"
	case zh:
		return sign + strconv.FormatInt(sec, 10) + "秒"
	default:
		return sign + strconv.FormatInt(sec, 10) + "s"
	}
}

// Minutes formats a length of time given in whole minutes, in the unit
// that reads best: "45 min", "3 h", "7 h 30 min" or "45 分钟", "3 小时",
// "7 小时 30 分钟". Long spans (paid time over a roster) stay in hours:
// "184 h", not "7 days 16 h".
func (t Translator) Minutes(minutes int) string {
	sign := ""
	if minutes < 0 {
		sign, minutes = "-", -minutes
	}
	h, m := minutes/60, minutes%60
	hours, mins := " h", " min"
	if t.Locale() == Chinese {
		hours, mins = " 小时", " 分钟"
	}
	switch {
	case h == 0:
		return sign + strconv.Itoa(m) + mins
	case m == 0:
		return sign + t.Number(float64(h), 0) + hours
	}
	return sign + t.Number(float64(h), 0) + hours + " " + strconv.Itoa(m) + mins
}
