package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/crmadmin/crmadmin/graph"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/gqlimit"
)

// postTransport is gqlgen's POST transport (same requests, content negotiation and status
// codes) except for how the answer is written: gqlgen's json.Marshal of the response
// re-validates and re-escapes the data it has just generated (one more pass over every byte);
// here the generated data is copied as is and only errors and extensions are encoded.
type postTransport struct{}

var _ graphql.Transport = postTransport{}

const (
	mimeJSON            = "application/json"
	mimeGraphQLResponse = "application/graphql-response+json"
)

func (postTransport) Supports(r *http.Request) bool {
	if r.Method != http.MethodPost || r.Header.Get("Upgrade") != "" {
		return false
	}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mediaType == mimeJSON
}

func (postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	// Before an operation exists, errors are dispatched with an empty operation context: the
	// response interceptors (entgql's Transactioner) expect one.
	noOp := graphql.WithOperationContext(ctx, &graphql.OperationContext{})
	contentType := responseContentType(r.Header.Get("Accept"))
	w.Header().Set("Content-Type", contentType)
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		respond(w, http.StatusBadRequest, exec.DispatchError(noOp, requestError("the request body could not be read")))
		return
	}
	params, err := decodeParams(body, gqlimit.Default)
	if err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) { // a variable over a limit (issue 9 item 1)
			respond(w, http.StatusOK, exec.DispatchError(noOp, gqlerror.List{{Message: ae.Message, Err: ae}}))
			return
		}
		respond(w, http.StatusBadRequest, exec.DispatchError(noOp, requestError("the request body could not be decoded as a GraphQL request (JSON with query, variables, operationName): %v", err)))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	oc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		status := http.StatusOK
		if errcode.GetErrorKind(errs) == errcode.KindProtocol {
			status = http.StatusUnprocessableEntity
			if contentType == mimeGraphQLResponse {
				status = http.StatusBadRequest
			}
		}
		respond(w, status, exec.DispatchError(graphql.WithOperationContext(ctx, oc), errs))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, oc)
	respond(w, http.StatusOK, responses(ctx))
}

// decodeParams decodes a GraphQL request body. The variables and extensions are first kept
// as raw JSON and read flat by gqlimit, so a value nested or listed beyond the limits is
// refused (*apperr.Error) before it is decoded into maps and slices.
func decodeParams(body []byte, b gqlimit.Bounds) (*graphql.RawParams, error) {
	var raw struct {
		Query         string                     `json:"query"`
		OperationName string                     `json:"operationName"`
		Variables     map[string]json.RawMessage `json:"variables"`
		Extensions    json.RawMessage            `json:"extensions"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, err
	}
	p := &graphql.RawParams{Query: raw.Query, OperationName: raw.OperationName}
	if raw.Variables != nil {
		p.Variables = make(map[string]any, len(raw.Variables))
	}
	var types map[string]string
	if len(raw.Variables) > 0 {
		types = b.VariableTypes(raw.Query) // a list's own limit depends on its input type
	}
	for name, v := range raw.Variables {
		if err := b.CheckJSONOf(name, types[name], v); err != nil {
			return nil, err
		}
		val, err := decodeValue(v)
		if err != nil {
			return nil, err
		}
		p.Variables[name] = val
	}
	if len(raw.Extensions) > 0 {
		if err := b.CheckJSON("extensions", raw.Extensions); err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(raw.Extensions))
		dec.UseNumber()
		if err := dec.Decode(&p.Extensions); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// decodeValue decodes one JSON value as gqlgen's transports do (numbers as json.Number).
func decodeValue(raw []byte) (any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	err := dec.Decode(&v)
	return v, err
}

// unsupportedTransport takes what no other transport does (added last): a method other than
// POST (or OPTIONS, or a websocket upgrade) gets 405 and a POST that is not JSON gets 415, in
// the GraphQL error format with a code, instead of gqlgen's bare "transport not supported".
type unsupportedTransport struct{}

func (unsupportedTransport) Supports(*http.Request) bool { return true }

func (unsupportedTransport) Do(w http.ResponseWriter, r *http.Request, _ graphql.GraphExecutor) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST, OPTIONS")
		writeErrorStatus(w, http.StatusMethodNotAllowed, apperr.Validation,
			"GraphQL is served by POST with Content-Type: application/json, or over a websocket; "+r.Method+" is not supported")
		return
	}
	writeErrorStatus(w, http.StatusUnsupportedMediaType, apperr.Validation,
		fmt.Sprintf("Content-Type must be application/json; got %q", r.Header.Get("Content-Type")))
}

// requestError is a VALIDATION error about the HTTP request itself.
func requestError(format string, args ...any) gqlerror.List {
	err := apperr.New(apperr.Validation, format, args...)
	return gqlerror.List{{Message: err.Message, Err: err}}
}

// responseContentType negotiates as gqlgen does: application/json unless the client asks for
// application/graphql-response+json (or accepts nothing we know, which the spec answers with it).
func responseContentType(accept string) string {
	if accept == "" {
		return mimeJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*", mimeJSON:
			return mimeJSON
		case mimeGraphQLResponse:
			return mimeGraphQLResponse
		}
	}
	return mimeGraphQLResponse
}

// respond writes the status and {"errors":…,"data":…,"extensions":…}: the fields
// encoding/json would write for a graphql.Response (label, path and hasNext belong to @defer's
// multipart answers, which this transport does not serve). Data is the JSON gqlgen's
// marshalers produced and is written as is, after a Content-Length (no chunked framing).
func respond(w http.ResponseWriter, status int, resp *graphql.Response) {
	if resp == nil {
		resp = &graphql.Response{}
	}
	setRetryAfter(w, resp)
	head := []byte("{")
	if len(resp.Errors) > 0 {
		head = appendMember(head, "errors", resp.Errors)
		head = append(head, ',')
	}
	head = append(head, `"data":`...)
	data := []byte(resp.Data)
	if data == nil {
		data = []byte("null")
	}
	var tail []byte
	if len(resp.Extensions) > 0 {
		tail = appendMember([]byte{','}, "extensions", resp.Extensions)
	}
	tail = append(tail, '}')
	w.Header().Set("Content-Length", strconv.Itoa(len(head)+len(data)+len(tail)))
	w.WriteHeader(status)
	for _, b := range [][]byte{head, data, tail} {
		if _, err := w.Write(b); err != nil {
			break // the client has gone
		}
	}
	graph.ReleaseResponseData(resp.Data) // written (or never to be): back to the pool
}

// appendMember appends "key":<v as JSON>.
func appendMember(buf []byte, key string, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil { // cannot happen for gqlerror.List and map[string]any of JSON values
		b, _ = json.Marshal("the response could not be encoded")
	}
	buf = append(buf, '"')
	buf = append(buf, key...)
	buf = append(buf, '"', ':')
	return append(buf, b...)
}

// setRetryAfter sets the Retry-After header from the first error that says when to retry
// (RATE_LIMITED, UNAVAILABLE: extensions.retryAfterSeconds), for HTTP clients and proxies.
func setRetryAfter(w http.ResponseWriter, resp *graphql.Response) {
	for _, e := range resp.Errors {
		if secs, ok := e.Extensions["retryAfterSeconds"].(int); ok {
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			return
		}
	}
}
