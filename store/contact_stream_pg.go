package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"

	"wfm/kpi"
)

// streamContactsPostgres is streamContacts on PostgreSQL through pgx
// itself: each row is decoded from the binary protocol straight into its
// Go types. Through database/sql every value is first boxed and then
// converted by reflection, which was most of the time of a first rollup
// of millions of contacts.
func (s *Store) streamContactsPostgres(ctx context.Context, where string, args []any, fn func(kpi.Contact) error) error {
	conn, err := s.db.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("read contacts: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(driverConn any) error {
		pc, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("read contacts: the PostgreSQL connection is a %T, not pgx", driverConn)
		}
		rows, err := pc.Conn().Query(ctx, "SELECT "+contactColumns+" FROM contacts WHERE "+numberPlaceholders(where), args...)
		if err != nil {
			return fmt.Errorf("read contacts: %w", err)
		}
		defer rows.Close()
		var (
			queueID         int64
			answered, ended pgtype.Timestamptz
			agentID         pgtype.Int8
			csat            pgtype.Int4
			resolved        pgtype.Bool
			emotion         pgtype.Text
		)
		// Ids in decimal, made once per queue and agent, not per row.
		decimal := map[int64]string{}
		name := func(id int64) string {
			s, ok := decimal[id]
			if !ok {
				s = strconv.FormatInt(id, 10)
				decimal[id] = s
			}
			return s
		}
		for rows.Next() {
			var c kpi.Contact
			if err := rows.Scan(&c.ID, &queueID, &c.Channel, &c.ArrivedAt, &answered, &ended, &agentID,
				&c.TalkSeconds, &c.HoldSeconds, &c.ACWSeconds, &c.Transferred, &resolved, &csat, &emotion, &c.Complaint); err != nil {
				return fmt.Errorf("read contact: %w", err)
			}
			c.Queue = name(queueID)
			if answered.Valid {
				c.AnsweredAt = answered.Time
			}
			if ended.Valid {
				c.EndedAt = ended.Time
			}
			if agentID.Valid {
				c.Agent = name(agentID.Int64)
			}
			if resolved.Valid {
				c.Resolved, c.ResolvedKnown = resolved.Bool, true
			}
			if csat.Valid {
				c.CSAT = int(csat.Int32)
			}
			if emotion.Valid {
				c.Emotion = kpi.Emotion(emotion.String)
			}
			if err := fn(c); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read contacts: %w", err)
		}
		return nil
	})
}

// numberPlaceholders turns the ? placeholders of a query into $1, $2, ...
// (the query has no other question marks).
func numberPlaceholders(query string) string {
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
