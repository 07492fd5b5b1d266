import { useCallback, useState } from 'react';

/** Page state for Pager: the `after` cursor of each page seen (page 1 has none). */
export function useCursorPager() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    page: cursors.length,
    after: cursors[cursors.length - 1],
    next: useCallback((endCursor: string | null | undefined) => {
      if (endCursor) setCursors((c) => [...c, endCursor]);
    }, []),
    first: useCallback(() => setCursors([null]), []),
  };
}
