package batch

import (
	"fmt"
	"io"
	"time"
)

// ForecastFile is the output of `wfm forecast` (CONTRACTS.md section 2),
// read back as the input of `wfm staffing`.
type ForecastFile struct {
	Interval time.Duration
	Rows     []ForecastRow
}

// ForecastRow is one queue and interval of a forecast.
type ForecastRow struct {
	Line       int
	Queue      string
	Start      time.Time
	Volume     float64
	VolumeLow  float64
	VolumeHigh float64
	AHTSeconds float64
	Method     string
}

var forecastColumns = []Column{
	{Name: "queue", Required: true},
	{Name: "interval_start", Required: true},
	{Name: "volume", Required: true},
	{Name: "volume_low"},
	{Name: "volume_high"},
	{Name: "aht_seconds", Required: true},
	{Name: "method"},
}

// ReadForecast reads a forecast file. The interval is the smallest spacing
// seen (15 minutes when no queue has two rows).
func ReadForecast(r io.Reader, file string, loc *time.Location) (ForecastFile, error) {
	rd, err := NewReader(r, file, forecastColumns)
	if err != nil {
		return ForecastFile{}, err
	}
	var rows []ForecastRow
	seen := map[string]int{}
	for rd.Next() {
		row := ForecastRow{
			Line:       rd.Line(),
			Queue:      rd.String("queue"),
			Start:      rd.Time("interval_start", loc),
			Volume:     rd.Float("volume", 0),
			AHTSeconds: rd.Float("aht_seconds", 0),
			Method:     rd.String("method"),
		}
		row.VolumeLow = rd.Float("volume_low", row.Volume)
		row.VolumeHigh = rd.Float("volume_high", row.Volume)
		for col, v := range map[string]float64{"volume": row.Volume, "volume_low": row.VolumeLow, "volume_high": row.VolumeHigh} {
			if v < 0 {
				rd.Problemf(col, "%v is negative", v)
			}
		}
		if row.AHTSeconds < 0 || row.AHTSeconds > maxSeconds {
			rd.Problemf("aht_seconds", "%v is outside 0..%d seconds", row.AHTSeconds, maxSeconds)
		}
		if row.Volume > 0 && row.AHTSeconds == 0 {
			rd.Problemf("aht_seconds", "0 with a volume of %v: handle time must be positive", row.Volume)
		}
		key := row.Queue + "\x00" + fmt.Sprint(row.Start.Unix())
		if first, dup := seen[key]; dup && !row.Start.IsZero() {
			rd.Problemf("interval_start", "queue %s interval %s already given on line %d", row.Queue, FormatTime(row.Start, loc), first)
		}
		seen[key] = row.Line
		rows = append(rows, row)
	}
	if err := rd.Err(); err != nil {
		return ForecastFile{}, err
	}
	interval, _ := smallestSpacing(rows, func(r ForecastRow) (string, time.Time, int) { return r.Queue, r.Start, r.Line })
	return ForecastFile{Interval: interval, Rows: rows}, nil
}
