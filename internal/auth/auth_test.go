package auth

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

// PL-2: passwords are stored as slow salted hashes; checks are exact.
func TestPasswordHash(t *testing.T) {
	h1, err := HashPassword(context.Background(), "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := HashPassword(context.Background(), "correct horse battery")
	if h1 == h2 || !strings.HasPrefix(h1, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hashes must be salted argon2id: %s %s", h1, h2)
	}
	if err := CheckPassword(context.Background(), h1, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	for _, wrong := range []string{"", "correct horse batter", "Correct horse battery"} {
		if err := CheckPassword(context.Background(), h1, wrong); err != ErrMismatch {
			t.Fatalf("%q must not match: %v", wrong, err)
		}
	}
	if err := CheckPassword(context.Background(), "$2a$10$notargon", "x"); err == nil {
		t.Fatal("unknown formats must fail")
	}
}

func TestValidatePassword(t *testing.T) {
	for pw, ok := range map[string]bool{"short": false, "0123456789": true, "パスワード十文字以上": true, strings.Repeat("x", 129): false} {
		if (ValidatePassword(pw) == nil) != ok {
			t.Errorf("%q: want ok=%v", pw, ok)
		}
	}
}

// PL-2: tokens are random, stored as their hash, and only a short prefix is shown again.
func TestSecrets(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		s, h := NewSecret(APITokenPrefix)
		if seen[s] || len(h) != 32 || string(HashSecret(s)) != string(h) {
			t.Fatal("secrets must be unique and hash consistently")
		}
		seen[s] = true
		if p := DisplayPrefix(s); len(p) != len(APITokenPrefix)+4 || !strings.HasPrefix(s, p) {
			t.Fatalf("prefix %q of %q", p, s)
		}
	}
	if DisplayPrefix("nope") != "" {
		t.Fatal("unknown tokens have no display prefix")
	}
}

func TestRoles(t *testing.T) {
	cases := []struct {
		r, min Role
		ok     bool
	}{
		{RoleSuperAdmin, RoleAdmin, true}, {RoleAdmin, RoleAdmin, true}, {RoleStandard, RoleAdmin, false},
		{RoleStandard, RoleStandard, true}, {"", RoleStandard, false}, {"BOGUS", RoleStandard, false},
	}
	for _, c := range cases {
		if c.r.AtLeast(c.min) != c.ok {
			t.Errorf("%s at least %s: want %v", c.r, c.min, c.ok)
		}
	}
}

// Issue 9 item 3: hashing is bounded. With every slot taken, a caller whose ctx ends waits no
// longer, and callers past MaxHashWaiting are refused at once; both get UNAVAILABLE with
// retryAfterSeconds, and a freed slot serves the next caller.
func TestPasswordHashingIsBounded(t *testing.T) {
	for i := 0; i < cap(hashSlots); i++ {
		hashSlots <- struct{}{}
	}
	free := func() {
		for len(hashSlots) > 0 {
			<-hashSlots
		}
	}
	defer free()
	unavailable := func(err error) {
		t.Helper()
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Unavailable || ae.Details["retryAfterSeconds"] != 1 {
			t.Fatalf("want UNAVAILABLE with retryAfterSeconds, got %v", err)
		}
	}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := HashPassword(done, "correct horse battery")
	unavailable(err)
	unavailable(CheckPassword(done, dummyHash, "x"))

	hashWaiting.Add(MaxHashWaiting) // the queue is full: refused without waiting
	unavailable(CheckPassword(context.Background(), dummyHash, "x"))
	hashWaiting.Add(-MaxHashWaiting)

	free()
	if _, err := HashPassword(context.Background(), "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if len(hashSlots) != 0 {
		t.Fatal("the slot must be released after hashing")
	}
}
