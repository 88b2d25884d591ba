import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/api-error.ts';
import { resendVerification } from '../api/signup-api.ts';

/** Shown to a self-registered user until the e-mail is verified or the operator approves the account. */
export function VerifyBanner() {
  const { t } = useTranslation();
  const [note, setNote] = useState<string | null>(null);
  return (
    <Alert
      type="info"
      showIcon
      banner
      data-testid="verify-banner"
      title={t('signup.unverifiedTitle')}
      description={note ?? t('signup.unverifiedBody')}
      action={
        <Button
          size="small"
          onClick={() =>
            resendVerification()
              .then(() => setNote(t('signup.resent')))
              .catch((caught: unknown) => setNote(errorMessage(caught)))
          }
        >
          {t('signup.resend')}
        </Button>
      }
    />
  );
}
