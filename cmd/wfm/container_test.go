package main

import (
	"bufio"
	"context"
	"debug/elf"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// No container registry is reachable from CI, so the image cannot be
// built there. What can be checked is what the Dockerfile does: its build
// command, run as written, must make a static binary (the distroless base
// has no C library) that names its build and serves, and its health check
// and compose.yaml must call things the binary has.
func TestDockerfileBuildsAStaticBinaryThatServes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary: skipped with -short")
	}
	dockerfile := readRepoFile(t, "Dockerfile")
	build := dockerfileBuildCommand(t, dockerfile)
	for _, arg := range []string{"VERSION", "COMMIT", "BUILT_AT"} {
		if !regexp.MustCompile(`(?m)^ARG ` + arg + `=`).MatchString(dockerfile) {
			t.Errorf("Dockerfile: no ARG %s with a default", arg)
		}
	}
	if !strings.Contains(dockerfile, `CMD ["/usr/local/bin/wfm", "healthcheck"]`) {
		t.Errorf("Dockerfile: the HEALTHCHECK does not run wfm healthcheck")
	}
	if !regexp.MustCompile(`(?m)^USER 65532`).MatchString(dockerfile) {
		t.Errorf("Dockerfile: the image does not run as the non-root user")
	}

	out := t.TempDir()
	cmd := exec.Command("sh", "-c", strings.ReplaceAll(build, "/out/", out+"/"))
	cmd.Dir = repoRoot(t)
	cmd.Env = append(os.Environ(), "VERSION=v9.9.9-ci", "COMMIT=0123456789abcdef", "BUILT_AT=2026-12-06T00:00:00Z")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the Dockerfile's build command: %v\n%s", err, b)
	}
	bin := filepath.Join(out, "wfm")

	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s asks for a dynamic loader: it will not start on a distroless static image", bin)
		}
	}
	f.Close()

	v, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil || !strings.Contains(string(v), "wfm v9.9.9-ci (commit 0123456789ab, 2026-12-06T00:00:00Z") {
		t.Errorf("wfm version: %v %q, want the build the arguments name", err, v)
	}

	// The image's default: serve on SQLite in a data folder; the health
	// check must turn green once it is up.
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	serve := exec.CommandContext(ctx, bin, "serve")
	serve.Env = append(os.Environ(), "WFM_ADDR="+addr, "WFM_DATABASE_URL=file:"+filepath.Join(out, "wfm.db"))
	var log strings.Builder
	serve.Stdout, serve.Stderr = &log, &log
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer serve.Wait()
	deadline := time.Now().Add(60 * time.Second)
	for {
		hc, err := exec.Command(bin, "healthcheck", "--addr", addr, "--timeout", "2s").CombinedOutput()
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("wfm healthcheck never passed: %v %s\nserver log:\n%s", err, hc, log.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	cancel()

	// A health check of a server that is not there fails.
	if b, err := exec.Command(bin, "healthcheck", "--addr", freeAddr(t), "--timeout", "1s").CombinedOutput(); err == nil {
		t.Errorf("wfm healthcheck with no server passed: %s", b)
	}
}

func TestComposeFileCallsWhatTheBinaryHas(t *testing.T) {
	compose := readRepoFile(t, "compose.yaml")
	known := map[string]bool{}
	for _, v := range configVars {
		known[v.name] = true
	}
	for _, m := range regexp.MustCompile(`(?m)^\s+(WFM_[A-Z_]+):`).FindAllStringSubmatch(compose, -1) {
		if !known[m[1]] {
			t.Errorf("compose.yaml sets %s, which wfm does not read", m[1])
		}
	}
	m := regexp.MustCompile(`(?m)^\s+command: \["([a-z]+)"`).FindStringSubmatch(compose)
	if m == nil {
		t.Fatal("compose.yaml: the wfm service has no command")
	}
	if c, _, err := newRoot(env{getenv: func(string) string { return "" }}).Find([]string{m[1]}); err != nil || c.Name() != m[1] {
		t.Errorf("compose.yaml runs wfm %s, which is not a command", m[1])
	}
}

// dockerfileBuildCommand is the Dockerfile's `RUN ... go build ...` line.
func dockerfileBuildCommand(t *testing.T, dockerfile string) string {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(dockerfile))
	for sc.Scan() {
		if line := sc.Text(); strings.HasPrefix(line, "RUN ") && strings.Contains(line, "go build") {
			return strings.TrimPrefix(line, "RUN ")
		}
	}
	t.Fatal("Dockerfile: no RUN line with go build")
	return ""
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
