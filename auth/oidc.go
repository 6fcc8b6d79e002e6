package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gin-gonic/gin"
	"golang.org/x/oauth2"

	"wfm/fault"
	"wfm/store"
)

// SSOConfig is single sign-on through an OpenID Connect provider (Azure
// AD / Entra ID, Okta, Keycloak, Google Workspace, Authing...): the
// authorization code flow with PKCE, the ID token verified against the
// provider's keys. The provider decides who someone is and, through a
// claim, what she may do here: her role and her agent are taken from the
// token at every sign-in.
type SSOConfig struct {
	Issuer       string // the provider's issuer URL (discovery at ISSUER/.well-known/openid-configuration)
	ClientID     string
	ClientSecret string
	RedirectURL  string   // this server's callback as the provider knows it: https://HOST/auth/oidc/callback
	Scopes       []string // "openid" is always asked for
	// RoleClaim names a claim whose value is a wfm role (agent,
	// supervisor, manager, admin); it wins over the groups.
	RoleClaim string
	// GroupsClaim names a claim holding the user's groups; GroupRoles maps
	// a group to a role, and the highest role among her groups is hers.
	GroupsClaim string
	GroupRoles  map[string]string
	// UsernameClaim is the claim whose value is the user's name here
	// (preferred_username, then email, when empty).
	UsernameClaim string
	// AgentClaim names a claim holding the agent code that links the user
	// to her agent (an agent's sign-in needs one).
	AgentClaim string
	// LinkByUsername lets a first single sign-on take over an existing
	// user of the same name who has none yet. Off by default: whoever can
	// choose her name at the provider could then become that user.
	LinkByUsername bool
}

// SSORefusal is why a single sign-on was refused; Reason lets the sign-in
// page say it in the user's language.
type SSORefusal struct {
	Reason string // state, provider, token, no_role, no_agent, inactive, name_taken
	Err    error
}

func (e *SSORefusal) Error() string {
	return "single sign-on refused (" + e.Reason + "): " + e.Err.Error()
}
func (e *SSORefusal) Unwrap() error { return e.Err }

func refuseSSO(reason string, code fault.Code, format string, args ...any) error {
	return &SSORefusal{Reason: reason, Err: fault.Errorf(code, format, args...)}
}

// ssoCookie carries the flow's state, nonce and PKCE verifier between
// the redirect to the provider and the callback. HttpOnly and short-lived;
// the callback checks its state against the one the provider sends back,
// which a forged callback cannot know.
const ssoCookie = "wfm_sso"

const ssoCookieTTL = 10 * time.Minute

