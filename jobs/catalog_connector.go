package jobs

import (
	"context"
	"log/slog"
	"time"

	"wfm/connector"
	"wfm/store"
)

// ConnectorJobs pull each site's interval history from its platform
// (README: Connecting your center). The sealer opens the credentials; nil
// (no WFM_CREDENTIALS_KEY) makes each enabled connector's run fail with
// that reason, on the job page and the connector's page.
func ConnectorJobs(st *store.Store, log *slog.Logger, sealer *connector.Sealer) []Job {
	return []Job{
		{
			Name: "acd-pull", Schedule: "@every 15m", Timeout: 5 * time.Minute,
			About: "fetch each site's 15-minute interval history from its contact-center platform (Amazon Connect) since the last interval fetched",
			Run: func(ctx context.Context) error {
				res, err := connector.Pull(ctx, st, sealer, st.Now())
				if res.Sites > 0 {
					log.Info("acd intervals pulled", "sites", res.Sites, "intervals", res.Imported)
				}
				return err
			},
		},
	}
}
