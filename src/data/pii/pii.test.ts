import { describe, expect, it } from 'vitest';
import type { MapOperator } from '../operators/operator-types.ts';
import { piiRedactOperator } from '../operators/pii-redact.ts';
import { detectPii, piiTypes } from './pii-detectors.ts';
import { isValidBankCard, isValidResidentId, passesLuhn } from './validators.ts';

const all = new Set(piiTypes);
const redactor = (params: object = {}) =>
  piiRedactOperator.create(piiRedactOperator.schema.parse(params)) as MapOperator;

describe('PII validators', () => {
  it('checks resident ID checksums and birth dates', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('11010519491231002x')).toBe(true);
    expect(isValidResidentId('110105194912310021')).toBe(false); // wrong check digit
    expect(isValidResidentId('110105194902300023')).toBe(false); // 30 February
    expect(isValidResidentId('990105194912310021')).toBe(false); // no such province
  });

  it('checks bank cards with Luhn and issuer prefixes', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(isValidBankCard('6228480012345671')).toBe(true);
    expect(isValidBankCard('6222021234567890128')).toBe(true);
    expect(isValidBankCard('6228480012345674')).toBe(false);
    expect(isValidBankCard('0000000000000000')).toBe(false);
  });
});

describe('PII detection', () => {
  const text =
    '联系电话：13812345678，座机 (010)62345678 或 0755-23456789，国际 +1 415 555 2671；邮箱 zhang.san@example.com；' +
    '身份证 11010519491231002X；错误身份证 110105194912310021；卡号 6228 4800 1234 5671；假卡号 6228 4800 1234 5674；' +
    '订单号 20231231123456789；IP 192.168.1.10 与 2001:db8::1；时间 12:30:45；版本 1.2.3；postgres://admin:s3cret@db.example.com/app';

  it('finds every kind and nothing that fails validation', () => {
    const found = detectPii(text, all).map((span) => `${span.type}:${span.value}`);
    expect(found).toEqual([
      'phone:13812345678',
      'phone:(010)62345678',
      'phone:0755-23456789',
      'phone:+1 415 555 2671',
      'email:zhang.san@example.com',
      'id_card:11010519491231002X',
      'bank_card:6228 4800 1234 5671',
      'ip:192.168.1.10',
      'ip:2001:db8::1',
      'credentials:admin:s3cret',
    ]);
  });

  it('finds mobiles with +86 and separators but not inside longer numbers', () => {
    const spans = detectPii('拨打 +86 138-1234-5678 或 0086 139 1234 5678；编号 9913812345678123 不是手机', all);
    expect(spans.map((span) => span.value)).toEqual(['+86 138-1234-5678', '0086 139 1234 5678']);
  });

  it('redacts with tags, masks or removal and counts by type', () => {
    const tagged = redactor().apply({ id: '1', text: '手机13812345678，邮箱 a.b@example.com' });
    expect(tagged).toEqual({
      kind: 'modify',
      record: { id: '1', text: '手机[PHONE]，邮箱 [EMAIL]' },
      reason: 'redacted phone×1, email×1',
    });
    const masked = redactor({ mode: 'mask' }).apply({ id: '2', text: 'ID 11010519491231002X phone 138 1234 5678' });
    expect(masked.kind === 'modify' && masked.record.text).toBe('ID 1101**********002X phone 138 **** 5678');
    const custom = redactor({ tags: { email: '<邮箱>' }, types: ['email'] });
    const result = custom.apply({ id: '3', text: 'x@y.cn 13812345678' });
    expect(result.kind === 'modify' && result.record.text).toBe('<邮箱> 13812345678');
    expect(custom.details?.()).toEqual({ email: 1 });
  });

  it('leaves look-alike numbers alone', () => {
    expect(
      redactor().apply({ id: '4', text: '订单 110105194912310021 金额 4111111111111112 元，时间 2024-01-01 12:30:45' }),
    ).toEqual({ kind: 'keep' });
  });

  it('accepts a bank card only with a length its issuer uses and not glued to letters', () => {
    // Luhn-valid numbers: Visa 16, UnionPay 19, Amex 15 are cards.
    const cards = detectPii('卡号 4111111111111111，银联 6212345678901234569，Amex 378282246310005', all);
    expect(cards.map((span) => [span.type, span.value])).toEqual([
      ['bank_card', '4111111111111111'],
      ['bank_card', '6212345678901234569'],
      ['bank_card', '378282246310005'],
    ]);
    // Luhn-valid but wrong length for the issuer: Visa with 14 digits, Mastercard with 18, Amex with 16.
    expect(detectPii('41111111111114 555555555555444442 3782822463100052', new Set(['bank_card']))).toEqual([]);
    // Glued to letters, underscores or dashes: identifiers, not cards.
    expect(detectPii('class="col-4111111111111111" key_4111111111111111 id4111111111111111', all)).toEqual([]);
  });

  it('does not take version numbers for IP addresses', () => {
    expect(detectPii('版本 10.2.3.4 发布，Version: 1.2.3.4，v2.0.0.1', all)).toEqual([]);
    expect(detectPii('服务器 10.2.3.4 已上线', all).map((span) => span.value)).toEqual(['10.2.3.4']);
  });

  it('finds full-width digits without normalize first, keeping the original text', () => {
    const spans = detectPii('电话１３８１２３４５６７８，邮箱ａｂ＠ｅｘａｍｐｌｅ．ｃｏｍ', all);
    expect(spans.map((span) => [span.type, span.value])).toEqual([
      ['phone', '１３８１２３４５６７８'],
      ['email', 'ａｂ＠ｅｘａｍｐｌｅ．ｃｏｍ'],
    ]);
    const redacted = redactor().apply({ id: 'w', text: '电话１３８１２３４５６７８。' });
    expect(redacted.kind === 'modify' && redacted.record.text).toBe('电话[PHONE]。');
  });
});
