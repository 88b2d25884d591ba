import { App, Button, Card, Checkbox, Empty, List, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { listPackages, listSubscriptions, purchasePackage, type Package } from '../../api/signup-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PackagePaymentModal } from './package-payment-modal.tsx';

/** Packages on sale (bought from the balance) and the organization's own packages. */
export function PackagesCard({ onPurchased }: { onPurchased(): void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const packages = useApiResource((signal) => listPackages(signal), []);
  const subscriptions = useApiResource((signal) => listSubscriptions(signal), []);
  const [autoRenew, setAutoRenew] = useState<Record<string, boolean>>({});
  const [buying, setBuying] = useState<string | null>(null);
  const [payingOnline, setPayingOnline] = useState<Package | null>(null);

  const buy = async (item: Package) => {
    setBuying(item.id);
    try {
      await purchasePackage({ packageId: item.id, autoRenew: autoRenew[item.id] ?? false });
      void message.success(t('packages.bought', { name: item.name }));
      subscriptions.reload();
      onPurchased();
    } catch (caught) {
      void message.error(errorMessage(caught));
    } finally {
      setBuying(null);
    }
  };

  const includes = (item: Package) =>
    [
      item.tokens > 0 ? t('packages.tokens', { count: item.tokens }) : null,
      item.creditNano > 0 ? t('packages.credit', { amount: item.credit }) : null,
      item.planId ? t('packages.plan', { plan: item.planId }) : null,
    ]
      .filter(Boolean)
      .join(' · ');

  return (
    <Card size="small" title={t('packages.title')} data-testid="packages-card">
      {payingOnline && (
        <PackagePaymentModal
          item={payingOnline}
          onClose={() => setPayingOnline(null)}
          onPaid={() => {
            subscriptions.reload();
            onPurchased();
          }}
        />
      )}
      <Typography.Paragraph type="secondary">{t('packages.subtitle')}</Typography.Paragraph>
      {packages.error !== null && <ErrorAlert error={packages.error} onRetry={packages.reload} />}
      <List
        loading={packages.loading}
        dataSource={packages.data ?? []}
        locale={{ emptyText: <Empty description={t('packages.none')} /> }}
        renderItem={(item) => (
          <List.Item
            actions={[
              <Checkbox
                key="renew"
                checked={autoRenew[item.id] ?? false}
                onChange={(event) => setAutoRenew((current) => ({ ...current, [item.id]: event.target.checked }))}
              >
                {t('packages.autoRenew')}
              </Checkbox>,
              <Button key="buy" type="primary" loading={buying === item.id} onClick={() => void buy(item)}>
                {t('packages.buy')} {item.price}
              </Button>,
              <Button key="pay-online" onClick={() => setPayingOnline(item)}>
                {t('packages.payOnline')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={item.name}
              description={
                <Space wrap>
                  <span>{includes(item)}</span>
                  <Tag>{t('packages.validity', { days: item.validityDays })}</Tag>
                  <span>{item.models.length > 0 ? item.models.join(', ') : t('packages.allModels')}</span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
      <Typography.Title level={5}>{t('packages.subscriptions')}</Typography.Title>
      <Table
        size="small"
        rowKey="id"
        loading={subscriptions.loading}
        dataSource={subscriptions.data ?? []}
        pagination={false}
        columns={[
          { title: t('packages.name'), dataIndex: 'packageName' },
          {
            title: t('packages.left'),
            render: (_, row) =>
              [
                row.tokensLeft > 0 ? t('packages.tokens', { count: row.tokensLeft }) : null,
                row.creditLeftNano > 0 ? row.creditLeft : null,
              ]
                .filter(Boolean)
                .join(' · ') || '0',
          },
          {
            title: t('packages.expires'),
            dataIndex: 'expiresAt',
            render: (value: number) => new Date(value).toLocaleString(i18n.language),
          },
          {
            title: t('packages.state'),
            dataIndex: 'state',
            render: (value: 'active' | 'expired' | 'used_up') => <Tag>{t(`packages.states.${value}`)}</Tag>,
          },
        ]}
      />
    </Card>
  );
}
