import { Button, Descriptions, Flex, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getRequest, listRequestLog, type RequestLogEntry, type RequestLogFilter } from '../../api/request-log-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { fetchBalance } from '../../api/admin-usage-api.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { useMoney } from '../../format/money.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequestLogFilters } from './request-log-filters.tsx';

const pageSize = 50;

const statusColor: Record<string, string> = {
  completed: 'green',
  client_disconnected: 'default',
  failed_midway: 'orange',
  failed: 'red',
  refused: 'volcano',
};

/**
 * The request log: every API request with its outcome, newest first. Organizations see their own
 * requests; the operator sees all, with channel, deployments tried and upstream cost.
 */
export default function RequestLogPage() {
  const { t, i18n } = useTranslation();
  const operator = useAuth().state?.user?.operator === true;
  const [filter, setFilter] = useState<RequestLogFilter>({});
  const [older, setOlder] = useState<RequestLogEntry[]>([]);
  const [more, setMore] = useState(false);
  const first = useApiResource((signal) => listRequestLog({ ...filter, limit: pageSize }, signal), [filter]);
  const inCurrency = useBillingMoney();
  useEffect(() => setOlder([]), [filter]);
  if (first.error !== null) return <ErrorAlert error={first.error} onRetry={first.reload} />;
  const rows = [...(first.data ?? []), ...older];
  const loadMore = async () => {
    const last = rows.at(-1);
    if (!last) return;
    setMore(true);
    try {
      setOlder([...older, ...(await listRequestLog({ ...filter, limit: pageSize, before: last.id }))]);
    } finally {
      setMore(false);
    }
  };
  const time = (at: number) => new Date(at).toLocaleString(i18n.language);
  return (
    <>
      <PageHeader title={t('requestLog.title')} subtitle={t('requestLog.subtitle')} />
      <RequestLogFilters operator={operator} onApply={setFilter} />
      <Table<RequestLogEntry>
        size="small"
        rowKey="id"
        data-testid="request-log-table"
        loading={first.loading && !first.data}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('requestLog.empty') }}
        expandable={{ expandedRowRender: (row) => <RequestDetail entry={row} operator={operator} /> }}
        columns={[
          { title: t('requestLog.time'), dataIndex: 'createdAt', render: time },
          { title: t('requestLog.model'), dataIndex: 'model' },
          {
            title: t('requestLog.status'),
            dataIndex: 'status',
            render: (status: string, row) => (
              <Tag color={statusColor[status] ?? 'default'}>
                {t(`requestLog.statuses.${status}`)} · {row.httpStatus}
              </Tag>
            ),
          },
          { title: t('requestLog.errorCode'), dataIndex: 'errorCode', render: (code: string | null) => code ?? '—' },
          ...(operator
            ? [
                {
                  title: t('requestLog.organization'),
                  dataIndex: 'orgName',
                  render: (name: string | null, row: RequestLogEntry) =>
                    row.orgId ? <span title={row.orgId}>{name ?? row.orgId}</span> : '—',
                },
                { title: t('requestLog.channel'), dataIndex: 'channel', render: (name?: string | null) => name ?? '—' },
              ]
            : []),
          {
            title: t('requestLog.tokens'),
            key: 'tokens',
            render: (_value, row) => `${row.promptTokens} + ${row.completionTokens}`,
          },
          { title: t('requestLog.price'), dataIndex: 'price', render: inCurrency },
          { title: t('requestLog.latency'), dataIndex: 'latencyMs', render: (ms: number) => `${ms} ms` },
        ]}
      />
      <Flex justify="center" style={{ marginTop: 12 }}>
        {rows.length >= pageSize && (
          <Button onClick={() => void loadMore()} loading={more}>
            {t('requestLog.more')}
          </Button>
        )}
      </Flex>
    </>
  );
}

/** One request in full: ids, timing, attempts, tokens, money and (when kept) the bodies. */
function RequestDetail({ entry, operator }: { entry: RequestLogEntry; operator: boolean }) {
  const { t } = useTranslation();
  const inCurrency = useBillingMoney();
  const full = useApiResource((signal) => getRequest(entry.requestId, signal), [entry.requestId]);
  const withBodies = full.data?.find((row) => row.id === entry.id) ?? entry;
  const items = [
    {
      key: 'request',
      label: t('requestLog.requestId'),
      children: <Typography.Text copyable>{entry.requestId}</Typography.Text>,
    },
    { key: 'client', label: t('requestLog.clientRequestId'), children: entry.clientRequestId ?? '—' },
    { key: 'key', label: t('requestLog.key'), children: entry.keyId ?? '—' },
    { key: 'endpoint', label: t('requestLog.endpoint'), children: entry.endpoint },
    { key: 'ttft', label: t('requestLog.ttft'), children: entry.ttftMs === null ? '—' : `${entry.ttftMs} ms` },
    { key: 'attempts', label: t('requestLog.attempts'), children: entry.attempts },
    {
      key: 'tokens',
      label: t('requestLog.tokenDetail'),
      children: `${entry.promptTokens} / ${entry.cachedTokens} / ${entry.completionTokens} / ${entry.reasoningTokens}`,
    },
    { key: 'charged', label: t('requestLog.charged'), children: inCurrency(entry.charged ?? null) },
    { key: 'ip', label: t('requestLog.clientIp'), children: entry.clientIp ?? '—' },
    { key: 'detail', label: t('requestLog.errorDetail'), children: entry.errorDetail ?? '—' },
    ...(operator
      ? [
          {
            key: 'deployments',
            label: t('requestLog.deploymentsTried'),
            children: (entry.deploymentsTried ?? []).join(' → ') || '—',
          },
          { key: 'upstream', label: t('requestLog.upstreamCost'), children: inCurrency(entry.upstreamCost ?? null) },
        ]
      : []),
  ];
  return (
    <>
      <Descriptions size="small" column={2} items={items} />
      {(withBodies.requestBody || withBodies.responseBody) && (
        <Flex vertical gap={8} style={{ marginTop: 8 }}>
          <Typography.Text strong>{t('requestLog.requestBody')}</Typography.Text>
          <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{withBodies.requestBody ?? '—'}</pre>
          <Typography.Text strong>{t('requestLog.responseBody')}</Typography.Text>
          <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{withBodies.responseBody ?? '—'}</pre>
        </Flex>
      )}
    </>
  );
}

/** Prices of the log in the one money format, in the billing currency (that of the balance). */
function useBillingMoney(): (amount: string | null) => string {
  const balance = useApiResource((signal) => fetchBalance(signal), []);
  const money = useMoney();
  const currency = balance.data?.currency;
  return (amount) => (amount === null ? '—' : currency ? money(amount, currency) : amount);
}
