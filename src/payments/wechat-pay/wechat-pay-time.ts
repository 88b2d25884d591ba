/** WeChat Pay's RFC 3339 time with the China Standard Time offset: 2026-01-02T15:04:05+08:00. */
export function wechatPayTime(epochMs: number): string {
  const shifted = new Date(Math.floor(epochMs / 1000) * 1000 + 8 * 3_600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}
