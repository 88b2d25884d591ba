import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/api-error.ts';
import { setupOwner } from '../api/auth-api.ts';
import { AuthCard } from './auth-card.tsx';
import { useAuth } from './auth-context.tsx';

interface SetupValues {
  name: string;
  email: string;
  orgName: string;
  password: string;
  confirmPassword: string;
}

/** First run: creates the owner account and the first organization, which signs the owner in. */
export function FirstRunPage() {
  const { t } = useTranslation();
  const { refresh } = useAuth();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: SetupValues) => {
    setSubmitting(true);
    setError(null);
    try {
      await setupOwner({
        email: values.email.trim(),
        password: values.password,
        name: values.name.trim(),
        orgName: values.orgName.trim(),
      });
      await refresh();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthCard title={t('auth.setupTitle')} subtitle={t('auth.setupSubtitle')}>
      <Form<SetupValues>
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        disabled={submitting}
        name="first-run"
      >
        <Form.Item
          label={t('auth.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('auth.nameRequired') }]}
        >
          <Input autoComplete="name" autoFocus />
        </Form.Item>
        <Form.Item
          label={t('auth.email')}
          name="email"
          rules={[
            { required: true, message: t('auth.emailRequired') },
            { type: 'email', message: t('auth.emailInvalid') },
          ]}
        >
          <Input autoComplete="username" inputMode="email" />
        </Form.Item>
        <Form.Item
          label={t('auth.orgName')}
          name="orgName"
          rules={[{ required: true, whitespace: true, message: t('auth.orgNameRequired') }]}
        >
          <Input autoComplete="organization" />
        </Form.Item>
        <Form.Item
          label={t('auth.password')}
          name="password"
          extra={t('auth.passwordHint')}
          rules={[
            { required: true, message: t('auth.passwordRequired') },
            { min: 8, message: t('auth.passwordTooShort') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('auth.confirmPassword')}
          name="confirmPassword"
          dependencies={['password']}
          rules={[
            { required: true, message: t('auth.passwordRequired') },
            ({ getFieldValue }) => ({
              validator: (_rule, value) =>
                !value || getFieldValue('password') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('auth.passwordsDiffer'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {t('auth.createOwner')}
        </Button>
      </Form>
    </AuthCard>
  );
}
