package connector

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"wfm/batch"
	"wfm/fault"
	"wfm/store"
)

const (
	// Interval is the length of the intervals fetched (FIFTEEN_MIN).
	Interval = 15 * time.Minute
	// Refetch is how far before the last interval's end a run starts
	// again: the platform's counts of the latest intervals still change,
	// and fetching an interval twice replaces it.
	Refetch = time.Hour
	// FirstWindow is what a connector's first run fetches.
	FirstWindow = 24 * time.Hour
	// window is one request's span: FIFTEEN_MIN allows less than 3 days.
	window = 24 * time.Hour
	// maxWindows bounds one run's catch-up after a long pause (a week).
	maxWindows = 7
)

// The GetMetricDataV2 metrics read, and what each becomes.
const (
	metricQueued    = "CONTACTS_QUEUED"            // offered
	metricHandled   = "CONTACTS_HANDLED"           // answered
	metricAbandoned = "CONTACTS_ABANDONED"         // abandoned
	metricInX       = "SUM_CONTACTS_ANSWERED_IN_X" // answered_in_sl, X the queue's threshold
	metricAHT       = "AVG_HANDLE_TIME"            // aht_seconds
	metricASA       = "AVG_QUEUE_ANSWER_TIME"      // asa_seconds
)

// Result is what one run of every connector did.
type Result struct {
	Sites    int // connectors run
	Imported int // intervals written
}

// Pull runs every enabled connector once, at now. Each site's outcome is
// recorded on its connector (and shown on the admin's connector page);
// the errors are joined in the error returned, so the run shows failed on
// the job page with the sites that failed.
func Pull(ctx context.Context, st *store.Store, sealer *Sealer, now time.Time) (Result, error) {
	cs, err := st.Connectors(ctx)
	if err != nil {
		return Result{}, err
	}
	var res Result
	var errs []error
	for _, c := range cs {
		if !c.Enabled {
			continue
		}
		res.Sites++
		n, err := PullSite(ctx, st, sealer, c, now)
		res.Imported += n
		if err != nil {
			errs = append(errs, fmt.Errorf("site %d: %w", c.SiteID, err))
		}
	}
	return res, errors.Join(errs...)
}

// PullSite fetches a site's intervals from the end of the last one
// fetched (less Refetch) to the last whole interval before now, and
// imports them; it records the run on the connector.
func PullSite(ctx context.Context, st *store.Store, sealer *Sealer, c store.Connector, now time.Time) (int, error) {
	imported, until, err := pull(ctx, st, sealer, c, now)
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	if rerr := st.ConnectorRun(ctx, c.SiteID, now, until, imported, msg); rerr != nil {
		return imported, errors.Join(err, rerr)
	}
	return imported, err
}

func pull(ctx context.Context, st *store.Store, sealer *Sealer, c store.Connector, now time.Time) (int, *time.Time, error) {
	client, err := newClient(sealer, c)
	if err != nil {
		return 0, nil, err
	}
	queues, err := st.ListQueues(ctx)
	if err != nil {
		return 0, nil, err
	}
	byCode := map[string]store.Queue{}
	for _, q := range queues {
		if q.SiteID == c.SiteID {
			byCode[q.Code] = q
		}
	}
	end := now.UTC().Truncate(Interval)
	start := end.Add(-FirstWindow)
	if c.FetchedUntil != nil {
		start = c.FetchedUntil.UTC().Add(-Refetch).Truncate(Interval)
	}
	imported := 0
	var until *time.Time
	for i := 0; i < maxWindows && start.Before(end); i++ {
		stop := start.Add(window)
		if stop.After(end) {
			stop = end
		}
		rows, err := fetch(ctx, client, c, byCode, start, stop)
		if err != nil {
			return imported, until, err
		}
		if len(rows) > 0 {
			name := fmt.Sprintf("amazon-connect %s..%s", start.Format(time.RFC3339), stop.Format(time.RFC3339))
			res, err := st.ImportHistory(ctx, store.System, name, batch.History{Interval: Interval, Rows: rows})
			if err != nil {
				return imported, until, err
			}
			imported += res.Read
		}
		t := stop
		until = &t
		start = stop
	}
	return imported, until, nil
}

// newClient is the Amazon Connect client of a connector, with its opened
// credentials, its region and, when set, its endpoint.
func newClient(sealer *Sealer, c store.Connector) (*connect.Client, error) {
	if c.Credentials == "" {
		return nil, errors.New("no credentials saved")
	}
	plain, err := sealer.Open(c.SiteID, c.Credentials)
	if err != nil {
		return nil, err
	}
	var cred credentials
	if err := json.Unmarshal(plain, &cred); err != nil {
		return nil, fmt.Errorf("sealed credentials: %w", err)
	}
	cfg := aws.Config{
		Region: c.Region,
		Credentials: aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey, Source: "wfm connector"}, nil
		})),
		HTTPClient: &http.Client{Timeout: time.Minute},
	}
	return connect.NewFromConfig(cfg, func(o *connect.Options) {
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
		}
	}), nil
}

