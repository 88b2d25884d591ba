/**
 * The `kaiyuan` command's own client-side settings from the environment, read here and nowhere
 * else in the CLI (the server's settings come through config/load-config.ts): KAIYUAN_URL and
 * KAIYUAN_ADMIN_TOKEN for the commands that call a running server's admin API, KAIYUAN_ORG for
 * the organization of data and labeling commands, and a secret in a variable the user names.
 */
import { z } from 'zod';
import { loadConfig } from '../config/load-config.ts';
import { invalidRequest } from '../util/errors.ts';

type Environment = Record<string, string | undefined>;

const variables = {
  serverUrl: { name: 'KAIYUAN_URL', schema: z.url({ protocol: /^https?$/ }), expected: 'an http(s) URL' },
  adminToken: { name: 'KAIYUAN_ADMIN_TOKEN', schema: z.string(), expected: 'a token' },
  organization: { name: 'KAIYUAN_ORG', schema: z.string(), expected: 'an organization id or name' },
} as const;

/** A setting's variable, validated; undefined when unset or empty. */
export function cliSetting(
  setting: keyof typeof variables,
  environment: Environment = process.env,
): string | undefined {
  const { name, schema, expected } = variables[setting];
  const text = environment[name]?.trim();
  if (!text) return undefined;
  if (!schema.safeParse(text).success) {
    throw invalidRequest(`Invalid environment variable ${name}: got "${text}"; expected ${expected}.`, name);
  }
  return text;
}

/** A secret the user keeps in a variable of their choice (`--password-env`), never on the command line. */
export function secretFromEnvironment(variable: string, environment: Environment = process.env): string | undefined {
  return environment[variable] || undefined;
}

/**
 * The server and token of an admin call: `--url`, else KAIYUAN_URL, else the server of this
 * machine's configuration (127.0.0.1 and `server.port`); `--token`, else KAIYUAN_ADMIN_TOKEN.
 */
export function adminServer(
  options: { url?: string; token?: string },
  environment: Environment = process.env,
  cwd = process.cwd(),
): { url: string; token: string } {
  if (options.url !== undefined && !variables.serverUrl.schema.safeParse(options.url).success) {
    throw invalidRequest(`--url: got "${options.url}"; expected ${variables.serverUrl.expected}.`, 'url');
  }
  const url =
    options.url ??
    cliSetting('serverUrl', environment) ??
    `http://127.0.0.1:${loadConfig(environment, cwd).config.server.port}`;
  const token = options.token ?? cliSetting('adminToken', environment);
  if (!token) throw invalidRequest('An admin token is needed: pass --token or set KAIYUAN_ADMIN_TOKEN.', 'token');
  return { url, token };
}
