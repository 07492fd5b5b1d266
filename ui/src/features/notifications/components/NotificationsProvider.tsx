// The notification centre's state: the list, the unread count and the connection status,
// fed by LiveFeed. New live notifications also pop up as toasts (a ready backup's with a link
// to its page). Pages that need their own subscription (backup events) share the feed's socket
// through useLiveSubscription.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Anchor, Stack, Text } from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Link } from 'wouter';
import type { AppError } from '../../../api/errors';
import { LiveFeed, type LiveNotification, type LiveStatus } from '../../../api/live';
import { useI18n } from '../../../i18n/I18nProvider';
import type { Translate } from '../../../i18n/translate';
import { useSession } from '../../../session/SessionProvider';
import { mergeNotifications } from '../utils/merge';
import { notificationLabel, notificationText } from '../utils/labels';
import { useFormat } from '../../../session/useFormat';

type Listener = (n: LiveNotification) => void;

/** Notification types that go to the centre without a toast. */
const QUIET_TYPES = new Set(['backup.queued', 'backup.archived']);

interface NotificationCentre {
  items: LiveNotification[];
  unread: number;
  status: LiveStatus;
  markAllRead(): void;
  /** Every live notification, ephemeral ones included; returns the unsubscribe function. */
  listen(listener: Listener): () => void;
  /** The live feed's socket, for another subscription (undefined until it starts). */
  feed: LiveFeed | undefined;
}

const Ctx = createContext<NotificationCentre | null>(null);

export function NotificationsProvider({ children }: { children: ReactNode }) {
  const { t, language } = useI18n();
  const tRef = useRef(t);
  tRef.current = t;
  const f = useFormat();
  const textRef = useRef((n: LiveNotification) => notificationText(t, f, language, n));
  textRef.current = (n: LiveNotification) => notificationText(t, f, language, n);
  const { reload, refreshOrg } = useSession();
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  const refreshOrgRef = useRef(refreshOrg);
  refreshOrgRef.current = refreshOrg;

  const [items, setItems] = useState<LiveNotification[]>([]);
  const [unread, setUnread] = useState(0);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const listeners = useRef(new Set<Listener>());
  const [feed, setFeed] = useState<LiveFeed>();
  const itemsRef = useRef(items);

  const add = useCallback((incoming: LiveNotification[]) => {
    const { items: next, added } = mergeNotifications(itemsRef.current, incoming);
    itemsRef.current = next;
    setItems(next);
    return added;
  }, []);

  useEffect(() => {
    const feed = new LiveFeed({
      status: setStatus,
      live: (n) => {
        listeners.current.forEach((l) => l(n));
        // SB-12: the org was locked or unlocked: read its status, which switches the app.
        if (n.type === 'billing.locked' || n.type === 'billing.unlocked') void refreshOrgRef.current();
        for (const added of add([n])) {
          setUnread((u) => u + 1);
          // Intermediate steps of a backup are listed, not toasted: "ready" follows within seconds.
          if (QUIET_TYPES.has(added.type)) continue;
          toasts.show({ title: notificationLabel(tRef.current, added.type), message: toastMessage(tRef.current, added, textRef.current(added)), autoClose: 8000 });
        }
      },
      batch: (batch, reason) => {
        const added = add(batch);
        if (reason === 'missed' && added.length > 0) {
          setUnread((u) => u + added.length);
          toasts.show({ message: tRef.current('live.missed', { count: added.length }), autoClose: 8000 });
        }
      },
      error: (error) => {
        // The session ended under the socket: let the session find out and send to sign-in.
        if (error.code === 'UNAUTHENTICATED') reloadRef.current();
      },
    });
    feed.start();
    setFeed(feed);
    return () => {
      setFeed(undefined);
      feed.stop();
    };
  }, [add]);

  const listen = useCallback((l: Listener) => {
    listeners.current.add(l);
    return () => void listeners.current.delete(l);
  }, []);
  const markAllRead = useCallback(() => setUnread(0), []);

  const value = useMemo<NotificationCentre>(() => ({ items, unread, status, markAllRead, listen, feed }), [items, unread, status, markAllRead, listen, feed]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useNotificationCentre(): NotificationCentre {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useNotificationCentre outside NotificationsProvider');
  return ctx;
}

/** Calls listener for every live notification while the component is mounted. */
export function useLiveEvents(listener: Listener): void {
  const { listen } = useNotificationCentre();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => listen((n) => ref.current(n)), [listen]);
}

/**
 * A GraphQL subscription on the live feed's socket while the component is mounted (and while
 * `pause` is false); it is re-sent after every reconnection.
 */
export function useLiveSubscription<TData, TVars extends Record<string, unknown>>(
  doc: TypedDocumentNode<TData, TVars>,
  variables: TVars,
  onData: (data: TData) => void,
  onError?: (error: AppError) => void,
  pause = false,
): void {
  const { feed } = useNotificationCentre();
  const dataRef = useRef(onData);
  dataRef.current = onData;
  const errorRef = useRef(onError);
  errorRef.current = onError;
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (!feed || pause) return;
    return feed.subscribe(doc, JSON.parse(key) as TVars, { next: (d) => dataRef.current(d), error: (e) => errorRef.current?.(e) });
  }, [feed, doc, key, pause]);
}

/** A toast's text; a ready backup's links to the backup page (BK-20). */
function toastMessage(t: Translate, n: LiveNotification, text: string): ReactNode {
  if (n.type !== 'backup.ready') return text;
  return (
    <Stack gap={4}>
      <Text size="sm">{text}</Text>
      <Anchor component={Link} href="/backup" size="sm" data-testid="toast-open-backup">
        {t('live.openBackup')}
      </Anchor>
    </Stack>
  );
}
