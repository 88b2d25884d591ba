import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/api-error.ts';
import { requestPasswordReset, resetPassword } from '../api/signup-api.ts';
import { useRouter } from '../routing/router.tsx';
import { AuthCard } from './auth-card.tsx';
import { useAuth } from './auth-context.tsx';

/** Asks for a password reset link by e-mail. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [state, setState] = useState<{ sending: boolean; sent: boolean; error: string | null }>({
    sending: false,
    sent: false,
    error: null,
  });
  const submit = async ({ email }: { email: string }) => {
    setState({ sending: true, sent: false, error: null });
    try {
      await requestPasswordReset(email.trim());
      setState({ sending: false, sent: true, error: null });
    } catch (caught) {
      setState({ sending: false, sent: false, error: errorMessage(caught) });
    }
  };
  return (
    <AuthCard title={t('signup.forgotTitle')} subtitle={t('signup.forgotSubtitle')}>
      <Form<{ email: string }> layout="vertical" onFinish={submit} requiredMark={false} disabled={state.sending}>
        <Form.Item
          label={t('auth.email')}
          name="email"
          rules={[
            { required: true, message: t('auth.emailRequired') },
            { type: 'email', message: t('auth.emailInvalid') },
          ]}
        >
          <Input autoComplete="email" autoFocus inputMode="email" />
        </Form.Item>
        {state.sent && (
          <Alert type="success" showIcon role="status" title={t('signup.resetSent')} style={{ marginBottom: 16 }} />
        )}
        {state.error && <Alert type="error" showIcon role="alert" title={state.error} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" block loading={state.sending}>
          {t('signup.sendResetLink')}
        </Button>
      </Form>
    </AuthCard>
  );
}

/** Opened from the reset e-mail: sets a new password and signs in. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { location, navigate } = useRouter();
  const { refresh } = useAuth();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async ({ password }: { password: string }) => {
    setSubmitting(true);
    setError(null);
    try {
      await resetPassword({ token: location.search.get('token') ?? '', password });
      navigate('/');
      await refresh();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <AuthCard title={t('signup.resetTitle')} subtitle={t('signup.resetSubtitle')}>
      <Form<{ password: string }> layout="vertical" onFinish={submit} requiredMark={false} disabled={submitting}>
        <Form.Item
          label={t('signup.newPassword')}
          name="password"
          rules={[
            { required: true, message: t('auth.passwordRequired') },
            { min: 8, message: t('signup.passwordShort') },
          ]}
        >
          <Input.Password autoComplete="new-password" autoFocus />
        </Form.Item>
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {t('signup.setPassword')}
        </Button>
      </Form>
    </AuthCard>
  );
}
