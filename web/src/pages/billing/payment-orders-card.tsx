import { Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { listPaymentOrders, receiptUrl, type PaymentOrder } from '../../api/payments-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

export const orderStateColors: Record<string, string> = {
  created: 'processing',
  paid: 'gold',
  credited: 'green',
  expired: 'default',
  refunded: 'purple',
};

/** The organization's payment orders with their receipts (HTML and PDF). */
export function PaymentOrdersCard({ version }: { version: number }) {
  const { t } = useTranslation();
  const orders = useApiResource((signal) => listPaymentOrders({ limit: 50 }, signal), [version]);
  return (
    <Card size="small" title={t('payments.orders')}>
      {orders.error !== null && <ErrorAlert error={orders.error} onRetry={orders.reload} />}
      <Table<PaymentOrder>
        size="small"
        rowKey="id"
        loading={orders.loading}
        dataSource={orders.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('payments.noOrders') }}
        columns={[
          {
            title: t('payments.created'),
            dataIndex: 'createdAt',
            render: (value: number) => new Date(value).toLocaleString(),
          },
          {
            title: t('payments.provider'),
            dataIndex: 'provider',
            render: (value: string) => t(`payments.providers.${value}`),
          },
          { title: t('payments.amount'), render: (_, order) => `${order.amount} ${order.currency}` },
          {
            title: t('payments.state'),
            dataIndex: 'state',
            render: (value: string) => <Tag color={orderStateColors[value]}>{t(`payments.states.${value}`)}</Tag>,
          },
          { title: t('payments.refunded'), dataIndex: 'refunded' },
          {
            title: t('payments.receipt'),
            render: (_, order) =>
              order.state === 'credited' || order.state === 'refunded' ? (
                <Space>
                  <Typography.Link href={receiptUrl(order.id, 'html')} target="_blank">
                    HTML
                  </Typography.Link>
                  <Typography.Link href={receiptUrl(order.id, 'pdf')}>PDF</Typography.Link>
                </Space>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
