import { Card, Col, Empty, Row } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChartsChart, type ChartOption } from '../../components/echarts-chart.tsx';
import type { UsageSeries, UsageSummary } from './usage-aggregation.ts';

type Metric = 'requests' | 'tokens' | 'spend';

function bucketLabel(time: number, bucketMs: number, locale: string): string {
  const date = new Date(time);
  return bucketMs >= 86_400_000
    ? date.toLocaleDateString(locale, { month: '2-digit', day: '2-digit' })
    : date.toLocaleString(locale, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

function chartOption(
  summary: UsageSummary,
  bucketMs: number,
  metric: Metric,
  locale: string,
  kind: 'bar' | 'line',
): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: summary.buckets.map((time) => bucketLabel(time, bucketMs, locale)) },
    yAxis: { type: 'value', minInterval: metric === 'spend' ? undefined : 1 },
    series: summary.series.map((series: UsageSeries) => ({
      name: series.name,
      type: kind,
      stack: 'total',
      areaStyle: kind === 'line' ? { opacity: 0.25 } : undefined,
      smooth: kind === 'line',
      showSymbol: false,
      emphasis: { focus: 'series' },
      data: metric === 'spend' ? series.spend.map((value) => Number(value.toFixed(6))) : series[metric],
    })),
  };
}

/** Requests, tokens and spend over time, stacked by model or key. */
export function UsageCharts({ summary, bucketMs }: { summary: UsageSummary; bucketMs: number }) {
  const { t, i18n } = useTranslation();
  const options = useMemo(
    () => ({
      requests: chartOption(summary, bucketMs, 'requests', i18n.language, 'bar'),
      tokens: chartOption(summary, bucketMs, 'tokens', i18n.language, 'line'),
      spend: chartOption(summary, bucketMs, 'spend', i18n.language, 'line'),
    }),
    [summary, bucketMs, i18n.language],
  );
  if (summary.totals.requests === 0) {
    return (
      <Card size="small">
        <Empty description={t('dashboard.noUsage')} />
      </Card>
    );
  }
  return (
    <Row gutter={[16, 16]} data-testid="usage-charts">
      {(['requests', 'tokens', 'spend'] as const).map((metric) => (
        <Col xs={24} xl={metric === 'requests' ? 24 : 12} key={metric}>
          <Card size="small" title={t(`dashboard.chart.${metric}`)}>
            <EChartsChart option={options[metric]} ariaLabel={t(`dashboard.chart.${metric}`)} height={280} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
