package schedule

import (
	"math"
	"testing"
)

// TestGroupReplanPricesTheWholeGroup: a group re-plan changes several
// agents at once; what it keeps must be priced as a full pass prices it
// (cover, each agent's requests and broken rules, the running total), and
// at a temperature near zero it never makes the roster dearer.
func TestGroupReplanPricesTheWholeGroup(t *testing.T) {
	an := patternedAnnealer(t, 9)
	st := annealState{cur: an.total(), sumUnits: an.sumUnits()}
	st.best, st.bestRows = st.cur, an.copyRows(nil)
	changed := 0
	for step := range 300 {
		temp := 50.0
		if step >= 150 {
			temp = 1e-9
		}
		before := st.cur
		rows := an.copyRows(nil)
		an.groupReplanStep(&st, temp)
		moved := 0
		for a := range rows {
			for d := range rows[a] {
				if rows[a][d] != an.rows[a][d] {
					moved |= 1 << a
				}
			}
		}
		if moved&(moved-1) != 0 {
			changed++
		}
		if got := an.fullCover(); math.Abs(got-an.cover) > 1e-6 {
			t.Fatalf("step %d: kept cover %.3f, full pass %.3f", step, an.cover, got)
		}
		for a := range an.rows {
			req, units := an.evaluate(a)
			if math.Abs(req-an.req[a]) > 1e-9 || math.Abs(units-an.units[a]) > 1e-9 {
				t.Fatalf("step %d agent %d: kept req %.3f units %.3f, full pass %.3f %.3f", step, a, an.req[a], an.units[a], req, units)
			}
		}
		if got := an.total(); math.Abs(got-st.cur) > 1e-6 {
			t.Fatalf("step %d: running total %.3f, full total %.3f", step, st.cur, got)
		}
		if temp < 1 && st.cur > before+1e-9 {
			t.Fatalf("step %d: at temperature ~0 the total rose from %.3f to %.3f", step, before, st.cur)
		}
	}
	if changed < 20 {
		t.Fatalf("only %d group re-plans changed two agents or more", changed)
	}
}

// TestWeekendPairSplitsAWeekend: weekendPair draws an agent who works one
// day of a weekend and another who works only its other day, and may work
// what the second works there.
func TestWeekendPairSplitsAWeekend(t *testing.T) {
	an := patternedAnnealer(t, 4)
	found := 0
	for a := range 200 {
		pair := an.weekendPair(a % len(an.rows))
		if len(pair) == 1 {
			continue
		}
		x, y := pair[0], pair[1]
		ok := false
		for d := range an.days {
			w := an.weekendOf[d]
			if w >= 0 && an.rows[x][d] < 0 && an.rows[y][d] >= 0 && an.agents[x].may[an.rows[y][d]] &&
				an.weekendDays[x*an.nWeekends+w] == 1 && an.weekendDays[y*an.nWeekends+w] == 1 {
				ok = true
			}
		}
		if !ok || x == y {
			t.Fatalf("pair %d, %d splits no weekend: %v / %v", x, y, an.rows[x], an.rows[y])
		}
		found++
	}
	if found < 150 {
		t.Fatalf("a pair in %d of 200 draws, though every agent works weekends on one day", found)
	}
}
