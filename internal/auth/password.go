package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// Argon2id parameters (OWASP: m=19 MiB, t=2, p=1). Stored in each hash, so they can be raised
// later without breaking existing passwords.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16

	MinPasswordLen = 10
	MaxPasswordLen = 128
)

// ErrMismatch is returned by CheckPassword for a wrong password.
var ErrMismatch = errors.New("password does not match")

// ValidatePassword applies the password policy. The error is a VALIDATION message without
// the field name ("must be at least 10 characters"): apperr.OnField names the field.
func ValidatePassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		return apperr.Invalid("", "must be at least %d characters", MinPasswordLen)
	case n > MaxPasswordLen:
		return apperr.Invalid("", "must be at most %d characters", MaxPasswordLen)
	case strings.TrimSpace(pw) == "": // issue 9 item 12: ten spaces are no password
		return apperr.Invalid("", "must not be only spaces")
	}
	return nil
}

// Password hashing is bounded (issue 9 item 3): argon2id takes a core and 19 MiB for tens of
// milliseconds by design, so at most half the CPUs (GOMAXPROCS/2, at least one) hash at once
// and the rest keep serving every other request; at most MaxHashWaiting
// callers wait for a slot, each at most MaxHashWait (or until its ctx ends). Past that the
// caller gets UNAVAILABLE with retryAfterSeconds instead of piling up memory and latency.
var (
	hashSlots   = make(chan struct{}, max(runtime.GOMAXPROCS(0)/2, 1))
	hashWaiting atomic.Int64
)

const (
	MaxHashWaiting = 64
	MaxHashWait    = 3 * time.Second
)

// errHashBusy is the refusal when no hashing slot frees in time.
var errHashBusy = apperr.New(apperr.Unavailable, "too many sign-ins are being checked right now; try again in a second").
	With("retryAfterSeconds", 1)

// hashSlot waits for a hashing slot and returns the function that frees it.
func hashSlot(ctx context.Context) (func(), error) {
	release := func() { <-hashSlots }
	select {
	case hashSlots <- struct{}{}:
		return release, nil
	default:
	}
	if hashWaiting.Add(1) > MaxHashWaiting {
		hashWaiting.Add(-1)
		return nil, errHashBusy
	}
	defer hashWaiting.Add(-1)
	wait := time.NewTimer(MaxHashWait)
	defer wait.Stop()
	select {
	case hashSlots <- struct{}{}:
		return release, nil
	case <-ctx.Done():
	case <-wait.C:
	}
	return nil, errHashBusy
}

// HashPassword returns an argon2id hash in PHC string format (bounded: see hashSlots).
func HashPassword(ctx context.Context, pw string) (string, error) {
	release, err := hashSlot(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return hashPassword(pw)
}

func hashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime,
		argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword compares pw with a hash made by HashPassword, in constant time (bounded: see
// hashSlots). A wrong password is ErrMismatch; no free slot is an UNAVAILABLE *apperr.Error.
func CheckPassword(ctx context.Context, hash, pw string) error {
	release, err := hashSlot(ctx)
	if err != nil {
		return err
	}
	defer release()
	return checkPassword(hash, pw)
}

func checkPassword(hash, pw string) error {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return errors.New("unknown password hash format")
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return fmt.Errorf("bad password hash parameters: %w", err)
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return err
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return err
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

// dummyHash is checked against when the email is unknown, so timing does not reveal accounts.
var dummyHash, _ = hashPassword("not-a-real-password-0000")

// BurnTime spends the time of one password check (for unknown users); its error is
// CheckPassword's UNAVAILABLE when no slot frees, nil otherwise.
func BurnTime(ctx context.Context, pw string) error {
	if err := CheckPassword(ctx, dummyHash, pw); err != ErrMismatch {
		return err
	}
	return nil
}

// HoldHashing takes every hashing slot until release is called, and HashWaiting counts the
// callers waiting for one: tests use them to keep sign-ins in flight deterministically.
func HoldHashing() (release func()) {
	for i := 0; i < cap(hashSlots); i++ {
		hashSlots <- struct{}{}
	}
	return func() {
		for i := 0; i < cap(hashSlots); i++ {
			<-hashSlots
		}
	}
}

// HashWaiting is the number of callers waiting for a hashing slot.
func HashWaiting() int { return int(hashWaiting.Load()) }
