import { Button } from 'antd';
import { LazyResult } from './lazy-result.tsx';
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface State {
  error: Error | null;
}

/** Keeps a crashing page from taking the whole console down; the layout and menu stay usable. */
export class PageErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (this.state.error)
      return <PageCrashed error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}

function PageCrashed({ error, onRetry }: { error: Error; onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <LazyResult
      status="error"
      title={t('app.pageCrashed')}
      subTitle={error.message}
      extra={
        <Button type="primary" onClick={onRetry}>
          {t('app.retry')}
        </Button>
      }
    />
  );
}
