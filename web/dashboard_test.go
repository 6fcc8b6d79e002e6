package web

import (
	"testing"
	"time"

	"wfm/store"
)

func TestForecastPoints(t *testing.T) {
	at := func(m int) time.Time { return time.Date(2026, 3, 2, 9, m, 0, 0, time.UTC) }
	over := 12.0
	forecast := []store.ForecastInterval{
		{IntervalStart: at(0), Volume: 10, VolumeLow: 8, VolumeHigh: 12},
		{IntervalStart: at(15), Volume: 20, VolumeLow: 15, VolumeHigh: 25, OverrideVolume: &over}, // the planner's number counts
		{IntervalStart: at(30), Volume: 5},                                                        // no row, before the last: closed, actual 0
		{IntervalStart: at(45), Volume: 7},                                                        // the last row
		{IntervalStart: at(60), Volume: 9},                                                        // after the last row: not reported yet
	}
	rows := []store.HistoryInterval{{IntervalStart: at(0), Offered: 11}, {IntervalStart: at(15), Offered: 13}, {IntervalStart: at(45), Offered: 6}}
	got := forecastPoints(forecast, rows)
	want := []ForecastPoint{
		{Start: at(0), Forecast: 10, Low: 8, High: 12, Actual: 11, HasActual: true},
		{Start: at(15), Forecast: 12, Low: 15, High: 25, Actual: 13, HasActual: true},
		{Start: at(30), Forecast: 5, Actual: 0, HasActual: true},
		{Start: at(45), Forecast: 7, Actual: 6, HasActual: true},
		{Start: at(60), Forecast: 9},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("point %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if got := forecastPoints(forecast[:1], nil); got[0].HasActual {
		t.Error("an actual without any history")
	}
}
