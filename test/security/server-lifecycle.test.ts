/**
 * Findings 10 and 12 and the shutdown: a taken port ends the process with a readable message and
 * a non-zero exit; idle and half-sent connections are closed; SIGTERM drains a stream in flight
 * and exits 0 with its usage recorded.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/main.ts';
import { provisionOverHttp, startServerProcess } from '../support/server-process.ts';
import { startTestServer } from '../support/test-server.ts';

/** Opens a raw connection, writes `text`, and resolves with the milliseconds until the server closes it. */
function closedAfter(url: string, text: string, limitMs: number): Promise<{ ms: number; received: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let received = '';
    const socket = connect(Number(port), hostname, () => {
      if (text) socket.write(text);
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after ${limitMs} ms`));
    }, limitMs);
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ms: Date.now() - started, received });
    });
  });
}

describe('connections', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({
      server: { host: '127.0.0.1', port: 0, headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, idleTimeoutMs: 3_000 },
    });
  });
  afterAll(async () => server?.close());

  it('12: a connection that sends nothing, or half of its headers, is closed after the headers timeout', async () => {
    const silent = await closedAfter(server.url, '', 10_000);
    expect(silent.ms).toBeLessThan(5_000);
    const half = await closedAfter(server.url, 'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n', 10_000);
    expect(half.ms).toBeLessThan(5_000);
  });

  it('12: a body that never finishes is closed after the request timeout', async () => {
    const slow = await closedAfter(
      server.url,
      'POST /console/api/auth/login HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"email":',
      10_000,
    );
    expect(slow.ms).toBeLessThan(6_000);
    expect(slow.received).toMatch(/^HTTP\/1.1 408/);
  });
});

describe('the server process', () => {
  it('10: exits non-zero with a clear message when the port is taken', async () => {
    const first = await startServerProcess();
    try {
      const port = new URL(first.url).port;
      const second = spawn(process.execPath, ['bin/kaiyuan.js', 'serve'], {
        env: {
          ...process.env,
          PORT: port,
          HOST: '127.0.0.1',
          KAIYUAN_DATA_DIR: `${first.dataDir}-second`,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      second.stderr.on('data', (chunk) => (output += chunk.toString()));
      second.stdout.on('data', (chunk) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          second.kill('SIGKILL');
          resolve(null);
        }, 30_000);
        second.on('exit', (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      expect(code, output).toBe(1);
      expect(output).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await first.stop();
    }
  }, 60_000);

  it('SIGTERM drains a stream in flight, records its usage, and exits 0', async () => {
    const slow =
      'server:\n  host: 127.0.0.1\ndiscovery:\n  enabled: false\nsimulator:\n  enabled: true\n  options:\n    latencyMs: 5\n    tokensPerSecond: 40\n';
    const process1 = await startServerProcess({ configYaml: slow });
    const { key } = await provisionOverHttp(process1.url, { name: 'drain', balance: 10 });
    const response = await fetch(`${process1.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'sim-chat',
        messages: [{ role: 'user', content: 'tell me a story' }],
        max_tokens: 40,
        stream: true,
      }),
    });
    expect(response.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => process1.child.once('exit', (code) => resolve(code)));
    process1.child.kill('SIGTERM');
    const text = await response.text();
    expect(text).toContain('data: [DONE]');
    expect(await exited).toBe(0);
    // The usage of the drained request is in the store: a new server on the same data reads it.
    const again = await startServerProcess({ dataDir: process1.dataDir });
    try {
      const usage = await fetch(`${again.url}/admin/v1/usage?limit=10`, {
        headers: { authorization: `Bearer ky-admin-process-test-0123456789abcdefghijklmnop` },
      });
      const body = (await usage.json()) as { data: Array<{ status: string }> };
      expect(body.data.map((record) => record.status)).toContain('completed');
    } finally {
      await again.stop();
    }
  }, 90_000);
});
