package main

import (
	"slices"
	"testing"
)

// --curtois-instances takes numbers, ranges and lists of both; a bad
// part is named.
func TestParseInstances(t *testing.T) {
	got, err := parseInstances("11,13, 20-22")
	if err != nil || !slices.Equal(got, []int{11, 13, 20, 21, 22}) {
		t.Fatalf("got %v, %v", got, err)
	}
	for _, bad := range []string{"", "1-", "x", "5-3", "1,,2"} {
		if _, err := parseInstances(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
