import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UsageRecord } from '../../api/admin-usage-api.ts';
import { listRequestLog } from '../../api/request-log-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { isFailure } from './usage-aggregation.ts';

interface RecentError {
  requestId: string;
  createdAt: number;
  model: string;
  keyId: string | null;
  status: string;
  /** The HTTP status the client got (absent on usage records). */
  httpStatus?: number;
  errorCode: string | null;
}

/**
 * The latest failed requests of the range, from the request log: refusals (400, 401, 402, 403,
 * 429) as well as upstream failures. A 401 carries no key (the credential was not valid): it reads
 * "no valid key", not the console session. Where the log cannot be read (switched off), the failed usage records.
 */
export function RecentErrors({
  usage,
  from,
  nameOf,
}: {
  usage: readonly UsageRecord[];
  /** Start of the range (epoch ms); a new value (a reload) reads the log again. */
  from: number;
  nameOf(keyId: string | null): string;
}) {
  const { t, i18n } = useTranslation();
  const logged = useApiResource((signal) => listRequestLog({ errorsOnly: true, from, limit: 20 }, signal), [from]);
  const failures: readonly RecentError[] = logged.error ? usage.filter(isFailure).slice(0, 20) : (logged.data ?? []);
  return (
    <Card size="small" title={t('dashboard.recentErrors')} data-testid="recent-errors">
      <Table<RecentError>
        size="small"
        rowKey={(row) => `${row.requestId}:${row.model}`}
        dataSource={failures as RecentError[]}
        loading={logged.loading && !logged.data && !logged.error}
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
    </Card>
  );
}
