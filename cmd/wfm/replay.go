package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"wfm/batch"
	"wfm/intraday"
)

// runReplay sends a states CSV to a running server as a live feed would:
// the states become events, sent at the pace they happened (or faster),
// so that a center can watch its intraday board move before connecting
// its ACD, and tests can drive the feed.
func replayCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "replay",
		Short: "send an agent states CSV to a server's live feed, at real or accelerated speed",
		Args:  usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	states := fs.String("states", "", "agent states CSV (CONTRACTS.md 5): agent,state,start,end")
	server := fs.String("server", "http://localhost:8080", "the server's base URL")
	token := fs.String("token", "", "an integration token (default $WFM_TOKEN; wfm user token --scope integration)")
	speed := fs.Float64("speed", 1, "1: real time; 60: a minute a second; 0: as fast as the server takes them")
	source := fs.String("source", "replay", "the source the events are sent as (event ids are unique within it)")
	tz := fs.String("tz", "", "IANA time zone of times without an offset (default UTC)")
	now := fs.Bool("now", false, "shift the states so that the first begins now (a past day replayed as today)")
	every := fs.Duration("every", time.Second, "how often a batch is sent")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		if *states == "" {
			return fmt.Errorf("%w: --states is required", errUsage)
		}
		if *speed < 0 {
			return fmt.Errorf("%w: --speed %g: want 0 or more", errUsage, *speed)
		}
		if *every <= 0 {
			return fmt.Errorf("%w: --every %s: want a positive duration", errUsage, *every)
		}
		if *token == "" {
			*token = e.getenv("WFM_TOKEN")
		}
		if *token == "" {
			return fmt.Errorf("%w: --token or $WFM_TOKEN: an integration token is required", errUsage)
		}
		loc, err := batch.LoadLocation(*tz)
		if err != nil {
			return fmt.Errorf("%w: --tz: %v", errUsage, err)
		}
		f, err := os.Open(*states)
		if err != nil {
			return err
		}
		ss, err := batch.ReadStates(f, *states, loc)
		f.Close()
		if err != nil {
			return err
		}
		if len(ss) == 0 {
			return fmt.Errorf("%s: no states", *states)
		}
		var shift time.Duration
		events := intraday.EventsFromStates(*states, ss, 0)
		if *now {
			shift = time.Since(events[0].At).Truncate(time.Second)
			events = intraday.EventsFromStates(*states, ss, shift)
		}
		r := replayer{client: &http.Client{Timeout: 30 * time.Second}, url: strings.TrimRight(*server, "/") + "/api/v1/agent-events",
			token: *token, source: *source, out: e.stdout}
		return r.run(ctx, events, *speed, *every)

	}
	return c
}

// replayer paces events onto the feed.
type replayer struct {
	client *http.Client
	url    string
	token  string
	source string
	out    io.Writer
	total  intraday.Result
}

func (r *replayer) run(ctx context.Context, events []intraday.TimedEvent, speed float64, every time.Duration) error {
	began, first := time.Now(), events[0].At
	next := 0
	tick := time.NewTicker(every)
	defer tick.Stop()
	for next < len(events) {
		// Everything that has happened by now on the replay's clock.
		upTo := len(events)
		if speed > 0 {
			clock := first.Add(time.Duration(float64(time.Since(began)) * speed))
			for upTo = next; upTo < len(events) && !events[upTo].At.After(clock); upTo++ {
			}
		}
		for next < upTo {
			end := min(upTo, next+intraday.MaxBatchEvents)
			if err := r.send(ctx, events[next:end]); err != nil {
				return err
			}
			next = end
		}
		if next == len(events) {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
	fmt.Fprintf(r.out, "replay: %d events sent: %d accepted, %d already received, %d refused (%s)\n",
		r.total.Received, r.total.Accepted, r.total.Duplicates, len(r.total.Refused), time.Since(began).Round(time.Millisecond))
	return nil
}

func (r *replayer) send(ctx context.Context, events []intraday.TimedEvent) error {
	b := intraday.Batch{Source: r.source, Events: make([]intraday.Event, len(events))}
	for i, e := range events {
		b.Events[i] = e.Event
	}
	body, _ := json.Marshal(b)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%w: --server: %v", errUsage, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+r.token)
	resp, err := r.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s %s", r.url, resp.Status, answer)
	}
	var res intraday.Result
	if err := json.Unmarshal(answer, &res); err != nil {
		return fmt.Errorf("%s: %v", r.url, err)
	}
	r.total.Received += res.Received
	r.total.Accepted += res.Accepted
	r.total.Duplicates += res.Duplicates
	for _, ref := range res.Refused {
		e := b.Events[ref.Index]
		fmt.Fprintf(r.out, "replay: refused %s (agent %s at %s): %s: %s\n", e.EventID, e.Agent, e.At, ref.Field, ref.Message)
		r.total.Refused = append(r.total.Refused, ref)
	}
	fmt.Fprintf(r.out, "replay: sent %d (up to %s): %d accepted\n", len(events), events[len(events)-1].At.Format(time.RFC3339), res.Accepted)
	return nil
}
