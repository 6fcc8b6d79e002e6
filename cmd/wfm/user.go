package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"wfm/fault"
	"wfm/store"
)

// userCmd manages users from the shell: the first admin of a new
// installation is made here.
func userCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "user",
		Short: "create users and API tokens",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	c.AddCommand(userCreateCmd(e), userTokenCmd(e))
	return c
}

func userCreateCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "create --username NAME --role ROLE",
		Short: "create a user; the password is asked without echo, or read with --password-stdin",
		Example: "  wfm user create --username ana --role admin\n" +
			"  printf '%s\\n' \"$PASS\" | wfm user create --username ana --role admin --password-stdin",
		Args: usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	username := fs.String("username", "", "login name")
	role := fs.String("role", "", "agent, supervisor, manager or admin")
	display := fs.String("display-name", "", "name shown to people (default: the username)")
	locale := fs.String("locale", "", "en or zh-CN (default: follow the browser)")
	passwordStdin := fs.Bool("password-stdin", false, "read the password from standard input (scripts); without it, it is asked on the terminal without echo")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		// The password is read before the database is opened: a mistake
		// costs nothing, and touches no file.
		password, err := readPassword(e, *passwordStdin)
		if err != nil {
			return err
		}
		st, err := openConfigured(ctx, e)
		if err != nil {
			return err
		}
		defer st.Close()
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
	}
	return c
}

func userTokenCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "token --username NAME --name TOKEN_NAME",
		Short: "create an API token for a user and print its secret (shown once)",
		Args:  usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	username := fs.String("username", "", "login name")
	tokenName := fs.String("name", "", "what the token is for")
	days := fs.Int("days", store.DefaultTokenDays, fmt.Sprintf("token lifetime in days, 1 to %d", store.MaxTokenDays))
	scope := fs.String("scope", "", "token scope: empty (acts as the user) or integration (may only send agent events; the user must be an admin)")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		st, err := openConfigured(ctx, e)
		if err != nil {
			return err
		}
		defer st.Close()
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
	return c
}

// openConfigured opens the database the settings name, its schema current.
func openConfigured(ctx context.Context, e env) (*store.Store, error) {
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return nil, err
	}
	return openSchema(ctx, cfg, cfg.logger(e.stderr))
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
