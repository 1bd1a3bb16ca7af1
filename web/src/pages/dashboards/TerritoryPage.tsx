import './dashboards.css';
import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/errors';
import { ActualTargetChart } from '../../components/charts/ActualTargetChart';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { StatCard } from '../../components/StatCard';
import { currentLanguage, directionOf } from '../../i18n';
import { formatMad, formatNumber } from '../../i18n/format';
import { localName } from '../../i18n/localName';
import NotFoundPage from '../NotFoundPage';
import { seriesOf } from './analytics';
import { CommitmentTable } from './CommitmentTable';
import {
  type AnalyticsQuery,
  type Convergence,
  getAnalytics,
  getConvergence,
  getTerritory,
  type Indicator,
  type TerritoryDetail,
} from './dashboards.api';
import { IndicatorMap } from './IndicatorMap';
import { periodLabel, periodsBetween } from './periods';
import { chosenIndicator, indicatorName, localTitle, useIndicators, useTerritories } from './reference';
import { SelectionBar } from './SelectionBar';
import { bounds, onlyQuery, paramsFromSelection, type Selection, selectionFromParams } from './selection';
import { formatAxisValue, formatMadShort, formatProgress, formatValue } from './units';

/**
 * Public convergence page of one region or province: every convention and commitment active there,
 * the indicator's progress for the territory, the map of the region's provinces with this one
 * outlined, and links to the provinces of a region.
 */
