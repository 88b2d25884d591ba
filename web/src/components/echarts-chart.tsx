import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { usePreferences } from '../theme/preferences-context.tsx';

echarts.use([
  LineChart,
  BarChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DatasetComponent,
  TitleComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * A thin ECharts wrapper: one chart per element, re-created when the theme changes, resized with
 * its container, disposed on unmount. Series names come from the API and ECharts draws them on
 * a canvas (tooltips are escaped by ECharts' default formatter), never as our HTML.
 */
export function EChartsChart({
  option,
  height = 300,
  ariaLabel,
}: {
  option: ChartOption;
  height?: number;
  ariaLabel: string;
}) {
  const elementRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const { themeMode } = usePreferences();

  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    const chart = echarts.init(element, themeMode === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, [themeMode]);

  useEffect(() => {
    chartRef.current?.setOption(
      { backgroundColor: 'transparent', aria: { enabled: true }, ...option },
      { notMerge: true },
    );
  }, [option, themeMode]);

  return <div ref={elementRef} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} />;
}
