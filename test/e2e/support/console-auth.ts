import type { Page } from 'playwright-core';

export const ownerAccount = {
  name: 'Wang Fang',
  email: 'owner@example.com',
  orgName: 'Kaiyuan E2E',
  password: 'correct horse battery staple',
};

/**
 * Fills the first-run form on the page already showing it (English labels) and waits for the
 * signed-in console: the operator's owner account and the house organization.
 */
export async function completeFirstRun(page: Page, account: typeof ownerAccount = ownerAccount): Promise<void> {
  await page.getByLabel('Your name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Organization name').fill(account.orgName);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByLabel('Confirm password').fill(account.password);
  await page.getByRole('button', { name: 'Create owner account' }).click();
  await page.getByTestId('account-menu').waitFor();
}

/** True when the server serves the console's auth API (a server without accounts answers 404). */
export async function consoleAuthAvailable(baseUrl: string): Promise<boolean> {
  const response = await fetch(`${baseUrl}/console/api/auth/state`);
  return response.status !== 404;
}

/**
 * Without the auth API (outside CI only), the UI tests run against a stubbed auth state (a
 * signed-in owner) so that the pages can still be tested against the real /v1 API.
 */
export async function stubSignedInState(page: Page): Promise<void> {
  await page.route('**/console/api/auth/state', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        needsSetup: false,
        user: {
          id: 'usr_stub',
          email: ownerAccount.email,
          name: ownerAccount.name,
          role: 'owner',
          orgId: 'org_stub',
          orgName: ownerAccount.orgName,
        },
      }),
    }),
  );
}
