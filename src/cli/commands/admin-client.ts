import type { Command } from 'commander';
import { KaiyuanError } from '../../util/errors.ts';
import { adminServer } from '../cli-settings.ts';

/** Options of a command that calls a running server's admin API. */
export interface ServerOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

export function withServer(command: Command): Command {
  return command
    .option('--url <url>', 'server URL (default KAIYUAN_URL, else http://127.0.0.1:<server.port>)')
    .option('--token <token>', 'admin token (default KAIYUAN_ADMIN_TOKEN)')
    .option('--json', 'print JSON');
}

export async function adminCall(
  options: ServerOptions,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const { url: base, token } = adminServer(options);
  let response: Response;
  try {
    response = await fetch(new URL(path, base), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new KaiyuanError(
      'server_unreachable',
      `Cannot reach the Kaiyuan server at ${base}: ${(error as Error).message}`,
      { status: 503, type: 'server_error' },
    );
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let parsed: any = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { error: { message: text } };
  }
  if (!response.ok)
    throw new KaiyuanError(
      parsed?.error?.code ?? 'admin_call_failed',
      `${response.status}: ${parsed?.error?.message ?? text}`,
      { status: response.status, type: 'server_error' },
    );
  return parsed;
}

export function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printRows(headers: string[], rows: string[][]): void {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  process.stdout.write(`${[line(headers), ...rows.map(line)].join('\n')}\n`);
}
