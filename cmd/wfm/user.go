package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"wfm/fault"
	"wfm/store"
)

// runUser manages users from the shell: the first admin of a new
// installation is made here.
func runUser(ctx context.Context, e env, args []string) error {
	usage := "usage: wfm user create --username NAME --role agent|supervisor|manager|admin [--display-name N] [--locale en|zh-CN] [--password-stdin]\n" +
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
	passwordStdin := fs.Bool("password-stdin", false, "read the password from standard input (scripts); without it, it is asked on the terminal without echo")
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	// The password is read before the database is opened: a mistake
	// costs nothing, and touches no file.
	var password string
	if args[0] == "create" {
		var err error
		if password, err = readPassword(e, *passwordStdin); err != nil {
			return err
		}
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
		if *display == "" {
			*display = *username
		}
		u := store.User{Username: *username, DisplayName: *display, Role: *role, Locale: *locale, Active: true}
		if err := u.SetPassword(password); err != nil {
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

// readPassword reads a new user's password: from standard input with
// --password-stdin (one line, for scripts), else from the terminal
// without echo, twice. It is never an argument: anyone could read it with
// ps.
func readPassword(e env, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", fmt.Errorf("--password-stdin: read the password: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := e.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", fmt.Errorf("%w: no terminal to ask the password on: give it on standard input with --password-stdin", errUsage)
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(e.stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		return string(b), err
	}
	first, err := ask("Password: ")
	if err != nil {
		return "", err
	}
	again, err := ask("Again: ")
	if err != nil {
		return "", err
	}
	if first != again {
		return "", fmt.Errorf("the two passwords differ")
	}
	return first, nil
}
