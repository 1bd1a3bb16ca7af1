import './dashboards.css';
import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ChartTable } from '../../components/charts/ChartTable';
import { ProgressList } from '../../components/charts/ProgressList';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { StatCard } from '../../components/StatCard';
import { currentLanguage } from '../../i18n';
import { formatDate, formatNumber } from '../../i18n/format';
import {
  type AnalyticsQuery,
  type Commitment,
  getAnalytics,
  type Indicator,
  listCommitmentIndicators,
} from './dashboards.api';
import { periodBounds, periodLabel } from './periods';
import { indicatorName, localTitle } from './reference';
import { formatProgress, formatValue } from './units';

/** The fields of a commitment this section reads: D2's convention detail passes its commitments as they are. */
export type ProgressCommitment = Pick<
  Commitment,
  | 'id'
  | 'titleFr'
  | 'titleAr'
  | 'status'
  | 'overdue'
  | 'endsOn'
  | 'milestones'
  | 'milestonesDone'
  | 'milestonesOverdue'
>;

export interface ConventionProgressProps {
  /** The convention's id: indicator values are those reported under this convention. */
  conventionId: string;
  /** The convention's commitments, with their milestones (GET /api/conventions/:id). */
  commitments: readonly ProgressCommitment[];
  /** The span of years whose indicator values count (default 2025–2026, the demo's). */
  fromYear?: number;
  toYear?: number;
}

/**
 * The dashboard section of a convention: milestones by status, the overdue commitments and
 * milestones, and for each commitment the progress of each of its indicators towards its target
 * over the span, counting the values reported under this convention (GET /api/analytics?convention=).
 * Embedded in the convention detail page: <ConventionProgress conventionId={c.id} commitments={c.commitments} />.
 */
export function ConventionProgress({
  conventionId,
  commitments,
  fromYear = 2025,
  toYear = 2026,
}: ConventionProgressProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const n = (v: number) => formatNumber(v, lang);
  const milestones = commitments.flatMap((c) => c.milestones);
  const byStatus = (status: string) => milestones.filter((m) => m.status === status).length;
  const overdueMilestones = commitments.flatMap((c) =>
    c.milestones.filter((m) => m.overdue).map((m) => ({ commitment: c, milestone: m })),
  );
  const overdueCommitments = commitments.filter((c) => c.overdue);

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby="convention-progress"
      data-testid="convention-progress"
    >
      <Title order={2} size="h4" mb="sm" id="convention-progress">
        {t('dash.progressTitle')}
      </Title>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <StatCard title={t('dash.milestones')} value={n(milestones.length)} />
          <StatCard
            title={t('dash.milestonesDone')}
            value={n(byStatus('done'))}
            lines={[
              { label: t('dash.milestoneStatus.in_progress'), value: n(byStatus('in_progress')) },
              { label: t('dash.milestoneStatus.planned'), value: n(byStatus('planned')) },
              { label: t('dash.milestoneStatus.cancelled'), value: n(byStatus('cancelled')) },
            ]}
          />
          <StatCard title={t('dash.milestonesOverdue')} value={n(overdueMilestones.length)} />
          <StatCard title={t('dash.overdueCommitments')} value={n(overdueCommitments.length)} />
        </SimpleGrid>

        {overdueMilestones.length + overdueCommitments.length > 0 ? (
          <ChartTable
            caption={t('dash.overdueItems')}
            testId="overdue-items"
            columns={[
              { key: 'item', header: t('dash.overdueItem') },
              { key: 'commitment', header: t('dash.commitment') },
              { key: 'due', header: t('dash.dueOn') },
            ]}
            rows={[
              ...overdueCommitments.map((c) => ({
                key: `c-${c.id}`,
                cells: {
                  item: t('dash.commitmentOverdue'),
                  commitment: localTitle(c, lang),
                  due: c.endsOn ? formatDate(c.endsOn, lang) : '—',
                },
              })),
              ...overdueMilestones.map(({ commitment, milestone }) => ({
                key: `m-${milestone.id}`,
                cells: {
                  item: localTitle(milestone, lang),
                  commitment: localTitle(commitment, lang),
                  due: formatDate(milestone.dueOn, lang),
                },
              })),
            ]}
          />
        ) : (
          <Text className="empty-state">{t('dash.nothingOverdue')}</Text>
        )}

        <Title order={3} size="h5">
          {t('dash.indicatorProgress')}
        </Title>
        {commitments.length === 0 ? (
          <Text className="empty-state">{t('dash.noCommitments')}</Text>
        ) : (
          commitments.map((c) => (
            <CommitmentIndicators
              key={c.id}
              conventionId={conventionId}
              commitment={c}
              fromYear={fromYear}
              toYear={toYear}
            />
          ))
        )}
      </Stack>
    </Paper>
  );
}

function CommitmentIndicators({
  conventionId,
  commitment,
  fromYear,
  toYear,
}: {
  conventionId: string;
  commitment: ProgressCommitment;
  fromYear: number;
  toYear: number;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const indicators = useQuery({
    queryKey: ['indicators', 'commitment', commitment.id],
    queryFn: async () => (await listCommitmentIndicators(commitment.id)).items,
  });
  const span = periodBounds('year', fromYear, toYear);
  const queries = (indicators.data ?? []).map(
    (indicator): AnalyticsQuery => ({
      indicator: indicator.code,
      level: 'nation',
      grain: 'year',
      from: span.from,
      to: span.to,
      convention: conventionId,
    }),
  );
  const results = useQueries({
    queries: queries.map((q) => ({ queryKey: ['analytics', q], queryFn: () => getAnalytics(q) })),
  });
  const title = localTitle(commitment, lang);

  if (indicators.isPending || results.some((r) => r.isPending)) return <PageLoader />;
  const failed = indicators.error ?? results.find((r) => r.isError)?.error;
  if (failed) return <ErrorNotice error={failed} onRetry={() => void indicators.refetch()} />;
  const items = indicators.data ?? [];
  if (items.length === 0) {
    return (
      <Text size="sm">
        {title} — <span className="empty-state">{t('dash.noIndicatorForCommitment')}</span>
      </Text>
    );
  }
  return (
    <div data-testid="commitment-indicators" data-commitment={commitment.id}>
      <Text size="sm" fw={700} mb={4}>
        {title}
      </Text>
      <ProgressList
        label={t('dash.indicatorsOf', { title })}
        formatPercent={(v) => formatProgress(v, lang)}
        items={items.map((indicator: Indicator, i) => {
          const rows = results[i]?.data?.rows.filter((r) => r.territoryCode === null) ?? [];
          const latest = [...rows]
            .sort((a, b) => b.period.localeCompare(a.period))
            .find((r) => r.actual !== null);
          const format = (v: number) => formatValue(v, indicator, lang);
          return {
            key: indicator.code,
            label: indicatorName(indicator, lang),
            progress: latest?.available ? (latest.progressPercent ?? null) : null,
            detail: latest
              ? t('dash.progressDetail', {
                  period: periodLabel(latest.period, t, lang),
                  actual:
                    latest.available && latest.actual !== null
                      ? format(latest.actual)
                      : t('charts.notAvailable'),
                  target: latest.target === null ? '—' : format(latest.target),
                })
              : t('dash.noValues'),
          };
        })}
      />
    </div>
  );
}
