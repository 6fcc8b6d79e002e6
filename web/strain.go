package web

import (
	"context"
	"math"
	"net/http"
	"sort"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/civil"
	"wfm/kpi"
	"wfm/measure"
	"wfm/store"
)

// strainDays is how far back the strain page looks.
const strainDays = 14

// StrainData is the data of the "strain" page.
type StrainData struct {
	From, To civil.Date
	HeatMap  *ChartView
	AtRisk   []AtRisk
}

// AtRisk is an agent whose strain crossed the alert line: the latest such
// day, why, and what to do (3R).
type AtRisk struct {
	Agent   string
	Day     civil.Date
	Index   string
	Reasons []string // translated drivers with their share of the index
	Action  string   // translated 3R action
}

// strainDrivers and threeRs are every driver and 3R action the kpi package
// names, so the catalogs can be checked to have them all.
var (
	strainDrivers = []kpi.StrainDriver{kpi.DriverOccupancy, kpi.DriverHighStreak, kpi.DriverBackToBack, kpi.DriverDifficult,
		kpi.DriverOvertime, kpi.DriverRest, kpi.DriverBreaksMissed, kpi.DriverShortNotice, kpi.DriverAdherenceSlip}
	threeRs = []kpi.ThreeR{kpi.Relaxation, kpi.Reduction, kpi.Reorientation}
)

func (p *pages) strain(c *gin.Context, pg Page) {
	data, err := p.strainData(c.Request.Context(), &pg, auth.Current(c))
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	pg.Title = pg.T("nav.strain")
	pg.Data = data
	p.write(c, http.StatusOK, "strain", pg)
}

func (p *pages) strainData(ctx context.Context, pg *Page, pr *auth.Principal) (StrainData, error) {
	var data StrainData
	loc := time.UTC
	if teams, err := p.store.ListTeams(ctx, pr.Scope); err != nil {
		return data, err
	} else if len(teams) > 0 {
		if _, l, err := p.site(ctx, teams[0].SiteID); err == nil {
			loc = l
		}
	}
	pg.Translator = NewTranslator(pg.Locale(), loc)
	to := kpi.DateOf(p.now(), loc)
	from := to.AddDays(-(strainDays - 1))
	data.From, data.To = from, to
	m, err := measure.StrainMap(ctx, p.store, store.KPIQuery{From: from, To: to, Scope: pr.Scope})
	if err != nil {
		return data, err
	}
	hm, risk, err := strainView(m, pg.Translator)
	if err != nil {
		return data, err
	}
	if hm != nil {
		data.HeatMap = &ChartView{Chart: *hm}
	}
	data.AtRisk = risk
	return data, nil
}

// strainView turns the store's strain map into the heat map (agents x
// days, 0-100, red is high) and the list of agents at risk, most
// strained first.
func strainView(m *store.StrainHeatMap, t Translator) (*Chart, []AtRisk, error) {
	if m == nil || len(m.Agents) == 0 {
		return nil, nil, nil
	}
	rows := make([]string, len(m.Agents))
	values := make([][]float64, len(m.Agents))
	for i, a := range m.Agents {
		rows[i] = a.Name
		values[i] = make([]float64, len(m.Days))
		for j, v := range a.Index {
			values[i][j] = math.NaN()
			if v != nil {
				values[i][j] = *v
			}
		}
	}
	hm, err := HeatMap(HeatMapInput{
		ID: "strain", Title: t.T("chart.heatmap.strain"), Note: t.T("strain.note", t.Number(m.Alert, 0)),
		RowName: "agent", ColumnName: "day", ValueName: "strain_index",
		Rows: rows, Columns: strainColumns(m.Days, t), Values: values, Min: 0, Max: 100, Unit: UnitPoints, Blank: t.T("chart.heatmap.blank_strain"),
	}, t)
	if err != nil {
		return nil, nil, err
	}
	return &hm, atRisk(m.Agents, t), nil
}

// strainColumns are the map's days as the reader writes them.
func strainColumns(days []string, t Translator) []string {
	cols := make([]string, len(days))
	for j, d := range days {
		cols[j] = d
		if date, err := kpi.ParseDate(d); err == nil {
			cols[j] = t.ShortDate(date.Start(time.UTC))
		}
	}
	return cols
}

// atRisk are the agents whose index crossed the alert line, the highest
// index (on the latest such day) first.
func atRisk(agents []store.StrainRow, t Translator) []AtRisk {
	type ranked struct {
		AtRisk
		index float64
	}
	var found []ranked
	for _, a := range agents {
		var last *store.StrainDay
		for k := range a.Days {
			if a.Days[k].Alert {
				last = &a.Days[k]
			}
		}
		if last == nil {
			continue
		}
		r := AtRisk{Agent: a.Name, Day: last.Day, Index: t.Number(last.Index, 0), Action: t.T("strain.action." + last.Action)}
		for _, f := range last.Reasons {
			r.Reasons = append(r.Reasons, t.T("strain.driver."+f.Driver)+" ("+t.Number(f.Contribution, 0)+")")
		}
		found = append(found, ranked{r, last.Index})
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].index > found[j].index })
	var risk []AtRisk
	for _, f := range found {
		risk = append(risk, f.AtRisk)
	}
	return risk
}
