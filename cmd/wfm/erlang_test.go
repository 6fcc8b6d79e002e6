package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"wfm/staffing"
)

// runErlangTest runs `wfm erlang` in-process and returns stdout, stderr,
// the error and the exit code main would use.
func runErlangTest(t *testing.T, args ...string) (stdout, stderr string, code int, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	err = run(context.Background(), e, append([]string{"erlang"}, args...))
	code = exitCode(&errb, err) // writes the message to stderr: before reading it
	return out.String(), errb.String(), code, err
}

func TestErlangCommandContractKeys(t *testing.T) {
	out, _, _, err := runErlangTest(t, "--volume", "120", "--interval", "30m", "--aht", "240s", "--threshold", "20s", "--agents", "20")
	if err != nil {
		t.Fatal(err)
	}
	wantKeys := []string{"traffic_erlangs", "agents", "wait_probability", "service_level", "asa_seconds", "occupancy", "abandon_rate"}
	dec := json.NewDecoder(strings.NewReader(out))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var values = map[string]float64{}
	for i := 0; dec.More(); i++ {
		key, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		if i >= len(wantKeys) || key != wantKeys[i] {
			t.Fatalf("key %d is %v, want the contract's order %v", i, key, wantKeys)
		}
		var v float64
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		values[key.(string)] = v
	}
	if len(values) != len(wantKeys) || !strings.HasSuffix(out, "}\n") || strings.Count(out, "\n") != 1 {
		t.Fatalf("output %q is not one JSON object of %d keys on one line", out, len(wantKeys))
	}
	// A = 120 x 240 / 1800 = 16 erlangs on 20 agents. Reference values from
	// the exact rational Erlang B sum (sum of 16^k/k!, k <= 20): C = 0.25607779...
	want := map[string]float64{
		"traffic_erlangs": 16, "agents": 20, "wait_probability": 0.2560777938390579,
		"service_level": 0.8165122427716552, "asa_seconds": 15.364667630343472,
		"occupancy": 0.8, "abandon_rate": 0,
	}
	for k, w := range want {
		if math.Abs(values[k]-w) > 1e-12*math.Max(1, w) {
			t.Errorf("%s = %v, want %v", k, values[k], w)
		}
	}
}

func TestErlangCommandRequiredAndErlangA(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		check map[string]float64
		tol   float64
	}{
		{"Westbay 80/15", []string{"--volume", "360", "--interval", "30m", "--aht", "4m", "--threshold", "15s", "--service-level", "0.8"},
			map[string]float64{"agents": 55, "traffic_erlangs": 48, "wait_probability": 0.238701, "service_level": 0.845883}, 1e-6},
		{"Westbay 80/20", []string{"--volume", "360", "--interval", "30m", "--aht", "4m", "--threshold", "20s", "--service-level", "0.8"},
			map[string]float64{"agents": 54}, 0},
		{"worked example with occupancy cap", []string{"--volume", "100", "--aht", "180s", "--service-level", "0.8", "--max-occupancy", "0.70"},
			map[string]float64{"agents": 15, "occupancy": 0.667, "service_level": 0.941}, 0.0005},
		{"Erlang A (pyworkforce)", []string{"--volume", "100", "--interval", "30m", "--aht", "3m", "--threshold", "20s", "--agents", "14", "--patience", "5m"},
			map[string]float64{"agents": 14, "wait_probability": 0.14526, "abandon_rate": 0.013984, "occupancy": 0.704297, "service_level": 0.916792}, 5e-6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, _, _, err := runErlangTest(t, c.args...)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var got map[string]float64
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%s: %v in %q", c.name, err, out)
			}
			for k, w := range c.check {
				if math.Abs(got[k]-w) > c.tol {
					t.Errorf("%s: %s = %v, want %v within %g", c.name, k, got[k], w, c.tol)
				}
			}
		})
	}
}

func TestErlangCommandUnstable(t *testing.T) {
	out, _, _, err := runErlangTest(t, "--volume", "120", "--interval", "30m", "--aht", "240s", "--agents", "12")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"traffic_erlangs":16,"agents":12,"wait_probability":1,"service_level":0,"asa_seconds":null,"occupancy":1,"abandon_rate":0}` + "\n"
	if out != want {
		t.Errorf("got %s want %s", out, want)
	}
}

func TestErlangCommandErrors(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		code  int
		usage bool
		msg   string
	}{
		{"no volume", []string{"--aht", "240s", "--agents", "3"}, 2, true, "--volume"},
		{"agents and a goal", []string{"--volume", "1", "--aht", "240s", "--agents", "3", "--service-level", "0.8"}, 2, true, "either"},
		{"neither agents nor goal", []string{"--volume", "1", "--aht", "240s"}, 2, true, "either"},
		{"bad duration", []string{"--volume", "1", "--aht", "four minutes", "--agents", "3"}, 2, true, "--aht"},
		{"negative volume", []string{"--volume", "-1", "--aht", "240s", "--agents", "3"}, 2, true, "volume"},
		{"service level 1", []string{"--volume", "10", "--aht", "240s", "--service-level", "1"}, 2, true, "service_level"},
		{"explicit zero occupancy", []string{"--volume", "10", "--aht", "240s", "--service-level", "0.8", "--max-occupancy", "0"}, 2, true, "--max-occupancy"},
		{"zero patience", []string{"--volume", "10", "--aht", "240s", "--agents", "3", "--patience", "0s"}, 2, true, "--patience"},
		{"impossible goal", []string{"--volume", "10", "--aht", "240s", "--service-level", "0.8", "--max-occupancy", "1e-300"}, 1, false, "cannot be met"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, stderr, code, err := runErlangTest(t, c.args...)
			if err == nil || code != c.code || errors.Is(err, errUsage) != c.usage || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("%s: err %v, exit %d; want exit %d mentioning %q", c.name, err, code, c.code, c.msg)
			}
			if out != "" {
				t.Errorf("%s: printed %q", c.name, out)
			}
			if !strings.Contains(stderr, "wfm:") {
				t.Errorf("%s: stderr %q has no message", c.name, stderr)
			}
		})
	}
	_, _, _, err := runErlangTest(t, "--volume", "10", "--aht", "240s", "--service-level", "0.8", "--max-occupancy", "1e-300")
	if !errors.Is(err, staffing.ErrImpossible) {
		t.Errorf("impossible goal: %v, want staffing.ErrImpossible", err)
	}
}
