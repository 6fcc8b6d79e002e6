package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"wfm/fault"
	"wfm/store"
)

// SignatureHeader carries a body's signature: t=UNIX,v1=HEX where HEX is
// HMAC-SHA256(secret, "UNIX.BODY"). Receivers compute it again and
// refuse a t older than ReplayWindow.
const SignatureHeader = "Wfm-Signature"

// EventIDHeader carries the event's id: the same on every retry, for
// receivers to drop a delivery they already took (delivery is at least
// once).
const EventIDHeader = "Wfm-Event-Id"

// ReplayWindow is how old a signature's timestamp receivers accept.
const ReplayWindow = 5 * time.Minute

// maxDeliveryAttempts is how often a delivery is tried before it is given up.
const maxDeliveryAttempts = 10

// RegisterWebhook stores an endpoint for event kinds and returns it with
// its secret, which is shown this once.
func RegisterWebhook(ctx context.Context, st *store.Store, a store.Actor, rawURL string, kinds []string) (*store.Webhook, string, error) {
	f := fault.FieldErrors{}
	rawURL = strings.TrimSpace(rawURL)
	u, err := url.Parse(rawURL)
	switch {
	case rawURL == "":
		f.Add("url", "required")
	case err != nil:
		f.Add("url", "%q is not a URL", rawURL)
	case u.Scheme != "https" && u.Scheme != "http":
		f.Add("url", "%q is not an http or https URL", rawURL)
	case u.Host == "" || u.Hostname() == "":
		f.Add("url", "%q has no host", rawURL)
	case u.User != nil:
		f.Add("url", "%q carries a user and password: put nothing secret in the URL, the body is signed", rawURL)
	case len(rawURL) > 2000:
		f.Add("url", "longer than 2000 characters")
	}
	var clean []string
	for _, k := range kinds {
		k = strings.TrimSpace(k)
		if k == "" || slices.Contains(clean, k) {
			continue
		}
		if !slices.Contains(store.WebhookKinds, k) {
			f.Add("kinds", "%q is not one of %s", k, strings.Join(store.WebhookKinds, ", "))
			continue
		}
		clean = append(clean, k)
	}
	if len(clean) == 0 && f["kinds"] == "" {
		f.Add("kinds", "at least one of %s", strings.Join(store.WebhookKinds, ", "))
	}
	if len(f) > 0 {
		return nil, "", f.Err("webhook")
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, "", err
	}
	w := &store.Webhook{URL: rawURL, KindList: clean, Secret: "whsec_" + hex.EncodeToString(b)}
	if err := st.CreateWebhook(ctx, a, w); err != nil {
		return nil, "", err
	}
	return w, w.Secret, nil
}

// Sign is the signature header's value of a body sent at t.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a signature header against the body and the secret, and
// that its timestamp is within ReplayWindow of now: what a receiver does.
func Verify(secret, header string, body []byte, now time.Time) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return errors.New("signature header: want t=UNIX,v1=HEX")
	}
	if d := now.Sub(time.Unix(unix, 0)); d > ReplayWindow || d < -ReplayWindow {
		return fmt.Errorf("signature timestamp %s is outside the %s replay window", time.Unix(unix, 0).UTC().Format(time.RFC3339), ReplayWindow)
	}
	want := Sign(secret, time.Unix(unix, 0), body)
	if !hmac.Equal([]byte(want), []byte("t="+ts+",v1="+sig)) {
		return errors.New("signature does not match the body")
	}
	return nil
}

// Body is what a webhook receives: the event, its data as the use case
// recorded it.
type Body struct {
	ID        int64           `json:"id"`
	Key       string          `json:"key"`
	Kind      string          `json:"kind"`
	Subject   string          `json:"subject"`
	CreatedAt time.Time       `json:"created_at"`
	Data      json.RawMessage `json:"data"`
}

// Deliver posts the deliveries due at now, each attempt recorded before it
// is made (with when the next is due, a minute doubled each time, so that
// a crash is retried too) and its status code after; a 2xx answer is
// delivered, anything else tried again until maxDeliveryAttempts. It
// returns how many were delivered.
func Deliver(ctx context.Context, st *store.Store, client *http.Client, now time.Time) (int, error) {
	due, err := st.DueDeliveries(ctx, now, 100)
	if err != nil {
		return 0, err
	}
	hooks := map[int64]*store.Webhook{}
	done := 0
	var errs []error
	for i := range due {
		d := &due[i]
		ok, err := st.ClaimDelivery(ctx, d, now.Add(backoff(d.Attempts+1)))
		if err != nil {
			return done, err
		}
		if !ok {
			continue
		}
		w, found := hooks[d.WebhookID]
		if !found {
			if w, err = st.GetWebhook(ctx, d.WebhookID); err != nil {
				return done, err
			}
			hooks[d.WebhookID] = w
		}
		e, err := st.GetEvent(ctx, d.EventID)
		if err != nil {
			return done, err
		}
		code, perr := post(ctx, client, w, e)
		msg := ""
		if perr != nil {
			msg = perr.Error()
			errs = append(errs, fmt.Errorf("webhook %d, event %d: %w", w.ID, e.ID, perr))
		}
		if err := st.DeliveryDone(ctx, d.ID, code, msg, perr != nil && d.Attempts >= maxDeliveryAttempts); err != nil {
			return done, err
		}
		if perr == nil {
			done++
		}
	}
	return done, errors.Join(errs...)
}

// post sends one event to a webhook; the status code, 0 when none came.
func post(ctx context.Context, client *http.Client, w *store.Webhook, e *store.Event) (int, error) {
	body, err := json.Marshal(Body{ID: e.ID, Key: e.Key, Kind: e.Kind, Subject: e.Subject, CreatedAt: e.CreatedAt, Data: json.RawMessage(e.Payload)})
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "wfm-webhooks")
	req.Header.Set(SignatureHeader, Sign(w.Secret, time.Now(), body))
	req.Header.Set(EventIDHeader, strconv.FormatInt(e.ID, 10))
	req.Header.Set("Wfm-Event-Kind", e.Kind)
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, fmt.Errorf("answered %s", res.Status)
	}
	return res.StatusCode, nil
}
