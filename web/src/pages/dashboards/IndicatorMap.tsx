import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ChartFrame } from '../../components/charts/ChartFrame';
import { ChartTable } from '../../components/charts/ChartTable';
import { Choropleth, type ChoroplethArea } from '../../components/map/Choropleth';
import { currentLanguage } from '../../i18n';
import { localName } from '../../i18n/localName';
import { latestSnapshot, shownValue } from './analytics';
import type { AnalyticsRow, Indicator, Territory } from './dashboards.api';
import { periodLabel } from './periods';
import { indicatorName } from './reference';
import { formatAxisValue, formatProgress, formatValue } from './units';

interface IndicatorMapProps {
  level: 'region' | 'province';
  /** The territories coloured (and linked): all regions, or the provinces of one region. */
  territories: readonly Territory[];
  rows: readonly AnalyticsRow[];
  indicator: Indicator;
  highlight?: string | null;
  title: string;
  /** The indicator as the captions name it, with its filter ("… (Women)"); defaults to its name. */
  indicatorLabel?: string;
}

/**
 * The indicator on a choropleth for the latest period of the span that has values, with the same
 * numbers as a table (territory, actual, target, progress).
 */
export function IndicatorMap({
  level,
  territories,
  rows,
  indicator,
  highlight = null,
  title,
  indicatorLabel,
}: IndicatorMapProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { period, byTerritory } = latestSnapshot(rows);
  const format = (v: number) => formatValue(v, indicator, lang);
  const name = indicatorLabel ?? indicatorName(indicator, lang);
  const when = period ? periodLabel(period, t, lang) : t('dash.noPeriod');
  const areas: ChoroplethArea[] = territories.map((territory) => ({
    code: territory.code,
    isoCode: territory.isoCode,
    name: localName(territory, lang),
    value: shownValue(byTerritory.get(territory.code)),
  }));
  const sorted = [...areas].sort((a, b) => a.name.localeCompare(b.name, lang));
  const na = t('charts.notAvailable');

  return (
    <ChartFrame
      title={`${title} — ${when}`}
      testId="indicator-map"
      chart={
        <>
          {!period && (
            <Text className="empty-state" mb="xs">
              {t('dash.noValues')}
            </Text>
          )}
          <Choropleth
            level={level}
            areas={areas}
            label={t('dash.mapLabel', { indicator: name, period: when })}
            legendTitle={`${name} (${t(`dash.units.${indicator.unit}`, { defaultValue: indicator.unit })})`}
            format={format}
            formatLegend={indicator.unit === 'mad' ? (v) => formatAxisValue(v, indicator, lang) : format}
            highlight={highlight}
          />
        </>
      }
      table={
        <ChartTable
          caption={t('dash.mapCaption', { indicator: name, period: when })}
          testId="indicator-map-table"
          columns={[
            { key: 'territory', header: level === 'region' ? t('dash.region') : t('dash.province') },
            { key: 'actual', header: t('charts.actual'), numeric: true },
            { key: 'target', header: t('charts.target'), numeric: true },
            { key: 'progress', header: t('charts.progress'), numeric: true },
          ]}
          rows={sorted.map((area) => {
            const row = byTerritory.get(area.code);
            return {
              key: area.code,
              cells: {
                territory: area.name,
                actual: area.value === null ? na : format(area.value),
                target: row?.target == null ? '—' : format(row.target),
                progress:
                  row?.progressPercent == null || !row.available
                    ? '—'
                    : formatProgress(row.progressPercent, lang),
              },
            };
          })}
        />
      }
    />
  );
}
