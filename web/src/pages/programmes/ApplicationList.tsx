import '../conventions/conventions.css';
import { Anchor, Button, List, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { StatusBadge } from './parts';
import {
  type Application,
  listApplications,
  listNotifications,
  markNotificationRead,
} from './programmes.api';

/** The applications the signed-in user may see (an actor: its own) and its notifications. */
export default function ApplicationList() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const list = useQuery({ queryKey: ['applications', 'list'], queryFn: listApplications });
  const notifications = useQuery({ queryKey: ['notifications'], queryFn: listNotifications });
  const client = useQueryClient();
  const markRead = useMutation({
    mutationFn: (id: string) => markNotificationRead(id),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const columns: Column<Application>[] = [
    {
      key: 'call',
      header: t('programme.call'),
      cell: (a) => (
        <Anchor component={Link} to={`/applications/${a.id}`}>
          <span dir="ltr">{a.callReference}</span>
        </Anchor>
      ),
    },
    { key: 'actor', header: t('programme.applicant'), cell: (a) => a.actorName },
    {
      key: 'submitted',
      header: t('programme.submittedAt'),
      cell: (a) => (a.submittedAt ? formatDateTime(a.submittedAt, lang) : '—'),
    },
    { key: 'status', header: t('programme.statusLabel'), cell: (a) => <StatusBadge status={a.status} /> },
  ];
  return (
    <>
      <PageHeader title={t('programme.applicationsTitle')} />
      <QueryState
        query={list}
        isEmpty={(d) => d.items.length === 0}
        emptyText={t('programme.noApplications')}
      >
        {(data) => (
          <DataTable
            caption={t('programme.applicationsTitle')}
            rows={data.items}
            columns={columns}
            rowKey={(a) => a.id}
          />
        )}
      </QueryState>
      <Title order={2} mt="lg" mb="sm">
        {t('programme.notifications')}
      </Title>
      <QueryState
        query={notifications}
        isEmpty={(d) => d.items.length === 0}
        emptyText={t('programme.noNotifications')}
      >
        {(data) => (
          <>
            <Text mb="xs" data-testid="unread-count">
              {t('programme.unread', { formatted: formatNumber(data.unread, lang) })}
            </Text>
            <List data-testid="notifications">
              {data.items.map((n) => (
                <List.Item key={n.id} fw={n.readAt ? undefined : 700}>
                  {formatDateTime(n.createdAt, lang)} —{' '}
                  {t(`programme.notification.${n.kind.replace(/\./g, '_')}`, { defaultValue: n.kind })}
                  {n.applicationId && (
                    <>
                      {' '}
                      <Anchor component={Link} to={`/applications/${n.applicationId}`}>
                        {t('programme.open')}
                      </Anchor>
                    </>
                  )}
                  {!n.readAt && (
                    <>
                      {' '}
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        loading={markRead.isPending && markRead.variables === n.id}
                        onClick={() => markRead.mutate(n.id)}
                      >
                        {t('programme.markRead')}
                      </Button>
                    </>
                  )}
                </List.Item>
              ))}
            </List>
          </>
        )}
      </QueryState>
    </>
  );
}
