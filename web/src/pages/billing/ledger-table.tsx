import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LedgerEntry } from '../../api/admin-billing-api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatMoney, formatSignedMoney } from '../../format/money.ts';

const kindColors: Record<string, string> = {
  top_up: 'green',
  redemption: 'cyan',
  grant: 'blue',
  refund: 'purple',
  adjustment: 'orange',
  usage_debit: 'default',
  package_purchase: 'gold',
  payment: 'green',
  payment_refund: 'magenta',
};

/** A ledger line's description in the reader's language (its code), or the operator's own note. */
export function describeEntry(
  entry: LedgerEntry,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  const code = entry.descriptionCode;
  if (!code) return entry.description;
  return t(`ledgerText.${code}`, {
    ...entry.descriptionParams,
    defaultValue: t(`billing.kinds.${entry.kind}`, { defaultValue: entry.description }),
  });
}

/** Every credit and debit of the balance, newest first. */
export function LedgerTable({
  entries,
  loading,
  error,
  onRetry,
  currency,
}: {
  currency: string;
  entries: LedgerEntry[];
  loading: boolean;
  error: unknown;
  onRetry(): void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" title={t('billing.ledger')}>
      {error !== null ? (
        <ErrorAlert error={error} onRetry={onRetry} />
      ) : (
        <Table<LedgerEntry>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={entries}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: true }}
          data-testid="ledger-table"
          columns={[
            {
              title: t('dashboard.time'),
              dataIndex: 'createdAt',
              render: (time: number) => new Date(time).toLocaleString(i18n.language),
            },
            {
              title: t('billing.kind'),
              dataIndex: 'kind',
              render: (kind: string) => (
                <Tag color={kindColors[kind] ?? 'default'}>{t(`billing.kinds.${kind}`, { defaultValue: kind })}</Tag>
              ),
            },
            {
              title: t('billing.amount'),
              dataIndex: 'amount',
              align: 'right',
              onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
              render: (amount: string) => (
                <Typography.Text type={amount.startsWith('-') ? undefined : 'success'}>
                  {formatSignedMoney(amount, currency, i18n.language)}
                </Typography.Text>
              ),
            },
            {
              title: t('billing.balanceAfter'),
              dataIndex: 'balanceAfter',
              align: 'right',
              onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
              render: (balance: string) => formatMoney(balance, currency, i18n.language),
            },
            {
              title: t('billing.description'),
              dataIndex: 'description',
              render: (_text: string, entry) => describeEntry(entry, t) || '—',
            },
          ]}
        />
      )}
    </Card>
  );
}
