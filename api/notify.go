package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"wfm/notify"
	"wfm/store"
)

// notifyRoutes are a person's notifications and their settings, and the
// admin's outgoing webhooks.
func (s *Server) notifyRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/notifications", agent, "my notifications, newest first (roster published, time off decided, requests waiting, complaint follow-ups, reviews, reminders...)", nil, []store.Notification{}, s.listNotifications},
		{"GET", "/api/v1/notifications/unread", agent, "how many of my notifications are unread (the bell)", nil, unreadResponse{}, s.unreadNotifications},
		{"POST", "/api/v1/notifications/read", agent, "mark my notifications read: those of ids, or all when ids is empty", readRequest{}, readResponse{}, s.readNotifications},
		{"GET", "/api/v1/notification-preferences", agent, "my email address and, per kind, app, email or none", nil, notify.Settings{}, s.getNotificationSettings},
		{"PUT", "/api/v1/notification-preferences", agent, "set my email address and the channel per kind (kinds left out keep theirs)", notify.Settings{}, notify.Settings{}, s.setNotificationSettings},

		{"GET", "/api/v1/webhooks", admin, "the outgoing webhooks", nil, []store.Webhook{}, s.listWebhooks},
		{"POST", "/api/v1/webhooks", admin, "register a webhook for event kinds; the answer carries its signing secret, shown this once", webhookRequest{}, webhookCreated{}, s.createWebhook},
		{"DELETE", "/api/v1/webhooks/:id", admin, "remove a webhook and its delivery log", nil, nil, s.deleteWebhook},
		{"GET", "/api/v1/webhooks/:id/deliveries", admin, "a webhook's delivery log, newest first: attempts, status code, error", nil, []store.WebhookDelivery{}, s.listDeliveries},
	}
}

type unreadResponse struct {
	Unread int `json:"unread"`
}

type readRequest struct {
	IDs []int64 `json:"ids"`
}

type readResponse struct {
	Marked int `json:"marked"`
}

type webhookRequest struct {
	URL   string   `json:"url"`
	Kinds []string `json:"kinds"`
}

type webhookCreated struct {
	store.Webhook
	Secret string `json:"secret"`
}

func (s *Server) listNotifications(c *gin.Context) {
	userID := principal(c).User.ID
	serveList(s, c, func(ctx context.Context) ([]store.Notification, error) { return s.store.ListNotifications(ctx, userID) })
}

func (s *Server) unreadNotifications(c *gin.Context) {
	n, err := s.store.UnreadNotifications(c.Request.Context(), principal(c).User.ID)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, unreadResponse{Unread: n})
}

func (s *Server) readNotifications(c *gin.Context) {
	var req readRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	n, err := notify.MarkRead(c.Request.Context(), s.store, principal(c).User.ID, req.IDs)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, readResponse{Marked: n})
}

func (s *Server) getNotificationSettings(c *gin.Context) {
	out, err := notify.GetSettings(c.Request.Context(), s.store, principal(c).User.ID, s.emailOn)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) setNotificationSettings(c *gin.Context) {
	var req notify.Settings
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	pr := principal(c)
	out, err := notify.SaveSettings(c.Request.Context(), s.store, pr.Actor(), pr.User.ID, req, s.emailOn)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) listWebhooks(c *gin.Context) {
	serveList(s, c, s.store.ListWebhooks)
}

func (s *Server) createWebhook(c *gin.Context) {
	var req webhookRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	w, secret, err := notify.RegisterWebhook(c.Request.Context(), s.store, principal(c).Actor(), req.URL, req.Kinds)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusCreated, webhookCreated{Webhook: *w, Secret: secret})
}

func (s *Server) deleteWebhook(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	if err := s.store.DeleteWebhook(c.Request.Context(), principal(c).Actor(), id); err != nil {
		fail(c, s.log, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) listDeliveries(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	if _, err := s.store.GetWebhook(c.Request.Context(), id); err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx context.Context) ([]store.WebhookDelivery, error) {
		return s.store.ListDeliveries(ctx, id, 200)
	})
}
