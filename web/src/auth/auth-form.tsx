import { Alert, Button, Form, Input } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/api-error.ts';
import { AuthCard } from './auth-card.tsx';

/**
 * The form of every signed-out page (sign-in, sign-up, first run, password reset): the auth card,
 * the fields, an optional notice, the error of the last attempt and the submit button. `onSubmit`
 * runs on valid input; while it runs the form is disabled, and what it throws is shown translated.
 */
export function AuthForm<Values extends object>({
  title,
  subtitle,
  name,
  submitLabel,
  onSubmit,
  initialValues,
  notice,
  footer,
  children,
}: {
  title: string;
  subtitle: string;
  /** The form's name (it prefixes the fields' ids). */
  name?: string;
  submitLabel: string;
  onSubmit(values: Values): Promise<void>;
  initialValues?: Partial<Values>;
  /** Shown above the error and the button: progress ("checking…") or success ("sent"). */
  notice?: { type: 'info' | 'success'; text: string } | null;
  footer?: ReactNode;
  children: ReactNode;
}) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthCard title={title} subtitle={subtitle}>
      <Form<Values>
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        disabled={submitting}
        name={name}
        initialValues={initialValues}
      >
        {children}
        {notice && <Alert type={notice.type} showIcon role="status" title={notice.text} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {submitLabel}
        </Button>
      </Form>
      {footer}
    </AuthCard>
  );
}

/** The e-mail field: required and well-formed. */
export function EmailField({
  autoComplete = 'email',
  autoFocus = false,
}: {
  autoComplete?: 'email' | 'username';
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      label={t('auth.email')}
      name="email"
      rules={[
        { required: true, message: t('auth.emailRequired') },
        { type: 'email', message: t('auth.emailInvalid') },
      ]}
    >
      <Input autoComplete={autoComplete} autoFocus={autoFocus} inputMode="email" />
    </Form.Item>
  );
}

/**
 * A password field. A new password (`minLength`) must be long enough; the current one (sign-in)
 * only present.
 */
export function PasswordField({
  label,
  newPassword,
  autoFocus = false,
  extra,
}: {
  label?: string;
  /** The message shown when a new password is shorter than 8 characters. */
  newPassword?: { tooShort: string };
  autoFocus?: boolean;
  extra?: string;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      label={label ?? t('auth.password')}
      name="password"
      extra={extra}
      rules={[
        { required: true, message: t('auth.passwordRequired') },
        ...(newPassword ? [{ min: 8, message: newPassword.tooShort }] : []),
      ]}
    >
      <Input.Password autoComplete={newPassword ? 'new-password' : 'current-password'} autoFocus={autoFocus} />
    </Form.Item>
  );
}

/** The new password again; must match the `password` field. */
export function ConfirmPasswordField() {
  const { t } = useTranslation();
  return (
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
  );
}
