import { DownloadOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Row, Segmented, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchMarginReport,
  marginExportUrl,
  type MarginDimension,
  type MarginLine,
  type MarginReport,
} from '../../api/admin-economics-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { EChartsChart, type ChartOption } from '../../components/echarts-chart.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useMoney } from '../../format/money.ts';

type Period = '7d' | '30d' | '90d';
const periodDays: Record<Period, number> = { '7d': 7, '30d': 30, '90d': 90 };
const dimensions: MarginDimension[] = ['model', 'channel', 'plan', 'organization', 'day'];

/** Whole days ending with today (local midnight boundaries), so day lines are complete. */
function periodRange(period: Period, now = new Date()): { from: number; to: number } {
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
  return { from: end - periodDays[period] * 86_400_000, to: end };
}

const amount = (nano: number) => nano / 1e9;

/** Revenue against upstream cost per line (bars) with the margin % (line, right axis). */
function marginChart(report: MarginReport, labels: { revenue: string; cost: string; margin: string }): ChartOption {
  const lines = report.lines.slice(0, 30);
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.revenue, labels.cost, labels.margin] },
    grid: { left: 60, right: 60, bottom: 60 },
    xAxis: { type: 'category', data: lines.map((line) => line.key), axisLabel: { rotate: lines.length > 6 ? 30 : 0 } },
    yAxis: [
      { type: 'value', name: report.currency },
      { type: 'value', name: '%', axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { name: labels.revenue, type: 'bar', data: lines.map((line) => amount(line.revenueNano)) },
      { name: labels.cost, type: 'bar', data: lines.map((line) => amount(line.upstreamCostNano)) },
      { name: labels.margin, type: 'line', yAxisIndex: 1, data: lines.map((line) => line.margin_percent) },
    ],
  };
}

