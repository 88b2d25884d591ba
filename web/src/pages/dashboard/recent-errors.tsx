import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UsageRecord } from '../../api/admin-usage-api.ts';
import { isFailure } from './usage-aggregation.ts';

/** The latest failed requests of the range (status and error code as the server recorded them). */
export function RecentErrors({
  usage,
  nameOf,
}: {
  usage: readonly UsageRecord[];
  nameOf(keyId: string | null): string;
}) {
  const { t, i18n } = useTranslation();
  const failures = usage.filter(isFailure).slice(0, 20);
  return (
    <Card size="small" title={t('dashboard.recentErrors')}>
      <Table<UsageRecord>
        size="small"
        rowKey="requestId"
        dataSource={failures}
        pagination={false}
        locale={{ emptyText: t('dashboard.noErrors') }}
        scroll={{ x: true }}
        columns={[
          {
            title: t('dashboard.time'),
            dataIndex: 'createdAt',
            render: (time: number) => new Date(time).toLocaleString(i18n.language),
          },
          { title: t('playground.model'), dataIndex: 'model' },
          { title: t('apiKeys.key'), dataIndex: 'keyId', render: (keyId: string | null) => nameOf(keyId) },
          {
            title: t('apiKeys.status'),
            dataIndex: 'status',
            render: (status: string) => <Tag color="red">{status}</Tag>,
          },
          { title: t('dashboard.errorCode'), dataIndex: 'errorCode', render: (code: string | null) => code ?? '—' },
          {
            title: t('playground.statsRequestId'),
            dataIndex: 'requestId',
            render: (id: string) => <Typography.Text copyable>{id}</Typography.Text>,
          },
        ]}
      />
    </Card>
  );
}
