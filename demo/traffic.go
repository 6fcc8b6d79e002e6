package demo

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"
)

// rngFor is the random source of one thing on one day. Every day draws
// from its own source, so a day comes out the same whatever window it is
// generated in: refreshing the demo tomorrow rewrites the same rows.
func rngFor(seed int64, what string, day time.Time) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(what))
	h.Write([]byte(day.Format(time.DateOnly)))
	return rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
}

// epochMonday is a Monday from which weeks are numbered.
var epochMonday = time.Date(1970, 1, 5, 0, 0, 0, 0, time.UTC)

func weekNumber(day time.Time) int { return int(day.Sub(epochMonday).Hours()/24) / 7 }

// isHoliday: a public holiday on the Monday of every eighth week, so a
// 16-week history holds two, and the same dates stay holidays whatever day
// the demo is made.
func isHoliday(day time.Time) bool {
	return day.Weekday() == time.Monday && weekNumber(day)%8 == 3
}

// isCampaign: a marketing campaign on the Thursday of every eighth week
// (four weeks after a holiday). The planners did not know: staffing
// follows the normal forecast, so service suffers.
func isCampaign(day time.Time) bool {
	return day.Weekday() == time.Thursday && weekNumber(day)%8 == 7
}

// weekdayFactor is the weekly pattern: Monday peaks, the weekend is low.
var weekdayFactor = [7]float64{
	time.Sunday: 0.45, time.Monday: 1.28, time.Tuesday: 1.1, time.Wednesday: 1,
	time.Thursday: 0.98, time.Friday: 0.92, time.Saturday: 0.55,
}

// plannedVolume is the expected volume of a queue on a day as a planner
// would have forecast it: weekly pattern, seasons, holidays and billing
// dates, but no campaign.
func plannedVolume(q Queue, day time.Time) float64 {
	v := q.DailyVolume * weekdayFactor[day.Weekday()]
	// Seasons: busiest in early spring, quietest in early autumn.
	v *= 1 + 0.08*math.Cos(2*math.Pi*float64(day.YearDay()-60)/365)
	if isHoliday(day) {
		v = q.DailyVolume * 0.3
	}
	if q.Skill == "billing" && (day.Day() == 1 || day.Day() == 2) {
		v *= 1.15 // bills arrive at the start of the month
	}
	return v
}

// campaignFactor is the unplanned extra traffic of a campaign day.
func campaignFactor(q Queue, day time.Time) float64 {
	if !isCampaign(day) {
		return 1
	}
	switch q.Skill {
	case "billing", "chat", "vip":
		return 1.55
	}
	return 1.1
}

// hours are the queue's open hours on a day.
func hours(q Queue, day time.Time) Hours {
	wd := day.Weekday()
	if wd == time.Saturday || wd == time.Sunday || isHoliday(day) {
		return q.Weekend
	}
	return q.Weekday
}

func bump(h, mu, sigma float64) float64 {
	d := (h - mu) / sigma
	return math.Exp(-d * d / 2)
}

// intradayShape is the relative arrival rate at local hour h: two humps
// (late morning and mid-afternoon, a dip over lunch) whose sizes differ by
// weekday, an evening tail (large for chat), and one broad hump on
// weekends and holidays.
func intradayShape(q Queue, day time.Time, h float64) float64 {
	wd := day.Weekday()
	if wd == time.Saturday || wd == time.Sunday || isHoliday(day) {
		return 0.15 + bump(h, 12, 2.3) + q.EveningWeight*bump(h, 19.5, 1.5)
	}
	morning, afternoon := 1.0, 0.8
	switch wd {
	case time.Monday:
		morning, afternoon = 1.3, 0.85
	case time.Friday:
		morning, afternoon = 0.95, 0.6
	}
	return 0.12 + morning*bump(h, 10.5, 1.3) + afternoon*bump(h, 14.75, 1.6) + q.EveningWeight*bump(h, 20, 1.4)
}

// ahtFactor is the intraday variation of handle time: shortest at the busy
// late morning, longer early and late in the day.
func ahtFactor(h float64) float64 {
	d := (h - 12) / 7
	return 0.95 + 0.15*d*d
}

// gamma draws from Gamma(shape k, scale 1/k): mean 1, variance 1/k
// (Marsaglia and Tsang).
func gamma(rng *rand.Rand, k float64) float64 {
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v / k
		}
	}
}

// poisson draws a Poisson count: by inversion for small means, by a
// rounded normal for large ones.
func poisson(rng *rand.Rand, mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 40 {
		n := math.Round(mean + math.Sqrt(mean)*rng.NormFloat64())
		return int(math.Max(0, n))
	}
	p := math.Exp(-mean)
	cum, u, n := p, rng.Float64(), 0
	for u > cum && n < 1000 {
		n++
		p *= mean / float64(n)
		cum += p
	}
	return n
}

// logNormal draws a positive value with the given mean and log-scale sigma.
func logNormal(rng *rand.Rand, mean, sigma float64) float64 {
	return math.Exp(math.Log(mean) - sigma*sigma/2 + sigma*rng.NormFloat64())
}

// exponential draws from an exponential distribution with the given mean.
func exponential(rng *rand.Rand, mean float64) float64 { return rng.ExpFloat64() * mean }
