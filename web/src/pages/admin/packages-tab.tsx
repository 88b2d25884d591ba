import { App, Button, Card, Form, Grid, Input, InputNumber, Space, Switch, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { createPackage, listPackages, updatePackage } from '../../api/signup-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

interface PackageValues {
  name: string;
  price: string;
  tokens?: number;
  credit?: string;
  validityDays: number;
  models?: string;
  planId?: string;
}

/** The operator's package catalog: create packages, take them on or off sale. */
export function PackagesTab() {
  const { t } = useTranslation();
  // Phones: one field per line (the inline row of seven fields is wider than the screen).
  const phone = Grid.useBreakpoint().md === false;
  const { message } = App.useApp();
  const [form] = Form.useForm<PackageValues>();
  const packages = useApiResource((signal) => listPackages(signal), []);

  const create = async (values: PackageValues) => {
    try {
      await createPackage({
        name: values.name,
        price: values.price,
        tokens: values.tokens ?? 0,
        credit: values.credit || '0',
        validityDays: values.validityDays,
        models: (values.models ?? '')
          .split(',')
          .map((model) => model.trim())
          .filter(Boolean),
        planId: values.planId?.trim() || null,
      });
      void message.success(t('packages.created'));
      form.resetFields();
      packages.reload();
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };
  const toggle = async (id: string, enabled: boolean) => {
    try {
      await updatePackage(id, { enabled });
      packages.reload();
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('packages.create')}>
        <Form<PackageValues>
          form={form}
          layout={phone ? 'vertical' : 'inline'}
          onFinish={create}
          initialValues={{ validityDays: 30 }}
        >
          <Form.Item name="name" label={t('packages.name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="price" label={t('packages.price')} rules={[{ required: true }]}>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="tokens" label={t('packages.tokensField')}>
            <InputNumber min={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="credit" label={t('packages.creditField')}>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="validityDays" label={t('packages.validityField')} rules={[{ required: true }]}>
            <InputNumber min={1} max={3660} />
          </Form.Item>
          <Form.Item name="models" label={t('packages.modelsField')}>
            <Input />
          </Form.Item>
          <Form.Item name="planId" label={t('packages.planField')}>
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('packages.save')}
          </Button>
        </Form>
      </Card>
      {packages.error !== null && <ErrorAlert error={packages.error} onRetry={packages.reload} />}
      <Table
        size="small"
        rowKey="id"
        loading={packages.loading}
        dataSource={packages.data ?? []}
        pagination={false}
        columns={[
          { title: t('packages.name'), dataIndex: 'name' },
          { title: t('packages.price'), dataIndex: 'price' },
          { title: t('packages.tokensField'), dataIndex: 'tokens' },
          { title: t('packages.creditField'), dataIndex: 'credit' },
          { title: t('packages.validityField'), dataIndex: 'validityDays' },
          {
            title: t('packages.models'),
            render: (_, row) =>
              row.models.length > 0 ? row.models.map((model) => <Tag key={model}>{model}</Tag>) : '—',
          },
          { title: t('packages.planField'), dataIndex: 'planId', render: (value: string | null) => value ?? '—' },
          {
            title: t('packages.enabled'),
            render: (_, row) => (
              <Switch
                checked={row.enabled}
                aria-label={t('packages.enabled')}
                onChange={(checked) => void toggle(row.id, checked)}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}
