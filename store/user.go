package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"golang.org/x/crypto/argon2"

	"wfm/fault"
	"wfm/limits"
)

// Roles, from least to most trusted.
const (
	RoleAgent      = "agent"
	RoleSupervisor = "supervisor"
	RoleManager    = "manager"
	RoleAdmin      = "admin"
)

// RoleRank orders the roles: a route open to a rank is open to the ranks above.
func RoleRank(role string) int {
	switch role {
	case RoleAgent:
		return 1
	case RoleSupervisor:
		return 2
	case RoleManager:
		return 3
	case RoleAdmin:
		return 4
	}
	return 0
}

// User is a person who logs in.
type User struct {
	bun.BaseModel `bun:"table:users"`
	Record
	Username     string `bun:"username,notnull" json:"username"`
	DisplayName  string `bun:"display_name,notnull" json:"display_name"`
	PasswordHash string `bun:"password_hash,notnull" json:"-"`
	Role         string `bun:"role,notnull" json:"role"`
	Locale       string `bun:"locale,notnull" json:"locale"` // en, zh-CN, or "" to follow the browser
	Active       bool   `bun:"active,notnull" json:"active"`
	// SSOSubject is "ISSUER#SUB" for a user who signs in with single
	// sign-on (OpenID Connect); empty for password-only users.
	SSOSubject string `bun:"sso_subject,nullzero" json:"sso_subject,omitempty"`
}

