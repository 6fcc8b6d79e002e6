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
	for step := range 200 {
		temp := 50.0
		if step >= 100 {
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
