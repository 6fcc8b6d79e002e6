package staffing

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"
)

// staffingQuantities are the vector rows checked by TestRequiredVectors.
var staffingQuantities = []string{"raw_positions", "positions", "min_agents"}

func isStaffingQuantity(q string) bool {
	for _, p := range staffingQuantities {
		if strings.HasPrefix(q, p) {
			return true
		}
	}
	return false
}

func TestErlangVectors(t *testing.T) {
	checked := 0
	for _, v := range readVectors(t) {
		if v.model != "erlang_b" && v.model != "erlang_c" || isStaffingQuantity(v.quantity) {
			continue
		}
		a := v.traffic(t)
		var got float64
		switch q := v.quantity; {
		case v.model == "erlang_b" && strings.HasPrefix(q, "blocking_probability"):
			got = ErlangB(v.agents, a)
		case strings.HasPrefix(q, "waiting_probability"):
			got = ErlangC(v.agents, a)
		case q == "service_level":
			got = ServiceLevel(v.agents, a, v.aht, v.threshold)
		case q == "occupancy":
			got = Occupancy(v.agents, a)
		case q == "asa_s":
			var ok bool
			if got, ok = ASA(v.agents, a, v.aht); !ok {
				t.Errorf("line %d %s: ASA not defined", v.line, v.name)
			}
		case q == "traffic_erlangs":
			got = Load{Volume: v.volume, AHTSeconds: v.aht, IntervalSeconds: v.intervalMinutes * 60}.Traffic()
		default:
			t.Errorf("line %d %s: quantity %q of model %s is not checked by any test", v.line, v.name, q, v.model)
			continue
		}
		// The tolerance is absolute: the precision the value was published to.
		if math.Abs(got-v.expected) > v.tolerance+1e-12 {
			t.Errorf("line %d %s %s: got %.12g, want %.12g within %g", v.line, v.name, v.quantity, got, v.expected, v.tolerance)
		}
		checked++
	}
	if checked < 30 {
		t.Errorf("only %d Erlang B/C rows checked", checked)
	}
}

// referenceBits is the precision of the independent reference: far more
// than float64's 53 bits, so its own rounding is negligible.
const referenceBits = 512

// bigErlangB is B(N, A) = (A^N / N!) / sum_{k=0..N} A^k / k!, summed term by
// term in big.Float: the textbook definition, independent of the recursion.
func bigErlangB(n int, a float64) *big.Float {
	ba := new(big.Float).SetPrec(referenceBits).SetFloat64(a)
	term := new(big.Float).SetPrec(referenceBits).SetInt64(1)
	sum := new(big.Float).SetPrec(referenceBits).SetInt64(1)
	for k := 1; k <= n; k++ {
		term.Mul(term, ba)
		term.Quo(term, new(big.Float).SetPrec(referenceBits).SetInt64(int64(k)))
		sum.Add(sum, term)
	}
	return new(big.Float).SetPrec(referenceBits).Quo(term, sum)
}

// bigExp is e^x by argument halving and a Taylor series, in big.Float.
func bigExp(x float64) *big.Float {
	halvings := 0
	for math.Abs(x) > 1e-3 {
		x /= 2
		halvings++
	}
	bx := new(big.Float).SetPrec(referenceBits).SetFloat64(x)
	sum := new(big.Float).SetPrec(referenceBits).SetInt64(1)
	term := new(big.Float).SetPrec(referenceBits).SetInt64(1)
	for k := 1; k < 60; k++ {
		term.Mul(term, bx)
		term.Quo(term, new(big.Float).SetPrec(referenceBits).SetInt64(int64(k)))
		sum.Add(sum, term)
	}
	for ; halvings > 0; halvings-- {
		sum.Mul(sum, sum)
	}
	return sum
}

// bigErlangC returns the reference wait probability, service level and ASA.
func bigErlangC(n int, a, aht, threshold float64) (wait, sl, asa *big.Float) {
	prec := func() *big.Float { return new(big.Float).SetPrec(referenceBits) }
	b := bigErlangB(n, a)
	bn := prec().SetInt64(int64(n))
	ba := prec().SetFloat64(a)
	oneMinusB := prec().Sub(prec().SetInt64(1), b)
	den := prec().Sub(bn, prec().Mul(ba, oneMinusB))
	wait = prec().Quo(prec().Mul(bn, b), den)
	nMinusA := prec().Sub(bn, ba)
	x, _ := prec().Quo(prec().Mul(nMinusA, prec().SetFloat64(threshold)), prec().SetFloat64(aht)).Float64()
	sl = prec().Sub(prec().SetInt64(1), prec().Mul(wait, bigExp(-x)))
	asa = prec().Quo(prec().Mul(wait, prec().SetFloat64(aht)), nMinusA)
	return wait, sl, asa
}

// relativeError compares a float64 with the reference; values the float64
// range cannot hold (below the smallest normal) must come out as 0 or tiny.
func relativeError(got float64, want *big.Float) float64 {
	w, _ := want.Float64()
	if w < 0x1p-1022 {
		return math.Abs(got - w)
	}
	return math.Abs(got-w) / w
}

