package api

// rosterRoutes are the routes for schedules.
func (s *Server) rosterRoutes() []Route {
	return []Route{}
}
