import { Container } from '@mantine/core';
import { SessionProvider } from './auth/session';
import { AppLayout } from './layout/AppLayout';
import { ErrorPage } from './pages/ErrorPage';

/** The root route: session context around the layout. */
export function Root() {
  return (
    <SessionProvider>
      <AppLayout />
    </SessionProvider>
  );
}

/** Last-resort error page when the layout itself fails (router error element). */
export function RootError() {
  return (
    <Container component="main" id="main" py="xl">
      <ErrorPage onRetry={() => window.location.reload()} />
    </Container>
  );
}
