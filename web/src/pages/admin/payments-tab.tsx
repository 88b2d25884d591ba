import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import {
  listPaymentOrders,
  listPaymentSettings,
  refundPaymentOrder,
  savePaymentSettings,
  type PaymentOrder,
  type PaymentProviderSettings,
} from '../../api/payments-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { orderStateColors } from '../billing/payment-orders-card.tsx';

/** Each provider's fields as the settings form shows them; secrets are write-only. */
const providerFields: Record<string, Array<{ name: string; secret?: boolean; multiline?: boolean }>> = {
  alipay: [
    { name: 'appId' },
    { name: 'privateKey', secret: true, multiline: true },
    { name: 'alipayPublicKey', multiline: true },
    { name: 'gateway' },
    { name: 'mode' },
  ],
  wechat_pay: [
    { name: 'mchId' },
    { name: 'appId' },
    { name: 'merchantSerial' },
    { name: 'privateKey', secret: true, multiline: true },
    { name: 'apiV3Key', secret: true },
    { name: 'platformSerial' },
    { name: 'platformPublicKey', multiline: true },
    { name: 'baseUrl' },
  ],
  stripe: [{ name: 'secretKey', secret: true }, { name: 'webhookSecret', secret: true }, { name: 'apiBase' }],
};

function SettingsEditor({ view, onSaved }: { view: PaymentProviderSettings; onSaved(): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Record<string, unknown>>();
  const save = async (values: Record<string, unknown>) => {
    setError(null);
    try {
      const body = Object.fromEntries(
        Object.entries(values).filter(([, value]) => value !== undefined && value !== ''),
      );
      await savePaymentSettings(view.provider, body);
      setOpen(false);
      onSaved();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('payments.editSettings')}</Button>
      <Modal
        open={open}
        title={t(`payments.providers.${view.provider}`)}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ enabled: view.enabled, ...view.settings }} onFinish={save}>
          <Form.Item name="enabled" label={t('payments.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {providerFields[view.provider]!.map((field) => (
            <Form.Item
              key={field.name}
              name={field.name}
              label={field.name}
              extra={field.secret && view.secretsSet[field.name] ? t('payments.secretKept') : undefined}
            >
              {field.secret ? (
                <Input.Password autoComplete="new-password" />
              ) : field.multiline ? (
                <Input.TextArea rows={3} />
              ) : (
                <Input />
              )}
            </Form.Item>
          ))}
          {error && <Alert type="error" showIcon message={error} />}
        </Form>
      </Modal>
    </>
  );
}

/** Operators: payment provider settings and every organization's orders (search, refund). */
export function PaymentsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useApiResource((signal) => listPaymentSettings(signal), []);
  const [search, setSearch] = useState('');
  const orders = useApiResource(
    (signal) => listPaymentOrders({ search: search || undefined, limit: 200 }, signal),
    [search],
  );
  const [refunding, setRefunding] = useState<PaymentOrder | null>(null);
  const [refundAmount, setRefundAmount] = useState<number | null>(null);
  const [refundError, setRefundError] = useState<string | null>(null);

  const refund = async () => {
    if (!refunding) return;
    setRefundError(null);
    try {
      const done = await refundPaymentOrder(refunding.id, {
        amount: refundAmount === null ? undefined : refundAmount.toFixed(2),
        reason: 'console refund',
      });
      void message.success(t('payments.refundDone', { amount: done.amount }));
      setRefunding(null);
      orders.reload();
    } catch (caught) {
      setRefundError(errorMessage(caught));
    }
  };

  return (
    <Flex vertical gap={16}>
      {settings.error !== null && <ErrorAlert error={settings.error} onRetry={settings.reload} />}
      <Flex gap={16} wrap>
        {(settings.data ?? []).map((view) => (
          <Card
            key={view.provider}
            size="small"
            title={t(`payments.providers.${view.provider}`)}
            style={{ minWidth: 300, flex: 1 }}
          >
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('payments.enabled')}>
                {view.enabled ? <Tag color="green">{t('dashboard.yes')}</Tag> : <Tag>{t('dashboard.no')}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('payments.source')}>
                {view.source ? t(`payments.sources.${view.source}`) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('payments.callbackUrl')}>
                <Typography.Text copyable={Boolean(view.callbackUrl)}>
                  {view.callbackUrl ?? t('payments.noPublicUrl')}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            <SettingsEditor view={view} onSaved={settings.reload} />
          </Card>
        ))}
      </Flex>
      <Card size="small" title={t('payments.allOrders')}>
        <Input.Search
          allowClear
          placeholder={t('payments.searchPlaceholder')}
          onSearch={(value) => setSearch(value.trim())}
          style={{ maxWidth: 420, marginBottom: 12 }}
        />
        {orders.error !== null && <ErrorAlert error={orders.error} onRetry={orders.reload} />}
        <Table<PaymentOrder>
          size="small"
          rowKey="id"
          loading={orders.loading}
          dataSource={orders.data ?? []}
          columns={[
            {
              title: 'ID',
              dataIndex: 'id',
              render: (value: string) => <Typography.Text code>{value}</Typography.Text>,
            },
            { title: t('payments.organization'), dataIndex: 'orgId' },
            {
              title: t('payments.provider'),
              dataIndex: 'provider',
              render: (value: string) => t(`payments.providers.${value}`),
            },
            { title: t('payments.amount'), render: (_, order) => `${order.amount} ${order.currency}` },
            {
              title: t('payments.state'),
              dataIndex: 'state',
              render: (value: string, order) => (
                <>
                  <Tag color={orderStateColors[value]}>{t(`payments.states.${value}`)}</Tag>
                  {order.paidLate && <Tag color="orange">{t('payments.paidLate')}</Tag>}
                </>
              ),
            },
            { title: t('payments.refunded'), dataIndex: 'refunded' },
            { title: t('payments.refundable'), dataIndex: 'refundable' },
            {
              title: '',
              render: (_, order) => (
                <Button
                  size="small"
                  disabled={Number(order.refundable) <= 0}
                  onClick={() => {
                    setRefunding(order);
                    setRefundAmount(Number(order.refundable));
                    setRefundError(null);
                  }}
                >
                  {t('payments.refund')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={refunding !== null}
        title={t('payments.refund')}
        onCancel={() => setRefunding(null)}
        onOk={() => void refund()}
      >
        {refunding && (
          <Flex vertical gap={8}>
            <Typography.Text>
              {t('payments.refundableHint', { amount: refunding.refundable, currency: refunding.currency })}
            </Typography.Text>
            <InputNumber
              aria-label={t('payments.amount')}
              min={0.01}
              max={Number(refunding.refundable)}
              precision={2}
              value={refundAmount}
              onChange={(value) => setRefundAmount(value)}
            />
            {refundError && <Alert type="error" showIcon message={refundError} />}
          </Flex>
        )}
      </Modal>
    </Flex>
  );
}
