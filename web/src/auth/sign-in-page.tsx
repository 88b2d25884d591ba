import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/api-error.ts';
import { signIn } from '../api/auth-api.ts';
import { useRouter } from '../routing/router.tsx';
import { AuthCard } from './auth-card.tsx';
import { useAuth } from './auth-context.tsx';

interface SignInValues {
  email: string;
  password: string;
}

export function SignInPage({ signupOpen = false }: { signupOpen?: boolean }) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const { refresh } = useAuth();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: SignInValues) => {
    setSubmitting(true);
    setError(null);
    try {
      await signIn(values.email.trim(), values.password);
      await refresh();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthCard title={t('auth.signInTitle')} subtitle={t('auth.signInSubtitle')}>
      <Form<SignInValues> layout="vertical" onFinish={submit} requiredMark={false} disabled={submitting} name="sign-in">
        <Form.Item
          label={t('auth.email')}
          name="email"
          rules={[
            { required: true, message: t('auth.emailRequired') },
            { type: 'email', message: t('auth.emailInvalid') },
          ]}
        >
          <Input autoComplete="username" autoFocus inputMode="email" />
        </Form.Item>
        <Form.Item
          label={t('auth.password')}
          name="password"
          rules={[{ required: true, message: t('auth.passwordRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {t('auth.signIn')}
        </Button>
      </Form>
      <Flex justify="space-between" style={{ marginTop: 16 }}>
        {signupOpen ? (
          <Typography.Link href="/sign-up" onClick={(event) => (event.preventDefault(), navigate('/sign-up'))}>
            {t('signup.createAccount')}
          </Typography.Link>
        ) : (
          <span />
        )}
        <Typography.Link
          href="/forgot-password"
          onClick={(event) => (event.preventDefault(), navigate('/forgot-password'))}
        >
          {t('signup.forgotLink')}
        </Typography.Link>
      </Flex>
    </AuthCard>
  );
}
