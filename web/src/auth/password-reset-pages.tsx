import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requestPasswordReset, resetPassword } from '../api/signup-api.ts';
import { useRouter } from '../routing/router.tsx';
import { useAuth } from './auth-context.tsx';
import { AuthForm, EmailField, PasswordField } from './auth-form.tsx';

/** Asks for a password reset link by e-mail. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const submit = async ({ email }: { email: string }) => {
    setSent(false);
    await requestPasswordReset(email.trim());
    setSent(true);
  };
  return (
    <AuthForm<{ email: string }>
      title={t('signup.forgotTitle')}
      subtitle={t('signup.forgotSubtitle')}
      submitLabel={t('signup.sendResetLink')}
      onSubmit={submit}
      notice={sent ? { type: 'success', text: t('signup.resetSent') } : null}
    >
      <EmailField autoFocus />
    </AuthForm>
  );
}

/** Opened from the reset e-mail: sets a new password and signs in. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { location, navigate } = useRouter();
  const { refresh } = useAuth();
  const submit = async ({ password }: { password: string }) => {
    await resetPassword({ token: location.search.get('token') ?? '', password });
    navigate('/');
    await refresh();
  };
  return (
    <AuthForm<{ password: string }>
      title={t('signup.resetTitle')}
      subtitle={t('signup.resetSubtitle')}
      submitLabel={t('signup.setPassword')}
      onSubmit={submit}
    >
      <PasswordField label={t('signup.newPassword')} newPassword={{ tooShort: t('signup.passwordShort') }} autoFocus />
    </AuthForm>
  );
}
