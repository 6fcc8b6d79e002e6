package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/uptrace/bun"
)

// UserBySSOSubject finds the user a single sign-on subject ("ISSUER#SUB")
// belongs to.
func (s *Store) UserBySSOSubject(ctx context.Context, subject string) (*User, error) {
	var m User
	err := s.db.NewSelect().Model(&m).Where("sso_subject = ?", subject).Scan(ctx)
	return &m, translate(err, "user of single sign-on subject "+subject)
}

// settingPasswordLogin is the settings key of the password sign-in switch.
const settingPasswordLogin = "auth.password_login"

// PasswordLogin tells whether users may sign in with a password (true
// until an admin switches it off; API tokens are not affected).
func (s *Store) PasswordLogin(ctx context.Context) (bool, error) {
	var v setting
	err := s.db.NewSelect().Model(&v).Where("key = ?", settingPasswordLogin).Scan(ctx)
	if isNoRows(err) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("read the password sign-in switch: %w", err)
	}
	on, _ := strconv.ParseBool(v.Value)
	return on, nil
}

// SetPasswordLogin switches password sign-in on or off.
func (s *Store) SetPasswordLogin(ctx context.Context, a Actor, on bool) error {
	return s.setSetting(ctx, a, settingPasswordLogin, strconv.FormatBool(on), on)
}

// setSetting writes one setting and its audit record in a transaction.
func (s *Store) setSetting(ctx context.Context, a Actor, key, value string, detail any) error {
	now := s.now().UTC()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		v := setting{Key: key, Value: value}
		if _, err := tx.NewInsert().Model(&v).On("CONFLICT (key) DO UPDATE").Set("value = EXCLUDED.value").Exec(ctx); err != nil {
			return fmt.Errorf("set %s: %w", key, err)
		}
		return auditKey(ctx, tx, now, a, "set", "setting", key, detail)
	})
}

// AgentByCode finds an agent by her code (as the ACD and the single
// sign-on provider name her).
func (s *Store) AgentByCode(ctx context.Context, code string) (*Agent, error) {
	var m Agent
	err := s.db.NewSelect().Model(&m).Where("code = ?", code).Scan(ctx)
	return &m, translate(err, "agent "+code)
}
