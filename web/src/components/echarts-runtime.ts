import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the console draws: line and bar series on a grid, with tooltip and (scrollable) legend.
use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/** Draws into `element` (its own ECharts instance), in the console's theme. */
export function createChart(element: HTMLElement, dark: boolean): ECharts {
  return init(element, dark ? 'dark' : undefined, { renderer: 'canvas' });
}

export function drawChart(chart: ECharts, option: EChartsCoreOption): void {
  chart.setOption({ backgroundColor: 'transparent', ...option }, { notMerge: true });
}
