/** Alipay's `time_expire`: "yyyy-MM-dd HH:mm:ss" in China Standard Time (UTC+8, no daylight saving). */
export function alipayTime(epochMs: number): string {
  const shifted = new Date(epochMs + 8 * 3_600_000);
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())} ` +
    `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`
  );
}
