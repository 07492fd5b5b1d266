// Who is signed in, and the org they administer. Owns the GraphQL client: a new one after
// every sign-in and sign-out, so nothing cached for one person is shown to the next.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider } from 'urql';
import type { Client } from '@urql/core';
import { createApiClient } from '../api/client';
import { toAppError, type AppError } from '../api/errors';
import { MeQuery, OrganizationQuery, SignOutMutation } from './operations';
import type { OrganizationFieldsFragment, ViewerFieldsFragment } from '../gql/graphql';
import { useI18n } from '../i18n/I18nProvider';
import { isLanguage } from '../i18n/languages';

export type Viewer = ViewerFieldsFragment;
export type Org = OrganizationFieldsFragment;

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason?: 'expired' | 'signedOut' }
  | { status: 'signedIn'; viewer: Viewer; org: Org }
  /** Signed in, but the org is locked (SB-12) and the viewer is not its super admin: the server tells nothing more. */
  | { status: 'locked' }
  | { status: 'error'; error: AppError };

interface Session {
  state: SessionState;
  /** After signUp/signIn: the payload's user and organization. */
  signedIn(viewer: Viewer, org: Org): void;
  /** Ends the session on the server; returns the error if that failed (still signed in). */
  signOut(): Promise<AppError | undefined>;
  reload(): void;
  /** Reads the org again (its status changes when a payment locks or unlocks it), keeping the page. */
  refreshOrg(): Promise<void>;
  /** The viewer as the server now has it (after changing their name or password). */
  viewerChanged(viewer: Partial<Viewer>): void;
  /** Every session ended on the server (sign out everywhere): back to the sign-in page. */
  signedOutEverywhere(): void;
}

const SessionContext = createContext<Session | null>(null);

export function isAdmin(viewer: Viewer): boolean {
  return viewer.role === 'ADMIN' || viewer.role === 'SUPER_ADMIN';
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const stateRef = useRef(state);
  stateRef.current = state;
  const { language, setLanguage } = useI18n();
  const languageRef = useRef(language);
  languageRef.current = language;

  // Issue 17 item 6: signed in, the UI speaks the user's saved language (the one their emails
  // and the server's sentences use), not the browser's nor the one last chosen on this device.
  const signedInId = state.status === 'signedIn' ? state.viewer.id : undefined;
  const savedLocale = state.status === 'signedIn' ? state.viewer.locale : undefined;
  useEffect(() => {
    if (signedInId !== undefined && isLanguage(savedLocale)) setLanguage(savedLocale);
    // Once per sign-in: a later choice in the language menu is saved as the locale too.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signedInId]);

  const expire = useCallback(() => {
    if (stateRef.current.status === 'signedIn') setState({ status: 'anonymous', reason: 'expired' });
  }, []);
  // An answer ACCOUNT_LOCKED while the org looked active: it was locked meanwhile (SB-12).
  const locked = useCallback(() => {
    const cur = stateRef.current;
    if (cur.status !== 'signedIn') return;
    if (cur.viewer.role !== 'SUPER_ADMIN') setState({ status: 'locked' });
    else if (cur.org.status !== 'LOCKED') setState({ ...cur, org: { ...cur.org, status: 'LOCKED' } });
  }, []);
  const newClient = useCallback(() => createApiClient({ onUnauthenticated: expire, onLocked: locked, language: () => languageRef.current }), [expire, locked]);
  const [client, setClient] = useState<Client>(newClient);

  const load = useCallback(async (c: Client) => {
    setState({ status: 'loading' });
    const me = await c.query(MeQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    if (me.error && toAppError(me.error).code === 'ACCOUNT_LOCKED') return setState({ status: 'locked' });
    if (me.error) return setState({ status: 'error', error: toAppError(me.error) });
    if (!me.data?.me) return setState({ status: 'anonymous' });
    const org = await c.query(OrganizationQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    if (org.error || !org.data) return setState(org.error ? { status: 'error', error: toAppError(org.error) } : { status: 'anonymous' });
    setState({ status: 'signedIn', viewer: me.data.me, org: org.data.organization });
  }, []);

  useEffect(() => {
    void load(client);
    // Only on start: later changes come from signedIn/signOut.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const value = useMemo<Session>(
    () => ({
      state,
      signedIn: (viewer, org) => {
        setClient(newClient());
        setState({ status: 'signedIn', viewer, org });
      },
      signOut: async () => {
        const res = await client.mutation(SignOutMutation, {}).toPromise();
        if (res.error) return toAppError(res.error);
        setClient(newClient());
        setState({ status: 'anonymous', reason: 'signedOut' });
        return undefined;
      },
      reload: () => void load(client),
      viewerChanged: (patch) => {
        const cur = stateRef.current;
        if (cur.status === 'signedIn') setState({ ...cur, viewer: { ...cur.viewer, ...patch } });
      },
      signedOutEverywhere: () => {
        setClient(newClient());
        setState({ status: 'anonymous', reason: 'signedOut' });
      },
      refreshOrg: async () => {
        const res = await client.query(OrganizationQuery, {}, { requestPolicy: 'network-only' }).toPromise();
        const org = res.data?.organization;
        const cur = stateRef.current;
        if (org && cur.status === 'signedIn') setState({ ...cur, org });
      },
    }),
    [state, client, newClient, load],
  );

  return (
    <SessionContext.Provider value={value}>
      <UrqlProvider value={client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in viewer and org; only for pages under RequireSession. */
export function useSignedIn(): { viewer: Viewer; org: Org; admin: boolean } {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useSignedIn without a session');
  return { viewer: state.viewer, org: state.org, admin: isAdmin(state.viewer) };
}
