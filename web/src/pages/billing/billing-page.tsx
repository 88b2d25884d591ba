import { Card, Col, Descriptions, Flex, Row, Statistic, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listLedger } from '../../api/admin-billing-api.ts';
import { fetchBalance, listPlans } from '../../api/admin-usage-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatMoney } from '../../format/money.ts';
import { LedgerTable } from './ledger-table.tsx';
import { LowBalanceNotice, LowBalanceSettings } from './low-balance-notice.tsx';
import { MonthlyStatementCard } from './monthly-statement-card.tsx';
import { PaymentOrdersCard } from './payment-orders-card.tsx';
import { RedeemCodeCard } from './redeem-code-card.tsx';
import { TopUpCard } from './top-up-card.tsx';
import { UsageExportCard } from './usage-export-card.tsx';
import { InvitationCard } from './invitation-card.tsx';
import { PackagesCard } from './packages-card.tsx';

export default function BillingPage() {
  const { t, i18n } = useTranslation();
  const orgId = useAuth().state?.user?.orgId ?? '';
  const account = useApiResource(async (signal) => {
    const [balance, plans] = await Promise.all([fetchBalance(signal), listPlans(signal)]);
    return { balance, plan: plans.find((plan) => plan.id === balance.planId) ?? null };
  }, []);
  const ledger = useApiResource((signal) => listLedger(orgId, signal), [orgId]);
  const balance = account.data?.balance;
  const plan = account.data?.plan;

  const [version, setVersion] = useState(0);
  const reloadAll = () => {
    account.reload();
    ledger.reload();
    setVersion((value) => value + 1);
  };

  return (
    <>
      <PageHeader title={t('billing.title')} subtitle={t('billing.subtitle')} />
      {account.error !== null && <ErrorAlert error={account.error} onRetry={account.reload} />}
      <div style={{ marginBottom: 16 }}>
        <LowBalanceNotice key={version} />
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card size="small" loading={account.loading && !balance} style={{ height: '100%' }}>
            <Statistic
              title={t('dashboard.balance')}
              value={balance ? formatMoney(balance.balance, balance.currency, i18n.language) : '—'}
              data-testid="billing-balance"
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" loading={account.loading && !balance} style={{ height: '100%' }}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('dashboard.plan')}>
                {plan?.name ?? balance?.planId ?? '—'} {balance?.level && <Tag>{balance.level}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('billing.payAsYouGo')}>
                {plan ? (plan.payAsYouGo ? t('dashboard.yes') : t('dashboard.no')) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('dashboard.spentTotal')}>
                {balance ? formatMoney(balance.spentTotal, balance.currency, i18n.language) : '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <RedeemCodeCard onRedeemed={reloadAll} />
        </Col>
        <Col xs={24} xl={12}>
          <TopUpCard onCredited={reloadAll} onCreated={() => setVersion((value) => value + 1)} />
        </Col>
        <Col xs={24} xl={12}>
          <PaymentOrdersCard version={version} />
        </Col>
        <Col xs={24} xl={16}>
          <PackagesCard onPurchased={reloadAll} />
        </Col>
        <Col xs={24} xl={8}>
          <InvitationCard currency={balance?.currency} />
        </Col>
        <Col xs={24} xl={16}>
          <LedgerTable
            currency={balance?.currency ?? 'CNY'}
            entries={ledger.data ?? []}
            loading={ledger.loading}
            error={ledger.error}
            onRetry={ledger.reload}
          />
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <LowBalanceSettings />
            <UsageExportCard />
          </Flex>
        </Col>
        <Col span={24}>{orgId && <MonthlyStatementCard orgId={orgId} version={version} />}</Col>
      </Row>
    </>
  );
}
