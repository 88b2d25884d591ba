import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KaiyuanConfigInput } from '../src/config/config-schema.ts';
import type { RunningServer } from '../src/main.ts';
import { ConsoleVisitor } from './support/console-visitor.ts';
import { startLocalSmtp, tokenLink, type LocalSmtp } from './support/local-smtp.ts';
import { startTestServer } from './support/test-server.ts';
import { testAdminToken } from './support/test-commerce.ts';

const Visitor = ConsoleVisitor;

async function admin(server: RunningServer, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function start(signup: KaiyuanConfigInput['signup'], extra: KaiyuanConfigInput = {}): Promise<RunningServer> {
  return startTestServer(
    { signup, commerce: { plans: { free: { freeTierOnly: true, monthlyGrantTokens: 0, limits: {} } } }, ...extra },
    { KAIYUAN_ADMIN_TOKEN: testAdminToken },
  );
}

describe('sign-up and the free start', () => {
  let smtp: LocalSmtp;
  let server: RunningServer | null = null;

  beforeAll(async () => {
    smtp = await startLocalSmtp();
  });
  afterAll(async () => {
    await smtp.close();
  });
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('signs up, verifies through SMTP, credits the grant once, and a new key calls a free model at once', async () => {
    server = await start({
      policy: 'open',
      grant: 1,
      publicUrl: 'https://console.example.com',
      smtp: { url: smtp.url, from: 'Kaiyuan <no-reply@example.com>' },
    });
    const visitor = new Visitor(server.url);
    const signedUp = await visitor.call('POST', '/console/api/auth/sign-up', {
      email: 'Ada@Example.org',
      password: 'correct horse',
    });
    expect(signedUp.status).toBe(201);
    expect(signedUp.body).toMatchObject({
      verificationSent: true,
      user: { email: 'ada@example.org', verified: false },
    });
    const orgId: string = signedUp.body.user.orgId;

    // Signed in at once: the new owner creates a key and calls a free model before verifying.
    const created = await visitor.call('POST', '/admin/v1/keys', { name: 'first' });
    expect(created.status).toBe(201);
    const balanceBefore = await admin(server, 'GET', `/admin/v1/organizations/${orgId}/balance`);
    expect(balanceBefore.body).toMatchObject({ balance: '0.00', planId: 'free' });

    const mail = await smtp.waitFor('ada@example.org', /Verify your e-mail/);
    const { link, token } = tokenLink(mail);
    expect(link).toMatch(/^https:\/\/console\.example\.com\/verify-email\?token=/);
    const verified = await visitor.call('POST', '/console/api/auth/verify-email', { token });
    expect(verified).toMatchObject({ status: 200, body: { ok: true, granted: true } });
    expect((await visitor.call('POST', '/console/api/auth/verify-email', { token })).status).toBe(400); // one use

    const ledger = await admin(server, 'GET', `/admin/v1/organizations/${orgId}/ledger`);
    const grants = ledger.body.data.filter((entry: any) => entry.kind === 'grant');
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ amount: '1.00', idempotencyKey: `signup-grant:${orgId}` });
    expect(grants[0].description).toContain('e-mail verified');

    // The operator approving as well credits nothing more.
    const userId: string = signedUp.body.user.id;
    const approved = await admin(server, 'POST', `/admin/v1/users/${userId}/approve`, { via: 'approval' });
    expect(approved.body.granted).toBe(false);

    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: created.body.key });
    const answer = await client.chat.completions.create({
      model: 'sim-chat',
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 16,
    });
    expect(answer.choices[0]!.message.content).toBeTruthy();
    const state = await visitor.call('GET', '/console/api/auth/state');
    expect(state.body.user.verified).toBe(true);
  });

  it('resets a forgotten password through the e-mailed link', async () => {
    server = await start({ policy: 'open', smtp: { url: smtp.url, from: 'k@example.com' } });
    await new Visitor(server.url, '10.0.0.2').call('POST', '/console/api/auth/sign-up', {
      email: 'reset@example.net',
      password: 'first password',
    });
    const stranger = new Visitor(server.url, '10.0.0.3');
    // Unknown addresses get the same answer (no account enumeration).
    expect(
      (await stranger.call('POST', '/console/api/auth/password-reset-request', { email: 'nobody@example.net' })).status,
    ).toBe(200);
    expect(
      (await stranger.call('POST', '/console/api/auth/password-reset-request', { email: 'reset@example.net' })).status,
    ).toBe(200);
    const { token } = tokenLink(await smtp.waitFor('reset@example.net', /Reset your password/));
    const reset = await stranger.call('POST', '/console/api/auth/password-reset', {
      token,
      password: 'second password',
    });
    expect(reset.status).toBe(200);
    expect(reset.body.user.email).toBe('reset@example.net');
    const login = (password: string) =>
      new Visitor(server!.url).call('POST', '/console/api/auth/login', { email: 'reset@example.net', password });
    expect((await login('first password')).status).toBe(401);
    expect((await login('second password')).status).toBe(200);
    expect(
      (await stranger.call('POST', '/console/api/auth/password-reset', { token, password: 'third password' })).status,
    ).toBe(400);
  });

  it('without SMTP registers unverified accounts that the operator sees and approves (grant credited then)', async () => {
    server = await start({ policy: 'open', grant: 2.5 });
    const signedUp = await new Visitor(server.url).call('POST', '/console/api/auth/sign-up', {
      email: 'no-mail@example.com',
      password: 'password123',
      orgName: 'No Mail Inc',
    });
    expect(signedUp.body).toMatchObject({ verificationSent: false, user: { orgName: 'No Mail Inc', verified: false } });
    const pending = await admin(server, 'GET', '/admin/v1/signup/pending');
    expect(pending.body.data.map((user: any) => user.email)).toEqual(['no-mail@example.com']);
    const approved = await admin(server, 'POST', `/admin/v1/users/${signedUp.body.user.id}/approve`, { via: 'sms' });
    expect(approved.body).toMatchObject({ granted: true, approvedAt: expect.any(Number) });
    expect((await admin(server, 'GET', '/admin/v1/signup/pending')).body.data).toEqual([]);
    const balance = await admin(server, 'GET', `/admin/v1/organizations/${signedUp.body.user.orgId}/balance`);
    expect(balance.body.balance).toBe('2.50');
    const ledger = await admin(server, 'GET', `/admin/v1/organizations/${signedUp.body.user.orgId}/ledger`);
    expect(ledger.body.data[0].description).toContain('phone verified by SMS');
  });

  it('follows the operator policy: closed, then invite-only with a code, then open', async () => {
    server = await start({ policy: 'closed', perIpPerHour: 0 });
    const body = (email: string, invitationCode?: string) => ({ email, password: 'password123', invitationCode });
    const visitor = new Visitor(server.url);
    const closed = await visitor.call('POST', '/console/api/auth/sign-up', body('a@example.com'));
    expect(closed).toMatchObject({ status: 403, body: { error: { code: 'signup_closed' } } });
    expect((await visitor.call('GET', '/console/api/auth/state')).body.signupPolicy).toBe('closed');

    expect((await admin(server, 'PUT', '/admin/v1/signup/settings', { policy: 'invite' })).body.policy).toBe('invite');
    const inviter = new Visitor(server.url);
    expect((await inviter.call('POST', '/console/api/auth/sign-up', body('b@example.com'))).body.error.code).toBe(
      'invitation_required',
    );
    // The operator's own organization invites (the admin token acts as the operator).
    await admin(server, 'PUT', '/admin/v1/signup/settings', { policy: 'open' });
    const first = await inviter.call('POST', '/console/api/auth/sign-up', body('owner@first.example'));
    expect(first.status).toBe(201);
    const invitation = await inviter.call('GET', '/admin/v1/invitation');
    expect(invitation.body.link).toContain(`/sign-up?invite=${invitation.body.code}`);
    await admin(server, 'PUT', '/admin/v1/signup/settings', { policy: 'invite' });
    const bad = await new Visitor(server.url).call('POST', '/console/api/auth/sign-up', body('c@example.com', 'nope'));
    expect(bad.body.error.code).toBe('invalid_invitation');
    const invited = await new Visitor(server.url).call(
      'POST',
      '/console/api/auth/sign-up',
      body('c@second.example', invitation.body.code),
    );
    expect(invited.status).toBe(201);
    expect((await inviter.call('GET', '/admin/v1/invitation')).body.invited).toBe(1);
  });

  it('limits sign-ups per IP, refuses disposable domains and checks the CAPTCHA hook', async () => {
    const captcha: Server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const form = new URLSearchParams(body);
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ success: form.get('secret') === 's3cret' && form.get('response') === 'human' }));
      });
    });
    await new Promise<void>((resolve) => captcha.listen(0, '127.0.0.1', resolve));
    try {
      server = await start(
        {
          policy: 'open',
          perIpPerHour: 2,
          extraBlockedDomains: ['spam.example'],
          captcha: {
            verifyUrl: `http://127.0.0.1:${(captcha.address() as AddressInfo).port}/siteverify`,
            secret: 's3cret',
          },
        },
        { server: { host: '127.0.0.1', port: 0, trustProxy: true } },
      );
      const signUp = (ip: string, email: string, captchaResponse?: string) =>
        new Visitor(server!.url, ip).call('POST', '/console/api/auth/sign-up', {
          email,
          password: 'password123',
          captchaResponse,
        });
      expect((await signUp('10.1.0.1', 'x@mailinator.com', 'human')).body.error.code).toBe('disposable_email');
      expect((await signUp('10.1.0.1', 'x@spam.example', 'human')).body.error.code).toBe('disposable_email');
      expect((await signUp('10.1.0.2', 'robot@example.com', 'bot')).body.error.code).toBe('captcha_failed');
      expect((await signUp('10.1.0.2', 'robot@example.com')).body.error.code).toBe('captcha_failed');
      expect((await signUp('10.1.0.3', 'one@example.com', 'human')).status).toBe(201);
      expect((await signUp('10.1.0.3', 'two@example.com', 'human')).status).toBe(201);
      const third = await signUp('10.1.0.3', 'three@example.com', 'human');
      expect(third).toMatchObject({ status: 429, body: { error: { code: 'too_many_sign_ups' } } });
      expect((await signUp('10.1.0.4', 'three@example.com', 'human')).status).toBe(201); // another address
    } finally {
      await new Promise<void>((resolve) => captcha.close(() => resolve()));
    }
  });
});
