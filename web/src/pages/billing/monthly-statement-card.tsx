import { Card, Descriptions, Select, Skeleton, Table } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchStatement, type StatementLine } from '../../api/admin-billing-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatMoney } from '../../format/money.ts';

/** The last twelve months as YYYY-MM (UTC, as statements are kept). */
function recentMonths(now = new Date()): string[] {
  return Array.from({ length: 12 }, (_, index) => {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - index, 1));
    return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/** `version` changes when the balance changed on this page (a redemption), to reload the statement. */
export function MonthlyStatementCard({ orgId, version }: { orgId: string; version: number }) {
  const { t, i18n } = useTranslation();
  const months = useMemo(() => recentMonths(), []);
  const [month, setMonth] = useState(months[0]!);
  const statement = useApiResource((signal) => fetchStatement(orgId, month, signal), [orgId, month, version]);
  const number = new Intl.NumberFormat(i18n.language);
  const data = statement.data;

  return (
    <Card
      size="small"
      title={t('billing.statement')}
      extra={
        <Select
          aria-label={t('billing.month')}
          value={month}
          onChange={setMonth}
          options={months.map((value) => ({ value, label: value }))}
          style={{ width: 120 }}
        />
      }
    >
      {statement.error !== null && <ErrorAlert error={statement.error} onRetry={statement.reload} />}
      {statement.loading && !data && <Skeleton active />}
      {data && statement.error === null && (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 4 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('billing.openingBalance')}>
              {formatMoney(data.openingBalance, data.currency, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('billing.closingBalance')}>
              {formatMoney(data.closingBalance, data.currency, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('billing.totalCharged')}>
              {formatMoney(data.totalCharged, data.currency, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('billing.totalCost')}>
              {formatMoney(data.totalCost, data.currency, i18n.language)}
            </Descriptions.Item>
          </Descriptions>
          <Table<StatementLine>
            size="small"
            rowKey="model"
            dataSource={data.usage}
            pagination={false}
            scroll={{ x: true }}
            locale={{ emptyText: t('billing.noUsageThisMonth') }}
            columns={[
              { title: t('playground.model'), dataIndex: 'model' },
              {
                title: t('dashboard.requests'),
                dataIndex: 'requests',
                align: 'right',
                render: (value: number) => number.format(value),
              },
              {
                title: t('models.input'),
                dataIndex: 'promptTokens',
                align: 'right',
                render: (value: number) => number.format(value),
              },
              {
                title: t('models.output'),
                dataIndex: 'completionTokens',
                align: 'right',
                render: (value: number) => number.format(value),
              },
              {
                title: t('billing.charged'),
                dataIndex: 'charged',
                align: 'right',
                render: (charged: string) => formatMoney(charged, data.currency, i18n.language),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
