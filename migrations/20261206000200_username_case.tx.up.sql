-- User names are unique whatever their case: 'ADMIN' could be made beside
-- 'admin', and logins now compare names without case. Where two names
-- already differ only in case, the oldest user keeps hers and each later
-- one is renamed NAME.dupID (her id), so that the index can be built; the
-- admin finds them in the users list and renames or deletes them.
UPDATE users SET username = username || '.dup' || CAST(id AS TEXT), version = version + 1
WHERE EXISTS (SELECT 1 FROM users AS older WHERE lower(older.username) = lower(users.username) AND older.id < users.id);
--bun:split
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
