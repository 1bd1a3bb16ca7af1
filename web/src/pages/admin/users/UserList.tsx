import { Button } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listOrganisations, listUsers, setUserStatus } from '../../../api/endpoints';
import type { User } from '../../../api/types';
import { useSession } from '../../../auth/session';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { type Column, DataTable } from '../../../components/DataTable';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { StatusBadge } from '../../../components/StatusBadge';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../i18n/format';
import { localName } from '../../../i18n/localName';

export default function UserList() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user: me } = useSession();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: listUsers });
  const organisations = useQuery({ queryKey: ['organisations'], queryFn: listOrganisations });
  const status = useMutation({
    mutationFn: (vars: { id: string; status: 'active' | 'disabled' }) => setUserStatus(vars.id, vars.status),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });

  const orgName = (id: string | null) => {
    const org = id ? organisations.data?.items.find((o) => o.id === id) : undefined;
    return org ? localName(org, lang) : '';
  };

  const columns: Column<User>[] = [
    { key: 'name', header: t('user.displayName'), cell: (u) => u.displayName },
    { key: 'email', header: t('user.email'), cell: (u) => <span dir="ltr">{u.email}</span> },
    { key: 'role', header: t('user.role'), cell: (u) => t(`role.${u.role}`) },
    { key: 'org', header: t('user.organisation'), cell: (u) => orgName(u.organisationId) },
    {
      key: 'status',
      header: t('user.status'),
      cell: (u) => (
        <StatusBadge tone={u.status === 'active' ? 'positive' : 'neutral'}>
          {t(`userStatus.${u.status}`)}
        </StatusBadge>
      ),
    },
    {
      key: 'lastLogin',
      header: t('user.lastLoginAt'),
      cell: (u) => (u.lastLoginAt ? formatDateTime(u.lastLoginAt, lang) : t('user.never')),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      cell: (u) => {
        if (u.id === me?.id) return null;
        if (u.status === 'disabled') {
          return (
            <Button
              size="xs"
              variant="outline"
              aria-label={t('user.enableNamed', { name: u.displayName })}
              onClick={() => status.mutate({ id: u.id, status: 'active' })}
            >
              {t('user.enable')}
            </Button>
          );
        }
        return (
          <ConfirmButton
            label={t('user.disable')}
            ariaLabel={t('user.disableNamed', { name: u.displayName })}
            title={t('user.disableTitle')}
            message={t('user.disableConfirm', { name: u.displayName, email: u.email })}
            confirmLabel={t('user.disable')}
            onConfirm={() => status.mutateAsync({ id: u.id, status: 'disabled' })}
          />
        );
      },
    },
  ];

  return (
    <>
      <PageHeader
        title={t('user.listTitle')}
        actions={
          <Button component={Link} to="/admin/users/new">
            {t('user.create')}
          </Button>
        }
      />
      {status.isError && (
        <ErrorNotice
          error={status.error}
          onRetry={() => status.variables !== undefined && status.mutate(status.variables)}
        />
      )}
      <QueryState query={users} isEmpty={(d) => d.items.length === 0} emptyText={t('user.empty')}>
        {(data) => (
          <DataTable caption={t('user.listTitle')} rows={data.items} columns={columns} rowKey={(u) => u.id} />
        )}
      </QueryState>
    </>
  );
}
