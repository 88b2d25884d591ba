import { Alert, App, Button, Card, Flex, InputNumber, QRCode, Radio, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { createPaymentOrder, fetchPaymentOffer, fetchPaymentOrder, type PaymentOrder } from '../../api/payments-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';

const presets = [10, 50, 100, 500];
const pollMs = 2000;

/** Online top-up: choose an amount and a provider → QR code or payment page → live status until credited. */
export function TopUpCard({ onCredited, onCreated }: { onCredited(): void; onCreated?(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const offer = useApiResource((signal) => fetchPaymentOffer(signal), []);
  const [amount, setAmount] = useState<number | null>(50);
  const [provider, setProvider] = useState<string | null>(null);
  const [order, setOrder] = useState<PaymentOrder | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const providers = offer.data?.providers ?? [];
  const chosen = provider ?? providers[0] ?? null;

  useEffect(() => {
    if (!order || order.state !== 'created') return;
    const timer = setInterval(() => {
      fetchPaymentOrder(order.id)
        .then((next) => {
          if (next.state === order.state) return;
          setOrder(next);
          if (next.state === 'credited') {
            void message.success(t('payments.credited', { amount: next.amount, currency: next.currency }));
            onCredited();
          }
        })
        .catch(() => undefined);
    }, pollMs);
    return () => clearInterval(timer);
  }, [order?.id, order?.state]);

  const pay = async () => {
    if (!chosen || !amount) return;
    setSubmitting(true);
    setError(null);
    try {
      setOrder(
        await createPaymentOrder({
          provider: chosen as PaymentOrder['provider'],
          amount: amount.toFixed(2),
          idempotencyKey: `console-${crypto.randomUUID()}`,
        }),
      );
      onCreated?.();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };

  if (offer.data && providers.length === 0) {
    return (
      <Card size="small" title={t('payments.topUp')} style={{ height: '100%' }}>
        <Typography.Text type="secondary">{t('payments.notAvailable')}</Typography.Text>
      </Card>
    );
  }

  return (
    <Card size="small" title={t('payments.topUp')} loading={offer.loading && !offer.data} style={{ height: '100%' }}>
      {order ? (
        <Flex vertical gap={12} align="center" data-testid="top-up-order">
          <Typography.Text>
            {t('payments.orderFor', { amount: order.amount, currency: order.currency })}{' '}
            <Typography.Text code>{order.id}</Typography.Text>
          </Typography.Text>
          {order.state === 'created' && order.checkout?.kind === 'qr' && (
            <>
              <QRCode value={order.checkout.qrCode} data-testid="top-up-qr" />
              <Typography.Text type="secondary">{t(`payments.scanWith.${order.provider}`)}</Typography.Text>
            </>
          )}
          {order.state === 'created' && order.checkout?.kind === 'redirect' && (
            <Button type="primary" href={order.checkout.url} target="_blank" rel="noreferrer">
              {t('payments.openPaymentPage')}
            </Button>
          )}
          <Alert
            type={order.state === 'credited' ? 'success' : order.state === 'created' ? 'info' : 'warning'}
            showIcon
            data-testid="top-up-status"
            message={t(`payments.states.${order.state}`)}
          />
          <Button onClick={() => setOrder(null)}>{t('payments.newTopUp')}</Button>
        </Flex>
      ) : (
        <Flex vertical gap={12}>
          <Space wrap>
            {presets.map((preset) => (
              <Button key={preset} type={amount === preset ? 'primary' : 'default'} onClick={() => setAmount(preset)}>
                {preset}
              </Button>
            ))}
            <InputNumber
              aria-label={t('payments.amount')}
              min={Number(offer.data?.minAmount ?? 1)}
              max={Number(offer.data?.maxAmount ?? 50000)}
              precision={2}
              value={amount}
              onChange={(value) => setAmount(value)}
              addonAfter={offer.data?.currency}
            />
          </Space>
          <Radio.Group value={chosen} onChange={(event) => setProvider(event.target.value as string)}>
            {providers.map((name) => (
              <Radio.Button key={name} value={name}>
                {t(`payments.providers.${name}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
          {error && <Alert type="error" showIcon message={error} />}
          <Button type="primary" onClick={() => void pay()} loading={submitting} disabled={!amount || !chosen}>
            {t('payments.pay')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
