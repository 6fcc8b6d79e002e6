package measure

import (
	"wfm/kpi"
	"wfm/store"
)

// HistoryCounts turns an ACD interval row into the additive counts kpi
// uses. An ACD report has no short abandons, so every abandon counts,
// unless the queue's formula (formula) ignores abandons.
func HistoryCounts(r store.HistoryInterval, formula string) kpi.QueueCounts {
	c := kpi.QueueCounts{Offered: r.Offered}
	if r.Answered == nil {
		return c // without the answered count no ratio can be formed
	}
	c.Answered = *r.Answered
	if r.Abandoned != nil {
		c.Abandoned = *r.Abandoned
	}
	if r.AnsweredInSL != nil {
		c.AnsweredInSL = *r.AnsweredInSL
		c.SLBase = c.Answered + c.Abandoned
		if kpi.SLFormula(formula) == kpi.SLAbandonsIgnored {
			c.SLBase = c.Answered
		}
	}
	if r.ASASeconds != nil {
		c.WaitSeconds = *r.ASASeconds * float64(c.Answered)
	}
	if r.AHTSeconds != nil {
		c.HandleSeconds = *r.AHTSeconds * float64(c.Answered)
	}
	return c
}
