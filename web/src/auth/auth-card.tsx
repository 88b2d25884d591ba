import { Card, Flex, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PreferenceSwitches } from '../layout/preference-switches.tsx';

/** The centred card around the sign-in and first-run forms, with language and theme switches. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 24, background: token.colorBgLayout }}
    >
      <Flex justify="flex-end" style={{ width: '100%', maxWidth: 440, marginBottom: 12 }}>
        <PreferenceSwitches />
      </Flex>
      <Card style={{ width: '100%', maxWidth: 440 }}>
        <Typography.Text type="secondary">
          {t('app.name')} · {t('app.tagline')}
        </Typography.Text>
        <Typography.Title level={2} style={{ marginTop: 8 }}>
          {title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{subtitle}</Typography.Paragraph>
        <main id="main-content">{children}</main>
      </Card>
    </Flex>
  );
}
