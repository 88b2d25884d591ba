import { Button, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { keyStatus, type ApiKeyInfo, type KeyStatus } from '../../api/admin-keys-api.ts';

const statusColors: Record<KeyStatus, string> = {
  active: 'green',
  disabled: 'default',
  revoked: 'red',
  expired: 'orange',
};

interface Props {
  keys: ApiKeyInfo[];
  loading: boolean;
  onEdit(key: ApiKeyInfo): void;
  onRevoke(key: ApiKeyInfo): Promise<void>;
}

/** The organization's keys: prefix only (the secret is never shown again), limits, models, status. */
export function ApiKeysTable({ keys, loading, onEdit, onRevoke }: Props) {
  const { t, i18n } = useTranslation();
  const date = (time: number | null) => (time === null ? '—' : new Date(time).toLocaleString(i18n.language));
  const columns: ColumnsType<ApiKeyInfo> = [
    {
      title: t('apiKeys.name'),
      dataIndex: 'name',
      key: 'name',
      render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
    },
    {
      title: t('apiKeys.key'),
      dataIndex: 'prefix',
      key: 'prefix',
      render: (prefix: string) => <Typography.Text code>{`${prefix}…`}</Typography.Text>,
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
