package auth

import (
	"net/http"

	"wfm/fault"
)

// Status is the HTTP status both front doors answer a fault's code with:
// the one mapping, shared; what each door says in its answer (a JSON
// body, the error page in the reader's language) is its own.
func Status(code fault.Code) int {
	switch code {
	case fault.Invalid:
		return http.StatusBadRequest
	case fault.NotFound:
		return http.StatusNotFound
	case fault.Conflict:
		return http.StatusConflict
	case fault.Unauthorized:
		return http.StatusUnauthorized
	case fault.Forbidden:
		return http.StatusForbidden
	case fault.RateLimited:
		return http.StatusTooManyRequests
	case fault.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
