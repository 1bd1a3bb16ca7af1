import { Button, Code, Group, Stack } from '@mantine/core';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { listAudit, verifyAudit } from '../../../api/endpoints';
import type { AuditEntry, AuditPage } from '../../../api/types';
import { type Column, DataTable } from '../../../components/DataTable';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { currentLanguage } from '../../../i18n';
import { formatDateTime, formatNumber } from '../../../i18n/format';
import { VerifyResult } from './VerifyResult';

export default function AuditLog() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const pages = useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ pageParam }) => listAudit(pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last: AuditPage) => last.nextBefore ?? undefined,
  });
  const verify = useMutation({ mutationFn: verifyAudit });

  const columns: Column<AuditEntry>[] = [
    { key: 'seq', header: t('audit.seq'), cell: (e) => formatNumber(e.seq, lang) },
    { key: 'at', header: t('audit.at'), cell: (e) => formatDateTime(e.at, lang) },
    { key: 'actor', header: t('audit.actor'), cell: (e) => e.actorLabel },
    { key: 'action', header: t('audit.action'), cell: (e) => <Code>{e.action}</Code> },
    {
      key: 'entity',
      header: t('audit.entity'),
      cell: (e) => (
        <span dir="ltr">
          {e.entityType}
          {e.entityId ? ` ${e.entityId}` : ''}
        </span>
      ),
    },
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title={t('audit.title')}
        actions={
          <Button onClick={() => verify.mutate()} loading={verify.isPending}>
            {t('audit.verify')}
          </Button>
        }
      />
      {verify.data && <VerifyResult result={verify.data} />}
      {verify.isError && <ErrorNotice error={verify.error} onRetry={() => verify.mutate()} />}
      <QueryState
        query={pages}
        isEmpty={(d) => d.pages.every((p) => p.items.length === 0)}
        emptyText={t('audit.empty')}
      >
        {(data) => (
          <>
            <DataTable
              caption={t('audit.title')}
              rows={data.pages.flatMap((p) => p.items)}
              columns={columns}
              rowKey={(e) => String(e.seq)}
            />
            {pages.hasNextPage && (
              <Group justify="center">
                <Button
                  variant="default"
                  onClick={() => void pages.fetchNextPage()}
                  loading={pages.isFetchingNextPage}
                >
                  {t('audit.more')}
                </Button>
              </Group>
            )}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
