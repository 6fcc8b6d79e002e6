package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressEvery is how often a meter writes a line when stderr is not a
// terminal (a log file, a CI job): often enough to see the work is alive,
// seldom enough not to flood the log.
var progressEvery = 5 * time.Second

// meter shows the progress of long work on stderr: a bar with the count,
// the rate and the time left when stderr is a terminal
// (github.com/schollz/progressbar), a line every progressEvery otherwise,
// and nothing at all with --quiet. It is safe for use from several
// goroutines (a solver's progress comes from its workers).
type meter struct {
	mu      sync.Mutex
	bar     *progressbar.ProgressBar // on a terminal
	log     io.Writer                // otherwise; nil: quiet
	what    string
	unit    string
	total   int64
	done    int64
	note    string // what the work says of itself, e.g. the objective so far
	began   time.Time
	lastLog time.Time
	ended   bool
	timed   bool          // the work runs for a set time: done and total are seconds
	stop    chan struct{} // ends a timed meter's clock
}

// newMeter starts a meter for total units of work (total <= 0: unknown).
func newMeter(e env, what, unit string, total int64) *meter {
	m := &meter{what: what, unit: unit, total: total, began: time.Now()}
	m.lastLog = m.began
	if e.quiet != nil && *e.quiet {
		return m
	}
	if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		max := total
		if max <= 0 {
			max = -1 // a spinner
		}
		count := []progressbar.Option{progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString(unit)}
		switch {
		case total <= 0: // a spinner: the elapsed time and the note
			count = nil
		case unit == "s": // a clock: the count is the seconds, no rate
			count = []progressbar.Option{progressbar.OptionShowCount()}
		case unit == "bytes":
			count = []progressbar.Option{progressbar.OptionShowBytes(true), progressbar.OptionShowTotalBytes(true)}
		}
		m.bar = progressbar.NewOptions64(max, append(count,
			progressbar.OptionSetWriter(f),
			progressbar.OptionSetDescription(what),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionClearOnFinish(),
		)...)
		return m
	}
	m.log = e.stderr
	return m
}

// newTimedMeter starts a meter for work that runs for limit (a solver's
// time limit): its clock moves by itself, and Note says how the work is
// doing (the objective so far). Finish stops the clock.
func newTimedMeter(e env, what string, limit time.Duration) *meter {
	m := newMeter(e, what, "s", int64(limit.Round(time.Second)/time.Second))
	m.timed = true
	return m.withClock()
}

// withClock moves the meter by itself: a timed meter's seconds, and for
// the others a line in the logs every progressEvery even while the work
// says nothing (a long step). Finish stops the clock.
func (m *meter) withClock() *meter {
	m.stop = make(chan struct{})
	go func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-m.stop:
				return
			case <-t.C:
				m.mu.Lock()
				if m.timed {
					m.done = int64(time.Since(m.began) / time.Second)
				}
				m.show()
				m.mu.Unlock()
			}
		}
	}()
	return m
}

// Set says how much of the work is done.
func (m *meter) Set(done int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done = done
	m.show()
}

// SetTotal says how much work there is, once it is known.
func (m *meter) SetTotal(total int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if total == m.total {
		return
	}
	m.total = total
	if m.bar != nil {
		m.bar.ChangeMax64(total)
	}
}

// Add says n more units are done.
func (m *meter) Add(n int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done += n
	m.show()
}

// Note sets what the work says of itself beside the count, such as the
// best objective found so far.
func (m *meter) Note(note string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.note = note
	if m.bar != nil {
		m.bar.Describe(m.what + " " + note)
	}
	m.show()
}

// Finish ends the bar (or writes the last line) with what was done; once.
func (m *meter) Finish() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ended {
		return
	}
	m.ended = true
	if m.stop != nil {
		close(m.stop)
	}
	if m.bar != nil {
		_ = m.bar.Finish()
		return
	}
	if m.log != nil && (m.done > 0 || m.timed) && time.Since(m.began) >= progressEvery {
		fmt.Fprintln(m.log, m.line(true))
	}
}

func (m *meter) show() {
	if m.ended {
		return
	}
	if m.bar != nil {
		_ = m.bar.Set64(m.done)
		return
	}
	if m.log == nil || time.Since(m.lastLog) < progressEvery {
		return
	}
	m.lastLog = time.Now()
	fmt.Fprintln(m.log, m.line(false))
}

// line is the log form: "import contacts.csv: writing 120000/500000 rows
// (24%), 40000 rows/s, about 9s left".
func (m *meter) line(finished bool) string {
	elapsed := time.Since(m.began)
	if m.timed {
		s := fmt.Sprintf("%s: %s of %s", m.what, elapsed.Round(time.Second), time.Duration(m.total)*time.Second)
		if m.note != "" {
			s += "; " + m.note
		}
		return s
	}
	s := fmt.Sprintf("%s: %d", m.what, m.done)
	if m.total > 0 {
		s += fmt.Sprintf("/%d %s (%.0f%%)", m.total, m.unit, 100*float64(m.done)/float64(m.total))
	} else {
		s += fmt.Sprintf(" %s, %s", m.unit, elapsed.Round(time.Second))
	}
	if secs := elapsed.Seconds(); secs > 0 && m.done > 0 && m.total > 0 {
		rate := float64(m.done) / secs
		if rate >= 10 {
			s += fmt.Sprintf(", %.0f %s/s", rate, m.unit)
		} else {
			s += fmt.Sprintf(", %.2g %s/s", rate, m.unit)
		}
		if m.total > 0 && !finished && m.done < m.total {
			left := time.Duration(float64(m.total-m.done) / rate * float64(time.Second))
			s += fmt.Sprintf(", about %s left", left.Round(time.Second))
		}
	}
	if finished {
		s += fmt.Sprintf(", done in %s", elapsed.Round(100*time.Millisecond))
	}
	if m.note != "" {
		s += "; " + m.note
	}
	return s
}

// countingReader counts the bytes and lines read through it, for the
// progress of a file being parsed.
type countingReader struct {
	r     io.Reader
	meter *meter
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.meter.Add(int64(n))
	return n, err
}

// stepLines passes a command's step lines to w and counts them on the
// meter, its note the last line: a long step (the demo's roster builds)
// shows a moving clock instead of a silent terminal. On a terminal the
// bar is cleared before each line so that the two do not mix.
type stepLines struct {
	w     io.Writer
	meter *meter
}

func (s stepLines) Write(b []byte) (int, error) {
	m := s.meter
	m.mu.Lock()
	if m.bar != nil {
		_ = m.bar.Clear()
	}
	m.mu.Unlock()
	n, err := s.w.Write(b)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	m.Add(int64(strings.Count(string(b), "\n")))
	m.Note(strings.TrimSpace(lines[len(lines)-1]))
	return n, err
}