// Validate checks the user's fields.
func (u *User) Validate() error {
	f := fault.FieldErrors{}
	if u.Username == "" || strings.ContainsAny(u.Username, " \t\n") {
		f.Add("username", "required, without spaces")
	}
	if u.DisplayName == "" {
		f.Add("display_name", "required")
	}
	if RoleRank(u.Role) == 0 {
		f.Add("role", "%q is not agent, supervisor, manager or admin", u.Role)
	}
	if u.Locale != "" && u.Locale != "en" && u.Locale != "zh-CN" {
		f.Add("locale", "%q is not en, zh-CN or empty (follow the browser)", u.Locale)
	}
	if u.PasswordHash == "" && u.SSOSubject == "" {
		f.Add("password", "required") // a user of single sign-on alone has none
	}
	checkText(f, "username", u.Username, limits.Code)
	checkText(f, "display_name", u.DisplayName, limits.Name)
	return f.Err("user")
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// SetPassword hashes a new password into the user.
func (u *User) SetPassword(password string) error {
	if len(password) < MinPasswordLength {
		return &fault.Error{Code: fault.Invalid, Message: "invalid user", Fields: map[string]string{
			"password": fmt.Sprintf("at least %d characters", MinPasswordLength)}}
	}
	u.PasswordHash = HashPassword(password)
	return nil
}

// argon2id parameters (RFC 9106's second recommendation, memory-constrained).
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// HashPassword hashes with argon2id, in the PHC string format.
func HashPassword(password string) string {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// CheckPassword tells whether password matches an argon2id hash.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

func (s *Store) GetUser(ctx context.Context, id int64) (*User, error) {
	var m User
	return &m, getEntity(ctx, s.db, "user", &m, id)
}

// UserByUsername finds a user by the name she logs in with, whatever its
// case (names are unique so: the users_username_lower index).
func (s *Store) UserByUsername(ctx context.Context, username string) (*User, error) {
	var m User
	err := s.db.NewSelect().Model(&m).Where("lower(username) = lower(?)", username).Scan(ctx)
	return &m, translate(err, "user "+username)
}

func (s *Store) ListUsers(ctx context.Context) ([]User, error) {
	var out []User
	if err := s.db.NewSelect().Model(&out).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

func (s *Store) CreateUser(ctx context.Context, a Actor, m *User) error {
	return createEntity(ctx, s, a, "user", m, nil)
}

func (s *Store) UpdateUser(ctx context.Context, a Actor, m *User) error {
	return s.updateUser(ctx, a, m, nil)
}

// updateUser saves a user, then runs after (may be nil) in the same
// transaction. A new password, or a user made inactive, ends her sessions
// (but the one the change comes through, when it is hers) and revokes her
// API tokens: whoever knew the old password, or minted a token with it,
// is out. Integrations then need a new token; that is the price of a
// token that cannot outlive a compromised password.
func (s *Store) updateUser(ctx context.Context, a Actor, m *User, after func(ctx context.Context, tx bun.Tx) error) error {
	now := s.now().UTC()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var before User
		if err := tx.NewSelect().Model(&before).Column("password_hash").Where("id = ?", m.ID).Scan(ctx); err != nil {
			return translate(err, fmt.Sprintf("user %d", m.ID))
		}
		if err := updateRecord(ctx, tx, now, a, "user", "update", m, m); err != nil {
			return err
		}
		switch {
		case !m.Active:
			if err := endCredentials(ctx, tx, now, a, m.ID, "", "deactivated"); err != nil {
				return err
			}
		case m.PasswordHash != before.PasswordHash:
			if err := endCredentials(ctx, tx, now, a, m.ID, a.Session, "password changed"); err != nil {
				return err
			}
		}
		if after != nil {
			return after(ctx, tx)
		}
		return nil
	})
}

// endCredentials deletes a user's sessions, but keep (a session hash; ""
// for none), and her API tokens, and says so in the audit log.
func endCredentials(ctx context.Context, tx bun.Tx, now time.Time, a Actor, userID int64, keep, why string) error {
	q := tx.NewDelete().Model((*Session)(nil)).Where("user_id = ?", userID)
	if keep != "" {
		q = q.Where("token_hash <> ?", keep)
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return fmt.Errorf("end sessions of user %d: %w", userID, err)
	}
	sessions, _ := res.RowsAffected()
	if res, err = tx.NewDelete().Model((*APIToken)(nil)).Where("user_id = ?", userID).Exec(ctx); err != nil {
		return fmt.Errorf("revoke tokens of user %d: %w", userID, err)
	}
	tokens, _ := res.RowsAffected()
	if sessions == 0 && tokens == 0 {
		return nil
	}
	return audit(ctx, tx, now, a, "end_credentials", "user", userID, map[string]any{"why": why, "sessions": sessions, "tokens": tokens})
}

func (s *Store) DeleteUser(ctx context.Context, a Actor, id, version int64) error {
	return deleteEntity(ctx, s, a, "user", &User{}, id, version)
}

// UserAgent is the agent a user is (her id and her team's site), ok
// false for a user who is no agent.
func (s *Store) UserAgent(ctx context.Context, userID int64) (agentID, siteID int64, ok bool, err error) {
	var self []struct {
		ID     int64 `bun:"id"`
		SiteID int64 `bun:"site_id"`
	}
	if err := s.db.NewSelect().Model((*Agent)(nil)).Column("id").
		ColumnExpr(agentSiteColumn).Where("user_id = ?", userID).Scan(ctx, &self); err != nil {
		return 0, 0, false, fmt.Errorf("the agent of user %d: %w", userID, err)
	}
	if len(self) == 0 {
		return 0, 0, false, nil
	}
	return self[0].ID, self[0].SiteID, true, nil
}

// SupervisedTeamIDs are the teams a user supervises, in id order.
func (s *Store) SupervisedTeamIDs(ctx context.Context, userID int64) ([]int64, error) {
	var ids []int64
	if err := s.db.NewSelect().Model((*Team)(nil)).Column("id").Where("supervisor_user_id = ?", userID).Order("id").Scan(ctx, &ids); err != nil {
		return nil, fmt.Errorf("teams of user %d: %w", userID, err)
	}
	return ids, nil
}

// newSecret is a random token for sessions, CSRF and API tokens.
func newSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is how secrets are kept: a leaked table gives no usable token.
func hashToken(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// APIToken lets an integration (an ACD pushing data) act as a user.
type APIToken struct {
	bun.BaseModel `bun:"table:api_tokens"`
	ID            int64      `bun:"id,pk,autoincrement" json:"id"`
	UserID        int64      `bun:"user_id,notnull" json:"user_id"`
	Name          string     `bun:"name,notnull" json:"name"`
	TokenHash     string     `bun:"token_hash,notnull" json:"-"`
	CreatedAt     time.Time  `bun:"created_at,notnull" json:"created_at"`
	LastUsedAt    *time.Time `bun:"last_used_at" json:"last_used_at"`
	ExpiresAt     *time.Time `bun:"expires_at" json:"expires_at"`
	// Scope is "" for a token that acts as its user, or TokenIntegration
	// for one that may only send data (agent events) and read nothing.
	Scope string `bun:"scope,notnull" json:"scope"`
}

// TokenIntegration is the scope of a connector's token: it sends agent
// events and can do nothing else.
const TokenIntegration = "integration"

// expiry is when the token stops working. Tokens minted before every
// token had an expiry (expires_at null) last the longest a token may.
func (t APIToken) expiry() time.Time {
	if t.ExpiresAt != nil {
		return *t.ExpiresAt
	}
	return t.CreatedAt.AddDate(0, 0, MaxTokenDays)
}

// TokenPrefix starts every API token, so that a leaked one is recognisable.
const TokenPrefix = "wfm_"

// How long an API token lasts, in days: every token expires, so that one
// forgotten in a script or a leaked file stops working.
const (
	DefaultTokenDays = 90
	MaxTokenDays     = 365
)

// CreateToken mints an API token for a user, valid for days (1 to
// MaxTokenDays); the secret is returned once and only its hash is kept.
func (s *Store) CreateToken(ctx context.Context, a Actor, userID int64, name string, days int) (APIToken, string, error) {
	return s.CreateScopedToken(ctx, a, userID, name, days, "")
}

// CreateScopedToken mints a token of a scope ("" or TokenIntegration).
func (s *Store) CreateScopedToken(ctx context.Context, a Actor, userID int64, name string, days int, scope string) (APIToken, string, error) {
	f := fault.FieldErrors{}
	if scope != "" && scope != TokenIntegration {
		f.Add("scope", "%q is not empty or %s", scope, TokenIntegration)
	}
	if strings.TrimSpace(name) == "" {
		f.Add("name", "required")
	}
	if days < 1 || days > MaxTokenDays {
		f.Add("expires_in_days", "1 to %d days, not %d", MaxTokenDays, days)
	}
	if err := f.Err("token"); err != nil {
		return APIToken{}, "", err
	}
	secret := TokenPrefix + newSecret()
	now := s.now().UTC()
	exp := now.AddDate(0, 0, days)
	t := APIToken{UserID: userID, Name: name, TokenHash: hashToken(secret), CreatedAt: now, ExpiresAt: &exp, Scope: scope}
	err := s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&t).Returning("id").Exec(ctx); err != nil {
			return translate(err, "token")
		}
		return audit(ctx, tx, now, a, "create", "api_token", t.ID, map[string]any{"user_id": userID, "name": name, "scope": scope})
	})
	return t, secret, err
}

