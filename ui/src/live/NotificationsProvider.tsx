// The notification centre's state: the list, the unread count and the connection status,
// fed by LiveFeed. New live notifications also pop up as toasts. Pages that need raw events
// (backup progress, later) subscribe with useLiveEvents.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { notifications as toasts } from '@mantine/notifications';
import { LiveFeed, type LiveNotification, type LiveStatus } from '../api/live';
import { useI18n } from '../i18n/I18nProvider';
import { useSession } from '../session/SessionProvider';
import { mergeNotifications } from './merge';
import { notificationLabel } from './labels';

type Listener = (n: LiveNotification) => void;

interface NotificationCentre {
  items: LiveNotification[];
  unread: number;
  status: LiveStatus;
  markAllRead(): void;
  /** Every live notification, ephemeral ones included; returns the unsubscribe function. */
  listen(listener: Listener): () => void;
}

const Ctx = createContext<NotificationCentre | null>(null);

export function NotificationsProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const tRef = useRef(t);
  tRef.current = t;
  const { reload, refreshOrg } = useSession();
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  const refreshOrgRef = useRef(refreshOrg);
  refreshOrgRef.current = refreshOrg;

  const [items, setItems] = useState<LiveNotification[]>([]);
  const [unread, setUnread] = useState(0);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const listeners = useRef(new Set<Listener>());
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
          toasts.show({ title: notificationLabel(tRef.current, added.type), message: added.title, autoClose: 8000 });
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
    return () => feed.stop();
  }, [add]);

  const listen = useCallback((l: Listener) => {
    listeners.current.add(l);
    return () => void listeners.current.delete(l);
  }, []);
  const markAllRead = useCallback(() => setUnread(0), []);

  const value = useMemo<NotificationCentre>(() => ({ items, unread, status, markAllRead, listen }), [items, unread, status, markAllRead, listen]);
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
