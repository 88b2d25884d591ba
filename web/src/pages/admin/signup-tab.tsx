import { App, Button, Card, Descriptions, Select, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { approveUser, fetchSignupSettings, listPendingUsers, saveSignupSettings } from '../../api/signup-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { ModelSquareCard } from './model-square-card.tsx';

const policies = ['open', 'invite', 'closed'] as const;

/** The sign-up policy and the self-registered accounts waiting for verification or approval. */
export function SignupTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const settings = useApiResource((signal) => fetchSignupSettings(signal), []);
  const pending = useApiResource((signal) => listPendingUsers(signal), []);

  const changePolicy = async (policy: (typeof policies)[number]) => {
    try {
      await saveSignupSettings({ policy });
      void message.success(t('signupAdmin.saved'));
      settings.reload();
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };
  const approve = async (userId: string, email: string) => {
    try {
      await approveUser(userId);
      void message.success(t('signupAdmin.approved', { email }));
      pending.reload();
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {settings.error !== null && <ErrorAlert error={settings.error} onRetry={settings.reload} />}
      <Card size="small" loading={settings.loading && !settings.data}>
        {settings.data && (
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('signupAdmin.policy')}>
              <Select
                aria-label={t('signupAdmin.policy')}
                style={{ width: 280, maxWidth: '100%' }}
                value={settings.data.policy}
                onChange={(value) => void changePolicy(value)}
                options={policies.map((policy) => ({ value: policy, label: t(`signupAdmin.policies.${policy}`) }))}
              />
            </Descriptions.Item>
            <Descriptions.Item>
              {t('signupAdmin.email', {
                state: settings.data.emailEnabled ? t('signupAdmin.on') : t('signupAdmin.off'),
              })}
            </Descriptions.Item>
            <Descriptions.Item>{t('signupAdmin.grant', { amount: settings.data.grant })}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <ModelSquareCard />
      <Card size="small" title={t('signupAdmin.pending')}>
        {pending.error !== null && <ErrorAlert error={pending.error} onRetry={pending.reload} />}
        <Table
          size="small"
          rowKey="id"
          loading={pending.loading}
          dataSource={pending.data ?? []}
          locale={{ emptyText: t('signupAdmin.noPending') }}
          pagination={false}
          columns={[
            { title: 'E-mail', dataIndex: 'email' },
            { title: t('signup.name'), dataIndex: 'name' },
            {
              title: t('signupAdmin.signedUpAt'),
              dataIndex: 'createdAt',
              render: (value: number) => new Date(value).toLocaleString(i18n.language),
            },
            {
              title: '',
              render: (_, row) => (
                <Button size="small" type="primary" onClick={() => void approve(row.id, row.email)}>
                  {t('signupAdmin.approve')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
