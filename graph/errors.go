package graph

import (
	"context"
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
	"github.com/crmadmin/crmadmin/internal/httpx"
	"github.com/crmadmin/crmadmin/internal/store"
)

// ErrorPresenter is the one place where errors become GraphQL errors (PL-6): every error
// leaves with extensions.code from apperr's closed set and a message a person can act on,
// worded in the reader's language (httpx.Locale; code and field stay as they are).
// Unknown errors become INTERNAL with a generic message; their details go only to the log, on
// the request's one log line (httpx.Failures; a websocket operation logs its own line).
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		ae := classify(ctx, err, gerr)
		var p *panicked
		switch {
		case errors.As(err, &p): // Recover logged it already, with this reference
			ae = apperr.New(apperr.Internal, "internal error (reference %s); it was logged", p.ref)
		case ae.Code == apperr.Internal:
			detail, path := redactCardNumbers(err.Error()), gerr.Path.String()
			var ref string
			if f := httpx.FailuresFrom(ctx); f != nil {
				ref = f.Add(detail, path)
			} else {
				ref = httpx.NewRef()
				log.ErrorContext(ctx, "internal error", "err", detail, "path", path, "ref", ref)
			}
			ae = apperr.New(apperr.Internal, "internal error (reference %s); it was logged", ref)
		}
		gerr.Message = redactCardNumbers(ae.Localize(httpx.Locale(ctx))) // SB-10: a card number sent where it does not fit is never echoed
		if gerr.Extensions == nil {
			gerr.Extensions = map[string]any{}
		}
		for k, v := range ae.Details {
			gerr.Extensions[k] = v
		}
		if ae.Field != "" {
			gerr.Extensions["field"] = ae.Field
		}
		gerr.Extensions["code"] = string(ae.Code)
		return gerr
	}
}

// Recover turns a panic into INTERNAL with a reference, logged with the panic value and the
// stack. The error it returns is complete (message and code): gqlgen's websocket transport
// sends a recovered panic as it is, without the error presenter (issue 9 item 5).
func Recover(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, v any) error {
		p := &panicked{ref: httpx.NewRef()}
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
func classify(ctx context.Context, err error, gerr *gqlerror.Error) *apperr.Error {
	var ae *apperr.Error
	var ve *ent.ValidationError
	var nf *ent.NotFoundError
	arg, isArg := argumentPath(ctx, gerr)
	switch {
	case errors.As(err, &ve):
		field := camel(ve.Name)
		if errors.As(ve, &ae) && ae.Field == "" { // our validators (ent/schema/validate.go)
			return ae.Prefixed(field)
		}
		return entValidation(field, ve)
	case errors.As(err, &ae):
		if ae.Field == "" && ae.Code == apperr.Validation && isArg { // a scalar that did not decode
			return ae.Prefixed(arg)
		}
		return ae
	case errors.As(err, &nf):
		return apperr.Missing(notFoundMessage(nf.Error()))
	case ent.IsConstraintError(err):
		if strings.Contains(err.Error(), "UNIQUE") {
			return apperr.New(apperr.Conflict, "a record with the same unique value already exists")
		}
		return apperr.New(apperr.Conflict, "the change conflicts with related records")
	case store.IsBusy(err): // issue 9 item 3: never an uncoded "database is locked"
		return busyError(err)
	case errors.Is(err, privacy.Deny):
		if auth.FromContext(ctx) == nil {
			return errSignIn
		}
		return apperr.New(apperr.Forbidden, "you are not allowed to do this")
	}
	// Errors raised by gqlgen itself (parse, validation, bad variables) or by graph.Limits.
	if gerr.Extensions != nil {
		switch gerr.Extensions["code"] {
		case errcode.ValidationFailed, errcode.ParseFailed:
			return apperr.New(apperr.Validation, "%s", gerr.Message).With("reason", gerr.Extensions["code"])
		}
		if c, ok := gerr.Extensions["code"].(string); ok && slices.Contains(apperr.Codes, apperr.Code(c)) {
			return apperr.New(apperr.Code(c), "%s", gerr.Message)
		}
	}
	// An argument or variable that does not convert to its type (issue 9 item 12: never
	// INTERNAL): gqlgen wraps the conversion error with the argument's path.
	if isArg {
		var ne *strconv.NumError
		switch last := lastName(gerr.Path); {
		case errors.As(err, &ne):
			return apperr.Invalid(arg, "%s must be a whole number (IDs are numbers); got %q", arg, clipValue(ne.Num))
		case last == "after" || last == "before":
			return apperr.Invalid(arg, "%s is not a cursor from this API; pass pageInfo.endCursor or an edge's cursor unchanged", arg)
		default:
			return apperr.Invalid(arg, "%s has a value that cannot be read as its type: %s", arg, strings.TrimPrefix(unwrapGQL(err), "input: "))
		}
	}
	if strings.HasPrefix(gerr.Message, "input: ") {
		return apperr.Invalid(gerr.Path.String(), "%s", strings.TrimPrefix(gerr.Message, "input: "))
	}
	// gqlgen's own errors (argument coercion, unknown fields) carry no Go error inside;
	// an error that wraps one came from a resolver and is unexpected.
	var ge *gqlerror.Error
	if errors.As(err, &ge) && ge.Err == nil {
		return apperr.New(apperr.Validation, "%s", ge.Message)
	}
	return &apperr.Error{Code: apperr.Internal}
}

// argumentPath tells an error decoding an argument of the field being resolved (its path goes
// on past the field's, into the argument: where.createdAtGT, ids[3]) from a resolver's error;
// it returns the argument's path.
func argumentPath(ctx context.Context, gerr *gqlerror.Error) (string, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return "", false
	}
	fp := fc.Path()
	if len(gerr.Path) <= len(fp) || fc.Field.Definition == nil {
		return "", false
	}
	if name, ok := gerr.Path[len(fp)].(ast.PathName); !ok || fc.Field.Definition.Arguments.ForName(string(name)) == nil {
		return "", false // a list element's error (nodes[3]), not an argument's
	}
	var b strings.Builder
	for _, el := range gerr.Path[len(fp):] {
		switch el := el.(type) {
		case ast.PathName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(el))
		case ast.PathIndex:
			fmt.Fprintf(&b, "[%d]", int(el))
		}
	}
	return b.String(), b.Len() > 0
}

func lastName(p ast.Path) string {
	for i := len(p) - 1; i >= 0; i-- {
		if n, ok := p[i].(ast.PathName); ok {
			return string(n)
		}
	}
	return ""
}

// unwrapGQL is the innermost message of a gqlgen-wrapped decoding error.
func unwrapGQL(err error) string {
	var ge *gqlerror.Error
	if errors.As(err, &ge) && ge.Err != nil {
		return clipValue(ge.Err.Error())
	}
	return clipValue(err.Error())
}

// clipValue keeps an echoed value short (a 500 KB string is not sent back).
func clipValue(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}

// entValidation words one of ent's own validators' errors (NotEmpty, MaxLen, Match, a missing
// required field).
func entValidation(field string, ve *ent.ValidationError) *apperr.Error {
	switch reason := validationReason(ve); reason {
	case "is required":
		return apperr.Invalid(field, "%s is required", field)
	case "must not be empty":
		return apperr.Invalid(field, "%s must not be empty", field)
	default:
		return apperr.Invalid(field, "%s %s", field, reason)
	}
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

// notFoundMessage turns "ent: contact not found" into "contact" (apperr.Missing words it).
func notFoundMessage(s string) string {
	return strings.TrimSuffix(strings.TrimPrefix(s, "ent: "), " not found")
}

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
