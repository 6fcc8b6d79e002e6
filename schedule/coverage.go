package schedule

// Cover is how many agents a roster has working on one skill over one
// local day: Agents has one number per wall-clock interval of the day
// (1440 / interval_minutes), the agent-minutes worked in it (on shift, not
// on a break, on that skill) over the interval's minutes. Skill "" counts
// every working agent, whatever her skill.
type Cover struct {
	Skill  string    `json:"skill"`
	Day    int       `json:"day"`
	Agents []float64 `json:"agents"`
}

// Coverage counts the agents a roster puts on each skill, per day and
// interval, exactly as the checker counts them for the objective. It takes
// the roster as it is: assignments that break a rule still count (a
// supervisor sees what she would get), those that cannot be placed at all
// (unknown agent or shift, day outside the horizon) do not. On a day with
// a repeated hour (daylight saving ends) an interval seen twice keeps the
// larger count; the skipped hour of the spring day has no agents.
// The result has one Cover per skill of the problem (and "") and day.
func Coverage(p Problem, s Solution) ([]Cover, error) {
	m, err := compile(p)
	if err != nil {
		return nil, err
	}
	placements, _ := m.resolve(s.Assignments)
	minutes := make([][]int, len(m.skills))
	for i := range minutes {
		minutes[i] = make([]int, m.nIntervals)
	}
	for _, pl := range placements {
		m.addCover(minutes, pl, 1)
	}
	perDay := 1440 / m.interval
	out := make([]Cover, 0, len(m.skills)*m.days)
	for si, skill := range m.skills {
		first := len(out)
		for d := range m.days {
			out = append(out, Cover{Skill: skill, Day: d, Agents: make([]float64, perDay)})
		}
		for k := range m.nIntervals {
			d, slot := m.intervalDay[k], m.intervalSlot[k]
			if d < 0 || d >= m.days {
				continue
			}
			c := &out[first+d]
			c.Agents[slot] = max(c.Agents[slot], float64(minutes[si][k])/float64(m.interval))
		}
	}
	return out, nil
}
