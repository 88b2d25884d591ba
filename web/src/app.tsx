import { App as AntApp, ConfigProvider, Flex, Spin, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthProvider, useAuth } from './auth/auth-context.tsx';
import { useRouter } from './routing/router.tsx';
import {
  AppLayout,
  AuthStateFailed,
  FirstRunPage,
  ForgotPasswordPage,
  ResetPasswordPage,
  SignInPage,
  SignUpPage,
  VerifyEmailPage,
} from './routing/entry-pages.tsx';
import { RouterProvider } from './routing/router.tsx';
import { PreferencesProvider, usePreferences } from './theme/preferences-context.tsx';

const ModelSquarePage = lazy(() => import('./pages/square/model-square-page.tsx'));

export function App() {
  return (
    <PreferencesProvider>
      <ThemedApp />
    </PreferencesProvider>
  );
}

function ThemedApp() {
  const { language, themeMode } = usePreferences();
  return (
    <ConfigProvider
      locale={language === 'zh-CN' ? zhCN : enUS}
      theme={{
        algorithm: themeMode === 'dark' ? theme.darkAlgorithm : theme.defaultAlgorithm,
        cssVar: { key: 'kaiyuan' },
      }}
    >
      <AntApp>
        <div data-theme={themeMode} className="app-root">
          <RouterProvider>
            <AuthProvider>
              <Suspense fallback={<FullPageSpin />}>
                <AuthGate />
              </Suspense>
            </AuthProvider>
          </RouterProvider>
        </div>
      </AntApp>
    </ConfigProvider>
  );
}

/** Chooses between first run, sign-in and the console, from /console/api/auth/state. */
function AuthGate() {
  const { t } = useTranslation();
  const { state, loading, error, refresh } = useAuth();
  const { location } = useRouter();
  if (!state && loading) {
    return <FullPageSpin />;
  }
  if (!state) {
    return <AuthStateFailed error={error} onRetry={() => void refresh()} />;
  }
  if (state.needsSetup) return <FirstRunPage />;
  // Links from e-mails work signed in or not.
  if (location.path === '/verify-email') return <VerifyEmailPage />;
  if (location.path === '/reset-password') return <ResetPasswordPage />;
  // The public model square: for visitors and the signed in alike.
  if (location.path === '/square')
    return (
      <Suspense fallback={<Spin size="large" aria-label={t('app.loading')} />}>
        <ModelSquarePage />
      </Suspense>
    );
  if (!state.user) {
    if (location.path === '/forgot-password') return <ForgotPasswordPage />;
    if (location.path === '/sign-up' && state.signupPolicy !== 'closed')
      return <SignUpPage policy={state.signupPolicy} />;
    return <SignInPage signupOpen={state.signupPolicy !== 'closed'} squareOpen={state.modelSquare} />;
  }
  return <AppLayout user={state.user} />;
}

function FullPageSpin(): ReactNode {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" aria-label={t('app.loading')} />
    </Flex>
  );
}
