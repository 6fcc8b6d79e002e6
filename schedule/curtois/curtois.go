// Package curtois reads the Curtois & Qu shift scheduling benchmark text
// format (schedulingbenchmarks.org, "Computational results on new staff
// scheduling benchmark instances", 2014) and converts an instance to a
// schedule.Problem.
//
// The mapping: each shift type becomes a template of its length (a nominal
// 00:00 start: the benchmark has no times, and with no rest rule a start is
// never judged); MaxShifts becomes max_shifts (a 0 also removes the
// template from the agent's shifts instead); total minutes, consecutive limits and
// weekends map to the agent fields of the same meaning; days off to
// days_off; shift on/off requests to requests with that shift; cover to
// shift demand with its two weights. Instances start on a Monday, so the
// problem starts on Monday 2024-01-01 and its calendar weekends are the
// benchmark's days 5 and 6 of each week.
package curtois

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"wfm/civil"
	"wfm/schedule"
)

// Instance is a benchmark instance as written in the file.
type Instance struct {
	Horizon int
	Shifts  []Shift
	Staff   []Staff
	DaysOff map[string][]int
	On, Off []Request
	Cover   []Cover
}

// Shift is a shift type.
type Shift struct {
	ID                 string
	Minutes            int
	CannotBeFollowedBy []string
}

// Staff is one employee and her limits.
type Staff struct {
	ID                                 string
	MaxShifts                          map[string]int
	MaxTotalMinutes, MinTotalMinutes   int
	MaxConsecutive, MinConsecutive     int
	MinConsecutiveDaysOff, MaxWeekends int
}

// Request is a shift on or off request.
type Request struct {
	Staff  string
	Day    int
	Shift  string
	Weight int
}

// Cover is the wanted number of a shift type on a day.
type Cover struct {
	Day                     int
	Shift                   string
	Requirement             int
	UnderWeight, OverWeight int
}

// Parse reads an instance. Errors name the line.
func Parse(r io.Reader) (Instance, error) {
	ps := parser{in: Instance{DaysOff: map[string][]int{}}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		ps.line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if strings.HasPrefix(text, "SECTION_") {
			ps.section = text
			continue
		}
		if err := ps.row(strings.Split(text, ",")); err != nil {
			return ps.in, err
		}
	}
	if err := sc.Err(); err != nil {
		return ps.in, err
	}
	if ps.in.Horizon < 1 {
		return ps.in, fmt.Errorf("SECTION_HORIZON: missing or not positive")
	}
	return ps.in, nil
}

// parser is a Parse under way: the instance so far, and where it is.
type parser struct {
	in      Instance
	section string
	line    int
}

// bad is an error naming the line and its section.
func (ps *parser) bad(format string, args ...any) error {
	return fmt.Errorf("line %d (%s): %s", ps.line, ps.section, fmt.Sprintf(format, args...))
}

// ints reads fields idx of f as integers.
func (ps *parser) ints(f []string, idx ...int) ([]int, error) {
	out := make([]int, len(idx))
	for i, k := range idx {
		if k >= len(f) {
			return nil, ps.bad("want at least %d fields", k+1)
		}
		v, err := strconv.Atoi(strings.TrimSpace(f[k]))
		if err != nil {
			return nil, ps.bad("field %d: %q is not an integer", k+1, f[k])
		}
		out[i] = v
	}
	return out, nil
}

// row reads one data line (fields f) of the current section.
func (ps *parser) row(f []string) error {
	in := &ps.in
	switch ps.section {
	case "SECTION_HORIZON":
		v, err := ps.ints(f, 0)
		if err != nil {
			return err
		}
		in.Horizon = v[0]
	case "SECTION_SHIFTS":
		v, err := ps.ints(f, 1)
		if err != nil {
			return err
		}
		s := Shift{ID: f[0], Minutes: v[0]}
		if len(f) > 2 && strings.TrimSpace(f[2]) != "" {
			s.CannotBeFollowedBy = strings.Split(strings.TrimSpace(f[2]), "|")
		}
		in.Shifts = append(in.Shifts, s)
	case "SECTION_STAFF":
		return ps.staff(f)
	case "SECTION_DAYS_OFF":
		for _, d := range f[1:] {
			v, err := strconv.Atoi(strings.TrimSpace(d))
			if err != nil {
				return ps.bad("day %q is not an integer", d)
			}
			in.DaysOff[f[0]] = append(in.DaysOff[f[0]], v)
		}
	case "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS":
		v, err := ps.ints(f, 1, 3)
		if err != nil {
			return err
		}
		req := Request{Staff: f[0], Day: v[0], Shift: f[2], Weight: v[1]}
		if ps.section == "SECTION_SHIFT_ON_REQUESTS" {
			in.On = append(in.On, req)
		} else {
			in.Off = append(in.Off, req)
		}
	case "SECTION_COVER":
		v, err := ps.ints(f, 0, 2, 3, 4)
		if err != nil {
			return err
		}
		in.Cover = append(in.Cover, Cover{Day: v[0], Shift: f[1], Requirement: v[1], UnderWeight: v[2], OverWeight: v[3]})
	default:
		return ps.bad("data outside a known section")
	}
	return nil
}

