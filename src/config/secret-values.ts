/**
 * The config keys whose values are secrets (keys, tokens, URLs that may hold a password): config
 * errors show them as "(hidden)", and a config turned into JSON — a log line, a dump — carries
 * "[hidden]" in their place.
 */
const secretKeys: readonly RegExp[] = [
  /^secrets\./,
  /^database\.url$/,
  /^redis\.url$/,
  /^signup\.smtp\.url$/,
  /^signup\.captcha\.secret$/,
  /^providers\.[^.]+\.apiKey$/,
  /^discovery\.servers\.\d+\.apiKey$/,
  /^payments\.(alipay|wechatPay|stripe)\.(privateKey|apiV3Key|secretKey|webhookSecret)$/,
];

/** Whether the value at this dotted key (`providers.x.apiKey`, `discovery.servers.0.apiKey`) is a secret. */
export function isSecretKey(key: string): boolean {
  return secretKeys.some((pattern) => pattern.test(key));
}

/**
 * Gives the config a `toJSON` that replaces every secret with "[hidden]", so that a config (or
 * its `secrets` section) that reaches a logger or JSON.stringify shows none. Reading a value is
 * unchanged, and log lines that do not carry the config pay nothing.
 */
export function hideSecretsWhenSerialized<Config extends { secrets: object }>(config: Config): Config {
  Object.defineProperty(config, 'toJSON', { value: () => withoutSecrets(config, ''), enumerable: false });
  Object.defineProperty(config.secrets, 'toJSON', {
    value: () => withoutSecrets(config.secrets, 'secrets'),
    enumerable: false,
  });
  return config;
}

function withoutSecrets(value: unknown, key: string): unknown {
  if (key !== '' && isSecretKey(key)) return value === undefined ? undefined : '[hidden]';
  if (Array.isArray(value)) return value.map((item, index) => withoutSecrets(item, `${key}.${index}`));
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) copy[name] = withoutSecrets(item, key ? `${key}.${name}` : name);
  return copy;
}
