package holidays

import "time"

// The Hebrew calendar, as far as the holidays need it: every festival is a
// fixed number of days from the next Rosh Hashana (the months from Nisan
// to Elul always have 30, 29, 30, 29, 30 and 29 days), so only the date of
// Rosh Hashana has to be computed. That is the molad (mean new moon) of
// Tishrei with the postponements (dehiyyot), after Reingold & Dershowitz,
// Calendrical Calculations (3rd ed.), chapter 8.

// hebrewEpoch is the fixed day number (R.D.: 1 = 1 January of year 1,
// proleptic Gregorian) of 1 Tishrei, year 1.
const hebrewEpoch = -1373427

// unixEpochRD is the R.D. of 1970-01-01.
const unixEpochRD = 719163

// elapsedDays is the number of days from the epoch to the molad of Tishrei
// of year y, moved a day when it falls on a Sunday, Wednesday or Friday.
func elapsedDays(y int64) int64 {
	months := floorDiv(235*y-234, 19)
	parts := 12084 + 13753*months
	d := 29*months + floorDiv(parts, 25920)
	if (3*(d+1))%7 < 3 {
		d++
	}
	return d
}

// yearLengthCorrection keeps every year at an allowed length (353-355 or
// 383-385 days) by delaying the new year one or two days.
func yearLengthCorrection(y int64) int64 {
	ny0, ny1, ny2 := elapsedDays(y-1), elapsedDays(y), elapsedDays(y+1)
	switch {
	case ny2-ny1 == 356:
		return 2
	case ny1-ny0 == 382:
		return 1
	}
	return 0
}

// roshHashana is the civil date of 1 Tishrei of Hebrew year y.
func roshHashana(y int) time.Time {
	rd := hebrewEpoch + elapsedDays(int64(y)) + yearLengthCorrection(int64(y))
	return time.Unix((rd-unixEpochRD)*86400, 0).UTC()
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// Israeli day groups: a forecast learns one effect per group.
const (
	groupEve        = "holiday eve" // offices close early
	groupFestival   = "holiday"     // closed, or a thin Saturday-like day
	groupCholHamoed = "chol hamoed" // the intermediate days: half a week's work
	groupPurim      = "purim"
)

// israel is the holidays falling in civil year g: the spring festivals of
// the Hebrew year whose Nisan is in g, and the autumn festivals that open
// the next Hebrew year in September or October of g. Jewish holidays begin
// at the previous sunset; a center feels them on the civil day, and the
// day before (the eve) as a short day.
func israel(g int) []Day {
	rh := roshHashana(g + 3761) // the autumn of g
	at := func(from time.Time, days int, name, group string) Day {
		d := day(from.AddDate(0, 0, days), name, group)
		d.Closed = group == groupFestival
		return d
	}
	nisan := rh.AddDate(0, 0, -177) // 1 Nisan
	out := []Day{
		at(nisan, -16, "Purim", groupPurim), // 14 Adar (Adar II in a leap year)
		at(nisan, 13, "Erev Pesach", groupEve),
		at(nisan, 14, "Pesach", groupFestival),
	}
	for i := 15; i <= 18; i++ {
		out = append(out, at(nisan, i, "Chol HaMoed Pesach", groupCholHamoed))
	}
	out = append(out,
		at(nisan, 19, "Erev Shvi'i shel Pesach", groupEve),
		at(nisan, 20, "Shvi'i shel Pesach", groupFestival),
		at(nisan, 63, "Erev Shavuot", groupEve),
		at(nisan, 64, "Shavuot", groupFestival))
	if g >= 1949 {
		ind := independenceDay(nisan.AddDate(0, 0, 34), g)
		out = append(out,
			day(ind.AddDate(0, 0, -1), "Yom HaZikaron", groupEve),
			closed(day(ind, "Yom HaAtzmaut", groupFestival)))
	}
	out = append(out,
		at(rh, -1, "Erev Rosh Hashana", groupEve),
		at(rh, 0, "Rosh Hashana", groupFestival),
		at(rh, 1, "Rosh Hashana II", groupFestival),
		at(rh, 8, "Erev Yom Kippur", groupEve),
		at(rh, 9, "Yom Kippur", groupFestival),
		at(rh, 13, "Erev Sukkot", groupEve),
		at(rh, 14, "Sukkot", groupFestival))
	for i := 15; i <= 19; i++ {
		out = append(out, at(rh, i, "Chol HaMoed Sukkot", groupCholHamoed))
	}
	return append(out,
		at(rh, 20, "Hoshana Rabba", groupEve),
		at(rh, 21, "Shmini Atzeret", groupFestival))
}

// independenceDay is the day Yom HaAtzmaut is kept when 5 Iyar is iyar5:
// brought forward to Thursday when it falls on a Friday or Saturday (so
// that neither it nor Memorial Day the day before touches the Sabbath), and
// from 2004 put off to Tuesday when it falls on a Monday (so that Memorial
// Day does not begin on Saturday evening).
func independenceDay(iyar5 time.Time, g int) time.Time {
	switch iyar5.Weekday() {
	case time.Friday:
		return iyar5.AddDate(0, 0, -1)
	case time.Saturday:
		return iyar5.AddDate(0, 0, -2)
	case time.Monday:
		if g >= 2004 {
			return iyar5.AddDate(0, 0, 1)
		}
	}
	return iyar5
}
