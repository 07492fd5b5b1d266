package graph

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/privacy"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/billing"
	"github.com/crmadmin/crmadmin/internal/store"
)

// ErrorPresenter is the one place where errors become GraphQL errors (PL-6): every error
// leaves with extensions.code from apperr's closed set and a message a person can act on.
// Unknown errors become INTERNAL with a generic message; their details go only to the log.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		code, msg, ext := classify(ctx, err, gerr)
		var p *panicked
		switch {
		case errors.As(err, &p): // Recover logged it already, with this reference
			code, msg = apperr.Internal, internalMessage(p.ref)
		case code == apperr.Internal:
			ref := newRef()
			log.ErrorContext(ctx, "internal error", "err", redactCardNumbers(err.Error()), "path", gerr.Path.String(), "ref", ref)
			msg = internalMessage(ref)
		}
		gerr.Message = redactCardNumbers(msg) // SB-10: a card number sent where it does not fit is never echoed
		if gerr.Extensions == nil {
			gerr.Extensions = map[string]any{}
		}
		for k, v := range ext {
			gerr.Extensions[k] = v
		}
		gerr.Extensions["code"] = string(code)
		return gerr
	}
}

// Recover turns a panic into INTERNAL with a reference, logged with the panic value and the
// stack. The error it returns is complete (message and code): gqlgen's websocket transport
// sends a recovered panic as it is, without the error presenter (issue 9 item 5).
func Recover(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, v any) error {
		p := &panicked{ref: newRef()}
		log.ErrorContext(ctx, "panic", "panic", redactCardNumbers(fmt.Sprint(v)), "ref", p.ref, "stack", string(debug.Stack()))
		return &gqlerror.Error{Message: internalMessage(p.ref), Err: p,
			Extensions: map[string]any{"code": string(apperr.Internal)}}
	}
}

// panicked is a recovered panic, already logged under ref.
type panicked struct{ ref string }

func (p *panicked) Error() string { return "panic (reference " + p.ref + ")" }

func internalMessage(ref string) string {
	return "internal error (reference " + ref + "); it was logged"
}

// classify is the mapping table.
func classify(ctx context.Context, err error, gerr *gqlerror.Error) (apperr.Code, string, map[string]any) {
	var ae *apperr.Error
	var ve *ent.ValidationError
	var nf *ent.NotFoundError
	switch {
	case errors.As(err, &ae):
		ext := map[string]any{}
		for k, v := range ae.Details {
			ext[k] = v
		}
		if ae.Field != "" {
			ext["field"] = ae.Field
		}
		return ae.Code, ae.Message, ext
	case errors.As(err, &ve):
		field := camel(ve.Name)
		return apperr.Validation, field + " " + validationReason(ve), map[string]any{"field": field}
	case errors.As(err, &nf):
		return apperr.NotFound, notFoundMessage(nf.Error()), nil
	case ent.IsConstraintError(err):
		if strings.Contains(err.Error(), "UNIQUE") {
			return apperr.Conflict, "a record with the same unique value already exists", nil
		}
		return apperr.Conflict, "the change conflicts with related records", nil
	case store.IsBusy(err): // issue 9 item 3: never an uncoded "database is locked"
		be := busyError(err)
		return be.Code, be.Message, be.Details
	case errors.Is(err, privacy.Deny):
		if auth.FromContext(ctx) == nil {
			return apperr.Unauthenticated, errSignIn.Message, nil
		}
		return apperr.Forbidden, "you are not allowed to do this", nil
	}
	// Errors raised by gqlgen itself: parse, validation, complexity, bad variables.
	if gerr.Extensions != nil {
		switch gerr.Extensions["code"] {
		case errcode.ValidationFailed, errcode.ParseFailed:
			return apperr.Validation, gerr.Message, map[string]any{"reason": gerr.Extensions["code"]}
		case "COMPLEXITY_LIMIT_EXCEEDED":
			return apperr.QueryTooComplex, gerr.Message, nil
		}
		if c, ok := gerr.Extensions["code"].(string); ok && slices.Contains(apperr.Codes, apperr.Code(c)) {
			return apperr.Code(c), gerr.Message, nil
		}
	}
	// An argument or variable that does not convert to its type (an ID that is not a number…):
	// gqlgen wraps the conversion error, with the argument's path.
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		field := gerr.Path.String()
		if n := len(gerr.Path); n > 0 {
			if name, ok := gerr.Path[n-1].(ast.PathName); ok {
				field = string(name)
			}
		}
		return apperr.Validation, fmt.Sprintf("%s must be a whole number (IDs are numbers); got %q", field, ne.Num),
			map[string]any{"field": field}
	}
	if strings.HasPrefix(gerr.Message, "input: ") {
		return apperr.Validation, strings.TrimPrefix(gerr.Message, "input: "), map[string]any{"field": gerr.Path.String()}
	}
	// gqlgen's own errors (argument coercion, unknown fields) carry no Go error inside;
	// an error that wraps one came from a resolver and is unexpected.
	var ge *gqlerror.Error
	if errors.As(err, &ge) && ge.Err == nil {
		return apperr.Validation, ge.Message, nil
	}
	return apperr.Internal, "", nil
}

var entValidatorRE = regexp.MustCompile(`^ent: validator failed for field "[^"]+": `)

func validationReason(ve *ent.ValidationError) string {
	msg := ve.Error()
	if m := entValidatorRE.FindString(msg); m != "" {
		msg = strings.TrimPrefix(msg, m)
	}
	switch {
	case strings.Contains(msg, "missing required field"):
		return "is required"
	case msg == "value is less than the required length": // ent's NotEmpty
		return "must not be empty"
	}
	return strings.TrimPrefix(msg, "ent: ")
}

// notFoundMessage turns "ent: contact not found" into "contact not found".
func notFoundMessage(s string) string { return strings.TrimPrefix(s, "ent: ") }

// camel turns ent's "first_name" or "Contact.first_name" into GraphQL's "firstName".
func camel(s string) string {
	if i := strings.LastIndex(s, "."); i >= 0 {
		s = s[i+1:]
	}
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] == "id" {
			parts[i] = "ID"
		} else if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// newRef is a random reference that ties an INTERNAL error to its log line without
// revealing anything about the hidden error.
func newRef() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// panRE finds digit runs the length of a card number (spaces and dashes allowed between digits).
var panRE = regexp.MustCompile(`\d(?:[ -]?\d){11,18}`)

// redactCardNumbers replaces anything that looks like a card number (12–19 digits passing the
// Luhn check) with "[card number]" (SB-10).
func redactCardNumbers(s string) string {
	return panRE.ReplaceAllStringFunc(s, func(m string) string {
		d := strings.NewReplacer(" ", "", "-", "").Replace(m)
		if billing.Luhn(d) {
			return "[card number]"
		}
		return m
	})
}