type ssoFlow struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"next"`
}

type sso struct {
	cfg SSOConfig

	mu       sync.Mutex
	provider *oidc.Provider // discovered on first use: a provider down at start-up does not stop the server
}

func (s *sso) discover(ctx context.Context) (*oidc.Provider, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.provider != nil {
		return s.provider, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(ctx, s.cfg.Issuer)
	if err != nil {
		return nil, &SSORefusal{Reason: "provider", Err: fault.Errorf(fault.Unavailable, "the single sign-on provider %s: %v", s.cfg.Issuer, err)}
	}
	s.provider = p
	return p, nil
}

func (s *sso) oauth(p *oidc.Provider) *oauth2.Config {
	scopes := []string{oidc.ScopeOpenID}
	for _, sc := range s.cfg.Scopes {
		if sc != oidc.ScopeOpenID {
			scopes = append(scopes, sc)
		}
	}
	return &oauth2.Config{ClientID: s.cfg.ClientID, ClientSecret: s.cfg.ClientSecret, RedirectURL: s.cfg.RedirectURL,
		Endpoint: p.Endpoint(), Scopes: scopes}
}

// SSOEnabled tells whether single sign-on is configured.
func (s *Service) SSOEnabled() bool { return s.sso != nil }

// PasswordLoginAllowed tells whether the password form is offered: always
// without single sign-on (else nobody could sign in), and with it unless
// an admin switched passwords off.
func (s *Service) PasswordLoginAllowed(ctx context.Context) (bool, error) {
	if s.sso == nil {
		return true, nil
	}
	return s.store.PasswordLogin(ctx)
}

// BeginSSO starts a single sign-on: it remembers the flow in a cookie and
// returns the provider's URL to send the browser to. next is where the
// user goes once signed in (a local path, checked by the caller).
func (s *Service) BeginSSO(c *gin.Context, next string) (string, error) {
	if s.sso == nil {
		return "", fault.Errorf(fault.NotFound, "single sign-on is not configured")
	}
	p, err := s.sso.discover(c.Request.Context())
	if err != nil {
		return "", err
	}
	f := ssoFlow{State: randomString(), Nonce: randomString(), Verifier: oauth2.GenerateVerifier(), Next: next}
	b, _ := json.Marshal(f)
	c.SetSameSite(http.SameSiteLaxMode) // the provider's redirect back is a top-level GET: Lax sends the cookie
	c.SetCookie(ssoCookie, base64.RawURLEncoding.EncodeToString(b), int(ssoCookieTTL/time.Second), "/", "", s.secure, true)
	return s.sso.oauth(p).AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), nil
}

// FinishSSO completes a single sign-on at the callback: it checks the
// state, exchanges the code, verifies the ID token (signature, issuer,
// audience, expiry, nonce), finds or creates the user from its claims and
// starts her session. It returns the user and where she was going.
func (s *Service) FinishSSO(c *gin.Context) (*store.User, string, error) {
	if s.sso == nil {
		return nil, "", fault.Errorf(fault.NotFound, "single sign-on is not configured")
	}
	ctx := c.Request.Context()
	raw, _ := c.Cookie(ssoCookie)
	c.SetCookie(ssoCookie, "", -1, "/", "", s.secure, true) // one use
	var f ssoFlow
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if raw == "" || err != nil || json.Unmarshal(b, &f) != nil || f.State == "" {
		return nil, "", refuseSSO("state", fault.Unauthorized, "no sign-in in progress in this browser (or it took longer than %s)", ssoCookieTTL)
	}
	if e := c.Query("error"); e != "" {
		return nil, "", refuseSSO("provider", fault.Unauthorized, "the provider refused the sign-in: %s %s", e, c.Query("error_description"))
	}
	if c.Query("state") != f.State {
		return nil, "", refuseSSO("state", fault.Unauthorized, "the sign-in's state does not match the one this browser started")
	}
	p, err := s.sso.discover(ctx)
	if err != nil {
		return nil, "", err
	}
	tok, err := s.sso.oauth(p).Exchange(ctx, c.Query("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return nil, "", refuseSSO("provider", fault.Unauthorized, "exchange the code at the provider: %v", err)
	}
	rawID, _ := tok.Extra("id_token").(string)
	if rawID == "" {
		return nil, "", refuseSSO("token", fault.Unauthorized, "the provider answered without an ID token")
	}
	id, err := p.Verifier(&oidc.Config{ClientID: s.sso.cfg.ClientID, Now: s.now}).Verify(ctx, rawID)
	if err != nil {
		return nil, "", refuseSSO("token", fault.Unauthorized, "the ID token: %v", err)
	}
	if id.Nonce != f.Nonce {
		return nil, "", refuseSSO("token", fault.Unauthorized, "the ID token's nonce is not this sign-in's")
	}
	var claims map[string]any
	if err := id.Claims(&claims); err != nil {
		return nil, "", refuseSSO("token", fault.Unauthorized, "the ID token's claims: %v", err)
	}
	u, err := s.ssoUser(ctx, id.Issuer+"#"+id.Subject, claims)
	if err != nil {
		return nil, "", err
	}
	if _, err := s.startSession(c, u); err != nil {
		return nil, "", err
	}
	return u, f.Next, nil
}

// ssoUser finds the user of a subject, or creates her, and brings her
// role, name and agent up to date with the provider's claims.
func (s *Service) ssoUser(ctx context.Context, subject string, claims map[string]any) (*store.User, error) {
	cfg := s.sso.cfg
	role, err := ssoRole(cfg, claims)
	if err != nil {
		return nil, err
	}
	var agentID int64
	if cfg.AgentClaim != "" {
		if code := claimString(claims, cfg.AgentClaim); code != "" {
			a, err := s.store.AgentByCode(ctx, code)
			if fault.CodeOf(err) == fault.NotFound {
				return nil, refuseSSO("no_agent", fault.Forbidden, "claim %s names agent %q, which this center does not have", cfg.AgentClaim, code)
			}
			if err != nil {
				return nil, err
			}
			agentID = a.ID
		}
	}
	// With an agent claim the provider says who is which agent, and the
	// link follows it at each sign-in; without one, an admin links users
	// to agents here and single sign-on leaves the links alone.
	linkAgents := cfg.AgentClaim != ""
	if linkAgents && role == store.RoleAgent && agentID == 0 {
		return nil, refuseSSO("no_agent", fault.Forbidden, "an agent's sign-in must name her agent code in claim %q", cfg.AgentClaim)
	}
	save := func(u *store.User, create bool) error {
		switch {
		case create && linkAgents:
			return s.store.CreateUserLinked(ctx, store.System, u, agentID)
		case create:
			return s.store.CreateUser(ctx, store.System, u)
		case linkAgents:
			return s.store.UpdateUserLinked(ctx, store.System, u, agentID)
		}
		return s.store.UpdateUser(ctx, store.System, u)
	}
	username := ssoUsername(cfg, claims)
	if username == "" {
		return nil, refuseSSO("token", fault.Unauthorized, "the ID token names the user in none of %s, email, sub", cfg.usernameClaim())
	}
	display := claimString(claims, "name")
	if display == "" {
		display = username
	}

	u, err := s.store.UserBySSOSubject(ctx, subject)
	switch {
	case err == nil:
	case fault.CodeOf(err) != fault.NotFound:
		return nil, err
	default:
		existing, err := s.store.UserByUsername(ctx, username)
		switch {
		case err == nil && existing.SSOSubject == "" && cfg.LinkByUsername:
			u = existing
			u.SSOSubject = subject
		case err == nil:
			return nil, refuseSSO("name_taken", fault.Conflict, "the user name %q is taken by another user of this center", username)
		case fault.CodeOf(err) != fault.NotFound:
			return nil, err
		default:
			u = &store.User{Username: username, DisplayName: display, Role: role, Active: true, SSOSubject: subject}
			if err := save(u, true); err != nil {
				return nil, err
			}
			return u, nil
		}
	}
	if !u.Active {
		return nil, refuseSSO("inactive", fault.Forbidden, "user %s is deactivated in this center", u.Username)
	}
	u.Role, u.DisplayName, u.SSOSubject = role, display, subject
	if err := save(u, false); err != nil {
		return nil, err
	}
	return u, nil
}

// ssoRole is the role the claims give: the role claim when it names one,
// else the highest role among the groups' (none: refused).
func ssoRole(cfg SSOConfig, claims map[string]any) (string, error) {
	if cfg.RoleClaim != "" {
		for _, r := range claimStrings(claims, cfg.RoleClaim) {
			if store.RoleRank(strings.ToLower(r)) > 0 {
				return strings.ToLower(r), nil
			}
		}
	}
	best := ""
	if cfg.GroupsClaim != "" {
		for _, g := range claimStrings(claims, cfg.GroupsClaim) {
			if r, ok := cfg.GroupRoles[g]; ok && store.RoleRank(r) > store.RoleRank(best) {
				best = r
			}
		}
	}
	if best == "" {
		return "", refuseSSO("no_role", fault.Forbidden, "neither claim %q nor the groups in claim %q give a role in this center", cfg.RoleClaim, cfg.GroupsClaim)
	}
	return best, nil
}

func (c SSOConfig) usernameClaim() string {
	if c.UsernameClaim != "" {
		return c.UsernameClaim
	}
	return "preferred_username"
}

func ssoUsername(cfg SSOConfig, claims map[string]any) string {
	for _, k := range []string{cfg.usernameClaim(), "email", "sub"} {
		if v := strings.TrimSpace(claimString(claims, k)); v != "" && !strings.ContainsAny(v, " \t\n") {
			return v
		}
	}
	return ""
}

// claimString is a claim's value as a string (numbers too: an employee
// number often comes as one).
func claimString(claims map[string]any, name string) string {
	switch v := claims[name].(type) {
	case string:
		return v
	case float64:
		return strings.TrimSuffix(fmt.Sprintf("%f", v), ".000000")
	}
	return ""
}

// claimStrings is a claim holding one string or a list of them.
func claimStrings(claims map[string]any, name string) []string {
	switch v := claims[name].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func randomString() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// ParseGroupRoles reads "group=role,group=role" (WFM_OIDC_GROUP_ROLES).
func ParseGroupRoles(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		if pair = strings.TrimSpace(pair); pair == "" {
			continue
		}
		group, role, ok := strings.Cut(pair, "=")
		group, role = strings.TrimSpace(group), strings.ToLower(strings.TrimSpace(role))
		if !ok || group == "" || store.RoleRank(role) == 0 {
			return nil, fmt.Errorf("%q: want GROUP=ROLE with a role of agent, supervisor, manager or admin", pair)
		}
		out[group] = role
	}
	return out, nil
}

// ErrPasswordsOff refuses a password when an admin switched passwords off.
var ErrPasswordsOff = fault.Errorf(fault.Forbidden, "password sign-in is switched off in this center: sign in with single sign-on")

// SetPasswordLogin switches password sign-in on or off. Off is refused
// without single sign-on: nobody could sign in any more.
func (s *Service) SetPasswordLogin(ctx context.Context, a store.Actor, on bool) error {
	if !on && s.sso == nil {
		return &fault.Error{Code: fault.Invalid, Message: "invalid request",
			Fields: map[string]string{"password_login": "single sign-on is not configured (WFM_OIDC_ISSUER): switching passwords off would lock everyone out"}}
	}
	return s.store.SetPasswordLogin(ctx, a, on)
}
