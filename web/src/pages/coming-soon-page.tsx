import { ClockCircleOutlined } from '@ant-design/icons';
import { LazyResult } from '../components/lazy-result.tsx';
import { useTranslation } from 'react-i18next';

/** The honest state of a page whose server API has not landed yet. */
export function ComingSoonPage({ titleKey }: { titleKey: string }) {
  const { t } = useTranslation();
  const page = t(titleKey);
  return (
    <LazyResult
      icon={<ClockCircleOutlined />}
      title={`${page} · ${t('common.comingSoon')}`}
      subTitle={t('common.comingSoonDetail', { page })}
      data-testid="coming-soon"
    />
  );
}
