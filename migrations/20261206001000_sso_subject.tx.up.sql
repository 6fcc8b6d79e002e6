-- Single sign-on: a user signed in through OpenID Connect is known by her
-- provider's issuer and subject ("ISSUER#SUB"), which never changes, not by
-- her name, which may. NULL for users who sign in with a password only.
ALTER TABLE users ADD COLUMN sso_subject TEXT;
--bun:split
CREATE UNIQUE INDEX users_sso_subject ON users (sso_subject);
