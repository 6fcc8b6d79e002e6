package connector_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wfm/connector"
	"wfm/fault"
	"wfm/store"
	"wfm/store/storetest"
)

const (
	arn      = "arn:aws:connect:us-east-1:123456789012:instance/10a4c4eb-f57e-4d4c-b602-bf39176ced07"
	queueID  = "6f1e1c32-7a3b-4c55-9a0e-0b6a1c2f3d4e"
	testKey  = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" // 32 bytes, base64
	accessID = "AKIAIOSFODNN7EXAMPLE"
	secret   = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// fakeConnect answers POST /metrics/data as GetMetricDataV2 does (the
// request and answer shapes of the API reference), two results a page with
// a NextToken, for the queue it knows: interval i of the day (UTC) has
// 10+i%4 contacts queued, of which handled 8, abandoned 2, and answered
// within the threshold 6; AHT 245.5 s, ASA 18 s. bump adds to the
// handled count, to show that a second fetch replaces an interval.
type fakeConnect struct {
	mu       sync.Mutex
	requests []map[string]any
	bump     int
	fail     bool
}

func (f *fakeConnect) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Method != "POST" || r.URL.Path != "/metrics/data" {
		http.Error(w, "no such operation", http.StatusNotFound)
		return
	}
	if auth := r.Header.Get("Authorization"); !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential="+accessID+"/") || !strings.Contains(auth, "/us-east-1/connect/aws4_request") {
		w.Header().Set("X-Amzn-ErrorType", "UnrecognizedClientException")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"message":"The security token included in the request is invalid."}`))
		return
	}
	if f.fail {
		w.Header().Set("X-Amzn-ErrorType", "AccessDeniedException")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"Message":"User is not authorized to perform: connect:GetMetricDataV2"}`))
		return
	}
	var in map[string]any
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.requests = append(f.requests, in)
	if in["ResourceArn"] != arn || in["Interval"].(map[string]any)["IntervalPeriod"] != "FIFTEEN_MIN" {
		w.Header().Set("X-Amzn-ErrorType", "InvalidRequestException")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"Message":"bad request"}`))
		return
	}
	start := time.Unix(int64(in["StartTime"].(float64)), 0).UTC()
	end := time.Unix(int64(in["EndTime"].(float64)), 0).UTC()
	var results []map[string]any
	for t := start; t.Before(end); t = t.Add(15 * time.Minute) {
		i := t.Hour()*4 + t.Minute()/15
		results = append(results, map[string]any{
			"Dimensions":     map[string]string{"QUEUE": queueID, "QUEUE_ARN": arn + "/queue/" + queueID},
			"MetricInterval": map[string]any{"Interval": "FIFTEEN_MIN", "StartTime": t.Unix(), "EndTime": t.Add(15 * time.Minute).Unix()},
			"Collections": []map[string]any{
				{"Metric": map[string]any{"Name": "CONTACTS_QUEUED"}, "Value": 10 + i%4},
				{"Metric": map[string]any{"Name": "CONTACTS_HANDLED"}, "Value": 8 + f.bump},
				{"Metric": map[string]any{"Name": "CONTACTS_ABANDONED"}, "Value": 2},
				{"Metric": map[string]any{"Name": "SUM_CONTACTS_ANSWERED_IN_X", "Threshold": []map[string]any{{"Comparison": "LTE", "ThresholdValue": 20}}}, "Value": 6},
				{"Metric": map[string]any{"Name": "AVG_HANDLE_TIME"}, "Value": 245.5},
				{"Metric": map[string]any{"Name": "AVG_QUEUE_ANSWER_TIME"}, "Value": 18},
			},
		})
	}
	from := 0
	if tok, ok := in["NextToken"].(string); ok {
		from, _ = strconv.Atoi(tok)
	}
	out := map[string]any{}
	to := min(from+2, len(results))
	out["MetricResults"] = results[from:to]
	if to < len(results) {
		out["NextToken"] = strconv.Itoa(to)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

func setup(t *testing.T, st *store.Store) (store.Site, store.Queue) {
	t.Helper()
	ctx := context.Background()
	site := store.Site{Name: "Boston", Timezone: "America/New_York"}
	must(t, st.CreateSite(ctx, store.System, &site))
	q := store.Queue{Code: "sales", Name: "Sales", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3}
	must(t, st.CreateQueue(ctx, store.System, &q))
	return site, q
}

func TestSaveSealsCredentialsAndNeverShowsThem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, _ := setup(t, st)
		in := connector.Input{InstanceARN: arn, Queues: map[string]string{queueID: "sales"}, Enabled: true, AccessKeyID: accessID, SecretAccessKey: secret}
		_, err := connector.Save(ctx, st, nil, store.System, site.ID, in)
		if fe, ok := err.(*fault.Error); !ok || !strings.Contains(fe.Fields["secret_access_key"], "WFM_CREDENTIALS_KEY") {
			t.Fatalf("no key: %v, want a refusal naming WFM_CREDENTIALS_KEY", err)
		}
		sealer, err := connector.NewSealer(testKey)
		must(t, err)
		s, err := connector.Save(ctx, st, sealer, store.System, site.ID, in)
		must(t, err)
		if !s.CredentialsSet || s.Region != "us-east-1" {
			t.Errorf("settings %+v: want credentials set, region from the ARN", s)
		}
		row, err := st.ConnectorOf(ctx, site.ID)
		must(t, err)
		if row.Credentials == "" || strings.Contains(row.Credentials, secret) || strings.Contains(row.Credentials, accessID) {
			t.Errorf("stored credentials %q are not sealed", row.Credentials)
		}
		b, _ := json.Marshal(s)
		if strings.Contains(string(b), secret) || strings.Contains(string(b), accessID) {
			t.Errorf("settings show the credentials: %s", b)
		}
		// Saving without credentials keeps them; another key cannot open them.
		in.AccessKeyID, in.SecretAccessKey = "", ""
		s, err = connector.Save(ctx, st, sealer, store.System, site.ID, in)
		must(t, err)
		if !s.CredentialsSet {
			t.Error("credentials lost on a save without them")
		}
		other, _ := connector.NewSealer(strings.Repeat("ab", 32))
		if _, err := other.Open(site.ID, row.Credentials); err == nil {
			t.Error("another key opened the credentials")
		}
		if _, err := sealer.Open(site.ID+1, row.Credentials); err == nil {
			t.Error("the credentials opened for another site")
		}
		bad := connector.Input{InstanceARN: "arn:nope", Queues: map[string]string{"x": "nosuch"}, Enabled: true, ClearCredentials: true}
		_, err = connector.Save(ctx, st, sealer, store.System, site.ID, bad)
		fe, ok := err.(*fault.Error)
		if !ok || fe.Fields["instance_arn"] == "" || !strings.Contains(fe.Fields["queues"], `"nosuch" is not a queue of site Boston`) || fe.Fields["enabled"] == "" {
			t.Errorf("bad settings: %v", err)
		}
	})
}

// The job's use case against a server that answers as GetMetricDataV2
// does: the first run takes the last day in pages, a second run fetches
// the last hour again and replaces those intervals instead of adding to
// them, and an error of the platform is recorded on the connector.
func TestPullFromGetMetricDataV2(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, q := setup(t, st)
		fake := &fakeConnect{}
		srv := httptest.NewServer(fake)
		defer srv.Close()
		sealer, err := connector.NewSealer(testKey)
		must(t, err)
		_, err = connector.Save(ctx, st, sealer, store.System, site.ID, connector.Input{InstanceARN: arn, Endpoint: srv.URL,
			Queues: map[string]string{queueID: "sales"}, Enabled: true, AccessKeyID: accessID, SecretAccessKey: secret})
		must(t, err)

		now := time.Date(2026, 3, 2, 10, 7, 0, 0, time.UTC)
		res, err := connector.Pull(ctx, st, sealer, now)
		must(t, err)
		if res.Sites != 1 || res.Imported != 96 {
			t.Errorf("first run %+v, want 96 intervals of one site", res)
		}
		rows, err := st.History(ctx, store.HistoryFilter{QueueID: q.ID})
		must(t, err)
		if len(rows) != 96 {
			t.Fatalf("%d intervals stored, want 96", len(rows))
		}
		first, last := rows[0], rows[len(rows)-1]
		wantFirst := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		if !first.IntervalStart.Equal(wantFirst) || !last.IntervalStart.Equal(time.Date(2026, 3, 2, 9, 45, 0, 0, time.UTC)) {
			t.Errorf("stored %v..%v, want %v..09:45 the next day", first.IntervalStart, last.IntervalStart, wantFirst)
		}
		// 10:00 UTC is interval 40 of the day: 10+40%4 = 10 queued.
		if first.IntervalSeconds != 900 || first.Offered != 10 || *first.Answered != 8 || *first.Abandoned != 2 ||
			*first.AnsweredInSL != 6 || *first.AHTSeconds != 245.5 || *first.ASASeconds != 18 {
			t.Errorf("first interval %+v", first)
		}
		if len(fake.requests) != 48 { // 96 results, two a page
			t.Errorf("%d requests, want 48 pages", len(fake.requests))
		}
		m := fake.requests[0]["Metrics"].([]any)
		if th := m[3].(map[string]any)["Threshold"].([]any)[0].(map[string]any); th["ThresholdValue"] != 20.0 || th["Comparison"] != "LTE" {
			t.Errorf("threshold asked %v, want the queue's 20 s", th)
		}
		s, err := connector.Get(ctx, st, site.ID)
		must(t, err)
		if s.FetchedUntil == nil || !s.FetchedUntil.Equal(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)) || s.LastError != "" || s.LastImported != 96 {
			t.Errorf("after the run %+v", s)
		}

		// 15 minutes later: the last hour again and the new interval.
		fake.bump = 1
		fake.requests = nil
		res, err = connector.Pull(ctx, st, sealer, now.Add(15*time.Minute))
		must(t, err)
		if res.Imported != 5 {
			t.Errorf("second run imported %d, want 5 (4 again, 1 new)", res.Imported)
		}
		rows, err = st.History(ctx, store.HistoryFilter{QueueID: q.ID})
		must(t, err)
		if len(rows) != 97 {
			t.Fatalf("%d intervals after the second run, want 97: an interval fetched twice is stored once", len(rows))
		}
		if *rows[91].Answered != 8 || *rows[92].Answered != 9 || *rows[96].Answered != 9 {
			t.Errorf("answered %d %d %d: want the hour fetched again replaced", *rows[91].Answered, *rows[92].Answered, *rows[96].Answered)
		}

		fake.fail = true
		_, err = connector.Pull(ctx, st, sealer, now.Add(30*time.Minute))
		if err == nil || !strings.Contains(err.Error(), "AccessDenied") {
			t.Fatalf("platform error: %v", err)
		}
		s, err = connector.Get(ctx, st, site.ID)
		must(t, err)
		if !strings.Contains(s.LastError, "AccessDenied") || !s.FetchedUntil.Equal(time.Date(2026, 3, 2, 10, 15, 0, 0, time.UTC)) {
			t.Errorf("after a failed run %+v: want the error recorded and fetched_until kept", s)
		}
	})
}
