// client.mjs subscribes to crmadmin's live notifications with the real npm graphql-ws client
// (graphql-transport-ws protocol) over the ws package. internal/e2e/ws_test.go drives it.
//
// Settings (environment, or KEY=value arguments):
//   URL         ws://host:port/query                      (required)
//   TOKEN       API token, sent as connectionParams.authToken (required)
//   COUNT       exit 0 after this many notifications       (default 1)
//   TYPES       comma-separated notification types filter  (default: all)
//   TIMEOUT_MS  give up (exit 3) after this long           (default 60000)
//
// Output on stdout, one line each: "READY" once the subscription is in place, then every
// notification received as one JSON object. Errors go to stderr with a non-zero exit:
// 1 = bad settings or unexpected exception, 2 = the subscription or the socket failed or
// closed early, 3 = timeout.
//
// READY: graphql-ws has no "subscribed" acknowledgement. The script waits for the
// connection_ack (the `connected` event), subscribes, then runs a second operation on the
// same socket, `{ me { id } }`, and prints READY when its result arrives. gqlgen reads a
// socket's messages in order, so by then the server has parsed, validated and started the
// subscription (its resolver runs in a goroutine the server started before reading the
// query), and the query proves the socket is authenticated as TOKEN's user. The Go test
// additionally waits until the API process's pub/sub broker counts the subscriber, which
// closes the remaining (goroutine scheduling) gap without sleeping.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const settings = { ...process.env };
for (const arg of process.argv.slice(2)) {
  const i = arg.indexOf('=');
  if (i > 0) settings[arg.slice(0, i)] = arg.slice(i + 1);
}
const url = settings.URL;
const token = settings.TOKEN;
const count = Number.parseInt(settings.COUNT || '1', 10);
const types = (settings.TYPES || '').split(',').map((s) => s.trim()).filter(Boolean);
const timeoutMs = Number.parseInt(settings.TIMEOUT_MS || '60000', 10);

function fail(code, ...msg) {
  process.stderr.write(`wsclient: ${msg.join(' ')}\n`);
  process.exit(code);
}

if (!url || !token || !(count > 0) || !(timeoutMs > 0)) {
  fail(1, 'usage: URL=ws://host/query TOKEN=<api token> [COUNT=1] [TYPES=a,b] [TIMEOUT_MS=60000] node client.mjs');
}

function describe(e) {
  if (e && typeof e === 'object' && 'code' in e && 'reason' in e) {
    return `socket closed: code ${e.code} reason ${JSON.stringify(e.reason)}`; // CloseEvent
  }
  if (Array.isArray(e)) return `GraphQL errors: ${JSON.stringify(e)}`;
  if (e instanceof Error) return e.stack || e.message;
  return JSON.stringify(e);
}

let done = false; // set once COUNT notifications arrived: a close after that is ours
let received = 0;

const timer = setTimeout(() => fail(3, `timeout after ${timeoutMs} ms (${received}/${count} notifications)`), timeoutMs);

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { authToken: token },
  lazy: false,
  retryAttempts: 0,
  keepAlive: 0, // the server pings (graphql-transport-ws ping/pong); graphql-ws answers them
  on: {
    connected: () => onConnected(),
    closed: (e) => {
      if (!done) fail(2, describe(e));
    },
    error: (e) => {
      if (!done) fail(2, 'socket error:', describe(e));
    },
  },
  onNonLazyError: (e) => {
    if (!done) fail(2, 'connection failed:', describe(e));
  },
});

let subscribed = false;

function onConnected() {
  if (subscribed) return; // retryAttempts is 0: there is no reconnect, but be explicit
  subscribed = true;
  client.subscribe(
    {
      query: 'subscription($types: [String!]) { notifications(types: $types) { id type title payload createdAt } }',
      variables: { types: types.length > 0 ? types : null },
    },
    {
      next: (result) => {
        if (result.errors && result.errors.length > 0) fail(2, describe(result.errors));
        process.stdout.write(JSON.stringify(result.data.notifications) + '\n');
        received++;
        if (received >= count) finish();
      },
      error: (e) => fail(2, 'subscription:', describe(e)),
      complete: () => {
        if (!done) fail(2, `subscription completed by the server after ${received}/${count} notifications`);
      },
    },
  );
  // The readiness probe (see the header): a second operation on the same socket.
  client.subscribe(
    { query: '{ me { id } }' },
    {
      next: (result) => {
        if (result.errors && result.errors.length > 0) fail(2, 'readiness query:', describe(result.errors));
        if (!result.data || !result.data.me) {
          // The subscription's own error carries the server's reason; the two operations run
          // concurrently on the server, so give it a moment to arrive before failing here.
          setTimeout(() => fail(2, 'readiness query: the socket is not authenticated (me is null)'), 2000);
          return;
        }
        process.stdout.write('READY\n');
      },
      error: (e) => fail(2, 'readiness query:', describe(e)),
      complete: () => {},
    },
  );
}

function finish() {
  done = true;
  clearTimeout(timer);
  // Let stdout drain before exiting; dispose closes the socket (1000) without waiting.
  client.dispose();
  process.stdout.write('', () => process.exit(0));
}