// staff reads one employee: her max shifts per type (ID=N|ID=N) and her
// limits.
func (ps *parser) staff(f []string) error {
	v, err := ps.ints(f, 2, 3, 4, 5, 6, 7)
	if err != nil {
		return err
	}
	st := Staff{ID: f[0], MaxShifts: map[string]int{}, MaxTotalMinutes: v[0], MinTotalMinutes: v[1],
		MaxConsecutive: v[2], MinConsecutive: v[3], MinConsecutiveDaysOff: v[4], MaxWeekends: v[5]}
	for _, kv := range strings.Split(f[1], "|") {
		k, val, ok := strings.Cut(kv, "=")
		n, err := strconv.Atoi(val)
		if !ok || err != nil {
			return ps.bad("max shifts %q is not ID=N", kv)
		}
		st.MaxShifts[k] = n
	}
	ps.in.Staff = append(ps.in.Staff, st)
	return nil
}

func intp(v int) *int { return &v }

// Problem converts the instance to the contract's problem. It fails when
// a request or day off names an unknown employee.
func (in Instance) Problem() (schedule.Problem, error) {
	p := schedule.Problem{StartDate: civil.MustParse("2024-01-01"), Days: in.Horizon, IntervalMinutes: 60, Timezone: "UTC"}
	for _, s := range in.Shifts {
		p.Shifts = append(p.Shifts, schedule.Shift{ID: s.ID, Start: "00:00", DurationMinutes: s.Minutes,
			CannotBeFollowedBy: s.CannotBeFollowedBy})
	}
	for _, st := range in.Staff {
		p.Agents = append(p.Agents, in.agent(st))
	}
	if err := in.requests(p.Agents); err != nil {
		return p, err
	}
	for _, c := range in.Cover {
		p.Demand.Shifts = append(p.Demand.Shifts, schedule.ShiftDemand{Day: c.Day, Shift: c.Shift,
			Required: float64(c.Requirement), UnderWeight: float64(c.UnderWeight), OverWeight: float64(c.OverWeight)})
	}
	return p, nil
}

// agent is one employee as the contract's agent: her limits, days off,
// and the shift types she may work. A type the instance gives her no
// positive maximum for may not be worked; a maximum below the horizon is
// kept as max_shifts.
func (in Instance) agent(st Staff) schedule.Agent {
	a := schedule.Agent{ID: st.ID, MaxShifts: map[string]int{},
		MinMinutes: intp(st.MinTotalMinutes), MaxMinutes: intp(st.MaxTotalMinutes),
		MinConsecutiveShifts: intp(st.MinConsecutive), MaxConsecutiveShifts: intp(st.MaxConsecutive),
		MinConsecutiveDaysOff: intp(st.MinConsecutiveDaysOff), MaxWeekends: intp(st.MaxWeekends),
		DaysOff: in.DaysOff[st.ID]}
	for _, s := range in.Shifts {
		n, ok := st.MaxShifts[s.ID]
		if !ok {
			n = 0 // a shift type not listed for her may not be worked
		}
		if n > 0 {
			a.Shifts = append(a.Shifts, s.ID)
		}
		if n > 0 && n < in.Horizon {
			a.MaxShifts[s.ID] = n
		}
	}
	if len(a.Shifts) == 0 {
		// No shift type is hers: an empty list would mean any, so
		// forbid each one by a limit of 0.
		for _, s := range in.Shifts {
			a.MaxShifts[s.ID] = 0
		}
	}
	return a
}

// requests checks that the days off and requests name known employees,
// and adds the on and off requests to the agents.
func (in Instance) requests(agents []schedule.Agent) error {
	idx := map[string]int{}
	for i, a := range agents {
		idx[a.ID] = i
	}
	for id := range in.DaysOff {
		if _, ok := idx[id]; !ok {
			return fmt.Errorf("SECTION_DAYS_OFF: unknown employee %q", id)
		}
	}
	for _, r := range append(append([]Request(nil), in.On...), in.Off...) {
		if _, ok := idx[r.Staff]; !ok {
			return fmt.Errorf("request for unknown employee %q", r.Staff)
		}
	}
	for _, r := range in.On {
		a := &agents[idx[r.Staff]]
		a.Requests = append(a.Requests, schedule.Request{Day: r.Day, Shift: r.Shift, On: true, Weight: float64(r.Weight)})
	}
	for _, r := range in.Off {
		a := &agents[idx[r.Staff]]
		a.Requests = append(a.Requests, schedule.Request{Day: r.Day, Shift: r.Shift, On: false, Weight: float64(r.Weight)})
	}
	return nil
}
