import './charts.css';
import { Loader } from '@mantine/core';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

export interface EChartProps {
  /** ECharts option (series, axes...); the chart redraws when it changes. */
  option: EChartsCoreOption;
  /** A one-sentence summary for assistive technology; the numbers are in the table alternative. */
  label: string;
  height?: number;
}

/**
 * Draws an ECharts option into an SVG. ECharts is fetched on first use (dynamic import), so it never
 * weighs on pages without a chart. The drawing is an image for assistive technology (`role="img"`,
 * named by `label`); every chart of the app comes with a table alternative.
 */
export function EChart({ option, label, height = 320 }: EChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('./echarts').then(({ echarts }) => {
      if (disposed || !host.current) return;
      chart.current = echarts.init(host.current, undefined, { renderer: 'svg' });
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(host.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setOption(option, { notMerge: true });
  }, [ready, option]);

  return (
    <div className="echart" role="img" aria-label={label} style={{ blockSize: height }} data-ready={ready}>
      {/* ECharts lays its text out left to right; right-to-left is in the options (mirrored axes). */}
      <div ref={host} className="echart-canvas" aria-hidden="true" dir="ltr" />
      {!ready && <Loader size="sm" className="echart-loader" aria-hidden="true" />}
    </div>
  );
}
