package auth

import (
	"testing"

	"wfm/fault"
)

// Every fault code has its status; a code no one knows is a 500.
func TestStatus(t *testing.T) {
	for code, want := range map[fault.Code]int{
		fault.Invalid: 400, fault.Unauthorized: 401, fault.Forbidden: 403, fault.NotFound: 404,
		fault.Conflict: 409, fault.RateLimited: 429, fault.Unavailable: 503, fault.Internal: 500, "new": 500,
	} {
		t.Run(string(code), func(t *testing.T) {
			if got := Status(code); got != want {
				t.Errorf("Status(%s) = %d, want %d", code, got, want)
			}
		})
	}
}
