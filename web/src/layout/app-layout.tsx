import { saveLocale } from '../api/auth-api.ts';
import { VerifyBanner } from '../auth/verify-banner.tsx';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Flex, Layout, Menu, Result, Spin, Typography, theme } from 'antd';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleUser } from '../api/auth-api.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { PageErrorBoundary } from '../components/page-error-boundary.tsx';
import { ComingSoonPage } from '../pages/coming-soon-page.tsx';
import { homePath, pageForPath, pagesForUser } from '../routing/console-pages.tsx';
import { useRouter } from '../routing/router.tsx';
import { PreferenceSwitches } from './preference-switches.tsx';

/** The signed-in frame: side menu, header (language, theme, account) and the current page. */
export function AppLayout({ user }: { user: ConsoleUser }) {
  const { t } = useTranslation();
  const { location, navigate } = useRouter();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);
  const pages = useMemo(() => pagesForUser(user), [user]);
  const current = pageForPath(location.path, pages);

  useEffect(() => {
    if (location.path === '/' || (!current && location.path !== '/')) navigate(homePath);
  }, [current, location.path, navigate]);

  // The server learns the console language once per browser session (notices by e-mail use it).
  const { i18n } = useTranslation();
  useEffect(() => {
    const marker = `kaiyuan.localeSaved.${user.id}`;
    try {
      if (sessionStorage.getItem(marker) === i18n.language) return;
      sessionStorage.setItem(marker, i18n.language);
    } catch {
      // storage disabled: save every time the layout mounts
    }
    if (i18n.language === 'zh-CN' || i18n.language === 'en') void saveLocale(i18n.language).catch(() => undefined);
  }, [user.id, i18n.language]);

  useEffect(() => {
    if (current) document.title = `${t(current.titleKey)} · ${t('app.name')}`;
  }, [current, t]);

  const Page = current?.component;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        theme="light"
        style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
      >
        <Flex align="center" gap={8} style={{ height: 56, paddingInline: 20 }}>
          <img src="/favicon.svg" alt="" width={24} height={24} />
          {!collapsed && (
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t('app.name')}
            </Typography.Text>
          )}
        </Flex>
        <nav aria-label={t('menu.navigation')}>
          <Menu
            mode="inline"
            selectedKeys={current ? [current.key] : []}
            items={pages.map((page) => ({
              key: page.key,
              icon: page.icon,
              label: t(page.titleKey),
              'data-testid': `menu-${page.key}`,
            }))}
            onClick={({ key }) => {
              const page = pages.find((candidate) => candidate.key === key);
              if (page) navigate(page.path);
            }}
            style={{ borderInlineEnd: 'none' }}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            paddingInline: 24,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'flex-end',
            gap: 16,
          }}
        >
          <PreferenceSwitches />
          <AccountMenu user={user} />
        </Layout.Header>
        <Layout.Content id="main-content" tabIndex={-1} style={{ padding: 24, outline: 'none' }}>
          {!user.verified && <VerifyBanner />}
          <PageErrorBoundary key={current?.key ?? 'none'}>
            <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
              {current ? Page ? <Page /> : <ComingSoonPage titleKey={current.titleKey} /> : <Result status="404" />}
            </Suspense>
          </PageErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function AccountMenu({ user }: { user: ConsoleUser }) {
  const { t } = useTranslation();
  const { signOut } = useAuth();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'org', label: `${t('header.organization')}: ${user.orgName}`, disabled: true },
          { key: 'role', label: `${t('header.role')}: ${user.role}`, disabled: true },
          { type: 'divider' },
          { key: 'sign-out', icon: <LogoutOutlined />, label: t('header.signOut'), onClick: () => void signOut() },
        ],
      }}
    >
      <Button icon={<UserOutlined />} data-testid="account-menu" aria-label={`${t('header.account')}: ${user.email}`}>
        {user.name || user.email}
      </Button>
    </Dropdown>
  );
}
