package api

// SetPasswordCheck replaces the server's password check: tests count its
// calls, and spare themselves argon2's cost on many logins.
func (s *Server) SetPasswordCheck(check func(hash, password string) bool) { s.checkPassword = check }
