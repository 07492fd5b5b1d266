// The live notification feed over a websocket (graphql-ws, graphql-transport-ws protocol).
//
// - The socket authenticates with the session cookie sent on the upgrade (same origin).
// - Lost connections are retried for ever with exponential backoff and jitter (backoffDelay);
//   a socket that stops answering pings is closed so that the retry starts.
// - On every (re)connection the feed asks, on the same socket, for the notifications created
//   after the newest one it has (notifications(where: {createdAtGT})). It asks once the
//   subscription is re-sent, and the server handles a socket's messages in order, so nothing
//   that arrives between "offline" and "subscribed again" is lost; duplicates are dropped by id.
import { stringifyDocument } from '@urql/core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { NotificationsSubscription, RecentNotificationsQuery } from '../features/notifications/graphql/operations';
import type { NotificationFieldsFragment } from '../gql/graphql';
import { GRAPHQL_PATH } from './client';
import { toAppError, type AppError } from './errors';

export type LiveNotification = NotificationFieldsFragment;
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** How many notifications the first load and each catch-up ask for. */
export const CATCH_UP_PAGE = 50;
const FIRST_LOAD = 20;
const PING_EVERY_MS = 12_000;
const PONG_TIMEOUT_MS = 6_000;

/**
 * Wait before retry number `attempt` (0-based): exponential from 1 s, capped at 30 s, with
 * "equal jitter" (between half and all of it) so that many tabs do not reconnect at once.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface LiveFeedHandlers {
  status(status: LiveStatus): void;
  /** One notification pushed by the server now. */
  live(n: LiveNotification): void;
  /** The first load (initial) or what was missed while disconnected (missed). */
  batch(items: LiveNotification[], reason: 'initial' | 'missed'): void;
  error(error: AppError): void;
}

export function websocketUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`;
}

export class LiveFeed {
  private readonly ws: WsClient;
  private newest: string | undefined;
  private loadedOnce = false;
  private everConnected = false;
  private stopSubscription: (() => void) | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly handlers: LiveFeedHandlers,
    url: string = websocketUrl(),
  ) {
    this.ws = createClient({
      url,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, backoffDelay(retries))),
      keepAlive: PING_EVERY_MS,
      on: {
        connecting: () => this.handlers.status(this.everConnected ? 'reconnecting' : 'connecting'),
        connected: () => {
          this.everConnected = true;
          this.handlers.status('live');
          // After graphql-ws has re-sent the subscription (it does so right after this event).
          setTimeout(() => void this.catchUp(), 0);
        },
        closed: () => {
          clearTimeout(this.pongTimer);
          if (!this.stopped) this.handlers.status('reconnecting');
        },
        ping: (received) => {
          if (!received) this.pongTimer = setTimeout(() => this.ws.terminate(), PONG_TIMEOUT_MS);
        },
        pong: (received) => {
          if (received) clearTimeout(this.pongTimer);
        },
      },
    });
  }

  start(): void {
    this.handlers.status('connecting');
    this.stopSubscription = this.ws.subscribe(
      { query: stringifyDocument(NotificationsSubscription) },
      {
        next: (result) => {
          if (result.errors?.length) return this.handlers.error(toAppError(result.errors));
          const n = (result.data as { notifications?: LiveNotification } | null | undefined)?.notifications;
          if (n) {
            this.remember(n);
            this.handlers.live(n);
          }
        },
        error: (err) => this.handlers.error(toAppError(err)),
        complete: () => {},
      },
    );
  }

  /**
   * Another subscription on the same socket (graphql-ws multiplexes): it is re-sent after every
   * reconnection like the feed's own. Returns the function that ends it.
   */
  subscribe<TData, TVars extends Record<string, unknown>>(
    doc: TypedDocumentNode<TData, TVars>,
    variables: TVars,
    sink: { next(data: TData): void; error(error: AppError): void },
  ): () => void {
    return this.ws.subscribe(
      { query: stringifyDocument(doc), variables },
      {
        next: (result) => {
          if (result.errors?.length) sink.error(toAppError(result.errors));
          else if (result.data) sink.next(result.data as TData);
        },
        error: (err) => sink.error(toAppError(err)),
        complete: () => {},
      },
    );
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.pongTimer);
    this.stopSubscription?.();
    void this.ws.dispose();
  }

  /** Loads what was missed since the newest notification seen (or the latest few at first). */
  private async catchUp(): Promise<void> {
    if (this.stopped) return;
    const first = !this.loadedOnce;
    const where = this.newest ? { createdAtGT: this.newest } : undefined;
    try {
      const data = await this.request(RecentNotificationsQuery, { first: first && !where ? FIRST_LOAD : CATCH_UP_PAGE, where });
      const items = (data.notifications.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
      items.forEach((n) => this.remember(n));
      this.loadedOnce = true;
      this.handlers.batch(items, first ? 'initial' : 'missed');
    } catch (err) {
      this.handlers.error(toAppError(err));
    }
  }

  private remember(n: LiveNotification): void {
    if (n.id === '0') return; // ephemeral (progress): not stored by the server
    if (!this.newest || Date.parse(n.createdAt) > Date.parse(this.newest)) this.newest = n.createdAt;
  }

  /** One query over the websocket, typed by its document. */
  private request<TData, TVars extends Record<string, unknown>>(doc: TypedDocumentNode<TData, TVars>, variables: TVars): Promise<TData> {
    return new Promise((resolve, reject) => {
      let data: TData | undefined;
      this.ws.subscribe(
        { query: stringifyDocument(doc), variables },
        {
          next: (result) => {
            if (result.errors?.length) reject(result.errors);
            else data = result.data as TData;
          },
          error: reject,
          complete: () => (data === undefined ? reject(new Error('no data')) : resolve(data)),
        },
      );
    });
  }
}
