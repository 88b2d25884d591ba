/**
 * Every environment variable the server reads, and the config key it sets. The config loader
 * applies them over kaiyuan.yaml (the environment wins); docs/operator-guide.md lists them.
 * Besides these: KAIYUAN_CONFIG (where kaiyuan.yaml is) and the upstream keys (a hosted preset's
 * `*_API_KEY`, the variable a provider names in `apiKeyEnv`), which fill `secrets.providerKeys`.
 */
export interface EnvironmentVariable {
  name: string;
  /** The config key it sets, as a dotted path. */
  key: string;
  /** How the text is read. */
  kind: 'string' | 'number' | 'boolean';
}

export const environmentVariables: readonly EnvironmentVariable[] = [
  { name: 'PORT', key: 'server.port', kind: 'number' },
  { name: 'HOST', key: 'server.host', kind: 'string' },
  { name: 'KAIYUAN_WORKERS', key: 'server.workers', kind: 'string' },
  { name: 'KAIYUAN_DATA_DIR', key: 'dataDir', kind: 'string' },
  { name: 'DATABASE_URL', key: 'database.url', kind: 'string' },
  { name: 'REDIS_URL', key: 'redis.url', kind: 'string' },
  { name: 'LOG_LEVEL', key: 'logging.level', kind: 'string' },
  { name: 'KAIYUAN_DATA_GZIP', key: 'data.gzip', kind: 'boolean' },
  { name: 'KAIYUAN_UPLOAD_LIMIT_MB', key: 'data.uploadLimitMb', kind: 'number' },
  { name: 'KAIYUAN_QUEUE_PREFIX', key: 'jobs.queuePrefix', kind: 'string' },
  { name: 'KAIYUAN_WORKER_IN_SERVER', key: 'jobs.workerInServer', kind: 'boolean' },
  { name: 'KAIYUAN_RESPONSES_RETENTION_DAYS', key: 'responses.retentionDays', kind: 'number' },
  { name: 'KAIYUAN_REQUEST_LOG', key: 'requestLog.enabled', kind: 'boolean' },
  { name: 'KAIYUAN_REQUEST_LOG_RETENTION_DAYS', key: 'requestLog.retentionDays', kind: 'number' },
  { name: 'KAIYUAN_BATCH_FILE_LIMIT_MB', key: 'batches.fileLimitMb', kind: 'number' },
  { name: 'KAIYUAN_BATCH_STORAGE_QUOTA_MB', key: 'batches.storageQuotaMb', kind: 'number' },
  { name: 'KAIYUAN_BATCH_LEASE_SECONDS', key: 'batches.leaseSeconds', kind: 'number' },
  { name: 'KAIYUAN_ADMIN_TOKEN', key: 'secrets.adminToken', kind: 'string' },
  { name: 'KAIYUAN_SIGNUP_POLICY', key: 'signup.policy', kind: 'string' },
  { name: 'KAIYUAN_PUBLIC_URL', key: 'signup.publicUrl', kind: 'string' },
  { name: 'KAIYUAN_SMTP_URL', key: 'signup.smtp.url', kind: 'string' },
  { name: 'KAIYUAN_MASTER_KEY', key: 'secrets.masterKey', kind: 'string' },
  { name: 'KAIYUAN_PREVIOUS_MASTER_KEYS', key: 'secrets.previousMasterKeys', kind: 'string' },
];
