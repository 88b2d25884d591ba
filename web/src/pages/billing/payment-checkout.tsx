import { Alert, App, Button, Flex, QRCode, Radio, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import type { CreatePaymentOrderInput } from '@kaiyuan/api-contract/payments.ts';
import { createPaymentOrder, fetchPaymentOffer, fetchPaymentOrder, type PaymentOrder } from '../../api/payments-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';

const pollMs = 2000;

/**
 * One online payment from the console: the offer (providers, limits), the chosen provider, the
 * order once created and its live state, polled until it leaves `created`. `onCredited` runs once
 * when the order is credited.
 */
export function usePaymentCheckout(onCredited: (order: PaymentOrder) => void) {
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
          if (next.state === 'credited') onCredited(next);
        })
        .catch(() => undefined);
    }, pollMs);
    return () => clearInterval(timer);
  }, [order?.id, order?.state]);

  /** Creates the order with the chosen provider; true when it was created. */
  const pay = async (request: Omit<CreatePaymentOrderInput, 'provider'>): Promise<boolean> => {
    if (!chosen) return false;
    setSubmitting(true);
    setError(null);
    try {
      setOrder(await createPaymentOrder({ ...request, provider: chosen as PaymentOrder['provider'] }));
      return true;
    } catch (caught) {
      setError(errorMessage(caught));
      return false;
    } finally {
      setSubmitting(false);
    }
  };

  return { offer, providers, chosen, setProvider, order, setOrder, error, submitting, pay };
}

/** The providers to pay with, as a button group. */
export function ProviderChoice({
  providers,
  chosen,
  onChange,
}: {
  providers: string[];
  chosen: string | null;
  onChange(provider: string): void;
}) {
  const { t } = useTranslation();
  return (
    <Radio.Group value={chosen} onChange={(event) => onChange(event.target.value as string)}>
      {providers.map((name) => (
        <Radio.Button key={name} value={name}>
          {t(`payments.providers.${name}`)}
        </Radio.Button>
      ))}
    </Radio.Group>
  );
}

/** An order being paid: its amount and id, the QR code or the payment page's link, its live state. */
export function CheckoutStatus({
  order,
  testIds,
  creditedMessage,
  children,
}: {
  order: PaymentOrder;
  /** `<testIds>-order`, `<testIds>-qr` and `<testIds>-status` mark the parts. */
  testIds: string;
  /** Shown instead of the state's own text once the order is credited. */
  creditedMessage?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={12} align="center" data-testid={`${testIds}-order`}>
      <Typography.Text>
        {t('payments.orderFor', { amount: order.amount, currency: order.currency })}{' '}
        <Typography.Text code>{order.id}</Typography.Text>
      </Typography.Text>
      {order.state === 'created' && order.checkout?.kind === 'qr' && (
        <>
          <QRCode value={order.checkout.qrCode} data-testid={`${testIds}-qr`} />
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
        data-testid={`${testIds}-status`}
        message={order.state === 'credited' && creditedMessage ? creditedMessage : t(`payments.states.${order.state}`)}
      />
      {children}
    </Flex>
  );
}
