import { Alert, App, Button, Flex, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Package } from '../../api/signup-api.ts';
import { CheckoutStatus, ProviderChoice, usePaymentCheckout } from './payment-checkout.tsx';

/**
 * Buys a package by online payment: choose a provider → QR code or payment page → live status;
 * the server activates the package when the order is credited (once, whatever the provider repeats).
 */
export function PackagePaymentModal({ item, onClose, onPaid }: { item: Package; onClose(): void; onPaid(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const checkout = usePaymentCheckout(() => {
    void message.success(t('packages.bought', { name: item.name }));
    onPaid();
  });
  const { offer, providers, chosen, order } = checkout;

  return (
    <Modal
      open
      title={t('packages.payOnlineTitle', { name: item.name })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      {order ? (
        <CheckoutStatus order={order} testIds="package" creditedMessage={t('packages.activated')} />
      ) : providers.length === 0 && offer.data ? (
        <Typography.Text type="secondary">{t('payments.notAvailable')}</Typography.Text>
      ) : (
        <Flex vertical gap={12}>
          <Typography.Text>
            {t('packages.price')}: <Typography.Text strong>{item.price}</Typography.Text> {offer.data?.currency}
          </Typography.Text>
          <ProviderChoice providers={providers} chosen={chosen} onChange={checkout.setProvider} />
          {checkout.error && <Alert type="error" showIcon message={checkout.error} />}
          <Button
            type="primary"
            onClick={() =>
              void checkout.pay({ packageId: item.id, idempotencyKey: `console-package-${crypto.randomUUID()}` })
            }
            loading={checkout.submitting || offer.loading}
            disabled={!chosen}
          >
            {t('payments.pay')}
          </Button>
        </Flex>
      )}
    </Modal>
  );
}
