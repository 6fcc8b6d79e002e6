package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"wfm/planning"
	"wfm/store"
)

// capacityRoutes are long-range capacity planning's: scenarios of a
// site's skill, edited with versions, and their weeks.
func (s *Server) capacityRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/capacity-plans", manager, "capacity plan scenarios (?site_id=&skill_id=)", nil, []store.CapacityPlan{}, s.listCapacityPlans},
		{"POST", "/api/v1/capacity-plans", manager, "a new scenario: site, skill, name, start (a Monday), weeks (26-78), assumptions (growth_per_year, shrinkage, hours_per_fte, attrition_per_month, fte: 0 for today's agents with the skill, class_weeks, ramp_weeks, ramp_productivity, hires [{start, count}])", store.CapacityPlan{}, store.CapacityPlan{}, s.createCapacityPlan},
		{"GET", "/api/v1/capacity-plans/:id", manager, "a scenario computed: each week's volume, FTE needed, today's agents left after attrition, supply with the planned classes, the gap, the service level with nobody hired and with the plan; the first short week, when to start hiring and how many", nil, planning.CapacityResult{}, s.getCapacityPlan},
		{"PUT", "/api/v1/capacity-plans/:id", manager, "change a scenario (send the version you read)", store.CapacityPlan{}, store.CapacityPlan{}, s.updateCapacityPlan},
		{"DELETE", "/api/v1/capacity-plans/:id", manager, "delete a scenario (?version=)", nil, nil, s.deleteCapacityPlan},
		{"POST", "/api/v1/capacity-plans/:id/copy", manager, "copy a scenario under a new name, to change its assumptions and compare", copyRequest{}, store.CapacityPlan{}, s.copyCapacityPlan},
	}
}

type copyRequest struct {
	Name string `json:"name"`
}

func (s *Server) listCapacityPlans(c *gin.Context) {
	site, err := queryInt(c, "site_id")
	if err != nil {
		fail(c, s.log, err)
		return
	}
	skill, err := queryInt(c, "skill_id")
	if err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx context.Context) ([]store.CapacityPlan, error) {
		return s.store.ListCapacityPlans(ctx, site, skill)
	})
}

func (s *Server) createCapacityPlan(c *gin.Context) {
	serveCreate(s, c, func(ctx context.Context, a store.Actor, p *store.CapacityPlan) error {
		return planning.NewCapacityPlan(ctx, s.store, a, p)
	})
}

func (s *Server) getCapacityPlan(c *gin.Context) {
	serveGet(s, c, func(ctx context.Context, id int64) (*planning.CapacityResult, error) {
		p, err := s.store.GetCapacityPlan(ctx, id)
		if err != nil {
			return nil, err
		}
		return planning.CapacityPlan(ctx, s.store, p)
	})
}

func (s *Server) updateCapacityPlan(c *gin.Context) { serveUpdate(s, c, s.store.UpdateCapacityPlan) }
func (s *Server) deleteCapacityPlan(c *gin.Context) { serveDelete(s, c, s.store.DeleteCapacityPlan) }

func (s *Server) copyCapacityPlan(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	var req copyRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	p, err := planning.CopyCapacityPlan(c.Request.Context(), s.store, principal(c).Actor(), id, req.Name)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusCreated, p)
}
