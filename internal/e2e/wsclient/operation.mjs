// operation.mjs runs one query or mutation over a websocket with the real npm graphql-ws
// client (graphql-transport-ws protocol) and prints its result. internal/e2e/wsops_test.go
// drives it.
//
// Settings (environment): URL (ws://host:port/query), TOKEN (API token, sent as
// connectionParams.authToken), QUERY, VARIABLES (JSON, optional), TIMEOUT_MS (default 30000).
//
// Output: every result as one JSON line ({"data":…,"errors":…}), then "COMPLETE" when the
// server completes the operation. Exit 0 after COMPLETE; 2 when the server answers with an
// error message or closes the socket first; 3 on timeout; 1 on bad settings.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const { URL: url, TOKEN: token, QUERY: query } = process.env;
const variables = process.env.VARIABLES ? JSON.parse(process.env.VARIABLES) : undefined;
const timeoutMs = Number.parseInt(process.env.TIMEOUT_MS || '30000', 10);

function fail(code, msg) {
  process.stderr.write(`operation: ${msg}\n`);
  process.exit(code);
}

if (!url || !token || !query) fail(1, 'usage: URL=ws://host/query TOKEN=<api token> QUERY=<graphql> [VARIABLES=<json>] node operation.mjs');
setTimeout(() => fail(3, `timeout after ${timeoutMs} ms`), timeoutMs);

let completed = false;
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { authToken: token },
  retryAttempts: 0,
  on: {
    closed: (e) => {
      if (!completed) fail(2, `socket closed: ${JSON.stringify({ code: e.code, reason: e.reason })}`);
    },
  },
});

client.subscribe(
  { query, variables },
  {
    next: (result) => process.stdout.write(JSON.stringify(result) + '\n'),
    // graphql-ws reports an "error" message (or a failed socket) here: a coded GraphQL answer
    // arrives through next instead.
    error: (e) => fail(2, `error: ${JSON.stringify(e, Object.getOwnPropertyNames(e))}`),
    complete: () => {
      completed = true;
      process.stdout.write('COMPLETE\n', () => {
        client.dispose();
        process.exit(0);
      });
    },
  },
);
