import { Card, Flex, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { listPrices, type Price } from '../../api/admin-platform-api.ts';
import { listPlans, type Plan } from '../../api/admin-usage-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatPrice } from '../models/model-format.ts';

/** The plans and the price book, as configured in kaiyuan.yaml (read-only here). */
export function PlansAndPricesTab() {
  const { t, i18n } = useTranslation();
  const plans = useApiResource((signal) => listPlans(signal), []);
  const prices = useApiResource((signal) => listPrices(signal), []);
  const number = new Intl.NumberFormat(i18n.language);
  const limit = (value: number | undefined) => (value === undefined ? t('dashboard.unlimited') : number.format(value));
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('admin.plans')}>
        {plans.error !== null ? (
          <ErrorAlert error={plans.error} onRetry={plans.reload} />
        ) : (
          <Table<Plan>
            size="small"
            rowKey="id"
            loading={plans.loading}
            dataSource={plans.data ?? []}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { title: t('apiKeys.name'), dataIndex: 'name', render: (name: string, row) => `${name} (${row.id})` },
              {
                title: t('dashboard.monthlyGrant'),
                dataIndex: 'monthlyGrantTokens',
                align: 'right',
                render: (value: number) => number.format(value),
              },
              { title: 'RPM', key: 'rpm', align: 'right', render: (_value, row) => limit(row.limits.rpm) },
              { title: 'RPD', key: 'rpd', align: 'right', render: (_value, row) => limit(row.limits.rpd) },
              { title: 'TPM', key: 'tpm', align: 'right', render: (_value, row) => limit(row.limits.tpm) },
              { title: 'TPD', key: 'tpd', align: 'right', render: (_value, row) => limit(row.limits.tpd) },
              {
                title: t('billing.payAsYouGo'),
                dataIndex: 'payAsYouGo',
                render: (value: boolean) => (value ? t('dashboard.yes') : t('dashboard.no')),
              },
              {
                title: t('dashboard.freeTierOnly'),
                dataIndex: 'freeTierOnly',
                render: (value: boolean) => (value ? t('dashboard.yes') : t('dashboard.no')),
              },
              { title: t('admin.priority'), dataIndex: 'priority', align: 'right' },
            ]}
          />
        )}
      </Card>
      <Card size="small" title={t('admin.priceBook')}>
        {prices.error !== null ? (
          <ErrorAlert error={prices.error} onRetry={prices.reload} />
        ) : (
          <Table<Price>
            size="small"
            rowKey="model"
            loading={prices.loading}
            dataSource={prices.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: true }}
            columns={[
              {
                title: t('playground.model'),
                dataIndex: 'model',
                render: (model: string, row) => (
                  <>
                    {model} {row.freeTier && <Tag color="green">{t('models.freeTier')}</Tag>}
                  </>
                ),
              },
              { title: t('models.input'), dataIndex: 'input', align: 'right', render: formatPrice },
              { title: t('models.cachedInput'), dataIndex: 'cachedInput', align: 'right', render: formatPrice },
              { title: t('models.output'), dataIndex: 'output', align: 'right', render: formatPrice },
              { title: t('admin.currency'), dataIndex: 'currency' },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}
