package kpi

import (
	"fmt"
	"strings"
)

// InputError is one problem with one input record: Record names the list
// ("contacts", "states", "activities"), Index the record's position in it,
// Field the offending field in the contract's column name.
type InputError struct {
	Record  string
	Index   int
	Field   string
	Message string
}

func (e InputError) Error() string {
	return fmt.Sprintf("%s[%d].%s: %s", e.Record, e.Index, e.Field, e.Message)
}

// InputErrors is every problem found in the input; it is returned as an
// error so that callers can report all of them at once, not only the first.
type InputErrors []InputError

func (es InputErrors) Error() string {
	const max = 20
	var b strings.Builder
	for i, e := range es {
		if i == max {
			fmt.Fprintf(&b, "\n... and %d more problems", len(es)-max)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// errOrNil keeps a nil InputErrors from becoming a non-nil error.
func (es InputErrors) errOrNil() error {
	if len(es) == 0 {
		return nil
	}
	return es
}
