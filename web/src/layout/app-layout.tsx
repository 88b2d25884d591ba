import { saveLocale } from '../api/auth-api.ts';
import { VerifyBanner } from '../auth/verify-banner.tsx';
import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Spin, Typography, theme } from 'antd';
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
  const screens = Grid.useBreakpoint();
  // Phones (below 768 px): no side menu beside the page; the menu opens as a drawer from the header.
  const phone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const brand = (
    <Flex align="center" gap={8} style={{ height: 56, paddingInline: 20 }}>
      <img src="/favicon.svg" alt="" width={24} height={24} />
      {(!collapsed || phone) && (
        <Typography.Text strong style={{ fontSize: 16 }}>
          {t('app.name')}
        </Typography.Text>
      )}
    </Flex>
  );
  const menu = (
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
          setDrawerOpen(false);
          if (page) navigate(page.path);
        }}
        style={{ borderInlineEnd: 'none' }}
      />
    </nav>
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      {phone ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          closable={false}
          styles={{ body: { padding: 0 } }}
        >
          {brand}
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="lg"
          theme="light"
          style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
        >
          {brand}
          {menu}
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            paddingInline: phone ? 12 : 24,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'flex-end',
            gap: phone ? 8 : 16,
          }}
        >
          {phone && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('menu.navigation')}
              data-testid="menu-open"
              onClick={() => setDrawerOpen(true)}
              style={{ marginInlineEnd: 'auto' }}
            />
          )}
          <PreferenceSwitches />
          <AccountMenu user={user} compact={phone} />
        </Layout.Header>
        <Layout.Content
          id="main-content"
          tabIndex={-1}
          style={{ padding: phone ? 12 : 24, outline: 'none', minWidth: 0 }}
        >
          {!user.verified && <VerifyBanner />}
          <PageErrorBoundary key={current?.key ?? 'none'}>
            <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
              {/* No page (the root or an unknown path): the effect above is about to open the home page. */}
              {current ? Page ? <Page /> : <ComingSoonPage titleKey={current.titleKey} /> : null}
            </Suspense>
          </PageErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function AccountMenu({ user, compact }: { user: ConsoleUser; compact: boolean }) {
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
        {compact ? null : user.name || user.email}
      </Button>
    </Dropdown>
  );
}
