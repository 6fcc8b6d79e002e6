package kpi

import "math"

// Ratio is a measure that may be absent: a rate whose denominator is zero
// has no value, which is different from a value of zero.
type Ratio struct {
	Value float64
	OK    bool
}

// NewRatio is num/den, absent when den is zero or the result is not finite.
func NewRatio(num, den float64) Ratio {
	if den == 0 {
		return Ratio{}
	}
	v := num / den
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Ratio{}
	}
	return Ratio{Value: v, OK: true}
}
