import type { LiveNotification } from '../../../api/live';

/** The notification centre keeps at most this many. */
export const LIST_CAP = 100;

export function newestFirst(a: LiveNotification, b: LiveNotification): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || Number(b.id) - Number(a.id);
}

/** Ephemeral notifications (progress updates) have no stored id. */
export const isStored = (n: LiveNotification) => n.id !== '0' && n.id !== '';

/**
 * existing + incoming, each notification once (by id), newest first, at most cap; returns also
 * how many of incoming were not there before (for the unread count and the toasts).
 */
export function mergeNotifications(
  existing: readonly LiveNotification[],
  incoming: readonly LiveNotification[],
  cap = LIST_CAP,
): { items: LiveNotification[]; added: LiveNotification[] } {
  const byId = new Map(existing.map((n) => [n.id, n]));
  const added: LiveNotification[] = [];
  for (const n of incoming) {
    if (!isStored(n) || byId.has(n.id)) continue;
    byId.set(n.id, n);
    added.push(n);
  }
  return { items: [...byId.values()].sort(newestFirst).slice(0, cap), added };
}
