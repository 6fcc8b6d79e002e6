package kpi

import (
	"math/rand"
	"testing"
	"time"
)

// benchContacts generates n contacts over 30 days, 6 queues, 200 agents,
// from a fixed seed.
func benchContacts(n int) []Contact {
	rng := rand.New(rand.NewSource(1))
	queues := []string{"PS", "NW", "NE", "TT", "IN", "PE"}
	agents := make([]string, 200)
	for i := range agents {
		agents[i] = "A" + string(rune('A'+i/26)) + string(rune('A'+i%26))
	}
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	out := make([]Contact, n)
	for i := range out {
		arrived := start.Add(time.Duration(rng.Int63n(int64(30 * 24 * time.Hour))))
		c := Contact{Queue: queues[rng.Intn(len(queues))], ArrivedAt: arrived}
		wait := time.Duration(rng.ExpFloat64() * float64(30*time.Second))
		if rng.Float64() < 0.9 {
			c.AnsweredAt = arrived.Add(wait)
			c.TalkSeconds = rng.ExpFloat64() * 200
			c.EndedAt = c.AnsweredAt.Add(time.Duration(c.TalkSeconds * float64(time.Second)))
			c.Agent = agents[rng.Intn(len(agents))]
		} else {
			c.EndedAt = arrived.Add(wait)
		}
		out[i] = c
	}
	return out
}

// go test ./kpi -run '^$' -bench QueueIntervals -benchtime 3x
func BenchmarkQueueIntervals(b *testing.B) {
	contacts := benchContacts(1_000_000)
	s := IntervalSettings{Interval: 30 * time.Minute, Goal: ServiceGoal{Threshold: 20 * time.Second, ShortAbandon: 5 * time.Second}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := QueueIntervals(contacts, s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(contacts))*float64(b.N)/b.Elapsed().Seconds(), "contacts/s")
}

// go test ./kpi -run '^$' -bench AgentDays -benchtime 3x
func BenchmarkAgentDays(b *testing.B) {
	contacts := benchContacts(1_000_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := AgentDays(contacts, nil, nil, DaySettings{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(contacts))*float64(b.N)/b.Elapsed().Seconds(), "contacts/s")
}
