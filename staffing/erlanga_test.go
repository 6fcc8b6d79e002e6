package staffing

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestErlangAVectors(t *testing.T) {
	checked := 0
	for _, v := range readVectors(t) {
		if v.model != "erlang_a" {
			continue
		}
		p, err := ErlangA(v.agents, v.traffic(t), v.aht, v.patience, v.threshold)
		if err != nil {
			t.Fatalf("line %d: %v", v.line, err)
		}
		var got float64
		switch v.quantity {
		case "waiting_probability":
			got = p.WaitProbability
		case "abandonment_probability":
			got = p.AbandonRate
		case "occupancy":
			got = p.Occupancy
		case "average_speed_of_answer_min":
			// pyworkforce's "ASA" is the mean wait over all arrivals, in minutes.
			got = p.MeanWaitSeconds / 60
		case "service_level":
			got = p.ServiceLevel
		default:
			t.Errorf("line %d %s: quantity %q is not checked by any test", v.line, v.name, v.quantity)
			continue
		}
		if math.Abs(got-v.expected) > v.tolerance {
			t.Errorf("line %d %s %s: got %.9g, want %.9g within %g", v.line, v.name, v.quantity, got, v.expected, v.tolerance)
		}
		checked++
	}
	if checked != 5 {
		t.Errorf("checked %d Erlang A rows, want 5", checked)
	}
}

// TestErlangATendsToErlangC: with callers who (almost) never hang up,
// Erlang A is Erlang C.
func TestErlangATendsToErlangC(t *testing.T) {
	for _, c := range []struct {
		agents  int
		traffic float64
	}{{1, 0.5}, {14, 10}, {55, 48}, {110, 100}, {320, 300}, {5000, 4950}} {
		t.Run(fmt.Sprintf("N=%d A=%g", c.agents, c.traffic), func(t *testing.T) {
			const aht, threshold = 180.0, 20.0
			want := ErlangCPerformance(c.agents, c.traffic, aht, threshold)
			got, err := ErlangA(c.agents, c.traffic, aht, aht*1e9, threshold)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []struct {
				name      string
				got, want float64
			}{
				{"wait probability", got.WaitProbability, want.WaitProbability},
				{"service level", got.ServiceLevel, want.ServiceLevel},
				{"ASA", got.ASASeconds, want.ASASeconds},
				{"mean wait", got.MeanWaitSeconds, want.MeanWaitSeconds},
				{"occupancy", got.Occupancy, want.Occupancy},
			} {
				if math.Abs(q.got-q.want) > 1e-6*q.want {
					t.Errorf("N=%d A=%g %s: Erlang A %.12g, Erlang C %.12g", c.agents, c.traffic, q.name, q.got, q.want)
				}
			}
			if got.AbandonRate > 1e-6 {
				t.Errorf("N=%d A=%g: abandon rate %g with near-infinite patience", c.agents, c.traffic, got.AbandonRate)
			}
		})
	}
}

// bruteErlangA is a second, plain implementation: the birth-death chain
// truncated at a long queue and normalised directly, and each waiting
// caller's journey to an agent integrated as an ODE (classical Runge-Kutta)
// instead of the Beta-distribution closed form.
func bruteErlangA(agents int, traffic, aht, patience, threshold float64) (wait, abandon, sl, asa float64) {
	n := float64(agents)
	g := aht / patience
	tt := threshold / aht
	const maxQueue = 150
	pi := make([]float64, agents+maxQueue+1)
	pi[0] = 1
	for k := 1; k < len(pi); k++ {
		death := math.Min(float64(k), n) + math.Max(float64(k)-n, 0)*g
		pi[k] = pi[k-1] * traffic / death
	}
	var z float64
	for _, x := range pi {
		z += x
	}
	for k := range pi {
		pi[k] /= z
	}
	var queue, answered, answeredIn, waitAnswered float64
	for k := 0; k < agents; k++ {
		answered += pi[k]
		answeredIn += pi[k]
	}
	for j := 0; agents+j < len(pi); j++ {
		wait += pi[agents+j]
		queue += float64(j) * pi[agents+j]
		// With j ahead the caller passes stages j..0; stage i ends at rate
		// n + (i+1) g, by moving up (n + i g) or hanging up (g).
		// P[i] is the probability of being at stage i; served collects.
		p := make([]float64, j+1)
		p[j] = 1
		var served, meanWaitServed float64
		deriv := func(p []float64) ([]float64, float64) {
			d := make([]float64, len(p))
			var ds float64
			for i := range p {
				d[i] -= (n + float64(i+1)*g) * p[i]
				if i > 0 {
					d[i-1] += (n + float64(i)*g) * p[i]
				} else {
					ds += n * p[i]
				}
			}
			return d, ds
		}
		const steps = 100
		h := tt / steps
		for s := 0; s < steps; s++ {
			k1, s1 := deriv(p)
			k2, s2 := deriv(axpy(p, k1, h/2))
			k3, s3 := deriv(axpy(p, k2, h/2))
			k4, s4 := deriv(axpy(p, k3, h))
			for i := range p {
				p[i] += h / 6 * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i])
			}
			served += h / 6 * (s1 + 2*s2 + 2*s3 + s4)
		}
		// Answered at all, and its mean wait: stage times are independent of
		// how each stage ends.
		reach := n / (n + float64(j+1)*g)
		for i := 0; i <= j; i++ {
			meanWaitServed += 1 / (n + float64(i+1)*g)
		}
		answered += pi[agents+j] * reach
		answeredIn += pi[agents+j] * served
		waitAnswered += pi[agents+j] * reach * meanWaitServed
	}
	return wait, g * queue / traffic, answeredIn, waitAnswered / answered * aht
}

