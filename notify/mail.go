package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"wfm/store"
)

// SMTP is the mail server emails go through (WFM_SMTP_*); no host: email
// is off, notifications stay in the list.
type SMTP struct {
	Host     string // WFM_SMTP_HOST
	Port     int    // WFM_SMTP_PORT
	Username string // WFM_SMTP_USERNAME (none: no authentication)
	Password string // WFM_SMTP_PASSWORD
	From     string // WFM_SMTP_FROM: the sender's address; its domain names the Message-IDs
	TLS      string // WFM_SMTP_TLS: none, starttls or tls
	// TLSConfig (tests: a server's own certificate) replaces the
	// system's roots; nil: the system's.
	TLSConfig *tls.Config
}

// The TLS modes of the SMTP connection.
const (
	TLSNone     = "none"     // plain text (a relay on the same host)
	TLSStartTLS = "starttls" // STARTTLS required (port 587)
	TLSImplicit = "tls"      // TLS from the start (port 465)
)

// Enabled tells whether email is on.
func (c SMTP) Enabled() bool { return c.Host != "" }

// host is the domain of the sender's address, for the Message-IDs.
func (c SMTP) host() string {
	if i := strings.LastIndex(c.From, "@"); i >= 0 {
		return strings.TrimSuffix(c.From[i+1:], ">")
	}
	if c.Host != "" {
		return c.Host
	}
	return "wfm.invalid"
}

// SMTPFromEnv reads the WFM_SMTP_* settings; a value that is wrong is
// refused with its variable's name.
func SMTPFromEnv(getenv func(string) string) (SMTP, error) {
	c := SMTP{Host: getenv("WFM_SMTP_HOST"), Username: getenv("WFM_SMTP_USERNAME"), Password: getenv("WFM_SMTP_PASSWORD"),
		From: getenv("WFM_SMTP_FROM"), TLS: getenv("WFM_SMTP_TLS")}
	if c.TLS == "" {
		c.TLS = TLSStartTLS
	}
	switch c.TLS {
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		return SMTP{}, fmt.Errorf("WFM_SMTP_TLS: %q is not none, starttls or tls", c.TLS)
	}
	c.Port = 587
	if c.TLS == TLSImplicit {
		c.Port = 465
	}
	if v := getenv("WFM_SMTP_PORT"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			return SMTP{}, fmt.Errorf("WFM_SMTP_PORT: %q is not a port (1-65535)", v)
		}
		c.Port = p
	}
	if c.Host != "" && !strings.Contains(c.From, "@") {
		return SMTP{}, fmt.Errorf("WFM_SMTP_FROM: %q is not an address; it is required with WFM_SMTP_HOST", c.From)
	}
	return c, nil
}

// Mailer sends the queued emails.
type Mailer struct {
	SMTP SMTP
	// afterSend (tests) is called between sending an email and recording
	// it sent; an error stops the run there, as a crash would.
	afterSend func(n *store.Notification) error
}

// maxEmailAttempts is how often an email is tried before it is given up.
const maxEmailAttempts = 8

// SendEmails sends the emails due at now: each attempt is recorded (with
// when the next is due) before it is made, then its outcome; an email
// whose outcome was not recorded (the process died) is sent again when
// its next attempt is due, with the same Message-ID. It returns how many
// were sent.
func (m Mailer) SendEmails(ctx context.Context, st *store.Store, now time.Time) (int, error) {
	if !m.SMTP.Enabled() {
		return 0, nil
	}
	due, err := st.DueEmails(ctx, now, 100)
	if err != nil {
		return 0, err
	}
	sent := 0
	var errs []error
	for i := range due {
		n := &due[i]
		ok, err := st.ClaimEmail(ctx, n, now.Add(backoff(n.EmailAttempts+1)))
		if err != nil {
			return sent, err
		}
		if !ok {
			continue
		}
		serr := m.send(ctx, n)
		if m.afterSend != nil {
			if err := m.afterSend(n); err != nil {
				return sent, err
			}
		}
		if serr != nil {
			errs = append(errs, fmt.Errorf("email %d to %s: %w", n.ID, n.EmailTo, serr))
			if err := st.EmailDone(ctx, n.ID, serr.Error(), n.EmailAttempts >= maxEmailAttempts); err != nil {
				return sent, err
			}
			continue
		}
		if err := st.EmailDone(ctx, n.ID, "", false); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, errors.Join(errs...)
}

// subjects are the emails' subjects per kind.
var subjects = map[string]string{
	store.EventRosterPublished:  "Your roster was published",
	store.EventTimeOffDecided:   "Your time off was decided",
	store.EventSwapDecided:      "Your shift swap was decided",
	store.EventRequestPending:   "A request waits for your decision",
	store.EventOfferMade:        "An offer for you",
	store.EventFollowUpDue:      "A complaint's follow-up is due in 2 hours",
	store.EventComplaintOverdue: "A complaint's follow-up is overdue",
	store.EventReviewShared:     "Your review waits for your acknowledgement",
	store.EventDigest:           "Your daily digest",
}

func (m Mailer) send(ctx context.Context, n *store.Notification) error {
	msg := gomail.NewMsg()
	if err := msg.From(m.SMTP.From); err != nil {
		return fmt.Errorf("from: %w", err)
	}
	if err := msg.To(n.EmailTo); err != nil {
		return fmt.Errorf("to: %w", err)
	}
	subject := subjects[n.Kind]
	if subject == "" {
		subject = "Notification"
	}
	msg.Subject("[wfm] " + subject)
	msg.SetMessageIDWithValue(n.MessageID)
	msg.SetDateWithValue(n.CreatedAt)
	body := n.Message
	if n.Link != "" {
		body += "\n\nIn wfm: " + n.Link
	}
	msg.SetBodyString(gomail.TypeTextPlain, body+"\n\n(Your notification settings are on the Notifications page.)\n")
	opts := []gomail.Option{gomail.WithPort(m.SMTP.Port), gomail.WithTimeout(30 * time.Second)}
	switch m.SMTP.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if m.SMTP.TLSConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(m.SMTP.TLSConfig))
	}
	if m.SMTP.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(m.SMTP.Username), gomail.WithPassword(m.SMTP.Password))
	}
	c, err := gomail.NewClient(m.SMTP.Host, opts...)
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, msg)
}
