package web

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/api"
	"wfm/store"
)

// IntradayData is the data of the "intraday" page: real-time adherence of
// the agents in scope, out of adherence first.
type IntradayData struct {
	At        string
	Threshold string
	In, Out   int
	Agents    []IntradayRow
}

// IntradayRow is one agent's line, ready to show.
type IntradayRow struct {
	Agent, Name      string
	State, Since     string
	Scheduled, Until string
	InAdherence      bool
	OutToday         string // minutes out of adherence so far today
}

func (p *pages) intraday(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := api.CurrentPrincipal(c)
	loc, err := p.scopeZone(ctx, pr)
	if err != nil {
		p.internal(c, pg, err)
		return
	}
	pg.Translator = NewTranslator(pg.Locale(), loc)
	v, err := p.store.RealTimeAdherence(ctx, store.RealTimeQuery{Scope: pr.Scope, At: p.now(), Threshold: store.AdherenceThreshold})
	if err != nil {
		p.internal(c, pg, err)
		return
	}
	pg.Title = pg.T("nav.intraday")
	pg.Data = intradayView(v, pg.Translator)
	p.write(c, http.StatusOK, "intraday", pg)
}

// scopeZone is the zone of the site of the caller's first team (UTC when
// she has none), as the strain page shows its days.
func (p *pages) scopeZone(ctx context.Context, pr *api.Principal) (*time.Location, error) {
	teams, err := p.store.ListTeams(ctx, pr.Scope)
	if err != nil || len(teams) == 0 {
		return time.UTC, err
	}
	site, err := p.store.GetSite(ctx, teams[0].SiteID)
	if err != nil {
		return nil, err
	}
	return site.Location(), nil
}

// intradayView puts the agents out of adherence first, then by code.
func intradayView(v *store.RealTimeAdherence, t Translator) IntradayData {
	d := IntradayData{At: t.Time(v.At), Threshold: t.Seconds(v.ThresholdSeconds), In: v.InAdherence, Out: v.OutOfAdherence}
	label := func(prefix, key string) string {
		if key == "" {
			return t.T(prefix + "none")
		}
		return t.T(prefix + key)
	}
	var in []IntradayRow
	for _, a := range v.Agents {
		r := IntradayRow{Agent: a.Agent, Name: a.Name, State: label("intraday.state.", a.State), Scheduled: label("intraday.activity.", a.Scheduled),
			InAdherence: a.InAdherence, OutToday: t.Number(a.OutOfAdherenceMinutes, 0)}
		if a.StateSince != nil {
			r.Since = t.Time(*a.StateSince)
		}
		if a.ScheduledUntil != nil {
			r.Until = t.Time(*a.ScheduledUntil)
		}
		if a.InAdherence {
			in = append(in, r)
		} else {
			d.Agents = append(d.Agents, r)
		}
	}
	d.Agents = append(d.Agents, in...)
	return d
}
