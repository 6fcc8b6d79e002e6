package forecast

import (
	"math"
	"runtime"
	"testing"
	"time"
)

// BenchmarkAuto500Queues forecasts 500 synthetic queues of 16 weeks of
// 15-minute history 14 days ahead with auto, across runtime.NumCPU()
// goroutines. The bar: under 30 s per run on the 2-core machine.
//
//	go test -run '^$' -bench Auto500 -benchtime 1x ./forecast
func BenchmarkAuto500Queues(b *testing.B) {
	loc := time.UTC
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, loc)
	series := make([]Series, 500)
	n := make([]int, 500)
	for q := range series {
		scale := 0.2 + float64(q%50)/10
		series[q] = synthetic(loc, start, 16*7, func(t time.Time) float64 {
			return scale * shape(t) * (1 + 0.1*math.Sin(float64(t.YearDay())))
		}, uint64(q+1))
		n[q] = 14 * 96
	}
	b.ResetTimer()
	for b.Loop() {
		rs, err := RunAll(series, n, Options{}, runtime.NumCPU())
		if err != nil {
			b.Fatal(err)
		}
		if len(rs) != 500 {
			b.Fatal(len(rs))
		}
	}
}
