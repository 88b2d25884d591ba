import { Flex, Input, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listNotifications, type Notification } from '../../api/notifications-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

type StatusFilter = 'all' | 'sent' | 'failed';

/** What the platform sent (verification and password-reset e-mails): to whom, when, and whether it went out. */
export function NotificationsTab() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [recipient, setRecipient] = useState('');
  const entries = useApiResource(
    (signal) =>
      listNotifications(
        { status: status === 'all' ? undefined : status, recipient: recipient.trim() || undefined, limit: 500 },
        signal,
      ),
    [status, recipient],
  );
  if (entries.error !== null) return <ErrorAlert error={entries.error} onRetry={entries.reload} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('notifications.intro')}</Typography.Paragraph>
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Segmented<StatusFilter>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'all', label: t('notifications.all') },
            { value: 'sent', label: t('notifications.sent') },
            { value: 'failed', label: t('notifications.failed') },
          ]}
        />
        <Input.Search
          allowClear
          style={{ maxWidth: 320 }}
          placeholder={t('notifications.recipientSearch')}
          onSearch={setRecipient}
          aria-label={t('notifications.recipientSearch')}
        />
      </Flex>
      <Table<Notification>
        size="small"
        rowKey="id"
        loading={entries.loading && !entries.data}
        dataSource={entries.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="notifications-table"
        columns={[
          {
            title: t('notifications.at'),
            dataIndex: 'createdAt',
            render: (at: number) => new Date(at).toLocaleString(i18n.language),
          },
          { title: t('notifications.recipient'), dataIndex: 'recipient' },
          {
            title: t('notifications.kind'),
            dataIndex: 'kind',
            render: (kind: string) => t(`notifications.kinds.${kind}`, { defaultValue: kind }),
          },
          { title: t('notifications.subject'), dataIndex: 'subject', ellipsis: true },
          {
            title: t('notifications.organization'),
            dataIndex: 'orgId',
            render: (orgId: string | null) => orgId ?? '—',
          },
          {
            title: t('notifications.status'),
            key: 'status',
            render: (_value, row) =>
              row.status === 'sent' ? (
                <Tag color="green">{t('notifications.sent')}</Tag>
              ) : (
                <Typography.Text type="danger" title={row.error ?? undefined}>
                  <Tag color="red">{t('notifications.failed')}</Tag>
                  {row.error}
                </Typography.Text>
              ),
          },
        ]}
      />
    </>
  );
}
