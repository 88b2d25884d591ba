import { Alert, App, Button, Flex, Modal, QRCode, Radio, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { createPaymentOrder, fetchPaymentOffer, fetchPaymentOrder, type PaymentOrder } from '../../api/payments-api.ts';
import type { Package } from '../../api/signup-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';

const pollMs = 2000;

/**
 * Buys a package by online payment: choose a provider → QR code or payment page → live status;
 * the server activates the package when the order is credited (once, whatever the provider repeats).
 */
export function PackagePaymentModal({ item, onClose, onPaid }: { item: Package; onClose(): void; onPaid(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const offer = useApiResource((signal) => fetchPaymentOffer(signal), []);
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
            void message.success(t('packages.bought', { name: item.name }));
            onPaid();
          }
        })
        .catch(() => undefined);
    }, pollMs);
    return () => clearInterval(timer);
  }, [order?.id, order?.state]);

  const pay = async () => {
    if (!chosen) return;
    setSubmitting(true);
    setError(null);
    try {
      setOrder(
        await createPaymentOrder({
          provider: chosen as PaymentOrder['provider'],
          packageId: item.id,
          idempotencyKey: `console-package-${crypto.randomUUID()}`,
        }),
      );
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open
      title={t('packages.payOnlineTitle', { name: item.name })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      {order ? (
        <Flex vertical gap={12} align="center" data-testid="package-order">
          <Typography.Text>
            {t('payments.orderFor', { amount: order.amount, currency: order.currency })}{' '}
            <Typography.Text code>{order.id}</Typography.Text>
          </Typography.Text>
          {order.state === 'created' && order.checkout?.kind === 'qr' && (
            <>
              <QRCode value={order.checkout.qrCode} />
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
            data-testid="package-order-status"
            message={order.state === 'credited' ? t('packages.activated') : t(`payments.states.${order.state}`)}
          />
        </Flex>
      ) : providers.length === 0 && offer.data ? (
        <Typography.Text type="secondary">{t('payments.notAvailable')}</Typography.Text>
      ) : (
        <Flex vertical gap={12}>
          <Typography.Text>
            {t('packages.price')}: <Typography.Text strong>{item.price}</Typography.Text> {offer.data?.currency}
          </Typography.Text>
          <Radio.Group value={chosen} onChange={(event) => setProvider(event.target.value as string)}>
            {providers.map((name) => (
              <Radio.Button key={name} value={name}>
                {t(`payments.providers.${name}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
          {error && <Alert type="error" showIcon message={error} />}
          <Button type="primary" onClick={() => void pay()} loading={submitting || offer.loading} disabled={!chosen}>
            {t('payments.pay')}
          </Button>
        </Flex>
      )}
    </Modal>
  );
}
