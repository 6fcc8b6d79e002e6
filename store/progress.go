package store

import "context"

// progressKey carries an import's progress callback on its context.
type progressKey struct{}

// WithProgress returns a context on which a long write (an import) tells
// report how many of its rows it has written so far, of how many. The
// command line uses it for its progress bar; the API and the pages do not
// set it. report is called from the writing goroutine, in order.
func WithProgress(ctx context.Context, report func(done, total int)) context.Context {
	return context.WithValue(ctx, progressKey{}, report)
}

// progress is the context's report, or one that does nothing.
func progress(ctx context.Context) func(done, total int) {
	if f, ok := ctx.Value(progressKey{}).(func(done, total int)); ok && f != nil {
		return f
	}
	return func(int, int) {}
}

// countedRows is a pgx.CopyFromSource over rows that reports each
// thousandth row written to the COPY stream.
type countedRows struct {
	rows   [][]any
	i      int
	report func(done, total int)
}

func (c *countedRows) Next() bool {
	c.i++
	if c.i%1000 == 0 || c.i == len(c.rows) {
		c.report(min(c.i, len(c.rows)), len(c.rows))
	}
	return c.i <= len(c.rows)
}

func (c *countedRows) Values() ([]any, error) { return c.rows[c.i-1], nil }

func (c *countedRows) Err() error { return nil }