func axpy(p, d []float64, h float64) []float64 {
	out := make([]float64, len(p))
	for i := range p {
		out[i] = p[i] + h*d[i]
	}
	return out
}

func TestErlangAAgainstBruteForce(t *testing.T) {
	for _, c := range []struct {
		agents                         int
		traffic, aht, patience, thresh float64
	}{
		{3, 2.5, 180, 90, 20},
		{0, 1, 180, 60, 20},
		{5, 8, 300, 120, 30},
		{14, 10, 180, 300, 20},
		{20, 25, 240, 60, 15},
	} {
		t.Run(fmt.Sprintf("N=%d A=%g", c.agents, c.traffic), func(t *testing.T) {
			got, err := ErlangA(c.agents, c.traffic, c.aht, c.patience, c.thresh)
			if err != nil {
				t.Fatal(err)
			}
			wait, abandon, sl, asa := bruteErlangA(c.agents, c.traffic, c.aht, c.patience, c.thresh)
			for _, q := range []struct {
				name      string
				got, want float64
			}{
				{"wait probability", got.WaitProbability, wait},
				{"abandon rate", got.AbandonRate, abandon},
				{"service level", got.ServiceLevel, sl},
				{"ASA of answered", got.ASASeconds, asa},
			} {
				if math.Abs(q.got-q.want) > 1e-8*math.Max(1, q.want) || math.IsNaN(q.got) {
					t.Errorf("%+v %s: got %.12g, brute force %.12g", c, q.name, q.got, q.want)
				}
			}
		})
	}
}

func TestErlangAExtremes(t *testing.T) {
	// No agents: everyone abandons, nobody is answered.
	p, err := ErlangA(0, 5, 180, 60, 20)
	if err != nil {
		t.Fatal(err)
	}
	if p.AbandonRate < 1-1e-12 || p.ServiceLevel != 0 || p.Occupancy != 0 || p.WaitProbability < 1-1e-12 {
		t.Errorf("no agents: %+v", p)
	}
	// Huge overload with short patience stays finite.
	p, err = ErlangA(100, 5000, 180, 30, 20)
	if err != nil {
		t.Fatal(err)
	}
	if !(p.AbandonRate > 0.9 && p.AbandonRate <= 1) || p.Occupancy > 1 || math.IsNaN(p.ASASeconds) {
		t.Errorf("overload: %+v", p)
	}
	// Very long threshold with many agents: x^a underflows harmlessly, and
	// every answered caller is answered in time.
	p, err = ErlangA(5000, 4990, 180, 120, 3600)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(p.ServiceLevel-(1-p.AbandonRate)) > 1e-9 {
		t.Errorf("long threshold: %+v", p)
	}
	// A queue far too long to sum is an error, never a hang.
	if _, err := ErlangA(10, 5000, 180, 180*1e9, 20); err == nil {
		t.Error("no error for an unsummable queue")
	}
	for _, bad := range []struct {
		name                           string
		agents                         int
		traffic, aht, patience, thresh float64
		field                          string
	}{
		{"negative agents", -1, 1, 180, 60, 20, "agents"},
		{"traffic NaN", 1, math.NaN(), 180, 60, 20, "traffic"},
		{"no handle time", 1, 1, 0, 60, 20, "aht"},
		{"no patience", 1, 1, 180, 0, 20, "patience"},
		{"infinite patience", 1, 1, 180, math.Inf(1), 20, "patience"},
		{"negative threshold", 1, 1, 180, 60, -1, "threshold"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			_, err := ErlangA(bad.agents, bad.traffic, bad.aht, bad.patience, bad.thresh)
			if err == nil || !strings.HasPrefix(err.Error(), bad.field) {
				t.Errorf("%+v: error %v, want one naming %s", bad, err, bad.field)
			}
		})
	}
}

// TestModelsStayInRange: across random inputs, from one agent to
// thousands, light to overloaded, every number is finite and every share
// lies in [0, 1].
func TestModelsStayInRange(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for i := 0; i < 300; i++ {
		agents := rng.IntN(5001)
		traffic := rng.Float64() * 1.3 * float64(agents+1)
		aht := 10 + rng.Float64()*1200
		threshold := rng.Float64() * 300
		patience := 1 + rng.Float64()*900
		c := ErlangCPerformance(agents, traffic, aht, threshold)
		a, err := ErlangA(agents, traffic, aht, patience, threshold)
		if err != nil {
			t.Fatalf("N=%d A=%g aht=%g patience=%g: %v", agents, traffic, aht, patience, err)
		}
		for _, p := range []Performance{c, a} {
			for _, x := range []float64{p.WaitProbability, p.ServiceLevel, p.Occupancy, p.AbandonRate} {
				if !(x >= 0 && x <= 1) {
					t.Fatalf("N=%d A=%g: share out of range in %+v", agents, traffic, p)
				}
			}
			for _, x := range []float64{p.ASASeconds, p.MeanWaitSeconds} {
				if !(x >= 0) || math.IsInf(x, 0) {
					t.Fatalf("N=%d A=%g: wait not finite in %+v", agents, traffic, p)
				}
			}
		}
		// Abandonment and service level agree: those answered in time are
		// among those answered.
		if a.ServiceLevel > 1-a.AbandonRate+1e-12 {
			t.Errorf("N=%d A=%g: SL %v above the answered share %v", agents, traffic, a.ServiceLevel, 1-a.AbandonRate)
		}
	}
}
