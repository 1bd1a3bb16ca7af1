import '../conventions/conventions.css';
import { Anchor, Button, NativeSelect, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { type Column, DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { useTerritories } from '../actors/reference';
import { titleOf } from '../conventions/reference';
import { indicatorName } from './labels';
import { placeName, ReportStatusBadge, usePeriodText } from './reportParts';
import { listReports, REPORT_STATUSES, type ReportSummary } from './reports.api';

/**
 * "Mes rapports" (a partner's own reports, every status) and, with `review`, the administrators'
 * queue of reports waiting for validation.
 */
export default function ReportList({ review = false }: { review?: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const territories = useTerritories();
  const periodText = usePeriodText(lang);
  const [params, setParams] = useSearchParams();
  const chosen = REPORT_STATUSES.find((s) => s === params.get('status'));
  const status = chosen ?? (review && !params.has('status') ? 'submitted' : undefined);
  const list = useQuery({
    queryKey: ['reports', 'list', { status }],
    queryFn: () => listReports(status ? { status } : {}),
  });
  const canReport = user?.role === 'partner' || user?.role === 'admin';

  const columns: Column<ReportSummary>[] = [
    {
      key: 'indicator',
      header: t('report.indicator'),
      cell: (r) => (
        <Anchor component={Link} to={`/reports/${r.id}`}>
          {indicatorName(
            { nameFr: r.indicatorNameFr, nameAr: r.indicatorNameAr, nameEn: r.indicatorNameEn },
            lang,
          )}
        </Anchor>
      ),
    },
    {
      key: 'commitment',
      header: t('report.commitment'),
      cell: (r) => titleOf({ titleFr: r.commitmentTitleFr, titleAr: r.commitmentTitleAr }, lang),
    },
    {
      key: 'territory',
      header: t('report.territory'),
      cell: (r) => placeName(territories.data, r.territoryCode, lang, t('target.national')),
    },
    { key: 'period', header: t('report.period'), cell: (r) => periodText(r.period) },
    { key: 'status', header: t('report.status'), cell: (r) => <ReportStatusBadge status={r.status} /> },
    { key: 'submittedAt', header: t('report.submittedAt'), cell: (r) => formatDateTime(r.submittedAt, lang) },
  ];

  return (
    <>
      <PageHeader
        title={
          review
            ? t('review.queueTitle')
            : user?.role === 'partner'
              ? t('report.listTitle')
              : t('report.allTitle')
        }
        actions={
          !review &&
          canReport && (
            <Button component={Link} to="/reports/new">
              {t('report.new')}
            </Button>
          )
        }
      />
      <NativeSelect
        name="status"
        label={t('report.status')}
        maw={320}
        mb="md"
        value={status ?? ''}
        onChange={(event) => setParams(new URLSearchParams({ status: event.currentTarget.value }))}
        data={[
          { value: '', label: t('convention.any') },
          ...REPORT_STATUSES.map((s) => ({ value: s, label: t(`reportStatus.${s}`) })),
        ]}
      />
      <QueryState
        query={list}
        isEmpty={(d) => d.items.length === 0}
        emptyText={review ? t('review.empty') : t('report.empty')}
      >
        {(data) => (
          <>
            <Text fw={700} mb="sm" role="status">
              {t('report.total', { formatted: formatNumber(data.total, lang) })}
            </Text>
            <DataTable
              caption={review ? t('review.queueTitle') : t('report.listTitle')}
              rows={data.items}
              columns={columns}
              rowKey={(r) => r.id}
            />
          </>
        )}
      </QueryState>
    </>
  );
}
