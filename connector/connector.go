// Package connector pulls a site's interval history from its contact-center
// platform: Amazon Connect's GetMetricDataV2, every 15 minutes, from the end
// of the last interval fetched, into interval_history through the same
// transactional, idempotent import as a file. An admin configures it per
// site; the credentials are sealed (Sealer) and never shown back.
package connector

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"wfm/fault"
	"wfm/store"
)

// PlatformAmazonConnect is the one platform the connector speaks.
const PlatformAmazonConnect = "amazon-connect"

// Settings are what an admin sees of a site's connector: never the
// credentials, only whether they are set.
type Settings struct {
	SiteID         int64             `json:"site_id"`
	Platform       string            `json:"platform"`
	InstanceARN    string            `json:"instance_arn"`
	Region         string            `json:"region"`
	Endpoint       string            `json:"endpoint"`
	Queues         map[string]string `json:"queues"` // platform queue id -> product queue code
	Enabled        bool              `json:"enabled"`
	CredentialsSet bool              `json:"credentials_set"`
	FetchedUntil   *time.Time        `json:"fetched_until"`
	LastRunAt      *time.Time        `json:"last_run_at"`
	LastError      string            `json:"last_error"`
	LastImported   int               `json:"last_imported"`
}

// Input is what an admin saves. Empty AccessKeyID and SecretAccessKey keep
// the credentials already saved; ClearCredentials removes them.
type Input struct {
	InstanceARN      string            `json:"instance_arn"`
	Region           string            `json:"region"`
	Endpoint         string            `json:"endpoint"`
	Queues           map[string]string `json:"queues"`
	Enabled          bool              `json:"enabled"`
	AccessKeyID      string            `json:"access_key_id"`
	SecretAccessKey  string            `json:"secret_access_key"`
	ClearCredentials bool              `json:"clear_credentials"`
}

type credentials struct {
	AccessKeyID     string `json:"access_key_id"`
	SecretAccessKey string `json:"secret_access_key"`
}

func settingsOf(c store.Connector) Settings {
	return Settings{SiteID: c.SiteID, Platform: c.Platform, InstanceARN: c.InstanceARN, Region: c.Region, Endpoint: c.Endpoint,
		Queues: c.QueueMap, Enabled: c.Enabled, CredentialsSet: c.Credentials != "", FetchedUntil: c.FetchedUntil,
		LastRunAt: c.LastRunAt, LastError: c.LastError, LastImported: c.LastImported}
}

// Get is the site's connector settings; NotFound when it has none.
func Get(ctx context.Context, st *store.Store, siteID int64) (Settings, error) {
	c, err := st.ConnectorOf(ctx, siteID)
	if err != nil {
		return Settings{}, err
	}
	return settingsOf(c), nil
}

// List is every site's connector.
func List(ctx context.Context, st *store.Store) ([]Settings, error) {
	cs, err := st.Connectors(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Settings, len(cs))
	for i, c := range cs {
		out[i] = settingsOf(c)
	}
	return out, nil
}