export default function TerritoryPage() {
  const { code = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', code], queryFn: () => getTerritory(code) });
  if (isApiError(territory.error) && (territory.error.status === 404 || territory.error.status === 400)) {
    return <NotFoundPage />;
  }
  return <QueryState query={territory}>{(data) => <TerritoryView detail={data} />}</QueryState>;
}

function TerritoryView({ detail }: { detail: TerritoryDetail }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [params, setParams] = useSearchParams();
  const { territory, children } = detail;
  const name = localName(territory, lang);
  const isRegion = territory.level === 'region';
  const convergence = useQuery({
    queryKey: ['convergence', territory.code],
    queryFn: () => getConvergence(territory.code),
  });
  const indicators = useIndicators();
  const territories = useTerritories();
  const parent = territory.parentCode ? territories.data?.byCode.get(territory.parentCode) : undefined;
  const selection = selectionFromParams(params);

  return (
    <Stack gap="lg">
      <nav aria-label={t('dash.breadcrumb')} className="dash-breadcrumb">
        <ol>
          <li>
            <Anchor component={Link} to="/overview">
              {t('dash.overviewTitle')}
            </Anchor>
          </li>
          {parent && (
            <li>
              <Anchor component={Link} to={`/territories/${parent.code}`}>
                {localName(parent, lang)}
              </Anchor>
            </li>
          )}
          <li aria-current="page">{name}</li>
        </ol>
      </nav>
      <PageHeader title={t('dash.territoryTitle', { name })} />
      <Text>{t(isRegion ? 'dash.regionIntro' : 'dash.provinceIntro', { name })}</Text>

      <QueryState query={convergence}>{(data) => <ConvergenceSection data={data} name={name} />}</QueryState>

      <QueryState
        query={indicators}
        isEmpty={(items) => items.length === 0}
        emptyText={t('dash.noIndicators')}
      >
        {(items) => {
          const indicator = chosenIndicator(items, selection.indicator);
          if (!indicator) return null;
          return (
            <Paper withBorder p="md" radius="md" component="section" aria-labelledby="territory-indicators">
              <Title order={2} size="h3" id="territory-indicators" mb="sm">
                {t('dash.indicatorProgress')}
              </Title>
              <SelectionBar
                value={{ ...selection, indicator: indicator.code }}
                indicators={items}
                onChange={(next: Selection) => setParams(paramsFromSelection(next), { replace: true })}
              />
              <TerritoryIndicator
                indicator={indicator}
                selection={selection}
                detail={detail}
                mapCode={regionOf(territory.code)}
              />
            </Paper>
          );
        }}
      </QueryState>

      {children.length > 0 && (
        <section aria-labelledby="territory-children">
          <Title order={2} size="h3" id="territory-children" mb="sm">
            {t(isRegion ? 'dash.provincesOf' : 'dash.arrondissementsOf', { name })}
          </Title>
          <ul className="dash-links" data-testid="child-links">
            {[...children]
              .sort((a, b) => localName(a, lang).localeCompare(localName(b, lang), lang))
              .map((child) => (
                <li key={child.code}>
                  <Anchor component={Link} to={`/territories/${child.code}`}>
                    {localName(child, lang)}
                  </Anchor>
                </li>
              ))}
          </ul>
        </section>
      )}
      <Text size="xs" c="dimmed">
        {detail.attribution}
      </Text>
    </Stack>
  );
}

/** A code's prefix is its ancestors: '06.141.01.00' is in province '06.141', in region '06'. */
const regionOf = (code: string) => code.slice(0, 2);
const provinceOf = (code: string) => code.split('.').slice(0, 2).join('.');

function ConvergenceSection({ data, name }: { data: Convergence; name: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const n = (v: number) => formatNumber(v, lang);
  return (
    <section aria-labelledby="territory-conventions">
      <Title order={2} size="h3" id="territory-conventions" mb="sm">
        {t('dash.activeHere', { name })}
      </Title>
      <Stack gap="md">
        <div className="dash-figures" data-testid="convergence-totals">
          <StatCard title={t('dash.conventions')} value={n(data.conventions.length)} />
          <StatCard
            title={t('dash.commitments')}
            value={n(data.totals.commitments)}
            lines={[{ label: t('dash.overdueCommitments'), value: n(data.totals.commitmentsOverdue) }]}
          />
          <StatCard
            title={t('dash.budget')}
            value={formatMadShort(data.totals.budgetCentimes, lang)}
            lines={[{ label: t('dash.exactAmount'), value: formatMad(data.totals.budgetCentimes, lang) }]}
          />
          <StatCard
            title={t('dash.milestones')}
            value={n(data.totals.milestones)}
            lines={[
              { label: t('dash.milestonesDone'), value: n(data.totals.milestonesDone) },
              { label: t('dash.milestonesOverdue'), value: n(data.totals.milestonesOverdue) },
            ]}
          />
        </div>
        {data.conventions.length === 0 ? (
          <Text className="empty-state">{t('dash.noConventionHere')}</Text>
        ) : (
          data.conventions.map((convention) => (
            <Paper
              key={convention.id}
              withBorder
              p="md"
              radius="md"
              component="article"
              data-testid="convergence-convention"
            >
              <Title order={3} size="h4" mb="xs">
                <Anchor component={Link} to={`/conventions/${convention.id}`}>
                  {convention.reference} — {localTitle(convention, lang)}
                </Anchor>
              </Title>
              {convention.isDemo && (
                <Text size="sm" mb="xs" fw={700}>
                  {t('dash.demo')}
                </Text>
              )}
              <CommitmentTable
                caption={t('dash.commitmentsHere', { reference: convention.reference, name })}
                commitments={convention.commitments}
                linkTo={(c) => `/commitments/${c.id}`}
              />
            </Paper>
          ))
        )}
      </Stack>
    </section>
  );
}

function TerritoryIndicator({
  indicator,
  selection,
  detail,
  mapCode,
}: {
  indicator: Indicator;
  selection: Selection;
  detail: TerritoryDetail;
  mapCode: string;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const territories = useTerritories();
  const { territory } = detail;
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
  // Values go down to provinces: a Casablanca prefecture of arrondissements shows its province's.
  const seriesCode = territory.level === 'region' ? territory.code : provinceOf(territory.code);
  const ownQuery: AnalyticsQuery = {
    ...base,
    level: territory.level === 'region' ? 'region' : 'province',
    territory: seriesCode,
  };
  const mapQuery: AnalyticsQuery = { ...base, level: 'province', territory: mapCode };
  const own = useQuery({
    queryKey: ['analytics', ownQuery],
    queryFn: () => getAnalytics(ownQuery),
    placeholderData: keepPreviousData,
  });
  const map = useQuery({
    queryKey: ['analytics', mapQuery],
    queryFn: () => getAnalytics(mapQuery),
    placeholderData: keepPreviousData,
  });
  const seriesTerritory = territories.data?.byCode.get(seriesCode);
  const name = seriesTerritory ? localName(seriesTerritory, lang) : localName(territory, lang);
  const indicatorLabel = `${indicatorName(indicator, lang)}${only}`;
  const periods = periodsBetween(selection.grain, selection.fromYear, selection.toYear);
  const label = (p: string) => periodLabel(p, t, lang);

  return (
    <Stack gap="lg">
      <QueryState query={own}>
        {(data) => (
          <ActualTargetChart
            title={t('dash.territorySeries', { indicator: indicatorLabel, name })}
            caption={t('dash.seriesCaption', {
              indicator: indicatorLabel,
              place: name,
              from: label(span.from),
              to: label(span.to),
            })}
            points={seriesOf(data.rows, periods, seriesCode, label)}
            format={(v) => formatValue(v, indicator, lang)}
            formatAxis={(v) => formatAxisValue(v, indicator, lang)}
            formatPercent={(v) => formatProgress(v, lang)}
            dir={directionOf(lang)}
            testId="territory-series"
            kind={selection.grain === 'month' ? 'line' : 'bar'}
          />
        )}
      </QueryState>
      <QueryState query={territories}>
        {(ref) => (
          <QueryState query={map}>
            {(data) => (
              <IndicatorMap
                level="province"
                territories={ref.provinces.filter((p) => p.parentCode === mapCode)}
                rows={data.rows}
                indicator={indicator}
                indicatorLabel={indicatorLabel}
                highlight={territory.level === 'region' ? null : provinceOf(territory.code)}
                title={t('dash.mapByProvince', { indicator: indicatorLabel })}
              />
            )}
          </QueryState>
        )}
      </QueryState>
    </Stack>
  );
}
