package curtois

import (
	"strings"
	"testing"
)

// A bad line is refused with its number and section; a good file reads.
func TestParseNamesTheLine(t *testing.T) {
	const head = "SECTION_HORIZON\n14\nSECTION_SHIFTS\nD,480,\n"
	for _, tt := range []struct {
		name, text, want string
	}{
		{"good", head + "SECTION_STAFF\nA,D=5,2400,1200,5,2,2,1\n", ""},
		{"horizon not a number", "SECTION_HORIZON\nx\n", `line 2 (SECTION_HORIZON): field 1: "x" is not an integer`},
		{"staff too short", head + "SECTION_STAFF\nA,D=5,2400\n", "line 6 (SECTION_STAFF): want at least 4 fields"},
		{"max shifts", head + "SECTION_STAFF\nA,D5,2400,1200,5,2,2,1\n", `line 6 (SECTION_STAFF): max shifts "D5" is not ID=N`},
		{"day off", head + "SECTION_DAYS_OFF\nA,3,x\n", `line 6 (SECTION_DAYS_OFF): day "x" is not an integer`},
		{"request", head + "SECTION_SHIFT_ON_REQUESTS\nA,1,D\n", "line 6 (SECTION_SHIFT_ON_REQUESTS): want at least 4 fields"},
		{"cover", head + "SECTION_COVER\n0,D,x,100,1\n", `line 6 (SECTION_COVER): field 3: "x" is not an integer`},
		{"outside a section", "14\n", "line 1 (): data outside a known section"},
		{"no horizon", "SECTION_SHIFTS\nD,480,\n", "SECTION_HORIZON: missing or not positive"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in, err := Parse(strings.NewReader(tt.text))
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if in.Horizon != 14 || len(in.Shifts) != 1 || len(in.Staff) != 1 || in.Staff[0].MaxShifts["D"] != 5 {
					t.Fatalf("read %+v", in)
				}
				return
			}
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}
