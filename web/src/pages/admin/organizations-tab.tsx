import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, InputNumber, Select, Switch, Table, Tag, Tooltip, Typography } from 'antd';
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
import { FormModal } from '../../components/form-modal.tsx';
import { useMoney } from '../../format/money.ts';

/** Organizations: create, change plan, enable/disable, top up the balance. */
export function OrganizationsTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const organizations = useApiResource((signal) => listOrganizations(signal), []);
  const plans = useApiResource((signal) => listPlans(signal), []);
  const [creating, setCreating] = useState(false);
  const [toppingUp, setToppingUp] = useState<Organization | null>(null);
  const planOptions = (plans.data ?? []).map((plan) => ({ value: plan.id, label: plan.name }));
  const money = useMoney();
  const currency = organizations.data?.find((organization) => organization.currency)?.currency ?? 'CNY';

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
            render: (name: string, row) => (
              <>
                <Typography.Text strong>{name}</Typography.Text>{' '}
                {row.house && (
                  <Tooltip title={t('extra.houseHint')}>
                    <Tag color="blue">{t('extra.house')}</Tag>
                  </Tooltip>
                )}
              </>
            ),
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
            title: t('dashboard.balance'),
            dataIndex: 'balance',
            align: 'right',
            onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
            render: (balance: string | undefined, row) =>
              balance === undefined ? '—' : money(balance, row.currency ?? currency),
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
      <TopUpModal
        organization={toppingUp}
        currency={currency}
        onClose={() => setToppingUp(null)}
        onDone={() => {
          setToppingUp(null);
          organizations.reload();
        }}
      />
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
  return (
    <FormModal<{ name: string; plan?: string }>
      open={props.open}
      title={t('admin.createOrganization')}
      name="create-organization"
      onClose={props.onClose}
      onSubmit={async (values) => {
        await createOrganization({ name: values.name.trim(), plan: values.plan });
        props.onCreated();
      }}
    >
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
    </FormModal>
  );
}

/**
 * Credits an organization's balance: a positive amount only (the field does not clamp what was
 * typed), confirmed with the amount and the organization before anything is posted.
 */
function TopUpModal(props: { organization: Organization | null; currency: string; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const money = useMoney();
  const organization = props.organization;
  return (
    <FormModal<{ amount: number; description?: string }>
      open={organization !== null}
      title={organization ? `${t('admin.topUp')}: ${organization.name}` : ''}
      name="top-up"
      onClose={props.onClose}
      onSubmit={async (values) => {
        if (!organization) return false;
        const amount = money(values.amount, props.currency);
        const confirmed = await modal.confirm({
          title: t('extra.confirmTopUpTitle'),
          content: t('extra.confirmTopUp', { amount, name: organization.name }),
          okText: t('admin.topUp'),
        });
        if (!confirmed) return false;
        await topUp(organization.id, values.amount.toFixed(2), values.description?.trim() || undefined);
        void message.success(t('admin.toppedUp', { name: organization.name, amount }));
        props.onDone();
      }}
    >
      <Form.Item
        name="amount"
        label={t('billing.amount')}
        rules={[
          { required: true, message: t('admin.amountRequired') },
          {
            validator: async (_rule, value: number | null | undefined) => {
              if (value !== null && value !== undefined && !(value >= 0.01))
                throw new Error(t('errors.amount_not_positive'));
            },
          },
        ]}
      >
        <InputNumber step={10} precision={2} style={{ width: '100%' }} autoFocus data-testid="top-up-amount" />
      </Form.Item>
      <Form.Item name="description" label={t('billing.description')} extra={t('extra.descriptionHint')}>
        <Input maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}
