import { describe, expect, it } from 'vitest';
import { alipayTime } from './alipay/alipay-time.ts';
import { wechatPayTime } from './wechat-pay/wechat-pay-time.ts';

describe('expiry times carried to the providers', () => {
  const instant = Date.UTC(2026, 11, 31, 17, 30, 5, 900); // 2027-01-01 01:30:05 in China

  it('Alipay: yyyy-MM-dd HH:mm:ss in China Standard Time', () => {
    expect(alipayTime(instant)).toBe('2027-01-01 01:30:05');
  });

  it('WeChat Pay: RFC 3339 with +08:00', () => {
    expect(wechatPayTime(instant)).toBe('2027-01-01T01:30:05+08:00');
  });
});
