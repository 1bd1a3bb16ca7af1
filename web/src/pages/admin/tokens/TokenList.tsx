import { Stack } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listOrganisations, listTokens, revokeToken } from '../../../api/endpoints';
import type { ApiToken, CreatedToken } from '../../../api/types';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { type Column, DataTable } from '../../../components/DataTable';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { StatusBadge } from '../../../components/StatusBadge';
import { currentLanguage } from '../../../i18n';
import { formatDate, formatDateTime } from '../../../i18n/format';
import { TokenCreateForm } from './TokenCreateForm';
import { TokenSecret } from './TokenSecret';

export default function TokenList() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: listTokens });
  const organisations = useQuery({ queryKey: ['organisations'], queryFn: listOrganisations });
  const revoke = useMutation({
    mutationFn: (id: string) => revokeToken(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tokens'] }),
  });

  const columns: Column<ApiToken>[] = [
    { key: 'name', header: t('token.name'), cell: (k) => k.name },
    { key: 'role', header: t('token.role'), cell: (k) => t(`role.${k.role}`) },
    { key: 'created', header: t('common.createdAt'), cell: (k) => formatDate(k.createdAt, lang) },
    {
      key: 'lastUsed',
      header: t('token.lastUsedAt'),
      cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt, lang) : t('user.never')),
    },
    {
      key: 'expires',
      header: t('token.expiresAt'),
      cell: (k) => (k.expiresAt ? formatDate(k.expiresAt, lang) : ''),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      cell: (k) =>
        k.revokedAt ? (
          <StatusBadge tone="neutral">{t('token.revoked')}</StatusBadge>
        ) : (
          <ConfirmButton
            label={t('token.revoke')}
            ariaLabel={t('token.revokeNamed', { name: k.name })}
            title={t('token.revokeTitle')}
            message={t('token.revokeConfirm', { name: k.name })}
            confirmLabel={t('token.revoke')}
            onConfirm={() => revoke.mutateAsync(k.id)}
          />
        ),
    },
  ];

  return (
    <Stack gap="md">
      <PageHeader title={t('token.listTitle')} />
      {created && <TokenSecret created={created} onDismiss={() => setCreated(null)} />}
      <TokenCreateForm organisations={organisations.data?.items ?? []} onCreated={setCreated} />
      {revoke.isError && (
        <ErrorNotice
          error={revoke.error}
          onRetry={() => revoke.variables !== undefined && revoke.mutate(revoke.variables)}
        />
      )}
      <QueryState query={tokens} isEmpty={(d) => d.items.length === 0} emptyText={t('token.empty')}>
        {(data) => (
          <DataTable
            caption={t('token.listTitle')}
            rows={data.items}
            columns={columns}
            rowKey={(k) => k.id}
          />
        )}
      </QueryState>
    </Stack>
  );
}
