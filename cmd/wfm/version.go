package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"wfm/version"
)

// runVersion prints the build, for a bug report: one line, or the JSON
// /healthz answers with --json.
func versionCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "version",
		Short: "print the build: version, commit, date",
		Args:  usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	asJSON := fs.Bool("json", false, "print the build as JSON (as /healthz names it)")
	c.RunE = func(c *cobra.Command, _ []string) error {
		b := version.Get()
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(b)
		}
		fmt.Fprintln(e.stdout, b.String())
		return nil
	}
	return c
}

// runHealthcheck asks a running server whether it is ready (GET /readyz)
// and exits 0 when it is. A container image without a shell or curl (the
// distroless one of the Dockerfile) uses it as its HEALTHCHECK.
func healthcheckCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "healthcheck",
		Short: "ask a running server whether it is ready (GET /readyz); for container health checks",
		Args:  usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	addr := fs.String("addr", "", "the server's listen address (default $WFM_ADDR or :8080)")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		a := *addr
		if a == "" {
			a = e.getenv("WFM_ADDR")
		}
		if a == "" {
			a = ":8080"
		}
		ctx, cancel := context.WithTimeout(ctx, *timeout)
		defer cancel()
		url := "http://" + displayAddr(a) + "/readyz"
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return fmt.Errorf("%w: --addr %q: %v", errUsage, a, err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("%s: %w", url, err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s: %s %s", url, resp.Status, body)
		}
		fmt.Fprintf(e.stdout, "%s: ready\n", url)
		return nil
	}
	return c
}
