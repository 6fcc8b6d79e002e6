package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"

	"wfm/fault"
	"wfm/store"
)

// runUser manages users from the shell: the first admin of a new
// installation is made here.
func runUser(ctx context.Context, e env, args []string) error {
	usage := "usage: wfm user create --username NAME --role agent|supervisor|manager|admin [--display-name N] [--locale en|zh-CN] (password on stdin)\n" +
		"       wfm user token --username NAME --name TOKEN_NAME [--days N] [--scope integration]"
	if len(args) == 0 {
		return fmt.Errorf("%w: %s", errUsage, usage)
	}
	fs := flag.NewFlagSet("wfm user "+args[0], flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	username := fs.String("username", "", "login name")
	role := fs.String("role", "", "agent, supervisor, manager or admin")
	display := fs.String("display-name", "", "name shown to people (default: the username)")
	locale := fs.String("locale", "", "en or zh-CN (default: follow the browser)")
	tokenName := fs.String("name", "", "what the token is for")
	days := fs.Int("days", store.DefaultTokenDays, fmt.Sprintf("token lifetime in days, 1 to %d", store.MaxTokenDays))
	scope := fs.String("scope", "", "token scope: empty (acts as the user) or integration (may only send agent events; the user must be an admin)")
	dsn := fs.String("database", "", "database URL (default $WFM_DATABASE_URL or file:wfm.db)")
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return err
	}
	if *dsn != "" {
		cfg.DatabaseURL = *dsn
	}
	st, err := openSchema(ctx, cfg, cfg.logger(e.stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "create":
		password, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && password == "" {
			return fmt.Errorf("read the password from standard input: %w", err)
		}
		if *display == "" {
			*display = *username
		}
		u := store.User{Username: *username, DisplayName: *display, Role: *role, Locale: *locale, Active: true}
		if err := u.SetPassword(strings.TrimRight(password, "\r\n")); err != nil {
			return err
		}
		if err := st.CreateUser(ctx, store.System, &u); err != nil {
			return err
		}
		return json.NewEncoder(e.stdout).Encode(u)
	case "token":
		u, err := st.UserByUsername(ctx, *username)
		if err != nil {
			return err
		}
		if *scope == store.TokenIntegration && u.Role != store.RoleAdmin {
			return fmt.Errorf("%w: --scope integration: user %s is %s; an integration token belongs to an admin", errUsage, u.Username, u.Role)
		}
		_, secret, err := st.CreateScopedToken(ctx, store.System, u.ID, *tokenName, *days, *scope)
		var se *fault.Error
		if errors.As(err, &se) && se.Fields != nil { // name the flags, not the JSON fields
			for field, flag := range map[string]string{"expires_in_days": "--days", "name": "--name", "scope": "--scope"} {
				if msg, ok := se.Fields[field]; ok {
					return fmt.Errorf("%w: %s: %s", errUsage, flag, msg)
				}
			}
		}
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, secret)
		return nil
	}
	return fmt.Errorf("%w: %s", errUsage, usage)
}