// fetch asks for [start, stop) by 15 minutes, grouped by queue, one
// request (and its pages) per service-level threshold among the queues,
// as SUM_CONTACTS_ANSWERED_IN_X takes one threshold.
func fetch(ctx context.Context, client *connect.Client, c store.Connector, byCode map[string]store.Queue, start, stop time.Time) ([]batch.HistoryRow, error) {
	byThreshold := map[int][]string{}
	codeOf := map[string]string{} // the platform's queue id -> our code
	for key, code := range c.QueueMap {
		q, ok := byCode[code]
		if !ok {
			return nil, fmt.Errorf("queue %q (mapped from %s) is no longer a queue of the site", code, key)
		}
		byThreshold[q.SLThresholdSeconds] = append(byThreshold[q.SLThresholdSeconds], key)
		codeOf[queueID(key)] = code
	}
	thresholds := make([]int, 0, len(byThreshold))
	for t := range byThreshold {
		thresholds = append(thresholds, t)
	}
	sort.Ints(thresholds)
	var rows []batch.HistoryRow
	for _, threshold := range thresholds {
		ids := byThreshold[threshold]
		sort.Strings(ids)
		in := &connect.GetMetricDataV2Input{
			ResourceArn: aws.String(c.InstanceARN),
			StartTime:   aws.Time(start),
			EndTime:     aws.Time(stop),
			Interval:    &types.IntervalDetails{IntervalPeriod: types.IntervalPeriodFifteenMin, TimeZone: aws.String("UTC")},
			Filters:     []types.FilterV2{{FilterKey: aws.String("QUEUE"), FilterValues: ids}},
			Groupings:   []string{"QUEUE"},
			Metrics: []types.MetricV2{
				{Name: aws.String(metricQueued)}, {Name: aws.String(metricHandled)}, {Name: aws.String(metricAbandoned)},
				{Name: aws.String(metricInX), Threshold: []types.ThresholdV2{{Comparison: aws.String("LTE"), ThresholdValue: aws.Float64(float64(max(threshold, 1)))}}},
				{Name: aws.String(metricAHT)}, {Name: aws.String(metricASA)},
			},
			MaxResults: aws.Int32(100),
		}
		pages := connect.NewGetMetricDataV2Paginator(client, in)
		for pages.HasMorePages() {
			out, err := pages.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("GetMetricDataV2 %s..%s: %w", start.Format(time.RFC3339), stop.Format(time.RFC3339), err)
			}
			for _, r := range out.MetricResults {
				row, ok, err := rowOf(r, codeOf)
				if err != nil {
					return nil, err
				}
				if ok {
					rows = append(rows, row)
				}
			}
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Queue != rows[j].Queue {
			return rows[i].Queue < rows[j].Queue
		}
		return rows[i].Start.Before(rows[j].Start)
	})
	return rows, nil
}

// queueID is the id of a queue given by id or by ARN (…/queue/ID).
func queueID(key string) string {
	if i := strings.LastIndex(key, "/queue/"); i >= 0 {
		return key[i+len("/queue/"):]
	}
	return key
}

// rowOf turns one queue's interval of the answer into a history row; a
// result without a known queue or a whole 15-minute interval is an error
// (the answer is not what was asked for).
func rowOf(r types.MetricResultV2, codeOf map[string]string) (batch.HistoryRow, bool, error) {
	id := r.Dimensions["QUEUE"]
	code, ok := codeOf[queueID(id)]
	if !ok {
		return batch.HistoryRow{}, false, fmt.Errorf("the answer names queue %q, which was not asked for", id)
	}
	mi := r.MetricInterval
	if mi == nil || mi.StartTime == nil || mi.EndTime == nil || mi.EndTime.Sub(*mi.StartTime) != Interval {
		return batch.HistoryRow{}, false, fmt.Errorf("queue %s: a result without a 15-minute interval", id)
	}
	row := batch.HistoryRow{Queue: code, Start: mi.StartTime.UTC()}
	for _, d := range r.Collections {
		if d.Metric == nil || d.Metric.Name == nil || d.Value == nil || math.IsNaN(*d.Value) || *d.Value < 0 {
			continue
		}
		v := *d.Value
		count := int(math.Round(v))
		switch *d.Metric.Name {
		case metricQueued:
			row.Offered = count
		case metricHandled:
			row.Answered = &count
		case metricAbandoned:
			row.Abandoned = &count
		case metricInX:
			row.AnsweredInSL = &count
		case metricAHT:
			row.AHTSeconds = &v
		case metricASA:
			row.ASASeconds = &v
		}
	}
	return row, true, nil
}

// PullNow runs one site's connector at once (an admin's "fetch now"),
// enabled or not; NotFound without a connector, and the platform's
// failure as Unavailable, recorded on the connector as a job's would be.
func PullNow(ctx context.Context, st *store.Store, sealer *Sealer, siteID int64, now time.Time) (int, error) {
	c, err := st.ConnectorOf(ctx, siteID)
	if err != nil {
		return 0, err
	}
	n, err := PullSite(ctx, st, sealer, c, now)
	if err != nil {
		return n, &fault.Error{Code: fault.Unavailable, Message: "the connector's fetch failed: " + err.Error()}
	}
	return n, nil
}
