import { ReloadOutlined } from '@ant-design/icons';
import { Button, Flex, Segmented, Skeleton, Space } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { AccountSummary } from './account-summary.tsx';
import { LowBalanceNotice } from '../billing/low-balance-notice.tsx';
import { OnboardingChecklist } from './onboarding-checklist.tsx';
import { RecentErrors } from './recent-errors.tsx';
import { aggregateUsage, type Dimension, type RangeName } from './usage-aggregation.ts';
import { UsageCharts } from './usage-charts.tsx';
import { useDashboardData } from './use-dashboard-data.ts';

export default function DashboardPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<RangeName>('24h');
  const [dimension, setDimension] = useState<Dimension>('model');
  const { data, usageError, accountError, loading, reload } = useDashboardData(range);

  const nameOf = useCallback(
    (keyId: string | null) => {
      if (keyId === null) return t('dashboard.consoleSession');
      const key = data?.keys.find((candidate) => candidate.id === keyId);
      return key ? `${key.name} (${key.prefix}…)` : keyId;
    },
    [data, t],
  );
  const summary = useMemo(
    () => (data ? aggregateUsage(data.usage, { ...data.window, dimension, nameOf }) : null),
    [data, dimension, nameOf],
  );

  return (
    <>
      <PageHeader
        title={t('dashboard.title')}
        subtitle={t('dashboard.subtitle')}
        extra={
          <Space wrap>
            <Segmented<RangeName>
              aria-label={t('dashboard.range')}
              value={range}
              onChange={setRange}
              options={[
                { value: '24h', label: t('dashboard.ranges.24h') },
                { value: '7d', label: t('dashboard.ranges.7d') },
                { value: '30d', label: t('dashboard.ranges.30d') },
              ]}
            />
            <Segmented<Dimension>
              aria-label={t('dashboard.groupBy')}
              value={dimension}
              onChange={setDimension}
              options={[
                { value: 'model', label: t('dashboard.byModel') },
                { value: 'key', label: t('dashboard.byKey') },
              ]}
            />
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('dashboard.refresh')} />
          </Space>
        }
      />
      {!data || !summary ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Flex vertical gap={16}>
          {accountError !== null && <ErrorAlert error={accountError} onRetry={reload} />}
          <LowBalanceNotice />
          <OnboardingChecklist
            keys={data.keys.filter((key) => key.revokedAt === null).length}
            balance={Number(data.balance?.balance ?? 0)}
            spentTotal={Number(data.balance?.spentTotal ?? 0)}
          />
          <AccountSummary balance={data.balance} plan={data.plan} summary={summary} />
          {usageError !== null ? (
            <ErrorAlert error={usageError} onRetry={reload} />
          ) : (
            <UsageCharts summary={summary} bucketMs={data.window.bucketMs} currency={data.balance?.currency ?? 'CNY'} />
          )}
          <RecentErrors usage={data.usage} from={data.window.from} nameOf={nameOf} />
        </Flex>
      )}
    </>
  );
}
