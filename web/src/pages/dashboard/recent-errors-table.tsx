import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export interface RecentError {
  requestId: string;
  createdAt: number;
  model: string;
  keyId: string | null;
  status: string;
  /** The HTTP status the client got (absent on usage records). */
  httpStatus?: number;
  errorCode: string | null;
}

/** The recent errors as a table (its own chunk: Ant Design's Table is fetched when the card is in view). */
export default function RecentErrorsTable({
  failures,
  loading,
  nameOf,
}: {
  failures: readonly RecentError[];
  loading: boolean;
  nameOf(keyId: string | null): string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Table<RecentError>
      size="small"
      rowKey={(row) => `${row.requestId}:${row.model}`}
      dataSource={failures as RecentError[]}
      loading={loading}
      pagination={false}
      locale={{ emptyText: t('dashboard.noErrors') }}
      scroll={{ x: true }}
      columns={[
        {
          title: t('dashboard.time'),
          dataIndex: 'createdAt',
          render: (time: number) => new Date(time).toLocaleString(i18n.language),
        },
        { title: t('playground.model'), dataIndex: 'model', render: (model: string) => model || '—' },
        {
          title: t('apiKeys.key'),
          dataIndex: 'keyId',
          render: (keyId: string | null, row) =>
            keyId === null && row.httpStatus === 401 ? t('dashboard.noValidKey') : nameOf(keyId),
        },
        {
          title: t('apiKeys.status'),
          dataIndex: 'status',
          render: (status: string, row) => {
            const label = t(`requestLog.statuses.${status}`, { defaultValue: status });
            return <Tag color="red">{row.httpStatus ? `${label} · ${row.httpStatus}` : label}</Tag>;
          },
        },
        { title: t('dashboard.errorCode'), dataIndex: 'errorCode', render: (code: string | null) => code ?? '—' },
        {
          title: t('playground.statsRequestId'),
          dataIndex: 'requestId',
          render: (id: string) => <Typography.Text copyable>{id}</Typography.Text>,
        },
      ]}
    />
  );
}
