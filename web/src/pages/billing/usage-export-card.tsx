import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usageExportUrl } from '../../api/admin-billing-api.ts';

type Period = 'this-month' | 'last-month' | '90d';

function periodRange(period: Period, now = new Date()): { from: number; to: number } {
  const monthStart = (offset: number) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1);
  if (period === 'this-month') return { from: monthStart(0), to: monthStart(1) };
  if (period === 'last-month') return { from: monthStart(-1), to: monthStart(0) };
  return { from: now.getTime() - 90 * 86_400_000, to: now.getTime() };
}

/** Downloads the usage records of a period as CSV or JSON (one row per request). */
export function UsageExportCard() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<Period>('this-month');
  const range = periodRange(period);
  return (
    <Card size="small" title={t('billing.export')} style={{ height: '100%' }}>
      <Flex vertical gap={12}>
        <Segmented<Period>
          aria-label={t('dashboard.range')}
          value={period}
          onChange={setPeriod}
          options={[
            { value: 'this-month', label: t('billing.thisMonth') },
            { value: 'last-month', label: t('billing.lastMonth') },
            { value: '90d', label: t('billing.last90Days') },
          ]}
        />
        <Flex gap={8}>
          <Button icon={<DownloadOutlined />} href={usageExportUrl('csv', range)} download>
            CSV
          </Button>
          <Button icon={<DownloadOutlined />} href={usageExportUrl('json', range)} download>
            JSON
          </Button>
        </Flex>
        <Typography.Text type="secondary">{t('billing.exportHint')}</Typography.Text>
      </Flex>
    </Card>
  );
}
