import type { ReactNode } from 'react';
import type { CombinedError } from '@urql/core';
import { toAppError } from '../api/errors';
import { ErrorAlert } from './ErrorAlert';
import { Loading } from './Loading';

/**
 * The three states of a query's result in one place: loading (first load only: a refresh
 * keeps showing the data), the error with a retry, or the data.
 */
export function QueryResult<T>({ result, retry, children }: { result: { data?: T; fetching: boolean; error?: CombinedError }; retry(): void; children(data: T): ReactNode }) {
  if (result.error && !result.data) return <ErrorAlert error={toAppError(result.error)} onRetry={retry} />;
  if (!result.data) return <Loading />;
  return <>{children(result.data)}</>;
}
