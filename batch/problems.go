// Package batch reads and writes the fixed file formats of
// ../shared/CONTRACTS.md: the CSV conventions shared by every file, and the
// interval history, forecast, contact and agent-state files. It only
// translates text to values and reports where the text is wrong; the
// meaning of the values belongs to the domain packages.
package batch

import (
	"fmt"
	"strings"
)

// maxListed is how many problems an error message lists before it only
// counts the rest (CONTRACTS.md: at most 20).
const maxListed = 20

// Problem is one thing wrong with an input file, at a place in it.
type Problem struct {
	File    string
	Line    int
	Column  string
	Message string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Column != "" {
		fmt.Fprintf(&b, "column %s: ", p.Column)
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems is the error for bad input: every problem found in a file.
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i == maxListed {
			fmt.Fprintf(&b, "... and %d more problems", len(ps)-maxListed)
			break
		}
		b.WriteString(p.String())
	}
	return b.String()
}
