package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"wfm/batch"
	"wfm/staffing"
)

// goalFlags are the service-goal flags `wfm erlang` and `wfm staffing`
// share (CONTRACTS.md section 3).
type goalFlags struct {
	serviceLevel, maxOccupancy float64
	threshold, asa, patience   string
}

func (g *goalFlags) register(fs *pflag.FlagSet) {
	fs.Float64Var(&g.serviceLevel, "service-level", 0, "target share of contacts answered within --threshold, e.g. 0.8")
	fs.StringVar(&g.threshold, "threshold", "20s", "service-level threshold: answered within")
	fs.StringVar(&g.asa, "asa", "", "highest acceptable average speed of answer, e.g. 30s")
	fs.Float64Var(&g.maxOccupancy, "max-occupancy", 0, "cap on occupancy, e.g. 0.85")
	fs.StringVar(&g.patience, "patience", "", "mean caller patience, e.g. 90s: switches from Erlang C to Erlang A")
}

// goal turns the flags into a staffing.Goal; set tells which flags the
// user gave, so that an explicit 0 is refused rather than read as "none".
func (g *goalFlags) goal(set map[string]bool) (staffing.Goal, error) {
	goal := staffing.Goal{ServiceLevel: g.serviceLevel, MaxOccupancy: g.maxOccupancy}
	for _, d := range []struct {
		name, text string
		dst        *float64
	}{{"threshold", g.threshold, &goal.ThresholdSeconds}, {"asa", g.asa, &goal.ASASeconds}, {"patience", g.patience, &goal.PatienceSeconds}} {
		if d.text == "" {
			continue
		}
		v, err := batch.ParseDuration(d.text)
		if err != nil {
			return goal, fmt.Errorf("%w: --%s: %v", errUsage, d.name, err)
		}
		if v < 0 || (v == 0 && d.name != "threshold") {
			return goal, fmt.Errorf("%w: --%s: %s must be above 0", errUsage, d.name, d.text)
		}
		*d.dst = v.Seconds()
	}
	if set["service-level"] && g.serviceLevel <= 0 {
		return goal, fmt.Errorf("%w: --service-level must be above 0", errUsage)
	}
	if set["max-occupancy"] && g.maxOccupancy <= 0 {
		return goal, fmt.Errorf("%w: --max-occupancy must be above 0", errUsage)
	}
	return goal, nil
}

// flagsSet lists the flags given on the command line.
func flagsSet(fs *pflag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *pflag.Flag) { set[f.Name] = true })
	return set
}

// erlangResult is the JSON object `wfm erlang` prints, keys in the
// contract's order. ASA is null when the queue is not stable (agents at or
// below the traffic under Erlang C): the wait grows without bound.
type erlangResult struct {
	Traffic         float64  `json:"traffic_erlangs"`
	Agents          int      `json:"agents"`
	WaitProbability float64  `json:"wait_probability"`
	ServiceLevel    float64  `json:"service_level"`
	ASASeconds      *float64 `json:"asa_seconds"`
	Occupancy       float64  `json:"occupancy"`
	AbandonRate     float64  `json:"abandon_rate"`
}

// erlangCmd is `wfm erlang`: Erlang C (or A, with --patience) for one
// interval, either at a given staffing (--agents) or at the smallest one
// meeting the goals (--service-level, --asa, --max-occupancy).
func erlangCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "erlang",
		Short: "Erlang C / Erlang A for one interval (CONTRACTS.md 3)",
		Args:  usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	volume := fs.Float64("volume", 0, "contacts arriving in the interval (required)")
	interval := fs.String("interval", "30m", "interval length")
	aht := fs.String("aht", "", "average handle time, e.g. 240s (required)")
	agents := fs.Int("agents", 0, "agents on the queue: evaluate this staffing")
	var gf goalFlags
	gf.register(fs)
	c.RunE = func(c *cobra.Command, _ []string) error {
		set := flagsSet(fs)
		if !set["volume"] || !set["aht"] {
			return fmt.Errorf("%w: --volume and --aht are required", errUsage)
		}
		wantsGoal := set["service-level"] || set["asa"] || set["max-occupancy"]
		if set["agents"] == wantsGoal {
			return fmt.Errorf("%w: give either --agents or a goal (--service-level, --asa, --max-occupancy)", errUsage)
		}
		if *agents < 0 {
			return fmt.Errorf("%w: --agents must be >= 0", errUsage)
		}
		load, err := erlangLoad(*volume, *interval, *aht)
		if err != nil {
			return err
		}
		goal, err := gf.goal(set)
		if err != nil {
			return err
		}
		n := *agents
		if wantsGoal {
			if err := goal.Validate(); err != nil {
				return fmt.Errorf("%w: %v", errUsage, err)
			}
			if n, err = staffing.Required(load, goal); err != nil {
				return err
			}
		}
		p, err := staffing.Evaluate(load, n, goal)
		if err != nil {
			if errors.Is(err, staffing.ErrTooManyTerms) {
				return err
			}
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		b, err := json.Marshal(newErlangResult(p))
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.stdout, "%s\n", b)
		return err
	}
	return c
}

// erlangLoad is the interval's load from the flags, checked: the durations
// (interval, aht) are named by their flag when wrong.
func erlangLoad(volume float64, interval, aht string) (staffing.Load, error) {
	load := staffing.Load{Volume: volume}
	for _, d := range []struct {
		name, text string
		dst        *float64
	}{{"interval", interval, &load.IntervalSeconds}, {"aht", aht, &load.AHTSeconds}} {
		v, err := batch.ParseDuration(d.text)
		if err != nil {
			return load, fmt.Errorf("%w: --%s: %v", errUsage, d.name, err)
		}
		if v <= 0 {
			return load, fmt.Errorf("%w: --%s: %s must be above 0", errUsage, d.name, d.text)
		}
		*d.dst = v.Seconds()
	}
	if err := load.Validate(); err != nil {
		return load, fmt.Errorf("%w: %v", errUsage, err)
	}
	return load, nil
}

// newErlangResult is what `wfm erlang` prints of p.
func newErlangResult(p staffing.Performance) erlangResult {
	out := erlangResult{
		Traffic:         p.Traffic,
		Agents:          p.Agents,
		WaitProbability: p.WaitProbability,
		ServiceLevel:    p.ServiceLevel,
		Occupancy:       p.Occupancy,
		AbandonRate:     p.AbandonRate,
	}
	if p.Stable {
		out.ASASeconds = &p.ASASeconds
	}
	return out
}
