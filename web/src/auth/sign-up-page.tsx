import { Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchSignUpChallenge, signUp } from '../api/signup-api.ts';
import { useRouter } from '../routing/router.tsx';
import { useAuth } from './auth-context.tsx';
import { AuthForm, EmailField, PasswordField } from './auth-form.tsx';
import { solveChallenge } from './proof-of-work.ts';

interface SignUpValues {
  email: string;
  password: string;
  name?: string;
  orgName?: string;
  invitationCode?: string;
}

/** Self-service sign-up: e-mail and password (and an invitation code when the policy asks for one). */
export function SignUpPage({ policy }: { policy: 'open' | 'invite' }) {
  const { t } = useTranslation();
  const { refresh, state } = useAuth();
  const { location, navigate } = useRouter();
  const [checkingHuman, setCheckingHuman] = useState(false);
  const invite = location.search.get('invite') ?? undefined;

  const submit = async (values: SignUpValues) => {
    let captchaResponse: string | undefined;
    if (state?.signupProofOfWork) {
      // The self-hosted CAPTCHA: a second or so of hashing in this browser, no third party.
      setCheckingHuman(true);
      try {
        const { challenge, difficulty } = await fetchSignUpChallenge();
        captchaResponse = `${challenge}:${await solveChallenge(challenge, difficulty)}`;
      } finally {
        setCheckingHuman(false);
      }
    }
    await signUp({
      captchaResponse,
      email: values.email.trim(),
      password: values.password,
      name: values.name?.trim() || undefined,
      orgName: values.orgName?.trim() || undefined,
      invitationCode: values.invitationCode?.trim() || undefined,
    });
    navigate('/');
    await refresh();
  };

  return (
    <AuthForm<SignUpValues>
      title={t('signup.title')}
      subtitle={t('signup.subtitle')}
      name="sign-up"
      submitLabel={t('signup.submit')}
      onSubmit={submit}
      initialValues={{ invitationCode: invite }}
      notice={checkingHuman ? { type: 'info', text: t('signup.checkingHuman') } : null}
      footer={
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
          <Typography.Link href="/" onClick={(event) => (event.preventDefault(), navigate('/'))}>
            {t('signup.haveAccount')}
          </Typography.Link>
        </Typography.Paragraph>
      }
    >
      <EmailField autoFocus />
      <PasswordField newPassword={{ tooShort: t('signup.passwordShort') }} />
      <Form.Item label={t('signup.name')} name="name">
        <Input autoComplete="name" />
      </Form.Item>
      <Form.Item label={t('signup.orgName')} name="orgName" extra={t('signup.orgNameHint')}>
        <Input autoComplete="organization" />
      </Form.Item>
      <Form.Item
        label={t('signup.invitationCode')}
        name="invitationCode"
        rules={policy === 'invite' ? [{ required: true, message: t('signup.invitationRequired') }] : []}
      >
        <Input />
      </Form.Item>
    </AuthForm>
  );
}
