package api

// kpiRoutes are the routes for KPIs.
func (s *Server) kpiRoutes() []Route {
	return []Route{}
}
