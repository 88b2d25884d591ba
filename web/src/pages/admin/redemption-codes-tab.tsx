import { Alert, App, Button, Card, Flex, Form, InputNumber, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import {
  generateRedemptionCodes,
  listOrganizations,
  listRedemptionCodes,
  type RedemptionBatch,
  type RedemptionCode,
} from '../../api/admin-platform-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useMoney } from '../../format/money.ts';
import { groupCodesByBatch, type CodeBatch } from './redemption-code-batches.ts';

/**
 * Generates batches of redemption codes (after a confirmation naming count, value and total;
 * the codes are shown once) and lists the batches, each with its codes' states on expansion.
 */
export function RedemptionCodesTab() {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const money = useMoney();
  const codes = useApiResource((signal) => listRedemptionCodes(signal), []);
  const organizations = useApiResource((signal) => listOrganizations(signal), []);
  const currency = organizations.data?.find((organization) => organization.currency)?.currency ?? 'CNY';
  const orgName = (id: string | null) =>
    organizations.data?.find((organization) => organization.id === id)?.name ?? id ?? '—';
  const [form] = Form.useForm<{ count: number; amount: number }>();
  const [batch, setBatch] = useState<RedemptionBatch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const date = (time: number) => new Date(time).toLocaleString(i18n.language);

  const submit = async (values: { count: number; amount: number }) => {
    const confirmed = await modal.confirm({
      title: t('extra.confirmCodesTitle'),
      content: t('extra.confirmCodes', {
        count: values.count,
        amount: money(values.amount, currency),
        total: money(values.amount * values.count, currency),
      }),
      okText: t('admin.generate'),
    });
    if (!confirmed) return;
    setSubmitting(true);
    setError(null);
    try {
      setBatch(await generateRedemptionCodes({ count: values.count, amount: values.amount.toFixed(2) }));
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
          onFinish={(values) => void submit(values)}
          initialValues={{ count: 10, amount: 10 }}
          style={{ rowGap: 8 }}
        >
          <Form.Item name="count" label={t('admin.count')} rules={[{ required: true }]}>
            <InputNumber min={1} max={10_000} precision={0} />
          </Form.Item>
          <Form.Item
            name="amount"
            label={t('billing.amount')}
            rules={[
              { required: true },
              {
                validator: async (_rule, value: number | null | undefined) => {
                  if (value !== null && value !== undefined && !(value >= 0.01))
                    throw new Error(t('errors.amount_not_positive'));
                },
              },
            ]}
          >
            <InputNumber precision={2} addonAfter={currency} data-testid="codes-amount" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="codes-generate">
            {t('admin.generate')}
          </Button>
        </Form>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginTop: 12 }} />}
        {batch && (
          <Flex vertical gap={8} style={{ marginTop: 12 }} data-testid="codes-generated">
            <Alert
              type="warning"
              showIcon
              title={t('admin.codesShownOnce', { count: batch.codes.length, amount: money(batch.amount, currency) })}
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
        <Table<CodeBatch>
          size="small"
          rowKey="batchId"
          loading={codes.loading}
          dataSource={groupCodesByBatch(codes.data ?? [])}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: true }}
          data-testid="code-batches"
          expandable={{
            expandedRowRender: (row) => (
              <Table<RedemptionCode>
                size="small"
                rowKey="id"
                dataSource={row.codes}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  {
                    title: t('apiKeys.status'),
                    key: 'status',
                    render: (_value, code) =>
                      code.redeemedAt !== null ? (
                        <Tag color="blue">{t('extra.redeemed')}</Tag>
                      ) : code.expiresAt !== null && code.expiresAt <= Date.now() ? (
                        <Tag color="orange">{t('apiKeys.statuses.expired')}</Tag>
                      ) : (
                        <Tag color="green">{t('admin.unused')}</Tag>
                      ),
                  },
                  {
                    title: t('admin.redeemedBy'),
                    dataIndex: 'redeemedOrgId',
                    render: (id: string | null) => (id ? orgName(id) : '—'),
                  },
                  {
                    title: t('extra.redeemedAt'),
                    dataIndex: 'redeemedAt',
                    render: (time: number | null) => (time === null ? '—' : date(time)),
                  },
                ]}
              />
            ),
          }}
          columns={[
            {
              title: t('admin.batch'),
              dataIndex: 'batchId',
              render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
            },
            {
              title: t('extra.valueEach'),
              dataIndex: 'amount',
              align: 'right',
              render: (amount: string) => money(amount, currency),
            },
            { title: t('admin.count'), dataIndex: 'count', align: 'right' },
            {
              title: t('extra.redeemedCount'),
              key: 'redeemed',
              align: 'right',
              render: (_value, row) =>
                `${row.redeemed} / ${row.count}${row.expired ? ` (${t('apiKeys.statuses.expired')} ${row.expired})` : ''}`,
            },
            { title: t('apiKeys.created'), dataIndex: 'createdAt', render: (time: number) => date(time) },
            {
              title: t('extra.expires'),
              dataIndex: 'expiresAt',
              render: (time: number | null) => (time === null ? t('extra.never') : date(time)),
            },
          ]}
        />
      )}
    </Flex>
  );
}
