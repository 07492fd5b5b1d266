import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { ErrorAlert } from './components/ErrorAlert';
import { Loading } from './components/Loading';
import { I18nProvider } from './i18n/I18nProvider';
import { AppLayout } from './layout/AppLayout';
import { NotificationsProvider } from './live/NotificationsProvider';
import { ApiTokensPage } from './pages/ApiTokensPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { DashboardPage } from './pages/DashboardPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignInPage } from './pages/SignInPage';
import { SignUpPage } from './pages/SignUpPage';
import { BackupPage, OutboxPage, SubscriptionPage } from './pages/soon';
import { UsersPage } from './pages/UsersPage';
import { SessionProvider, useSession } from './session/SessionProvider';

const theme = createTheme({
  primaryColor: 'blue',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK JP", "Hiragino Sans", sans-serif',
  defaultRadius: 'md',
});

export function App() {
  return (
    <MantineProvider theme={theme}>
      <Notifications position="top-right" limit={4} />
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
            <Switch>
              <Route path="/" component={DashboardPage} />
              <Route path="/backup" component={BackupPage} />
              <Route path="/subscription" component={SubscriptionPage} />
              <Route path="/users" component={UsersPage} />
              <Route path="/audit" component={AuditLogPage} />
              <Route path="/outbox" component={OutboxPage} />
              <Route path="/tokens" component={ApiTokensPage} />
              <Route component={NotFoundPage} />
            </Switch>
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
  if (state.status === 'signedIn') return <Redirect to="/" replace />;
  if (state.status === 'error') return <ErrorAlert error={state.error} onRetry={reload} />;
  return <>{children}</>;
}

/** Everything else needs a session; the live notification feed runs while there is one. */
function RequireSession({ children }: { children: ReactNode }) {
  const { state, reload } = useSession();
  if (state.status === 'loading') return <Loading full />;
  if (state.status === 'error') return <ErrorAlert error={state.error} onRetry={reload} />;
  if (state.status === 'anonymous') return <Redirect to="/signin" replace />;
  return <NotificationsProvider>{children}</NotificationsProvider>;
}
