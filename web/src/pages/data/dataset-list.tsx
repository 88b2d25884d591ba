import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { createDataset, listDatasets, type Dataset } from '../../api/datasets-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

/** The organization's datasets; a name opens the dataset. */
export function DatasetList({ onOpen }: { onOpen(datasetId: string): void }) {
  const { t, i18n } = useTranslation();
  const datasets = useApiResource((signal) => listDatasets(signal), []);
  const [creating, setCreating] = useState(false);

  if (datasets.error !== null) return <ErrorAlert error={datasets.error} onRetry={datasets.reload} />;
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-dataset">
          {t('data.createDataset')}
        </Button>
      </Flex>
      <Table<Dataset>
        rowKey="id"
        loading={datasets.loading}
        dataSource={datasets.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('data.noDatasets') }}
        scroll={{ x: true }}
        columns={[
          {
            title: t('apiKeys.name'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <Button type="link" onClick={() => onOpen(row.id)} style={{ padding: 0 }}>
                {name}
              </Button>
            ),
          },
          {
            title: t('billing.description'),
            dataIndex: 'description',
            render: (text: string) => <Typography.Text type="secondary">{text || '—'}</Typography.Text>,
          },
          {
            title: t('data.latestVersion'),
            dataIndex: 'latestVersion',
            align: 'right',
            render: (version: number) => (version ? `v${version}` : '—'),
          },
          {
            title: t('data.updated'),
            dataIndex: 'updatedAt',
            render: (time: number) => new Date(time).toLocaleString(i18n.language),
          },
        ]}
      />
      <CreateDatasetModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(dataset) => {
          setCreating(false);
          onOpen(dataset.id);
        }}
      />
    </>
  );
}

function CreateDatasetModal(props: { open: boolean; onClose(): void; onCreated(dataset: Dataset): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; description: string }>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const submit = async (values: { name: string; description?: string }) => {
    setSubmitting(true);
    setError(null);
    try {
      const dataset = await createDataset(values.name.trim(), values.description?.trim() ?? '');
      form.resetFields();
      props.onCreated(dataset);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Modal
      open={props.open}
      title={t('data.createDataset')}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      confirmLoading={submitting}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="create-dataset" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('apiKeys.name')}
          rules={[{ required: true, whitespace: true, message: t('data.nameRequired') }]}
        >
          <Input autoFocus maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t('billing.description')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
    </Modal>
  );
}
