package store

import "github.com/uptrace/bun"

// setting is one key of the center's settings (the swap policy, the
// password sign-in switch...).
type setting struct {
	bun.BaseModel `bun:"table:settings"`
	Key           string `bun:"key,pk"`
	Value         string `bun:"value,notnull"`
}