// ListTokens lists a user's tokens (never their secrets).
func (s *Store) ListTokens(ctx context.Context, userID int64) ([]APIToken, error) {
	var out []APIToken
	if err := s.db.NewSelect().Model(&out).Where("user_id = ?", userID).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return out, nil
}

// DeleteToken revokes one of a user's tokens.
func (s *Store) DeleteToken(ctx context.Context, a Actor, userID, id int64) error {
	now := s.now().UTC()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.NewDelete().Model((*APIToken)(nil)).Where("id = ? AND user_id = ?", id, userID).Exec(ctx)
		if err != nil {
			return fmt.Errorf("delete token %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.Errorf(fault.NotFound, "token %d not found", id)
		}
		return audit(ctx, tx, now, a, "delete", "api_token", id, nil)
	})
}

// UserByToken finds the active user an API token belongs to.
func (s *Store) UserByToken(ctx context.Context, secret string) (*User, error) {
	u, _, err := s.TokenUser(ctx, secret)
	return u, err
}

// tokenTouchEvery is how stale a token's last_used_at may grow before a
// request through it writes it again.
const tokenTouchEvery = time.Minute

// TokenUser is the user of a token, and the token (for its scope).
func (s *Store) TokenUser(ctx context.Context, secret string) (*User, APIToken, error) {
	var t APIToken
	err := s.db.NewSelect().Model(&t).Where("token_hash = ?", hashToken(secret)).Scan(ctx)
	if isNoRows(err) {
		return nil, t, fault.Errorf(fault.Unauthorized, "unknown API token")
	}
	if err != nil {
		return nil, t, fmt.Errorf("read token: %w", err)
	}
	now := s.now().UTC()
	if now.After(t.expiry()) {
		return nil, t, fault.Errorf(fault.Unauthorized, "API token expired")
	}
	// When a token was last used is for its owner's list, to the minute:
	// writing it on every request would make every read of an
	// integration a write (a commit, on PostgreSQL a flush of the log).
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= tokenTouchEvery {
		if _, err := s.db.NewUpdate().Model(&t).Set("last_used_at = ?", now).WherePK().Exec(ctx); err != nil {
			return nil, t, fmt.Errorf("touch token: %w", err)
		}
	}
	u, err := s.activeUser(ctx, t.UserID)
	return u, t, err
}

func (s *Store) activeUser(ctx context.Context, id int64) (*User, error) {
	u, err := s.GetUser(ctx, id)
	if fault.CodeOf(err) == fault.NotFound || (err == nil && !u.Active) {
		return nil, fault.Errorf(fault.Unauthorized, "user is gone or disabled")
	}
	return u, err
}

// Session is a logged-in browser.
type Session struct {
	bun.BaseModel `bun:"table:sessions"`
	TokenHash     string    `bun:"token_hash,pk"`
	UserID        int64     `bun:"user_id,notnull"`
	CSRFToken     string    `bun:"csrf_token,notnull"`
	CreatedAt     time.Time `bun:"created_at,notnull"`
	ExpiresAt     time.Time `bun:"expires_at,notnull"`
}

