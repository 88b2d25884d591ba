import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { signIn } from '../api/auth-api.ts';
import { useRouter } from '../routing/router.tsx';
import { useAuth } from './auth-context.tsx';
import { AuthForm, EmailField, PasswordField } from './auth-form.tsx';

interface SignInValues {
  email: string;
  password: string;
}

export function SignInPage({ signupOpen = false, squareOpen = false }: { signupOpen?: boolean; squareOpen?: boolean }) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const { refresh } = useAuth();

  const submit = async (values: SignInValues) => {
    await signIn(values.email.trim(), values.password);
    await refresh();
  };

  return (
    <AuthForm<SignInValues>
      title={t('auth.signInTitle')}
      subtitle={t('auth.signInSubtitle')}
      name="sign-in"
      submitLabel={t('auth.signIn')}
      onSubmit={submit}
      footer={
        <Flex justify="space-between" wrap gap={8} style={{ marginTop: 16 }}>
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
          {squareOpen && (
            <Typography.Link href="/square" onClick={(event) => (event.preventDefault(), navigate('/square'))}>
              {t('square.browseLink')}
            </Typography.Link>
          )}
        </Flex>
      }
    >
      <EmailField autoComplete="username" autoFocus />
      <PasswordField />
    </AuthForm>
  );
}
