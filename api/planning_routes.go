package api

// planningRoutes are the routes for forecasts.
func (s *Server) planningRoutes() []Route {
	return []Route{}
}