// CreateSession starts a session for a user; the cookie secret is returned
// once and only its hash is kept.
func (s *Store) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (Session, string, error) {
	secret := newSecret()
	now := s.now().UTC()
	sess := Session{TokenHash: hashToken(secret), UserID: userID, CSRFToken: newSecret(), CreatedAt: now, ExpiresAt: now.Add(ttl)}
	if _, err := s.db.NewInsert().Model(&sess).Exec(ctx); err != nil {
		return Session{}, "", fmt.Errorf("create session: %w", err)
	}
	return sess, secret, nil
}

// SessionUser finds the live session a cookie names, and its user.
func (s *Store) SessionUser(ctx context.Context, secret string) (*Session, *User, error) {
	var sess Session
	err := s.db.NewSelect().Model(&sess).Where("token_hash = ?", hashToken(secret)).Scan(ctx)
	if isNoRows(err) {
		return nil, nil, fault.Errorf(fault.Unauthorized, "not logged in")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read session: %w", err)
	}
	if s.now().After(sess.ExpiresAt) {
		return nil, nil, fault.Errorf(fault.Unauthorized, "session expired: log in again")
	}
	u, err := s.activeUser(ctx, sess.UserID)
	return &sess, u, err
}

// DeleteSession logs a browser out.
func (s *Store) DeleteSession(ctx context.Context, secret string) error {
	_, err := s.db.NewDelete().Model((*Session)(nil)).Where("token_hash = ?", hashToken(secret)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.db.NewDelete().Model((*Session)(nil)).Where("expires_at < ?", s.now().UTC()).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// LinkUserAgent makes the user sign in as the agent (agentID 0: as no
// agent): whichever agent she was linked to is unlinked, in the same
// transaction, and each agent changed gets a new version and an audit
// entry. An agent linked to another user moves to this one.
func (s *Store) LinkUserAgent(ctx context.Context, a Actor, userID, agentID int64) error {
	now := s.now().UTC()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return linkUserAgent(ctx, tx, now, a, userID, agentID)
	})
}

// CreateUserLinked creates a user signed in as the agent (agentID 0: as
// none) in one transaction: if the link fails, there is no user either, so
// the admin's form can be sent again as it was.
func (s *Store) CreateUserLinked(ctx context.Context, a Actor, m *User, agentID int64) error {
	return createEntity(ctx, s, a, "user", m, func(ctx context.Context, tx bun.Tx) error {
		return linkUserAgent(ctx, tx, s.now().UTC(), a, m.ID, agentID)
	})
}

// UpdateUserLinked saves a user and her linked agent in one transaction.
func (s *Store) UpdateUserLinked(ctx context.Context, a Actor, m *User, agentID int64) error {
	return s.updateUser(ctx, a, m, func(ctx context.Context, tx bun.Tx) error {
		return linkUserAgent(ctx, tx, s.now().UTC(), a, m.ID, agentID)
	})
}

// linkUserAgent is LinkUserAgent inside the caller's transaction.
func linkUserAgent(ctx context.Context, tx bun.Tx, now time.Time, a Actor, userID, agentID int64) error {
	if _, err := getUserTx(ctx, tx, userID); err != nil {
		return err
	}
	var linked []Agent
	if err := tx.NewSelect().Model(&linked).Column("id", "user_id").Where("user_id = ?", userID).Scan(ctx); err != nil {
		return fmt.Errorf("agents of user %d: %w", userID, err)
	}
	for _, g := range linked {
		if g.ID == agentID {
			return nil // already so
		}
		if _, err := tx.NewUpdate().Model((*Agent)(nil)).Set("user_id = NULL").Set("version = version + 1").Set("updated_at = ?", now).
			Where("id = ?", g.ID).Exec(ctx); err != nil {
			return fmt.Errorf("unlink agent %d: %w", g.ID, err)
		}
		if err := audit(ctx, tx, now, a, "unlink_user", "agent", g.ID, map[string]int64{"user_id": userID}); err != nil {
			return err
		}
	}
	if agentID == 0 {
		return nil
	}
	res, err := tx.NewUpdate().Model((*Agent)(nil)).Set("user_id = ?", userID).Set("version = version + 1").Set("updated_at = ?", now).
		Where("id = ?", agentID).Exec(ctx)
	if err != nil {
		return translate(err, fmt.Sprintf("agent %d", agentID))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.Errorf(fault.NotFound, "agent %d not found", agentID)
	}
	return audit(ctx, tx, now, a, "link_user", "agent", agentID, map[string]int64{"user_id": userID})
}

func getUserTx(ctx context.Context, db bun.IDB, id int64) (*User, error) {
	var m User
	return &m, getEntity(ctx, db, "user", &m, id)
}
