import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRouter } from '../routing/router.tsx';

/** Explains a 402 (free grant or balance used up) with a link to top up. */
export function QuotaHint({ message }: { message?: string }) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="quota-hint"
      title={t('signup.quotaTitle')}
      description={
        <>
          {message && <Typography.Paragraph style={{ marginBottom: 4 }}>{message}</Typography.Paragraph>}
          {t('signup.quotaBody')}{' '}
          <Typography.Link href="/billing" onClick={(event) => (event.preventDefault(), navigate('/billing'))}>
            {t('signup.topUp')}
          </Typography.Link>
        </>
      }
    />
  );
}
