package jobs

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"wfm/notify"
	"wfm/store"
)

// notifyJobs send what the outbox's events concern: notifications (in the
// list and by email) and webhook deliveries, and find the complaints
// whose follow-up is due or overdue, and the supervisors' digests.
func notifyJobs(st *store.Store, log *slog.Logger, mail notify.SMTP) []Job {
	mailer := notify.Mailer{SMTP: mail}
	client := &http.Client{Timeout: 20 * time.Second}
	return []Job{
		{
			Name: "notify-email", Schedule: "@every 1m", Timeout: 2 * time.Minute,
			About: "tell the people each new event concerns (in the list, and by email when they chose it), and send the emails due, retried with backoff",
			Run: func(ctx context.Context) error {
				n, err := notify.Fanout(ctx, st, mail)
				if n > 0 {
					log.Info("events dispatched", "events", n)
				}
				if err != nil {
					return err
				}
				sent, err := mailer.SendEmails(ctx, st, st.Now())
				if sent > 0 {
					log.Info("emails sent", "emails", sent)
				}
				return err
			},
		},
		{
			Name: "webhooks-deliver", Schedule: "@every 1m", Timeout: 5 * time.Minute,
			About: "post the new events to the webhooks registered for them, signed, retried with backoff",
			Run: func(ctx context.Context) error {
				if _, err := notify.Fanout(ctx, st, mail); err != nil {
					return err
				}
				n, err := notify.Deliver(ctx, st, client, st.Now())
				if n > 0 {
					log.Info("webhook deliveries made", "deliveries", n)
				}
				return err
			},
		},
		{
			Name: "complaint-follow-up-notices", Schedule: "@every 15m", Timeout: time.Minute,
			About: "tell each complaint's owner and supervisor when the customer follow-up is due within 2 hours, and when it is overdue",
			Run: counted(log, "complaint follow-ups found", "events", func(ctx context.Context) (int, error) {
				return notify.ComplaintFollowUps(ctx, st, st.Now())
			}),
		},
		{
			Name: "adherence-exceptions", Schedule: "@every 5m", Timeout: 2 * time.Minute,
			About: "record each run out of adherence that has lasted 10 minutes, for the webhooks registered for adherence exceptions",
			Run: counted(log, "adherence exceptions found", "events", func(ctx context.Context) (int, error) {
				return notify.AdherenceExceptions(ctx, st, st.Now())
			}),
		},
		{
			Name: "notify-digest", Schedule: "0 6 * * *", Timeout: time.Minute,
			About: "send each supervisor a digest of her notifications of the last day still unread",
			Run: counted(log, "digests made", "supervisors", func(ctx context.Context) (int, error) {
				return notify.Digest(ctx, st, st.Now())
			}),
		},
	}
}

// counted is a job's run that logs how many things it did, when it did
// any: a quiet minute is not news.
func counted(log *slog.Logger, msg, unit string, run func(context.Context) (int, error)) func(context.Context) error {
	return func(ctx context.Context) error {
		n, err := run(ctx)
		if n > 0 {
			log.Info(msg, unit, n)
		}
		return err
	}
}
