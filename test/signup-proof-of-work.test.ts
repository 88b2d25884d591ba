import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveChallenge } from '../src/accounts/signup/proof-of-work.ts';
import type { RunningServer } from '../src/main.ts';
import { ConsoleVisitor } from './support/console-visitor.ts';
import { startTestServer } from './support/test-server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({
    server: { host: '127.0.0.1', port: 0, trustProxy: true },
    signup: { policy: 'open', perIpPerHour: 0, proofOfWork: { difficulty: 12 } },
  });
});
afterAll(async () => server?.close());

describe('sign-up with the self-hosted proof-of-work CAPTCHA', () => {
  it('refuses a sign-up without a solved challenge, accepts a solved one once', async () => {
    const visitor = new ConsoleVisitor(server.url, '10.3.0.1');
    expect((await visitor.call('GET', '/console/api/auth/state')).body.signupProofOfWork).toBe(true);
    const signUp = (email: string, captchaResponse?: string) =>
      new ConsoleVisitor(server.url, '10.3.0.2').call('POST', '/console/api/auth/sign-up', {
        email,
        password: 'password123',
        captchaResponse,
      });
    expect((await signUp('bot@pow.example')).body.error.code).toBe('captcha_failed');

    const issued = await visitor.call('GET', '/console/api/auth/sign-up-challenge');
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ object: 'sign_up_challenge', difficulty: 12 });
    const { challenge } = issued.body as { challenge: string };
    // Someone else's challenge with a made-up signature is refused.
    const forged = `${challenge.split('.').slice(0, 3).join('.')}.AAAA`;
    expect((await signUp('forger@pow.example', `${forged}:${solveChallenge(forged, 12)}`)).body.error.code).toBe(
      'captcha_failed',
    );
    const answer = `${challenge}:${solveChallenge(challenge, 12)}`;
    const accepted = await signUp('human@pow.example', answer);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    // One account per solved challenge.
    expect((await signUp('again@pow.example', answer)).body.error.code).toBe('captcha_failed');
  });
});
