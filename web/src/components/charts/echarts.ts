/**
 * The parts of ECharts the dashboards use, registered once. Imported only through
 * `import('./echarts')` (see EChart.tsx), so ECharts ships in its own chunk, loaded by the pages
 * that draw a chart and never by the first page.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { echarts };
