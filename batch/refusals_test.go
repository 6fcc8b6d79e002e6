package batch

import (
	"strings"
	"testing"
	"time"
)

// readers are every CSV reader of the package, as one signature, for the
// tests that hold for all of them (and the fuzz targets).
var readers = map[string]func(string) error{
	"history": func(s string) error {
		_, err := ReadHistory(strings.NewReader(s), "f.csv", time.UTC, 0)
		return err
	},
	"contacts": func(s string) error {
		_, err := ReadContacts(strings.NewReader(s), "f.csv", time.UTC)
		return err
	},
	"states": func(s string) error {
		_, err := ReadStates(strings.NewReader(s), "f.csv", time.UTC)
		return err
	},
	"forecast": func(s string) error {
		_, err := ReadForecast(strings.NewReader(s), "f.csv", time.UTC)
		return err
	},
}

// goodFiles are a valid file for each reader: the seeds of the fuzz
// targets, and the base the tests below break.
var goodFiles = map[string]string{
	"history": "queue,interval_start,offered,answered,abandoned,answered_in_sl,aht_seconds,asa_seconds\n" +
		"voice-vip,2026-03-02 08:00,10,9,1,8,240,12\nvoice-vip,2026-03-02 08:15,12,12,0,10,230.5,9\n",
	"contacts": "contact_id,queue,channel,arrived_at,answered_at,ended_at,agent,talk_seconds,hold_seconds,acw_seconds,transferred,resolved,csat,emotion,complaint,x_note\n" +
		"c1,voice-vip,voice,2026-03-02T08:00:10+08:00,2026-03-02T08:00:20+08:00,2026-03-02T08:04:00+08:00,liu.jie,200,10,30,false,true,5,calm,false,\"a, quoted\n note\"\n",
	"states":   "agent,state,start,end\nliu.jie,available,2026-03-02 08:00,2026-03-02 09:00\nliu.jie,break,2026-03-02 09:00,2026-03-02 09:15\n",
	"forecast": "queue,interval_start,volume,volume_low,volume_high,aht_seconds,method\nvoice-vip,2026-03-02T08:00:00Z,10.5,8,13,240,ets\n",
}

func TestGoodFilesRead(t *testing.T) {
	for name, read := range readers {
		if err := read(goodFiles[name]); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// An unclosed quote made the reader ask the CSV package for the position
// of a record it never returned, which panics (a 500 over the API): it is
// a problem at the line where the quoted field starts.
func TestUnclosedQuoteIsAProblemAtItsLine(t *testing.T) {
	// Line 2 opens a quote it never closes, in its first field (where
	// the panic was); the reader reads on to the end.
	files := map[string]string{
		"history":  "queue,interval_start,offered\n\"q,2026-03-02 08:00,5\nq,2026-03-02 08:15,5\n",
		"contacts": "contact_id,queue,arrived_at\n\"c1,q,2026-03-02 08:00\nc2,q,2026-03-02 08:00\n",
		"states":   "agent,state,start,end\n\"a,available,2026-03-02 08:00,2026-03-02 09:00\na,break,2026-03-02 09:00,2026-03-02 09:15\n",
		"forecast": "queue,interval_start,volume,aht_seconds\n\"q,2026-03-02T08:00:00Z,1,240\nq,2026-03-02T08:15:00Z,1,240\n",
	}
	for name, read := range readers {
		err := read(files[name])
		want := "f.csv:2: CSV syntax: a quoted field starting on this line is not closed (read to line 3 without finding its closing \")"
		if err == nil || err.Error() != want {
			t.Errorf("%s: err = %v, want %s", name, err, want)
		}
	}
}

// A history whose spacing is no interval length was reported as a problem
// of the whole file ("body:0:" over the API): it names the row.
func TestOffGridHistoryRowNamesItsLine(t *testing.T) {
	s := "queue,interval_start,offered\nq,2026-03-02 08:00,5\nq,2026-03-02 08:15,5\nq,2026-03-02 08:22,3\n"
	_, err := ReadHistory(strings.NewReader(s), "h.csv", time.UTC, 0)
	if err == nil || !strings.HasPrefix(err.Error(), "h.csv:4: column interval_start: 7m after the queue's previous interval") {
		t.Errorf("err = %v, want it at h.csv:4, column interval_start", err)
	}
}

func TestHistoryCountsAreOfThoseOffered(t *testing.T) {
	s := "queue,interval_start,offered,answered,abandoned\n" +
		"q,2026-03-02 08:00,5,6,0\n" + // answered > offered
		"q,2026-03-02 08:15,5,0,7\n" + // abandoned > offered
		"q,2026-03-02 08:30,5,4,2\n" + // both together
		"q,2026-03-02 08:45,5,4,1\n"
	_, err := ReadHistory(strings.NewReader(s), "h.csv", time.UTC, 0)
	want := []string{
		"h.csv:2: column answered: 6 is more than offered (5)",
		"h.csv:3: column abandoned: 7 is more than offered (5)",
		"h.csv:4: column abandoned: answered (4) and abandoned (2) are more than offered (5)",
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("err =\n%v\nwant\n%s", err, strings.Join(want, "\n"))
	}
}

func TestStatesLongerThanADayOrOverlappingAreRefused(t *testing.T) {
	s := "agent,state,start,end\n" +
		"a,available,2026-03-02 08:00,9999-12-31 00:00\n" + // a missing end
		"a,available,2026-03-03 08:00,2026-03-03 09:00\n" +
		"b,available,2026-03-02 08:00,2026-03-02 09:00\n" +
		"a,break,2026-03-03 08:30,2026-03-03 08:45\n" + // inside line 3
		"b,contact,2026-03-02 09:00,2026-03-02 09:10\n" // touching is fine
	_, err := ReadStates(strings.NewReader(s), "s.csv", time.UTC)
	want := []string{
		"s.csv:2: column end: the state lasts 2912381 days, longer than 24h: refused (split it, or fix its end)",
		"s.csv:5: column start: agent a: overlaps the state on line 3 (2026-03-03T08:00:00Z to 2026-03-03T09:00:00Z): refused, an agent is in one state at a time",
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("err =\n%v\nwant\n%s", err, strings.Join(want, "\n"))
	}
}

// NUL and invalid UTF-8 reached the database, which refuses them (a 500):
// they are problems at their line and column.
func TestCellsMustBeText(t *testing.T) {
	s := "contact_id,queue,arrived_at\n" +
		"c\x001,q,2026-03-02 08:00\n" +
		"c\xff2,q,2026-03-02 08:00\n" +
		"c3,q,2026-03-02 08:00\n" +
		strings.Repeat("x", 65) + ",q,2026-03-02 08:00\n"
	_, err := ReadContacts(strings.NewReader(s), "c.csv", time.UTC)
	want := []string{
		"c.csv:2: column contact_id: holds a NUL character (byte 2)",
		"c.csv:3: column contact_id: not valid UTF-8 (byte 2)",
		"c.csv:5: column contact_id: 65 characters, at most 64 for a code",
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("err =\n%v\nwant\n%s", err, strings.Join(want, "\n"))
	}
}