func TestErlangAgainstHighPrecision(t *testing.T) {
	cases := []struct {
		name    string
		agents  int
		traffic float64
	}{
		{"N=1 light", 1, 0.01},
		{"N=1 half", 1, 0.5},
		{"N=1 just above", 1, 0.999999},
		{"N just above A small", 11, 10.7},
		{"N just above A mid", 101, 100.3},
		{"N just above A by a hair", 40, 39.9999999},
		{"mid 80/20 region", 55, 48},
		{"mid large", 320, 300},
		{"mid large 2", 1200, 1150.25},
		{"N=5000 near A", 5000, 4950},
		{"N=5000 just above A", 5000, 4999.5},
		{"N=5000 light", 5000, 4500},
		{"N=5000 tiny B", 5000, 3000},
		{"N=5000 underflow", 5000, 10},
		{"N above 5000", 8000, 7900},
	}
	const aht, threshold = 180.0, 20.0
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := ErlangB(c.agents, c.traffic)
			e := relativeError(b, bigErlangB(c.agents, c.traffic))
			if e > 1e-9 {
				t.Errorf("ErlangB(%d, %g) = %.17g: relative error %.3g", c.agents, c.traffic, b, e)
			}
			t.Logf("ErlangB(%d, %g) = %.17g: relative error %.3g", c.agents, c.traffic, b, e)
			wantWait, wantSL, wantASA := bigErlangC(c.agents, c.traffic, aht, threshold)
			p := ErlangCPerformance(c.agents, c.traffic, aht, threshold)
			if !p.Stable {
				t.Fatalf("not stable at N=%d A=%g", c.agents, c.traffic)
			}
			for _, q := range []struct {
				name string
				got  float64
				want *big.Float
			}{
				{"wait probability", p.WaitProbability, wantWait},
				{"service level", p.ServiceLevel, wantSL},
				{"ASA", p.ASASeconds, wantASA},
			} {
				if e := relativeError(q.got, q.want); e > 1e-9 || math.IsNaN(q.got) || math.IsInf(q.got, 0) {
					w, _ := q.want.Float64()
					t.Errorf("%s = %.17g, want %.17g: relative error %.3g", q.name, q.got, w, e)
				}
			}
			if want := c.traffic / float64(c.agents); p.Occupancy != want {
				t.Errorf("occupancy = %v, want %v", p.Occupancy, want)
			}
		})
	}
}

func TestErlangCUnstable(t *testing.T) {
	for _, c := range []struct {
		agents  int
		traffic float64
	}{{0, 5}, {5, 5}, {4, 5}, {1, 1}, {4999, 5000}} {
		t.Run(fmt.Sprintf("N=%d A=%g", c.agents, c.traffic), func(t *testing.T) {
			p := ErlangCPerformance(c.agents, c.traffic, 180, 20)
			if p.Stable || p.WaitProbability != 1 || p.ServiceLevel != 0 || p.ASASeconds != 0 {
				t.Errorf("N=%d A=%g: %+v, want unstable with wait 1, SL 0, ASA 0", c.agents, c.traffic, p)
			}
			if _, ok := ASA(c.agents, c.traffic, 180); ok {
				t.Errorf("N=%d A=%g: ASA reported as defined", c.agents, c.traffic)
			}
			wantOcc := 1.0
			if c.agents == 0 {
				wantOcc = 0
			}
			if p.Occupancy != wantOcc {
				t.Errorf("N=%d A=%g: occupancy %v, want %v", c.agents, c.traffic, p.Occupancy, wantOcc)
			}
		})
	}
}

func TestErlangEdges(t *testing.T) {
	cases := []struct {
		name string
		got  float64
		want float64
	}{
		{"B no agents", ErlangB(0, 3), 1},
		{"B negative agents", ErlangB(-2, 3), 1},
		{"B no traffic", ErlangB(3, 0), 0},
		{"B infinite traffic", ErlangB(3, math.Inf(1)), 1},
		{"B tiny traffic", ErlangB(1, 1e-310), 1e-310 / (1 + 1e-310)},
		{"B(1, A) = A/(1+A)", ErlangB(1, 3), 0.75},
		{"B(2, 1) = 1/5", ErlangB(2, 1), 0.2},
		{"C no traffic", ErlangC(3, 0), 0},
		{"C(1, A) = A", ErlangC(1, 0.3), 0.3},
		{"SL no traffic", ServiceLevel(0, 0, 180, 20), 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if math.Abs(c.got-c.want) > 1e-15*math.Abs(c.want) || math.IsNaN(c.got) {
				t.Errorf("%s: got %.17g, want %.17g", c.name, c.got, c.want)
			}
		})
	}
}

func TestErlangBHugeAgents(t *testing.T) {
	// Far more agents than traffic: B underflows to 0 and the walk stops.
	if b := ErlangB(2_000_000_000, 50); b != 0 {
		t.Errorf("ErlangB(2e9, 50) = %v, want 0", b)
	}
	if _, err := Evaluate(Load{Volume: 10, AHTSeconds: 180, IntervalSeconds: 900}, MaxAgents+1, Goal{ServiceLevel: 0.8}); err == nil {
		t.Error("no error for more than MaxAgents agents")
	}
}
