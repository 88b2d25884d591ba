import { Alert, Button, Card, Flex, Form, InputNumber, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import {
  generateRedemptionCodes,
  listRedemptionCodes,
  type RedemptionBatch,
  type RedemptionCode,
} from '../../api/admin-platform-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';

/** Generates batches of redemption codes (shown once) and lists every code's state. */
export function RedemptionCodesTab() {
  const { t, i18n } = useTranslation();
  const codes = useApiResource((signal) => listRedemptionCodes(signal), []);
  const [form] = Form.useForm<{ count: number; amount: number }>();
  const [batch, setBatch] = useState<RedemptionBatch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: { count: number; amount: number }) => {
    setSubmitting(true);
    setError(null);
    try {
      setBatch(await generateRedemptionCodes({ count: values.count, amount: String(values.amount) }));
      codes.reload();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('admin.generateCodes')}>
        <Form
          form={form}
          layout="inline"
          name="generate-codes"
          onFinish={submit}
          initialValues={{ count: 10, amount: 10 }}
          style={{ rowGap: 8 }}
        >
          <Form.Item name="count" label={t('admin.count')} rules={[{ required: true }]}>
            <InputNumber min={1} max={10_000} precision={0} />
          </Form.Item>
          <Form.Item name="amount" label={t('billing.amount')} rules={[{ required: true }]}>
            <InputNumber min={0.01} precision={2} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={submitting}>
            {t('admin.generate')}
          </Button>
        </Form>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginTop: 12 }} />}
        {batch && (
          <Flex vertical gap={8} style={{ marginTop: 12 }}>
            <Alert
              type="warning"
              showIcon
              title={t('admin.codesShownOnce', { count: batch.codes.length, amount: batch.amount })}
            />
            <Flex justify="flex-end">
              <CopyButton text={batch.codes.join('\n')} label={t('admin.copyAll')} />
            </Flex>
            <pre className="code-block" style={{ maxHeight: 240 }}>
              {batch.codes.join('\n')}
            </pre>
          </Flex>
        )}
      </Card>
      {codes.error !== null ? (
        <ErrorAlert error={codes.error} onRetry={codes.reload} />
      ) : (
        <Table<RedemptionCode>
          size="small"
          rowKey="id"
          loading={codes.loading}
          dataSource={codes.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: true }}
          columns={[
            {
              title: t('admin.batch'),
              dataIndex: 'batchId',
              render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
            },
            { title: t('billing.amount'), dataIndex: 'amount', align: 'right' },
            {
              title: t('apiKeys.created'),
              dataIndex: 'createdAt',
              render: (time: number) => new Date(time).toLocaleString(i18n.language),
            },
            {
              title: t('apiKeys.status'),
              key: 'status',
              render: (_value, row) =>
                row.redeemedAt !== null ? (
                  <Tag color="blue">{`${t('admin.redeemedBy')} ${row.redeemedOrgId ?? ''}`}</Tag>
                ) : row.expiresAt !== null && row.expiresAt <= Date.now() ? (
                  <Tag color="orange">{t('apiKeys.statuses.expired')}</Tag>
                ) : (
                  <Tag color="green">{t('admin.unused')}</Tag>
                ),
            },
          ]}
        />
      )}
    </Flex>
  );
}
