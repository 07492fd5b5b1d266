package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// Token prefixes tell secrets apart in logs scanners and support tickets.
const (
	APITokenPrefix = "crm_pat_"
	SessionPrefix  = "crm_ses_"
)

// NewSecret returns a random token with prefix (256 bits of entropy) and its SHA-256 hash.
// Only the hash is stored: tokens are high-entropy, so a fast hash is safe here.
func NewSecret(prefix string) (secret string, hash []byte) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret)
}

// HashSecret is the stored form of a token.
func HashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// DisplayPrefix is the part of a secret that may be shown again (e.g. "crm_pat_Ab3d").
func DisplayPrefix(secret string) string {
	for _, p := range []string{APITokenPrefix, SessionPrefix} {
		if strings.HasPrefix(secret, p) && len(secret) >= len(p)+4 {
			return secret[:len(p)+4]
		}
	}
	return ""
}
