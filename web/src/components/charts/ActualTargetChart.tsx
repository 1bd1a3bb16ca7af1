import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ChartFrame } from './ChartFrame';
import { ChartTable } from './ChartTable';
import { EChart } from './EChart';

export interface PeriodPoint {
  /** The period code ('2025', '2025Q3', '2025-07'), the row's key. */
  period: string;
  /** The period as the UI shows it. */
  label: string;
  actual: number | null;
  target: number | null;
  /** Progress towards the target in percent, when known. */
  progress?: number | null;
}

export interface ActualTargetChartProps {
  title: string;
  /** Caption of the table alternative. */
  caption: string;
  points: readonly PeriodPoint[];
  /** Formats a value in the indicator's unit for the UI language. */
  format: (value: number) => string;
  /** Short form for the value axis (defaults to `format`). */
  formatAxis?: (value: number) => string;
  formatPercent: (value: number) => string;
  dir: 'ltr' | 'rtl';
  /** Bars for the actual values (default) or lines for both. */
  kind?: 'bar' | 'line';
  initialView?: 'chart' | 'table';
  actions?: React.ReactNode;
  testId?: string;
}

const ACTUAL_COLOUR = '#364fc7';
const TARGET_COLOUR = '#c2410c';

/** Actual against target by period: bars (or a line) and a dashed target line, or the same as a table. */
export function ActualTargetChart({
  title,
  caption,
  points,
  format,
  formatAxis = format,
  formatPercent,
  dir,
  kind = 'bar',
  initialView,
  actions,
  testId,
}: ActualTargetChartProps) {
  const { t } = useTranslation();
  const actualName = t('charts.actual');
  const targetName = t('charts.target');
  const rtl = dir === 'rtl';
  const hasTarget = points.some((p) => p.target !== null);

  const option = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      textStyle: { fontFamily: 'inherit' },
      // The default side margins with the labels contained: the same in both directions.
      grid: { top: 40, bottom: 30, containLabel: true },
      legend: {
        top: 0,
        align: rtl ? 'right' : 'left',
        // Read from the right in Arabic: the first entry is the rightmost.
        data: hasTarget ? (rtl ? [targetName, actualName] : [actualName, targetName]) : [actualName],
      },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) =>
          typeof value === 'number' ? format(value) : t('charts.notAvailable'),
      },
      xAxis: { type: 'category', inverse: rtl, data: points.map((p) => p.label) },
      yAxis: {
        type: 'value',
        position: rtl ? 'right' : 'left',
        axisLabel: { formatter: (value: number) => formatAxis(value) },
      },
      series: [
        {
          name: actualName,
          type: kind,
          data: points.map((p) => p.actual),
          itemStyle: { color: ACTUAL_COLOUR },
          barMaxWidth: 40,
        },
        ...(hasTarget
          ? [
              {
                name: targetName,
                type: 'line',
                data: points.map((p) => p.target),
                itemStyle: { color: TARGET_COLOUR },
                lineStyle: { type: 'dashed', width: 2 },
                symbol: 'diamond',
                symbolSize: 9,
              },
            ]
          : []),
      ],
    }),
    [points, rtl, kind, format, formatAxis, actualName, targetName, hasTarget, t],
  );

  const na = t('charts.notAvailable');
  const table = (
    <ChartTable
      caption={caption}
      testId={testId ? `${testId}-table` : undefined}
      columns={[
        { key: 'period', header: t('charts.period') },
        { key: 'actual', header: actualName, numeric: true },
        { key: 'target', header: targetName, numeric: true },
        { key: 'progress', header: t('charts.progress'), numeric: true },
      ]}
      rows={points.map((p) => ({
        key: p.period,
        cells: {
          period: p.label,
          actual: p.actual === null ? na : format(p.actual),
          target: p.target === null ? '—' : format(p.target),
          progress: p.progress === null || p.progress === undefined ? '—' : formatPercent(p.progress),
        },
      }))}
    />
  );

  return (
    <ChartFrame
      title={title}
      testId={testId}
      initialView={initialView}
      actions={actions}
      table={table}
      chart={
        <EChart option={option} label={t('charts.actualTargetSummary', { title, periods: points.length })} />
      }
    />
  );
}
