import { Badge, Button } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, request } from '../api/client';
import { useSession } from '../auth/session';
import { currentLanguage } from '../i18n';
import { formatNumber } from '../i18n/format';

/**
 * The header's link to the notifications (listed on /applications) with the unread count. Its key
 * starts with 'notifications', so marking one read (which invalidates ['notifications']) refreshes
 * it; it also refreshes every minute while the page stays open.
 */
export function NotificationsLink() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const unread = useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: () => request(api.GET('/api/notifications', { params: { query: { unread: true, limit: 1 } } })),
    enabled: user !== null && user !== undefined,
    refetchInterval: 60_000,
  });
  if (!user) return null;
  const count = unread.data?.unread ?? 0;
  const formatted = formatNumber(count, lang);
  return (
    <Button
      component={Link}
      to="/applications"
      variant="subtle"
      size="compact-sm"
      aria-label={t('applicant.unreadLink', { formatted })}
      data-testid="header-notifications"
      data-unread={String(count)}
      leftSection={
        <svg
          aria-hidden="true"
          width="18"
          height="18"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
      }
    >
      <Badge
        component="span"
        size="sm"
        variant={count > 0 ? 'filled' : 'light'}
        color={count > 0 ? 'red.8' : 'gray'}
        aria-hidden="true"
      >
        {formatted}
      </Badge>
    </Button>
  );
}
