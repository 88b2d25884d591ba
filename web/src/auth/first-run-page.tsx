import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { setupOwner } from '../api/auth-api.ts';
import { useAuth } from './auth-context.tsx';
import { AuthForm, ConfirmPasswordField, EmailField, PasswordField } from './auth-form.tsx';

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

  const submit = async (values: SetupValues) => {
    await setupOwner({
      email: values.email.trim(),
      password: values.password,
      name: values.name.trim(),
      orgName: values.orgName.trim(),
    });
    await refresh();
  };

  return (
    <AuthForm<SetupValues>
      title={t('auth.setupTitle')}
      subtitle={t('auth.setupSubtitle')}
      name="first-run"
      submitLabel={t('auth.createOwner')}
      onSubmit={submit}
    >
      <Form.Item
        label={t('auth.name')}
        name="name"
        rules={[{ required: true, whitespace: true, message: t('auth.nameRequired') }]}
      >
        <Input autoComplete="name" autoFocus />
      </Form.Item>
      <EmailField autoComplete="username" />
      <Form.Item
        label={t('auth.orgName')}
        name="orgName"
        rules={[{ required: true, whitespace: true, message: t('auth.orgNameRequired') }]}
      >
        <Input autoComplete="organization" />
      </Form.Item>
      <PasswordField extra={t('auth.passwordHint')} newPassword={{ tooShort: t('auth.passwordTooShort') }} />
      <ConfirmPasswordField />
    </AuthForm>
  );
}
