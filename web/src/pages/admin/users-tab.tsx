import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, Select, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roles, type Role } from '@kaiyuan/api-contract/formats.ts';
import { errorMessage } from '../../api/api-error.ts';
import {
  createUser,
  listOrganizations,
  listUsers,
  updateUser,
  type PlatformUser,
  type UpdateUserInput,
} from '../../api/admin-platform-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';

interface NewUserValues {
  orgId: string;
  email: string;
  name: string;
  role: Role;
  password: string;
}

/** Users of every organization: create, change role, enable/disable. */
export function UsersTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const users = useApiResource((signal) => listUsers(signal), []);
  const organizations = useApiResource((signal) => listOrganizations(signal), []);
  const [creating, setCreating] = useState(false);
  const organizationName = (orgId: string) =>
    organizations.data?.find((organization) => organization.id === orgId)?.name ?? orgId;
  const roleOptions = roles.map((role) => ({ value: role, label: t(`admin.roles.${role}`) }));

  const change = async (user: PlatformUser, changes: UpdateUserInput) => {
    try {
      await updateUser(user.id, changes);
      users.reload();
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };

  if (users.error !== null) return <ErrorAlert error={users.error} onRetry={users.reload} />;
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('admin.createUser')}
        </Button>
      </Flex>
      <Table<PlatformUser>
        size="small"
        rowKey="id"
        loading={users.loading}
        dataSource={users.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          {
            title: t('auth.name'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <>
                <Typography.Text strong>{name}</Typography.Text>{' '}
                {row.isOperator && <Tag color="gold">{t('admin.operator')}</Tag>}
              </>
            ),
          },
          { title: t('auth.email'), dataIndex: 'email' },
          { title: t('header.organization'), dataIndex: 'orgId', render: (orgId: string) => organizationName(orgId) },
          {
            title: t('header.role'),
            dataIndex: 'role',
            render: (role: Role, row) => (
              <Select
                size="small"
                value={role}
                options={roleOptions}
                onChange={(value: Role) => void change(row, { role: value })}
                style={{ minWidth: 120 }}
                aria-label={`${t('header.role')}: ${row.email}`}
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
                aria-label={`${t('admin.enabled')}: ${row.email}`}
              />
            ),
          },
        ]}
      />
      <CreateUserModal
        open={creating}
        organizations={(organizations.data ?? []).map((organization) => ({
          value: organization.id,
          label: organization.name,
        }))}
        roleOptions={roleOptions}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          users.reload();
        }}
      />
    </>
  );
}

function CreateUserModal(props: {
  open: boolean;
  organizations: { value: string; label: string }[];
  roleOptions: { value: Role; label: string }[];
  onClose(): void;
  onCreated(): void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal<NewUserValues>
      open={props.open}
      title={t('admin.createUser')}
      name="create-user"
      onClose={props.onClose}
      initialValues={{ role: 'member' }}
      onSubmit={async (values) => {
        await createUser({ ...values, email: values.email.trim(), name: values.name.trim() });
        props.onCreated();
      }}
    >
      <Form.Item
        name="orgId"
        label={t('header.organization')}
        rules={[{ required: true, message: t('auth.orgNameRequired') }]}
      >
        <Select options={props.organizations} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('auth.name')}
        rules={[{ required: true, whitespace: true, message: t('auth.nameRequired') }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="email"
        label={t('auth.email')}
        rules={[{ required: true, type: 'email', message: t('auth.emailInvalid') }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="role" label={t('header.role')}>
        <Select options={props.roleOptions} />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('auth.password')}
        extra={t('auth.passwordHint')}
        rules={[{ required: true, min: 8, message: t('auth.passwordTooShort') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
}
