import type { Command } from 'commander';
import type { List } from '../../api-contract/list.ts';
import type { RequestLogEntry } from '../../api-contract/request-log.ts';
import { adminCall, print, printRows, withServer, type ServerOptions } from './admin-client.ts';

interface ListOptions extends ServerOptions {
  org?: string;
  key?: string;
  model?: string;
  channel?: string;
  status?: string;
  errorCode?: string;
  httpStatus?: string;
  since?: string;
  until?: string;
  errors?: boolean;
  before?: string;
  limit: string;
}

interface AuditOptions extends ServerOptions {
  targetType?: string;
  target?: string;
  action?: string;
  limit: string;
  jsonl?: boolean;
}

/**
 * `kaiyuan logs list|show` (the request log) and `kaiyuan audit` (the trail of operator changes),
 * read from a running server's admin API.
 */
export function registerRequestLogCommands(program: Command): void {
  const logs = program.command('logs').description('The request log: what happened to each API request');

  withServer(logs.command('list').description('Requests, newest first, filtered'))
    .option('--org <orgId>', 'one organization')
    .option('--key <keyId>', 'one API key')
    .option('--model <model>', 'one model')
    .option('--channel <channel>', 'one channel (upstream)')
    .option('--status <status>', 'completed | client_disconnected | failed_midway | failed | refused')
    .option('--error-code <code>', 'one error code, e.g. insufficient_quota')
    .option('--http-status <status>', 'one HTTP status, e.g. 429')
    .option('--since <time>', 'from this time (ISO date or epoch ms)')
    .option('--until <time>', 'before this time (ISO date or epoch ms)')
    .option('--errors', 'only requests that did not complete')
    .option('--before <entryId>', 'the next page: entries older than this one')
    .option('--limit <n>', 'at most this many (1-1000)', '50')
    .action(async (options: ListOptions) => {
      const query = new URLSearchParams();
      const set = (name: string, value: string | undefined) => value !== undefined && query.set(name, value);
      set('orgId', options.org);
      set('keyId', options.key);
      set('model', options.model);
      set('channel', options.channel);
      set('status', options.status);
      set('errorCode', options.errorCode);
      set('httpStatus', options.httpStatus);
      set('from', options.since);
      set('to', options.until);
      set('before', options.before);
      if (options.errors) query.set('errorsOnly', 'true');
      query.set('limit', options.limit);
      const list = (await adminCall(options, 'GET', `/admin/v1/request-log?${query}`)) as List<RequestLogEntry>;
      if (options.json) return print(list.data);
      printRows(
        ['time', 'request', 'org', 'model', 'channel', 'status', 'http', 'error', 'ms', 'tokens', 'price'],
        list.data.map((entry) => [
          new Date(entry.createdAt).toISOString(),
          entry.requestId,
          entry.orgId ?? '-',
          entry.model,
          entry.channel ?? '-',
          entry.status,
          String(entry.httpStatus),
          entry.errorCode ?? '-',
          String(entry.latencyMs),
          `${entry.promptTokens}+${entry.completionTokens}`,
          entry.price ?? '-',
        ]),
      );
    });

  withServer(logs.command('show <requestId>').description('Everything the log holds of one request')).action(
    async (requestId: string, options: ServerOptions) => {
      const list = (await adminCall(
        options,
        'GET',
        `/admin/v1/request-log/${encodeURIComponent(requestId)}`,
      )) as List<RequestLogEntry>;
      print(options.json ? list.data : list.data.length === 1 ? list.data[0] : list.data);
    },
  );

  withServer(program.command('audit').description('The audit trail of operator and admin changes'))
    .option('--target-type <type>', 'channel, api_key, user, organization, …')
    .option('--target <id>', 'one record')
    .option('--action <action>', 'e.g. api_key.revoke, billing.top_up, user.role_change')
    .option('--limit <n>', 'at most this many (1-1000)', '50')
    .option('--jsonl', 'print JSON Lines (an export)')
    .action(async (options: AuditOptions) => {
      const query = new URLSearchParams({ limit: options.limit });
      if (options.targetType) query.set('targetType', options.targetType);
      if (options.target) query.set('targetId', options.target);
      if (options.action) query.set('action', options.action);
      const list = (await adminCall(options, 'GET', `/admin/v1/audit?${query}`)) as List<AuditRow>;
      if (options.jsonl) {
        process.stdout.write(list.data.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
        return;
      }
      if (options.json) return print(list.data);
      printRows(
        ['time', 'actor', 'action', 'target'],
        list.data.map((entry) => [
          new Date(entry.at).toISOString(),
          entry.actor,
          entry.action,
          `${entry.target_type}:${entry.target_id}`,
        ]),
      );
    });
}

interface AuditRow {
  at: number;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
}
