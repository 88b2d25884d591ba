import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, InputNumber, Modal, Select, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import {
  createOrganization,
  listOrganizations,
  topUp,
  updateOrganization,
  type Organization,
} from '../../api/admin-platform-api.ts';
import { listPlans } from '../../api/admin-usage-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

/** Organizations: create, change plan, enable/disable, top up the balance. */
export function OrganizationsTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const organizations = useApiResource((signal) => listOrganizations(signal), []);
  const plans = useApiResource((signal) => listPlans(signal), []);
  const [creating, setCreating] = useState(false);
  const [toppingUp, setToppingUp] = useState<Organization | null>(null);
  const planOptions = (plans.data ?? []).map((plan) => ({ value: plan.id, label: plan.name }));

  const change = async (organization: Organization, changes: { plan?: string; enabled?: boolean }) => {
    try {
      await updateOrganization(organization.id, changes);
      organizations.reload();
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };

  if (organizations.error !== null) return <ErrorAlert error={organizations.error} onRetry={organizations.reload} />;
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('admin.createOrganization')}
        </Button>
      </Flex>
      <Table<Organization>
        size="small"
        rowKey="id"
        loading={organizations.loading}
        dataSource={organizations.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          {
            title: t('apiKeys.name'),
            dataIndex: 'name',
            render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
          },
          {
            title: 'ID',
            dataIndex: 'id',
            render: (id: string) => (
              <Typography.Text code copyable>
                {id}
              </Typography.Text>
            ),
          },
          {
            title: t('dashboard.plan'),
            dataIndex: 'planId',
            render: (planId: string, row) => (
              <Select
                size="small"
                value={planId}
                options={planOptions}
                onChange={(plan: string) => void change(row, { plan })}
                style={{ minWidth: 130 }}
                aria-label={`${t('dashboard.plan')}: ${row.name}`}
              />
            ),
          },
          {
            title: t('apiKeys.created'),
            dataIndex: 'createdAt',
            render: (time: number) => new Date(time).toLocaleDateString(i18n.language),
          },
          {
            title: t('admin.enabled'),
            dataIndex: 'enabled',
            render: (enabled: boolean, row) => (
              <Switch
                size="small"
                checked={enabled}
                onChange={(value) => void change(row, { enabled: value })}
                aria-label={`${t('admin.enabled')}: ${row.name}`}
              />
            ),
          },
          {
            title: t('apiKeys.actions'),
            key: 'actions',
            render: (_value, row) => (
              <Button size="small" onClick={() => setToppingUp(row)}>
                {t('admin.topUp')}
              </Button>
            ),
          },
        ]}
      />
      <CreateOrganizationModal
        open={creating}
        planOptions={planOptions}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          organizations.reload();
        }}
      />
      <TopUpModal organization={toppingUp} onClose={() => setToppingUp(null)} />
    </>
  );
}

function CreateOrganizationModal(props: {
  open: boolean;
  planOptions: { value: string; label: string }[];
  onClose(): void;
  onCreated(): void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; plan?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const submit = async (values: { name: string; plan?: string }) => {
    setSubmitting(true);
    setError(null);
    try {
      await createOrganization({ name: values.name.trim(), plan: values.plan });
      form.resetFields();
      props.onCreated();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Modal
      open={props.open}
      title={t('admin.createOrganization')}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      confirmLoading={submitting}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="create-organization" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('apiKeys.name')}
          rules={[{ required: true, whitespace: true, message: t('auth.orgNameRequired') }]}
        >
          <Input autoFocus maxLength={100} />
        </Form.Item>
        <Form.Item name="plan" label={t('dashboard.plan')}>
          <Select allowClear options={props.planOptions} placeholder={t('admin.defaultPlan')} />
        </Form.Item>
      </Form>
      {error && <ErrorAlert error={new Error(error)} title={t('admin.failed')} />}
    </Modal>
  );
}

function TopUpModal({ organization, onClose }: { organization: Organization | null; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ amount: number; description: string }>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const submit = async (values: { amount: number; description: string }) => {
    if (!organization) return;
    setSubmitting(true);
    setError(null);
    try {
      await topUp(
        organization.id,
        String(values.amount),
        values.description?.trim() || t('admin.topUpDefaultDescription'),
      );
      void message.success(t('admin.toppedUp', { name: organization.name, amount: values.amount }));
      form.resetFields();
      onClose();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Modal
      open={organization !== null}
      title={organization ? `${t('admin.topUp')}: ${organization.name}` : ''}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={submitting}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="top-up" onFinish={submit}>
        <Form.Item
          name="amount"
          label={t('billing.amount')}
          rules={[{ required: true, message: t('admin.amountRequired') }]}
        >
          <InputNumber min={0.01} step={10} precision={2} style={{ width: '100%' }} autoFocus />
        </Form.Item>
        <Form.Item name="description" label={t('billing.description')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
      {error && <ErrorAlert error={new Error(error)} title={t('admin.failed')} />}
    </Modal>
  );
}
