import './dashboards.css';
import { Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ActualTargetChart } from '../../components/charts/ActualTargetChart';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { StatCard } from '../../components/StatCard';
import { currentLanguage, directionOf } from '../../i18n';
import { formatMad, formatNumber } from '../../i18n/format';
import { seriesOf } from './analytics';
import {
  type AnalyticsQuery,
  exportHref,
  getAnalytics,
  type Indicator,
  listConventions,
} from './dashboards.api';
import { IndicatorMap } from './IndicatorMap';
import { periodLabel, periodsBetween } from './periods';
import { chosenIndicator, indicatorName, useIndicators, useTerritories } from './reference';
import { SelectionBar } from './SelectionBar';
import { bounds, onlyQuery, paramsFromSelection, type Selection, selectionFromParams } from './selection';
import { formatAxisValue, formatMadShort, formatProgress, formatValue } from './units';

/** Public national overview: key figures, an indicator on the map by region or province, actual vs target by period. */
export default function NationalOverview() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const indicators = useIndicators();
  const selection = selectionFromParams(params);

  return (
    <Stack gap="lg">
      <PageHeader title={t('dash.overviewTitle')} />
      <Text>{t('dash.overviewIntro')}</Text>
      <KeyFigures />
      <QueryState
        query={indicators}
        isEmpty={(items) => items.length === 0}
        emptyText={t('dash.noIndicators')}
      >
        {(items) => {
          const indicator = chosenIndicator(items, selection.indicator);
          if (!indicator) return null;
          return (
            <>
              <SelectionBar
                value={{ ...selection, indicator: indicator.code }}
                indicators={items}
                withLevel
                onChange={(next: Selection) => setParams(paramsFromSelection(next), { replace: true })}
              />
              <IndicatorPanels indicator={indicator} selection={selection} />
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}

function KeyFigures() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const conventions = useQuery({ queryKey: ['conventions', 'overview'], queryFn: listConventions });
  return (
    <QueryState query={conventions}>
      {(data) => {
        const sum = (pick: (c: (typeof data.items)[number]['counts']) => number) =>
          data.items.reduce((total, c) => total + pick(c.counts), 0);
        const n = (v: number) => formatNumber(v, lang);
        return (
          <SimpleGrid cols={{ base: 1, sm: 2, xl: 4 }} data-testid="key-figures">
            <StatCard title={t('dash.conventions')} value={n(data.total)} />
            <StatCard
              title={t('dash.commitments')}
              value={n(sum((c) => c.commitments))}
              lines={[{ label: t('dash.overdueCommitments'), value: n(sum((c) => c.commitmentsOverdue)) }]}
            />
            <StatCard
              title={t('dash.budget')}
              value={formatMadShort(
                sum((c) => c.budgetCentimes),
                lang,
              )}
              lines={[
                {
                  label: t('dash.exactAmount'),
                  value: formatMad(
                    sum((c) => c.budgetCentimes),
                    lang,
                  ),
                },
              ]}
            />
            <StatCard
              title={t('dash.milestones')}
              value={n(sum((c) => c.milestones))}
              lines={[
                { label: t('dash.milestonesDone'), value: n(sum((c) => c.milestonesDone)) },
                { label: t('dash.milestonesOverdue'), value: n(sum((c) => c.milestonesOverdue)) },
              ]}
            />
          </SimpleGrid>
        );
      }}
    </QueryState>
  );
}

function IndicatorPanels({ indicator, selection }: { indicator: Indicator; selection: Selection }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const territories = useTerritories();
  const span = bounds(selection);
  const filter = onlyQuery(selection, indicator.disaggregations);
  const base = {
    indicator: indicator.code,
    grain: selection.grain,
    from: span.from,
    to: span.to,
    ...filter,
  } as const;
  // A filter ("women only") names itself in the titles.
  const only = filter.breakdown ? ` (${t(`dash.onlyValues.${filter.breakdown}.${filter.values}`)})` : '';
  const mapQuery: AnalyticsQuery = { ...base, level: selection.level };
  const nationQuery: AnalyticsQuery = { ...base, level: 'nation' };
  const byTerritory = useQuery({
    queryKey: ['analytics', mapQuery],
    queryFn: () => getAnalytics(mapQuery),
    placeholderData: keepPreviousData,
  });
  const nation = useQuery({
    queryKey: ['analytics', nationQuery],
    queryFn: () => getAnalytics(nationQuery),
    placeholderData: keepPreviousData,
  });
  const name = `${indicatorName(indicator, lang)}${only}`;
  const periods = periodsBetween(selection.grain, selection.fromYear, selection.toYear);
  const label = (p: string) => periodLabel(p, t, lang);

  return (
    <Stack gap="lg">
      <QueryState query={territories}>
        {(ref) => (
          <QueryState query={byTerritory}>
            {(data) => (
              <div aria-busy={byTerritory.isPlaceholderData}>
                <IndicatorMap
                  level={selection.level}
                  territories={selection.level === 'region' ? ref.regions : ref.provinces}
                  rows={data.rows}
                  indicator={indicator}
                  indicatorLabel={name}
                  title={
                    selection.level === 'region'
                      ? t('dash.mapByRegion', { indicator: name })
                      : t('dash.mapByProvince', { indicator: name })
                  }
                />
              </div>
            )}
          </QueryState>
        )}
      </QueryState>
      <QueryState query={nation}>
        {(data) => (
          <div aria-busy={nation.isPlaceholderData}>
            <ActualTargetChart
              title={t('dash.nationalSeries', { indicator: name })}
              caption={t('dash.seriesCaption', {
                indicator: name,
                place: t('dash.nation'),
                from: label(span.from),
                to: label(span.to),
              })}
              points={seriesOf(data.rows, periods, null, label)}
              format={(v) => formatValue(v, indicator, lang)}
              formatAxis={(v) => formatAxisValue(v, indicator, lang)}
              formatPercent={(v) => formatProgress(v, lang)}
              dir={directionOf(lang)}
              testId="national-series"
              kind={selection.grain === 'month' ? 'line' : 'bar'}
            />
          </div>
        )}
      </QueryState>
      <Group gap="xs" data-testid="exports">
        <Text size="sm">{t('dash.download')}</Text>
        <Button component="a" href={exportHref('csv', mapQuery)} download variant="default" size="xs">
          {t('dash.exportCsv')}
        </Button>
        <Button component="a" href={exportHref('xlsx', mapQuery)} download variant="default" size="xs">
          {t('dash.exportXlsx')}
        </Button>
      </Group>
    </Stack>
  );
}
