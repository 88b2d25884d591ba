import { Card, Col, Empty, Row } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { StackedChart } from '../../components/stacked-chart/stacked-chart.tsx';
import { formatMoney } from '../../format/money.ts';
import type { UsageSummary } from './usage-aggregation.ts';

type Metric = 'requests' | 'tokens' | 'spend';

function bucketLabel(time: number, bucketMs: number, locale: string): string {
  const date = new Date(time);
  return bucketMs >= 86_400_000
    ? date.toLocaleDateString(locale, { month: '2-digit', day: '2-digit' })
    : date.toLocaleString(locale, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/**
 * Requests, tokens and spend over time, stacked by model or key. Drawn by the console's own SVG
 * chart, so the dashboard needs no chart library on its first paint.
 */
export function UsageCharts({
  summary,
  bucketMs,
  currency,
}: {
  summary: UsageSummary;
  bucketMs: number;
  currency: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const categories = useMemo(
    () => summary.buckets.map((time) => bucketLabel(time, bucketMs, language)),
    [summary, bucketMs, language],
  );
  const series = useMemo(
    () =>
      Object.fromEntries(
        (['requests', 'tokens', 'spend'] as const).map((metric) => [
          metric,
          summary.series.map((one) => ({ name: one.name, values: one[metric] })),
        ]),
      ) as Record<Metric, { name: string; values: number[] }[]>,
    [summary],
  );
  const formats = useMemo(() => {
    const count = new Intl.NumberFormat(language);
    const compact = new Intl.NumberFormat(language, { notation: 'compact', maximumFractionDigits: 1 });
    const money = (value: number) => formatMoney(value, currency, language);
    return {
      requests: { value: count.format, axis: compact.format },
      tokens: { value: count.format, axis: compact.format },
      spend: { value: money, axis: money },
    };
  }, [language, currency]);
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
            <StackedChart
              kind={metric === 'requests' ? 'bar' : 'area'}
              ariaLabel={t(`dashboard.chart.${metric}`)}
              categories={categories}
              series={series[metric]}
              integers={metric !== 'spend'}
              formatValue={formats[metric].value}
              formatAxis={formats[metric].axis}
              height={240}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
