import { ClockCircleOutlined } from '@ant-design/icons';
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** The honest state of a page whose server API has not landed yet. */
export function ComingSoonPage({ titleKey }: { titleKey: string }) {
  const { t } = useTranslation();
  const page = t(titleKey);
  return (
    <Result
      icon={<ClockCircleOutlined />}
      title={`${page} · ${t('common.comingSoon')}`}
      subTitle={t('common.comingSoonDetail', { page })}
      data-testid="coming-soon"
    />
  );
}
