import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/server-process.ts';
import type { RunningServer } from '../src/main.ts';
import { ConsoleVisitor } from './support/console-visitor.ts';
import { startLocalSmtp, type LocalSmtp } from './support/local-smtp.ts';
import { testAdminToken } from './support/test-commerce.ts';
import { startTestServer } from './support/test-server.ts';

const servers: RunningServer[] = [];
let smtp: LocalSmtp;
beforeAll(async () => {
  smtp = await startLocalSmtp();
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await smtp?.close();
});

async function start(smtpUrl: string): Promise<RunningServer> {
  const server = await startTestServer(
    {
      server: { host: '127.0.0.1', port: 0, trustProxy: true },
      signup: { policy: 'open', perIpPerHour: 0, smtp: { url: smtpUrl, from: 'k@example.com' } },
    },
    { KAIYUAN_ADMIN_TOKEN: testAdminToken },
  );
  servers.push(server);
  return server;
}

const asOperator = async (server: RunningServer, query = '') => {
  const response = await fetch(`${server.url}/admin/v1/notifications${query}`, {
    headers: { authorization: `Bearer ${testAdminToken}` },
  });
  return (await response.json()) as { data: Array<Record<string, unknown>> };
};

describe('the notification log', () => {
  it('records each account e-mail with its kind and organization, never its one-time link', async () => {
    const server = await start(smtp.url);
    const ada = new ConsoleVisitor(server.url, '10.5.0.1');
    const signedUp = await ada.call('POST', '/console/api/auth/sign-up', {
      email: 'ada@log.example',
      password: 'pass-word-1',
    });
    await new ConsoleVisitor(server.url, '10.5.0.2').call('POST', '/console/api/auth/sign-up', {
      email: 'bob@other.example',
      password: 'pass-word-2',
    });
    await smtp.waitFor('bob@other.example', /Verify/);
    await new ConsoleVisitor(server.url, '10.5.0.3').call('POST', '/console/api/auth/password-reset-request', {
      email: 'ada@log.example',
    });
    await smtp.waitFor('ada@log.example', /Reset/);

    const all = await asOperator(server);
    expect(all.data.map((entry) => [entry.recipient, entry.kind, entry.status])).toEqual([
      ['ada@log.example', 'reset_password', 'sent'],
      ['bob@other.example', 'verify_email', 'sent'],
      ['ada@log.example', 'verify_email', 'sent'],
    ]);
    expect(JSON.stringify(all)).not.toMatch(/token=/);
    // Ada's organization sees its own notices only; a member may not read them.
    const own = await ada.call('GET', '/admin/v1/notifications');
    expect(own.status).toBe(200);
    expect(own.body.data.map((entry: { kind: string }) => entry.kind)).toEqual(['reset_password', 'verify_email']);
    expect(own.body.data.every((entry: { orgId: string }) => entry.orgId === signedUp.body.user.orgId)).toBe(true);
    expect((await asOperator(server, '?recipient=BOB@other.example')).data).toHaveLength(1);
  });

  it('records a notice the mail server did not take as failed, with the reason', async () => {
    const server = await start(`smtp://127.0.0.1:${await freePort()}`);
    await new ConsoleVisitor(server.url, '10.6.0.1').call('POST', '/console/api/auth/sign-up', {
      email: 'lost@log.example',
      password: 'pass-word-3',
    });
    const failed = await asOperator(server, '?status=failed');
    expect(failed.data).toHaveLength(1);
    expect(failed.data[0]).toMatchObject({ recipient: 'lost@log.example', kind: 'verify_email', status: 'failed' });
    expect(failed.data[0]!.error).toMatch(/ECONNREFUSED|connect/i);
  });
});