/** Operator economics: revenue, upstream cost, gross margin, cache hits, free-tier cost, conversion. */
export function EconomicsTab() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<Period>('30d');
  const [by, setBy] = useState<MarginDimension>('model');
  const range = useMemo(() => periodRange(period), [period]);
  const report = useApiResource((signal) => fetchMarginReport(range, by, signal), [range, by]);
  const labels = {
    revenue: t('economics.revenue'),
    cost: t('economics.upstreamCost'),
    margin: t('economics.marginPercent'),
  };
  const option = useMemo(() => (report.data ? marginChart(report.data, labels) : null), [report.data, t]);

  if (report.error !== null) return <ErrorAlert error={report.error} onRetry={report.reload} />;
  const data = report.data;
  const totals = data?.totals;
  const money = useMoney();
  const inCurrency = (value: string) => (data ? money(value, data.currency) : value);
  return (
    <Flex vertical gap={16} data-testid="economics-tab">
      <Flex gap={12} wrap justify="space-between">
        <Flex gap={12} wrap>
          <Segmented<Period>
            aria-label={t('economics.period')}
            value={period}
            onChange={setPeriod}
            options={(['7d', '30d', '90d'] as const).map((value) => ({
              value,
              label: t(`economics.periods.${value}`),
            }))}
          />
          <Segmented<MarginDimension>
            aria-label={t('economics.by')}
            value={by}
            onChange={setBy}
            options={dimensions.map((value) => ({ value, label: t(`economics.dimensions.${value}`) }))}
          />
        </Flex>
        <Flex gap={8}>
          <Button icon={<DownloadOutlined />} href={marginExportUrl('csv', range, by)} download>
            CSV
          </Button>
          <Button icon={<DownloadOutlined />} href={marginExportUrl('json', range, by)} download>
            JSON
          </Button>
        </Flex>
      </Flex>
      {data && data.negative_margin.length > 0 && (
        <Alert
          type="warning"
          showIcon
          icon={<WarningOutlined />}
          message={t('economics.belowCost', { models: data.negative_margin.map((item) => item.model).join(', ') })}
        />
      )}
      <Row gutter={[16, 16]}>
        {[
          ['revenue', totals && data ? money(totals.revenue, data.currency) : undefined],
          ['upstreamCost', totals && data ? money(totals.upstream_cost, data.currency) : undefined],
          ['grossMargin', totals && data ? money(totals.gross_margin, data.currency) : undefined],
          [
            'marginPercent',
            totals?.margin_percent === null || totals === undefined ? '-' : `${totals.margin_percent}%`,
          ],
          ['cacheHit', totals ? `${(totals.cache_hit_ratio * 100).toFixed(1)}%` : undefined],
          ['freeTierCost', data ? money(data.free_tier.upstream_cost, data.currency) : undefined],
        ].map(([key, value]) => (
          <Col xs={12} md={8} xl={4} key={key}>
            <Card size="small" loading={report.loading && !data}>
              <Statistic title={t(`economics.${key}`)} value={value ?? '-'} />
            </Card>
          </Col>
        ))}
      </Row>
      {option && data && data.lines.length > 0 && (
        <Card size="small" title={t('economics.chartTitle', { by: t(`economics.dimensions.${by}`) })}>
          <EChartsChart
            option={option}
            height={320}
            ariaLabel={t('economics.chartTitle', { by: t(`economics.dimensions.${by}`) })}
          />
        </Card>
      )}
      <Table<MarginLine>
        size="small"
        rowKey="key"
        loading={report.loading && !data}
        dataSource={data ? [...data.lines, data.totals] : []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="economics-table"
        columns={[
          {
            title: t(`economics.dimensions.${by}`),
            dataIndex: 'key',
            render: (key: string) => (key === 'total' ? <b>{t('economics.total')}</b> : key),
          },
          { title: t('economics.requests'), dataIndex: 'requests', align: 'right' },
          {
            title: t('economics.tokens'),
            key: 'tokens',
            align: 'right',
            render: (_value, line) => line.prompt_tokens + line.completion_tokens,
          },
          {
            title: t('economics.cacheHit'),
            dataIndex: 'cache_hit_ratio',
            align: 'right',
            render: (ratio: number) => `${(ratio * 100).toFixed(1)}%`,
          },
          { title: t('economics.revenue'), dataIndex: 'revenue', align: 'right', render: inCurrency },
          { title: t('economics.upstreamCost'), dataIndex: 'upstream_cost', align: 'right', render: inCurrency },
          {
            title: t('economics.grossMargin'),
            dataIndex: 'gross_margin',
            align: 'right',
            render: (value: string, line) =>
              line.grossMarginNano < 0 ? (
                <Typography.Text type="danger">{inCurrency(value)}</Typography.Text>
              ) : (
                inCurrency(value)
              ),
          },
          {
            title: t('economics.marginPercent'),
            dataIndex: 'margin_percent',
            align: 'right',
            render: (value: number | null) => (value === null ? '-' : `${value}%`),
          },
        ]}
      />
      {data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('economics.topCustomers')}>
              <Table
                size="small"
                rowKey="organization"
                pagination={false}
                dataSource={data.top_customers}
                columns={[
                  { title: t('economics.dimensions.organization'), dataIndex: 'organization' },
                  { title: t('economics.revenue'), dataIndex: 'revenue', align: 'right', render: inCurrency },
                  { title: t('economics.grossMargin'), dataIndex: 'gross_margin', align: 'right', render: inCurrency },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('economics.conversionTitle')}>
              <Typography.Paragraph>
                {t('economics.conversion', {
                  converted: data.conversion.converted,
                  free: data.conversion.free_organizations,
                  days: data.conversion.median_days_to_pay ?? '-',
                })}
              </Typography.Paragraph>
              <Typography.Paragraph type="secondary">
                {t('economics.freeTier', {
                  requests: data.free_tier.requests,
                  cost: money(data.free_tier.upstream_cost, data.currency),
                })}
              </Typography.Paragraph>
            </Card>
          </Col>
        </Row>
      )}
    </Flex>
  );
}