var (
	arnPattern     = regexp.MustCompile(`^arn:aws[a-z-]*:connect:([a-z0-9-]+):\d{12}:instance/[0-9a-f-]{36}$`)
	regionPattern  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d$`)
	queueIDPattern = regexp.MustCompile(`^[A-Za-z0-9:/_.-]{1,250}$`)
)

// maxQueues is GetMetricDataV2's limit of filter values.
const maxQueues = 100

// Save checks and stores a site's connector settings. New credentials are
// sealed with the key; without a key they are refused, and so is enabling
// a connector that has none.
func Save(ctx context.Context, st *store.Store, sealer *Sealer, a store.Actor, siteID int64, in Input) (Settings, error) {
	site, err := st.GetSite(ctx, siteID)
	if err != nil {
		return Settings{}, err
	}
	old, err := st.ConnectorOf(ctx, siteID)
	if err != nil && fault.CodeOf(err) != fault.NotFound {
		return Settings{}, err
	}
	fe := fault.FieldErrors{}
	in.InstanceARN, in.Region, in.Endpoint = strings.TrimSpace(in.InstanceARN), strings.TrimSpace(in.Region), strings.TrimSpace(in.Endpoint)
	if m := arnPattern.FindStringSubmatch(in.InstanceARN); m == nil {
		fe.Add("instance_arn", "want the instance's ARN, arn:aws:connect:REGION:ACCOUNT:instance/ID")
	} else if in.Region == "" {
		in.Region = m[1]
	}
	if !regionPattern.MatchString(in.Region) {
		fe.Add("region", "want an AWS region such as us-east-1")
	}
	if in.Endpoint != "" {
		if u, err := url.Parse(in.Endpoint); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fe.Add("endpoint", "want a URL such as https://connect.us-east-1.amazonaws.com, or nothing for the region's own")
		}
	}
	if err := checkQueues(ctx, st, site, in.Queues); err != nil {
		fe.Add("queues", "%v", err)
	}
	sealed := old.Credentials
	switch {
	case in.ClearCredentials:
		sealed = ""
	case in.AccessKeyID != "" || in.SecretAccessKey != "":
		switch {
		case sealer == nil:
			fe.Add("secret_access_key", "credentials cannot be saved: no key to encrypt them with (%s)", KeyHelp)
		case strings.TrimSpace(in.AccessKeyID) == "" || strings.TrimSpace(in.SecretAccessKey) == "":
			fe.Add("access_key_id", "give the access key id and the secret access key together")
		default:
			plain, _ := json.Marshal(credentials{strings.TrimSpace(in.AccessKeyID), strings.TrimSpace(in.SecretAccessKey)})
			if sealed, err = sealer.Seal(siteID, plain); err != nil {
				return Settings{}, err
			}
		}
	}
	if in.Enabled && sealed == "" {
		fe.Add("enabled", "a connector without credentials cannot run: give the access key id and the secret access key")
	}
	if err := fe.Err("connector"); err != nil {
		return Settings{}, err
	}
	c := store.Connector{SiteID: siteID, Platform: PlatformAmazonConnect, InstanceARN: in.InstanceARN, Region: in.Region,
		Endpoint: in.Endpoint, QueueMap: in.Queues, Credentials: sealed, Enabled: in.Enabled}
	if err := st.SaveConnector(ctx, a, c); err != nil {
		return Settings{}, err
	}
	return Get(ctx, st, siteID)
}

// checkQueues wants at least one queue, at most GetMetricDataV2's 100,
// each a platform id mapped to a queue of the site.
func checkQueues(ctx context.Context, st *store.Store, site *store.Site, queues map[string]string) error {
	if len(queues) == 0 {
		return fmt.Errorf("map at least one of the platform's queue ids to a queue code")
	}
	if len(queues) > maxQueues {
		return fmt.Errorf("%d queues, at most %d", len(queues), maxQueues)
	}
	all, err := st.ListQueues(ctx)
	if err != nil {
		return err
	}
	ofSite := map[string]bool{}
	for _, q := range all {
		if q.SiteID == site.ID {
			ofSite[q.Code] = true
		}
	}
	ids := make([]string, 0, len(queues))
	for id := range queues {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var bad []string
	for _, id := range ids {
		switch code := queues[id]; {
		case !queueIDPattern.MatchString(id):
			bad = append(bad, fmt.Sprintf("%q is not a queue id or ARN", id))
		case !ofSite[code]:
			bad = append(bad, fmt.Sprintf("%s: %q is not a queue of site %s", id, code, site.Name))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s", strings.Join(bad, "; "))
	}
	return nil
}

// Delete removes a site's connector and its credentials.
func Delete(ctx context.Context, st *store.Store, a store.Actor, siteID int64) error {
	return st.DeleteConnector(ctx, a, siteID)
}
