// One place that turns what the server or the network said into an AppError: the code from
// extensions.code (SPEC PL-6's closed set), the server's message, and the input field at
// fault. Pages show t(`error.${code}`) as the title and the server's message as the detail.

/** The server's closed set (internal/apperr), plus NETWORK and UNKNOWN for the client's own. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION',
  'CONFLICT',
  'QUOTA_EXCEEDED',
  'NEEDS_PURCHASE',
  'LICENSE_LIMIT',
  'RECORD_LIMIT',
  'PAYMENT_FAILED',
  'ACCOUNT_LOCKED',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'REQUEST_TOO_LARGE',
  'UNAVAILABLE',
  'INTERNAL',
  'RESYNC_REQUIRED',
  'NO_MATCHING_RECORD',
  'NO_MATCHING_CONTACT',
  'NETWORK',
  'UNKNOWN',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  /** The server's message (English), meant for a person; empty when there is none. */
  message: string;
  /** The input field at fault (VALIDATION, CONFLICT on a unique value…), in GraphQL naming. */
  field?: string;
  retryAfterSeconds?: number;
  /** Every other extension the server sent (limit, usersToDelete…). */
  details: Record<string, unknown>;
}

interface GraphQLErrorLike {
  message?: unknown;
  extensions?: Record<string, unknown> | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v);
}

function fromGraphQLError(e: GraphQLErrorLike): AppError {
  const { code, field, retryAfterSeconds, ...details } = e.extensions ?? {};
  return {
    code: isErrorCode(code) ? code : 'UNKNOWN',
    message: typeof e.message === 'string' ? e.message.replace(/^\[GraphQL\] /, '') : '',
    field: typeof field === 'string' && field !== '' ? field : undefined,
    retryAfterSeconds: typeof retryAfterSeconds === 'number' ? retryAfterSeconds : undefined,
    details,
  };
}

const STATUS_CODES: Record<number, ErrorCode> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 413: 'REQUEST_TOO_LARGE', 503: 'UNAVAILABLE' };

/** HTTP statuses the server answers outside GraphQL (401 bad token, 403 CSRF, 413 body, 503 a dependency down). */
export function fromStatus(status: number, message: string): AppError {
  const code: ErrorCode = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'NETWORK');
  return { code, message, details: {} };
}

/**
 * Accepts urql's CombinedError, graphql-ws errors (an array of GraphQL errors, or a close
 * event), an Error, or anything thrown.
 */
export function toAppError(error: unknown): AppError {
  if (Array.isArray(error) && error.length > 0 && isObject(error[0])) {
    return fromGraphQLError(error[0] as GraphQLErrorLike);
  }
  if (isObject(error)) {
    const gql = error.graphQLErrors;
    if (Array.isArray(gql) && gql.length > 0) return fromGraphQLError(gql[0] as GraphQLErrorLike);
    const response = error.response;
    if (isObject(response) && typeof response.status === 'number' && response.status >= 400) {
      return fromStatus(response.status, typeof error.message === 'string' ? error.message.replace(/^\[Network\] /, '') : '');
    }
    if ('networkError' in error && error.networkError) {
      const ne = error.networkError as { message?: unknown };
      return { code: 'NETWORK', message: typeof ne.message === 'string' ? ne.message : '', details: {} };
    }
    if ('code' in error && 'reason' in error && typeof error.code === 'number') {
      return { code: 'NETWORK', message: `connection closed (${error.code}${error.reason ? `: ${String(error.reason)}` : ''})`, details: {} };
    }
    if (typeof error.message === 'string') return { code: 'UNKNOWN', message: error.message, details: {} };
  }
  return { code: 'UNKNOWN', message: typeof error === 'string' ? error : '', details: {} };
}

/**
 * The part of an error that belongs next to one of the form's fields: { email: "…" } when the
 * server named a field the form has; {} otherwise (the form then shows the error above it).
 */
export function fieldError<F extends string>(error: AppError, fields: readonly F[]): Partial<Record<F, string>> {
  if (error.field && (fields as readonly string[]).includes(error.field)) {
    return { [error.field as F]: error.message } as Partial<Record<F, string>>;
  }
  return {};
}
