import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getOverview } from '../api/endpoints';
import type { Overview } from '../api/types';
import { useSession } from '../auth/session';
import { QueryState } from '../components/QueryState';
import { StatCard } from '../components/StatCard';
import { usePageTitle } from '../components/usePageTitle';
import { currentLanguage } from '../i18n';
import { formatDateTime, formatNumber } from '../i18n/format';

/** Public home: what the platform holds, as far as the visitor may see. */
export default function HomePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  usePageTitle(t('home.title'));
  const overview = useQuery({ queryKey: ['overview', user?.id ?? 'anonymous'], queryFn: getOverview });

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('home.title')}</Title>
        <Text mt="xs">{user ? t('home.welcomeUser', { name: user.displayName }) : t('home.welcome')}</Text>
      </div>
      <QueryState query={overview}>{(data) => <OverviewCards data={data} />}</QueryState>
    </Stack>
  );
}

function OverviewCards({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const n = (value: number) => formatNumber(value, lang);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="overview">
      <StatCard
        title={t('home.organisations')}
        value={n(data.organisations.total)}
        lines={data.organisations.byKind.map((k) => ({
          label: t(`orgKind.${k.kind}`, { defaultValue: k.kind }),
          value: n(k.count),
        }))}
      />
      {data.users && (
        <StatCard
          title={t('home.users')}
          value={n(data.users.total)}
          lines={data.users.byRole.map((r) => ({
            label: t(`role.${r.role}`, { defaultValue: r.role }),
            value: n(r.count),
          }))}
        />
      )}
      {data.audit && (
        <StatCard
          title={t('home.auditEntries')}
          value={n(data.audit.total)}
          lines={
            data.audit.lastAt
              ? [{ label: t('home.lastChange'), value: formatDateTime(data.audit.lastAt, lang) }]
              : []
          }
        />
      )}
    </SimpleGrid>
  );
}
