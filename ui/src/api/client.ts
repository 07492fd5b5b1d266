// The GraphQL client for queries and mutations over HTTP (urql). The session cookie
// (crm_session, HttpOnly) rides along: the SPA is served by the API server itself, so every
// request is same-origin and passes the server's CSRF origin check.
import { Client, cacheExchange, fetchExchange, getOperationName, mapExchange } from '@urql/core';
import { toAppError } from './errors';

export const GRAPHQL_PATH = '/query';

/** Operations whose UNAUTHENTICATED answer is a wrong password, not an ended session. */
const SIGN_IN_OPERATIONS = new Set(['SignIn', 'SignUp', 'SignOut']);

export interface ApiClientOptions {
  /** Called when the server says the session is gone (expired, revoked, signed out elsewhere). */
  onUnauthenticated(): void;
  /** Called when the server says the org is locked (SB-12: the renewal was not paid). */
  onLocked?(): void;
  /** The UI's language, sent as Accept-Language: what the server words for a visitor not signed in (a signed-in user's saved locale comes first). */
  language?(): string;
}

export function createApiClient({ onUnauthenticated, onLocked, language }: ApiClientOptions): Client {
  return new Client({
    url: GRAPHQL_PATH,
    // The server takes POST only.
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: (): RequestInit => ({ credentials: 'same-origin', headers: language ? { 'Accept-Language': language() } : undefined }),
    exchanges: [
      mapExchange({
        onError(error, operation) {
          const name = getOperationName(operation.query) ?? '';
          const code = toAppError(error).code;
          if (!SIGN_IN_OPERATIONS.has(name) && code === 'UNAUTHENTICATED') onUnauthenticated();
          if (code === 'ACCOUNT_LOCKED') onLocked?.();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}
