package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/fault"
	"wfm/notify"
	"wfm/store"
)

// The notifications' pages: each person's list and settings, the admin's
// webhooks.
const (
	PathNotifications = "/notifications"
	PathWebhooks      = "/admin/webhooks"
)

func (p *pages) notifyRoutes() []pageRoute {
	return []pageRoute{
		{"GET", PathNotifications, RoleAgent, p.notifications},
		{"POST", PathNotifications + "/read", RoleAgent, p.readNotifications},
		{"POST", PathNotifications + "/settings", RoleAgent, p.saveNotificationSettings},
		{"GET", PathWebhooks, RoleAdmin, p.webhooks},
		{"POST", PathWebhooks, RoleAdmin, p.createWebhook},
		{"POST", PathWebhooks + "/:id/delete", RoleAdmin, p.deleteWebhook},
	}
}

// NotificationsData is the data of the "notifications" page.
type NotificationsData struct {
	Items        []NotificationView
	Email        string
	EmailEnabled bool
	Kinds        []KindChoice
	Channels     []Option
}

// NotificationView is one notification as listed.
type NotificationView struct {
	ID                  int64
	Kind, Message, Link string
	At, Email           string
	Unread              bool
}

// KindChoice is a kind and the channel its reader chose.
type KindChoice struct {
	Kind, Label, Channel string
}

func (p *pages) notifications(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	uid := auth.Current(c).User.ID
	notes, err := p.store.ListNotifications(ctx, uid)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	settings, err := notify.GetSettings(ctx, p.store, uid, p.emailOn)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	if c.Query("saved") != "" {
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("notify.saved")})
	}
	data := NotificationsData{Email: settings.Email, EmailEnabled: p.emailOn, Channels: keyOptions(pg, "notify.channel.", notify.ChannelApp, notify.ChannelEmail, notify.ChannelNone)}
	for _, n := range notes {
		v := NotificationView{ID: n.ID, Kind: keyOr(pg.Translator, "notify.kind."+n.Kind, n.Kind), Message: n.Message, Link: localPath(n.Link),
			At: n.CreatedAt.UTC().Format("2006-01-02 15:04 UTC"), Unread: n.ReadAt == nil}
		if n.EmailStatus != "" {
			v.Email = pg.T("notify.email." + n.EmailStatus)
		}
		data.Items = append(data.Items, v)
	}
	for _, k := range store.NotificationKinds {
		data.Kinds = append(data.Kinds, KindChoice{Kind: k, Label: pg.T("notify.kind." + k), Channel: settings.Channels[k]})
	}
	pg.Title = pg.T("notify.title")
	pg.Data = data
	p.write(c, http.StatusOK, "notifications", pg)
}

// readNotifications marks one notification read (id), or all.
func (p *pages) readNotifications(c *gin.Context, pg Page) {
	var ids []int64
	if v := c.PostForm("id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			p.invalid(c, pg, fieldError("id", "not a number"))
			return
		}
		ids = append(ids, id)
	}
	if _, err := notify.MarkRead(c.Request.Context(), p.store, auth.Current(c).User.ID, ids); err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathNotifications)
}

func (p *pages) saveNotificationSettings(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	in := notify.Settings{Email: strings.TrimSpace(c.PostForm("email")), Channels: map[string]string{}}
	for _, k := range store.NotificationKinds {
		if v := c.PostForm("channel." + k); v != "" {
			in.Channels[k] = v
		}
	}
	if _, err := notify.SaveSettings(c.Request.Context(), p.store, pr.Actor(), pr.User.ID, in, p.emailOn); err != nil {
		p.invalid(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathNotifications+"?saved=1")
}

// WebhooksData is the data of the "webhooks" page.
type WebhooksData struct {
	Hooks     []WebhookView
	Kinds     []Option
	NewSecret string // the secret of the webhook just registered, shown once
	NewURL    string
}

// WebhookView is a webhook with its latest deliveries.
type WebhookView struct {
	ID         int64
	URL, Kinds string
	Deliveries []DeliveryView
}

// DeliveryView is one delivery of the log.
type DeliveryView struct {
	Event, Status, Updated, Error string
	Attempts, Code                int
}

func (p *pages) webhooks(c *gin.Context, pg Page) {
	p.showWebhooks(c, pg, "", "")
}

func (p *pages) showWebhooks(c *gin.Context, pg Page, newURL, secret string) {
	ctx := c.Request.Context()
	hooks, err := p.store.ListWebhooks(ctx)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	data := WebhooksData{Kinds: keyOptions(pg, "notify.kind.", store.WebhookKinds...), NewSecret: secret, NewURL: newURL}
	for _, h := range hooks {
		v := WebhookView{ID: h.ID, URL: h.URL}
		var kinds []string
		for _, k := range h.KindList {
			kinds = append(kinds, keyOr(pg.Translator, "notify.kind."+k, k))
		}
		v.Kinds = strings.Join(kinds, ", ")
		log, err := p.store.ListDeliveries(ctx, h.ID, 20)
		if err != nil {
			p.problem(c, pg, err)
			return
		}
		for _, d := range log {
			v.Deliveries = append(v.Deliveries, DeliveryView{Event: d.EventKey, Status: pg.T("webhooks.status." + d.Status),
				Updated: d.UpdatedAt.UTC().Format("2006-01-02 15:04:05 UTC"), Error: d.LastError, Attempts: d.Attempts, Code: d.StatusCode})
		}
		data.Hooks = append(data.Hooks, v)
	}
	if c.Query("deleted") != "" {
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("webhooks.deleted")})
	}
	pg.Title = pg.T("webhooks.title")
	pg.Data = data
	p.write(c, http.StatusOK, "webhooks", pg)
}

// createWebhook registers a webhook and shows its secret, once.
func (p *pages) createWebhook(c *gin.Context, pg Page) {
	if err := c.Request.ParseForm(); err != nil {
		p.problem(c, pg, err)
		return
	}
	w, secret, err := notify.RegisterWebhook(c.Request.Context(), p.store, auth.Current(c).Actor(), c.PostForm("url"), c.PostFormArray("kinds"))
	if err != nil {
		p.invalid(c, pg, err)
		return
	}
	pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("webhooks.created")})
	p.showWebhooks(c, pg, w.URL, secret)
}

func (p *pages) deleteWebhook(c *gin.Context, pg Page) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		p.invalid(c, pg, fieldError("id", "not a number"))
		return
	}
	if err := p.store.DeleteWebhook(c.Request.Context(), auth.Current(c).Actor(), id); err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathWebhooks+"?deleted=1")
}

// fieldError is an invalid input naming its field.
func fieldError(field, problem string) error {
	return &fault.Error{Code: fault.Invalid, Message: "invalid input", Fields: map[string]string{field: problem}}
}
