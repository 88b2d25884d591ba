import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { QuotaHint } from './quota-hint.tsx';

/** Shows an API error's own message (as text), with an optional retry. */
export function ErrorAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 402) return <QuotaHint message={errorMessage(error)} />;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? t('common.loadFailed')}
      description={errorMessage(error)}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        )
      }
    />
  );
}
