import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/api-error.ts';
import { fetchSignUpChallenge, signUp } from '../api/signup-api.ts';
import { useRouter } from '../routing/router.tsx';
import { AuthCard } from './auth-card.tsx';
import { useAuth } from './auth-context.tsx';
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
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [checkingHuman, setCheckingHuman] = useState(false);
  const invite = location.search.get('invite') ?? undefined;

  const submit = async (values: SignUpValues) => {
    setSubmitting(true);
    setError(null);
    try {
      let captchaResponse: string | undefined;
      if (state?.signupProofOfWork) {
        // The self-hosted CAPTCHA: a second or so of hashing in this browser, no third party.
        setCheckingHuman(true);
        const { challenge, difficulty } = await fetchSignUpChallenge();
        captchaResponse = `${challenge}:${await solveChallenge(challenge, difficulty)}`;
        setCheckingHuman(false);
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
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
      setCheckingHuman(false);
    }
  };

  return (
    <AuthCard title={t('signup.title')} subtitle={t('signup.subtitle')}>
      <Form<SignUpValues>
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        disabled={submitting}
        name="sign-up"
        initialValues={{ invitationCode: invite }}
      >
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
        <Form.Item
          label={t('auth.password')}
          name="password"
          rules={[
            { required: true, message: t('auth.passwordRequired') },
            { min: 8, message: t('signup.passwordShort') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
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
        {checkingHuman && (
          <Alert type="info" showIcon title={t('signup.checkingHuman')} style={{ marginBottom: 16 }} role="status" />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {t('signup.submit')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
        <Typography.Link href="/" onClick={(event) => (event.preventDefault(), navigate('/'))}>
          {t('signup.haveAccount')}
        </Typography.Link>
      </Typography.Paragraph>
    </AuthCard>
  );
}
