import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { lazy, Suspense, type ReactNode } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { ErrorAlert } from './components/ErrorAlert';
import { Loading } from './components/Loading';
import { I18nProvider } from './i18n/I18nProvider';
import { AppLayout } from './layout/AppLayout';
import { LockedOthers } from './layout/LockedLayout';
import { NotificationsProvider } from './features/notifications/components/NotificationsProvider';
import { ApiTokensPage } from './features/apiTokens/components/ApiTokensPage';
import { DashboardPage } from './features/dashboard/components/DashboardPage';
import { NotFoundPage } from './layout/NotFoundPage';
import { SignInPage } from './features/auth/components/SignInPage';
import { SignUpPage } from './features/auth/components/SignUpPage';
import { SyncPage } from './features/sync/components/SyncPage';
import { SessionProvider, useSession } from './session/SessionProvider';

// Pages with forms, wizards and charts load when first visited: the first visit stays small.
const SubscriptionPage = lazy(() => import('./features/subscription/components/SubscriptionPage').then((m) => ({ default: m.SubscriptionPage })));
const UsersPage = lazy(() => import('./features/users/components/UsersPage').then((m) => ({ default: m.UsersPage })));
const BackupPage = lazy(() => import('./features/backup/components/BackupPage').then((m) => ({ default: m.BackupPage })));
const AuditLogPage = lazy(() => import('./features/audit/components/AuditLogPage').then((m) => ({ default: m.AuditLogPage })));
const BundlePage = lazy(() => import('./features/bundle/components/BundlePage').then((m) => ({ default: m.BundlePage })));
const EmailsPage = lazy(() => import('./features/emails/components/EmailsPage').then((m) => ({ default: m.EmailsPage })));
const OutboxPage = lazy(() => import('./features/outbox/components/OutboxPage').then((m) => ({ default: m.OutboxPage })));
const ProfilePage = lazy(() => import('./features/profile/components/ProfilePage').then((m) => ({ default: m.ProfilePage })));
const ForcedPasswordPage = lazy(() => import('./features/auth/components/ForcedPasswordPage').then((m) => ({ default: m.ForcedPasswordPage })));
const LockedSuperAdmin = lazy(() => import('./layout/LockedSuperAdmin').then((m) => ({ default: m.LockedSuperAdmin })));

const theme = createTheme({
  primaryColor: 'blue',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK JP", "Hiragino Sans", sans-serif',
  defaultRadius: 'md',
});

export function App() {
  return (
    <MantineProvider theme={theme}>
      {/* Below modals (200): a toast never hides a dialog's buttons; above the page, and placed
          below the header (styles.css) so it never covers the header's controls. */}
      <Notifications position="top-right" limit={4} zIndex={150} className="toasts-below-header" />
      <I18nProvider>
        <SessionProvider>
          <Routes />
        </SessionProvider>
      </I18nProvider>
    </MantineProvider>
  );
}

function Routes() {
  return (
    <Switch>
      <Route path="/signin">
        <PublicOnly>
          <SignInPage />
        </PublicOnly>
      </Route>
      <Route path="/signup">
        <PublicOnly>
          <SignUpPage />
        </PublicOnly>
      </Route>
      <Route>
        <RequireSession>
          <AppLayout>
            <Suspense fallback={<Loading />}>
              <Switch>
                <Route path="/" component={DashboardPage} />
                <Route path="/backup" component={BackupPage} />
                <Route path="/subscription" component={SubscriptionPage} />
                <Route path="/bundle" component={BundlePage} />
                <Route path="/users" component={UsersPage} />
                <Route path="/audit" component={AuditLogPage} />
                <Route path="/emails" component={EmailsPage} />
                <Route path="/outbox" component={OutboxPage} />
                <Route path="/tokens" component={ApiTokensPage} />
                <Route path="/sync" component={SyncPage} />
                <Route path="/profile" component={ProfilePage} />
                <Route component={NotFoundPage} />
              </Switch>
            </Suspense>
          </AppLayout>
        </RequireSession>
      </Route>
    </Switch>
  );
}

/** Sign-in and sign-up: a signed-in visitor goes to the dashboard. */
function PublicOnly({ children }: { children: ReactNode }) {
  const { state, reload } = useSession();
  if (state.status === 'loading') return <Loading full />;
  if (state.status === 'signedIn' || state.status === 'locked') return <Redirect to="/" replace />;
  if (state.status === 'error') return <ErrorAlert error={state.error} onRetry={reload} />;
  return <>{children}</>;
}

/** Everything else needs a session; the live notification feed runs while there is one. */
function RequireSession({ children }: { children: ReactNode }) {
  const { state, reload } = useSession();
  if (state.status === 'loading') return <Loading full />;
  if (state.status === 'error') return <ErrorAlert error={state.error} onRetry={reload} />;
  if (state.status === 'anonymous') return <Redirect to="/signin" replace />;
  // Issue 17 item 1: signed in with a temporary password from an invitation: choose one first.
  if (state.status === 'signedIn' && state.viewer.mustChangePassword) {
    return (
      <Suspense fallback={<Loading full />}>
        <ForcedPasswordPage />
      </Suspense>
    );
  }
  // SB-12: a locked org's super admin may only pay or change the plan; the others may do nothing.
  if (state.status === 'locked') return <LockedOthers />;
  if (state.org.status === 'LOCKED') {
    return state.viewer.role === 'SUPER_ADMIN' ? (
      <Suspense fallback={<Loading full />}>
        <LockedSuperAdmin />
      </Suspense>
    ) : (
      <LockedOthers />
    );
  }
  return <NotificationsProvider>{children}</NotificationsProvider>;
}
