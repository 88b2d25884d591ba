import { Alert, App, Button, Card, Flex, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckoutStatus, ProviderChoice, usePaymentCheckout } from './payment-checkout.tsx';

const presets = [10, 50, 100, 500];

/** Online top-up: choose an amount and a provider → QR code or payment page → live status until credited. */
export function TopUpCard({ onCredited, onCreated }: { onCredited(): void; onCreated?(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [amount, setAmount] = useState<number | null>(50);
  const checkout = usePaymentCheckout((credited) => {
    void message.success(t('payments.credited', { amount: credited.amount, currency: credited.currency }));
    onCredited();
  });
  const { offer, providers, chosen, order } = checkout;

  const pay = async () => {
    if (!amount) return;
    const created = await checkout.pay({
      amount: amount.toFixed(2),
      idempotencyKey: `console-${crypto.randomUUID()}`,
    });
    if (created) onCreated?.();
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
        <CheckoutStatus order={order} testIds="top-up">
          <Button onClick={() => checkout.setOrder(null)}>{t('payments.newTopUp')}</Button>
        </CheckoutStatus>
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
          <ProviderChoice providers={providers} chosen={chosen} onChange={checkout.setProvider} />
          {checkout.error && <Alert type="error" showIcon message={checkout.error} />}
          <Button type="primary" onClick={() => void pay()} loading={checkout.submitting} disabled={!amount || !chosen}>
            {t('payments.pay')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
