package store

import "encoding/json"

// jsonText is v as JSON text; v is always a plain map or struct here.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}
