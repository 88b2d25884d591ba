import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import { usePreferences } from '../theme/preferences-context.tsx';
import { useSeen } from './use-seen.ts';

export type ChartOption = EChartsCoreOption;

type Runtime = typeof import('./echarts-runtime.ts');
let runtimePromise: Promise<Runtime> | null = null;

/** ECharts (about 150 KB compressed) is fetched once, when the first chart comes into view. */
function loadRuntime(): Promise<Runtime> {
  runtimePromise ??= import('./echarts-runtime.ts');
  return runtimePromise;
}

/**
 * A thin ECharts wrapper: one chart per element, drawn once it scrolls into view (so a page whose
 * charts are below the fold does not wait for the chart library), re-created when the theme
 * changes, resized with its container, disposed on unmount. Series names come from the API and
 * ECharts draws them on a canvas (tooltips are escaped by ECharts' default formatter), never as
 * our HTML; the element carries the chart's accessible name.
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
  const chartRef = useRef<ECharts | null>(null);
  const [runtime, setRuntime] = useState<Runtime | null>(null);
  const { themeMode } = usePreferences();
  const seen = useSeen(elementRef);

  useEffect(() => {
    if (!seen) return;
    let cancelled = false;
    void loadRuntime().then((loaded) => {
      if (!cancelled) setRuntime(loaded);
    });
    return () => {
      cancelled = true;
    };
  }, [seen]);

  useEffect(() => {
    const element = elementRef.current;
    if (!element || !runtime) return;
    const chart = runtime.createChart(element, themeMode === 'dark');
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, [runtime, themeMode]);

  useEffect(() => {
    if (runtime && chartRef.current) runtime.drawChart(chartRef.current, option);
  }, [option, runtime, themeMode]);

  return (
    <div
      ref={elementRef}
      role="img"
      aria-label={ariaLabel}
      aria-busy={!runtime}
      data-chart-ready={runtime ? 'true' : 'false'}
      style={{ width: '100%', height }}
    />
  );
}
