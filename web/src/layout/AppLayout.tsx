import { AppShell, Burger, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { SESSION_KEY, useSession } from '../auth/session';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { PageLoader } from '../components/PageLoader';
import { ErrorPage } from '../pages/ErrorPage';
import { LanguageSwitch } from './LanguageSwitch';
import { MainNav } from './MainNav';
import { NotificationsLink } from './NotificationsLink';
import { SessionExpiredNotice } from './SessionExpiredNotice';
import { UserMenu } from './UserMenu';

/** Header, role-based navigation and the main landmark around every page. */
export function AppLayout() {
  const { t } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [navOpen, nav] = useDisclosure(false);
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(location.pathname);
  const pathname = location.pathname;

  // After a client-side navigation, move focus to the new page so keyboard and screen-reader
  // users start from its top, as they would after a full page load.
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    mainRef.current?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
        padding="md"
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={navOpen}
                onClick={nav.toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={t('nav.toggle')}
                aria-expanded={navOpen}
                aria-controls="main-nav"
              />
              <Text component={Link} to="/" fw={700} size="lg" className="brand">
                {t('app.name')}
              </Text>
            </Group>
            <Group gap="sm" wrap="nowrap">
              <LanguageSwitch />
              <NotificationsLink />
              <UserMenu />
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="sm" id="main-nav" aria-label={t('nav.label')}>
          <MainNav role={user?.role} onNavigate={nav.close} />
        </AppShell.Navbar>
        <AppShell.Main id="main" ref={mainRef} tabIndex={-1} className="main">
          <ErrorBoundary
            key={location.pathname}
            fallback={(_error, retry) => (
              <ErrorPage
                onRetry={() => {
                  // Data that broke the page is thrown away and fetched again before re-rendering.
                  void queryClient.resetQueries({
                    predicate: (query) => query.queryKey[0] !== SESSION_KEY[0],
                  });
                  retry();
                }}
              />
            )}
          >
            <Suspense fallback={<PageLoader />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </AppShell.Main>
      </AppShell>
      <SessionExpiredNotice />
    </>
  );
}
