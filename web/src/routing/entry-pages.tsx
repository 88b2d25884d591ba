import { lazy } from 'react';

/**
 * The frames the console opens on. The sign-in and first-run forms come with the entry (they are
 * the first thing a visitor sees: no second round trip before the form shows); the others are
 * loaded on demand: a visitor on the sign-in page does not download the signed-in layout (menu,
 * dropdowns, pages' shared parts), and a signed-in user does not download the sign-up,
 * password-reset or verification forms.
 */
export { FirstRunPage } from '../auth/first-run-page.tsx';
export { SignInPage } from '../auth/sign-in-page.tsx';

export const AppLayout = lazy(() =>
  import('../layout/app-layout.tsx').then((module) => ({ default: module.AppLayout })),
);
export const SignUpPage = lazy(() =>
  import('../auth/sign-up-page.tsx').then((module) => ({ default: module.SignUpPage })),
);
export const VerifyEmailPage = lazy(() =>
  import('../auth/verify-email-page.tsx').then((module) => ({ default: module.VerifyEmailPage })),
);
export const ForgotPasswordPage = lazy(() =>
  import('../auth/password-reset-pages.tsx').then((module) => ({ default: module.ForgotPasswordPage })),
);
export const ResetPasswordPage = lazy(() =>
  import('../auth/password-reset-pages.tsx').then((module) => ({ default: module.ResetPasswordPage })),
);
export const AuthStateFailed = lazy(() =>
  import('./auth-state-failed.tsx').then((module) => ({ default: module.AuthStateFailed })),
);
