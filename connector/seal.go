package connector

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sealer encrypts credentials at rest with AES-256-GCM under the key of
// WFM_CREDENTIALS_KEY. A nil Sealer has no key: credentials can be
// neither saved nor opened.
type Sealer struct {
	aead cipher.AEAD
}

// KeyHelp says how to make a key, for the messages that ask for one.
const KeyHelp = "set WFM_CREDENTIALS_KEY to 32 random bytes, base64 or hex (openssl rand -base64 32)"

// NewSealer reads a key of 32 bytes written in base64 or hex; the empty
// key is a nil Sealer.
func NewSealer(key string) (*Sealer, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return nil, nil
	}
	raw, err := base64.StdEncoding.DecodeString(key)
	if err != nil || len(raw) != 32 {
		raw, err = hex.DecodeString(key)
	}
	if err != nil || len(raw) != 32 {
		return nil, fmt.Errorf("WFM_CREDENTIALS_KEY: want 32 bytes in base64 (44 characters) or hex (64); %s", KeyHelp)
	}
	block, err := aes.NewCipher(raw)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// ErrNoKey is the refusal to seal or open without a key.
var ErrNoKey = errors.New("no credentials key: " + KeyHelp)

const sealPrefix = "v1:"

// Seal encrypts plain for the site: the site's id is authenticated with
// it, so a sealed value copied to another site does not open.
func (s *Sealer) Seal(siteID int64, plain []byte) (string, error) {
	if s == nil {
		return "", ErrNoKey
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := s.aead.Seal(nonce, nonce, plain, aad(siteID))
	return sealPrefix + base64.StdEncoding.EncodeToString(out), nil
}

// Open decrypts what Seal made for the same site.
func (s *Sealer) Open(siteID int64, sealed string) ([]byte, error) {
	if s == nil {
		return nil, ErrNoKey
	}
	b64, ok := strings.CutPrefix(sealed, sealPrefix)
	if !ok {
		return nil, errors.New("sealed credentials: unknown format")
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) < s.aead.NonceSize() {
		return nil, errors.New("sealed credentials: damaged")
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], aad(siteID))
	if err != nil {
		return nil, errors.New("sealed credentials do not open with this WFM_CREDENTIALS_KEY (was the key changed? save the credentials again)")
	}
	return plain, nil
}

func aad(siteID int64) []byte { return []byte("wfm connector site " + strconv.FormatInt(siteID, 10)) }
