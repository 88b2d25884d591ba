import { Alert, Button, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/api-error.ts';
import { verifyEmail } from '../api/signup-api.ts';
import { useRouter } from '../routing/router.tsx';
import { AuthCard } from './auth-card.tsx';
import { useAuth } from './auth-context.tsx';

/** Opened from the verification e-mail: verifies the address (and credits the sign-up grant). */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const { location, navigate } = useRouter();
  const { refresh } = useAuth();
  const token = location.search.get('token') ?? '';
  const [result, setResult] = useState<{ ok: boolean; granted?: boolean; error?: string } | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    verifyEmail(token)
      .then((answer) => setResult({ ok: true, granted: answer.granted }))
      .catch((caught: unknown) => setResult({ ok: false, error: errorMessage(caught) }));
  }, [token]);

  return (
    <AuthCard title={t('signup.verifyTitle')} subtitle={t('signup.verifySubtitle')}>
      {!result && <Spin aria-label={t('app.loading')} />}
      {result?.ok && (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('signup.verified')}
          description={result.granted ? t('signup.grantCredited') : undefined}
        />
      )}
      {result && !result.ok && <Alert type="error" showIcon role="alert" title={result.error} />}
      {result && (
        <Button
          type="primary"
          style={{ marginTop: 16 }}
          onClick={() => {
            navigate('/');
            void refresh();
          }}
        >
          {t('signup.continue')}
        </Button>
      )}
    </AuthCard>
  );
}
