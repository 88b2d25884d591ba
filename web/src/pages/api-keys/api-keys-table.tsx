import { Button, Card, Flex, Grid, List, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { keyStatus, type ApiKeyInfo, type KeyStatus, type KeyUsage } from '../../api/admin-keys-api.ts';
import { LastUsed, MonthSpend, RemainingQuota } from './key-usage-cells.tsx';

const statusColors: Record<KeyStatus, string> = {
  active: 'green',
  disabled: 'default',
  revoked: 'red',
  expired: 'orange',
};

interface Props {
  keys: ApiKeyInfo[];
  /** Per-key figures (absent while loading or when the usage cannot be read). */
  usage: ReadonlyMap<string, KeyUsage>;
  currency: string;
  loading: boolean;
  onEdit(key: ApiKeyInfo): void;
  onRevoke(key: ApiKeyInfo): Promise<void>;
}

/** The organization's keys: prefix only (the secret is never shown again), limits, models, status. */
export function ApiKeysTable({ keys, usage, currency, loading, onEdit, onRevoke }: Props) {
  const { t, i18n } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const date = (time: number | null) => (time === null ? '—' : new Date(time).toLocaleString(i18n.language));
  const columns: ColumnsType<ApiKeyInfo> = [
    {
      title: t('apiKeys.name'),
      dataIndex: 'name',
      key: 'name',
      // Wraps between words only ("production backend", not "prod-uctio-n").
      render: (name: string) => (
        <Typography.Text strong style={{ wordBreak: 'normal', minWidth: '8em', display: 'inline-block' }}>
          {name}
        </Typography.Text>
      ),
    },
    {
      title: t('apiKeys.key'),
      dataIndex: 'prefix',
      key: 'prefix',
      render: (prefix: string) => (
        <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{`${prefix}…`}</Typography.Text>
      ),
    },
    {
      title: t('apiKeys.allowedModels'),
      key: 'models',
      render: (_value, key) =>
        key.allowedModels.length === 0 ? (
          <Typography.Text type="secondary">{t('apiKeys.allModels')}</Typography.Text>
        ) : (
          <Flex wrap gap={4}>
            {key.allowedModels.map((model) => (
              <Tag key={model}>{model}</Tag>
            ))}
          </Flex>
        ),
    },
    {
      title: t('apiKeys.limits'),
      key: 'limits',
      render: (_value, key) => {
        const entries = Object.entries(key.limits).filter(([, value]) => typeof value === 'number');
        if (entries.length === 0) return <Typography.Text type="secondary">{t('apiKeys.planLimit')}</Typography.Text>;
        return (
          <Flex wrap gap={4}>
            {entries.map(([name, value]) => (
              <Tag key={name}>{`${name.toUpperCase()} ${value}`}</Tag>
            ))}
          </Flex>
        );
      },
    },
    {
      title: t('extra.lastUsed'),
      key: 'lastUsed',
      render: (_value, key) => <LastUsed usage={usage.get(key.id)} />,
    },
    {
      title: t('extra.spendThisMonth'),
      key: 'spend',
      align: 'right',
      onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      render: (_value, key) => <MonthSpend usage={usage.get(key.id)} currency={currency} />,
    },
    {
      title: t('extra.remainingToday'),
      key: 'remaining',
      render: (_value, key) => <RemainingQuota apiKey={key} usage={usage.get(key.id)} />,
    },
    {
      title: t('apiKeys.status'),
      key: 'status',
      render: (_value, key) => {
        const status = keyStatus(key);
        return <Tag color={statusColors[status]}>{t(`apiKeys.statuses.${status}`)}</Tag>;
      },
    },
    { title: t('apiKeys.created'), dataIndex: 'createdAt', key: 'created', render: (time: number) => date(time) },
    {
      title: t('apiKeys.expires'),
      dataIndex: 'expiresAt',
      key: 'expires',
      render: (time: number | null) => (time === null ? t('apiKeys.never') : date(time)),
    },
    {
      title: t('apiKeys.actions'),
      key: 'actions',
      render: (_value, key) =>
        key.revokedAt === null && (
          <Space>
            <Button size="small" onClick={() => onEdit(key)} aria-label={`${t('apiKeys.edit')}: ${key.name}`}>
              {t('apiKeys.edit')}
            </Button>
            <Popconfirm
              title={t('apiKeys.revokeConfirm', { name: key.name })}
              description={t('apiKeys.revokeDetail')}
              okText={t('apiKeys.revoke')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => onRevoke(key)}
            >
              <Button size="small" danger aria-label={`${t('apiKeys.revoke')}: ${key.name}`} data-testid="revoke-key">
                {t('apiKeys.revoke')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];
  if (narrow) {
    // At phone widths: one card per key, the figures stacked, the actions at the bottom.
    const actions = columns.find((column) => column.key === 'actions')!;
    return (
      <List<ApiKeyInfo>
        loading={loading}
        dataSource={keys}
        data-testid="api-keys-table"
        renderItem={(key, index) => {
          const status = keyStatus(key);
          return (
            <List.Item style={{ padding: '6px 0' }}>
              <Card size="small" style={{ width: '100%' }} role="row" aria-label={key.name}>
                <Flex justify="space-between" align="center" gap={8} wrap>
                  <Typography.Text strong>{key.name}</Typography.Text>
                  <Tag color={statusColors[status]}>{t(`apiKeys.statuses.${status}`)}</Tag>
                </Flex>
                <Typography.Text code>{`${key.prefix}…`}</Typography.Text>
                <dl className="key-card-figures">
                  <dt>{t('extra.lastUsed')}</dt>
                  <dd>
                    <LastUsed usage={usage.get(key.id)} />
                  </dd>
                  <dt>{t('extra.spendThisMonth')}</dt>
                  <dd>
                    <MonthSpend usage={usage.get(key.id)} currency={currency} />
                  </dd>
                  <dt>{t('extra.remainingToday')}</dt>
                  <dd>
                    <RemainingQuota apiKey={key} usage={usage.get(key.id)} />
                  </dd>
                </dl>
                {actions.render?.(null, key, index) as React.ReactNode}
              </Card>
            </List.Item>
          );
        }}
      />
    );
  }
  return (
    <Table<ApiKeyInfo>
      rowKey="id"
      columns={columns}
      dataSource={keys}
      loading={loading}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: true }}
      data-testid="api-keys-table"
    />
  );
}
