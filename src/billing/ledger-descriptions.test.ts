import { describe, expect, it } from 'vitest';
import { describeLedgerEntry } from './ledger-descriptions.ts';

describe('ledger descriptions', () => {
  it('turns the descriptions the platform writes into codes with params', () => {
    expect(describeLedgerEntry('top_up', 'top-up')).toEqual({ code: 'top_up', params: {} });
    expect(describeLedgerEntry('top_up', '')).toEqual({ code: 'top_up', params: {} });
    expect(describeLedgerEntry('redemption', 'Redemption code of batch rcb_1')).toEqual({
      code: 'redemption',
      params: { batch: 'rcb_1' },
    });
    expect(describeLedgerEntry('usage_debit', 'sim-chat 12+30 tokens (req_abc)')).toEqual({
      code: 'usage',
      params: { model: 'sim-chat', prompt: '12', completion: '30', request: 'req_abc' },
    });
    expect(describeLedgerEntry('payment', 'Payment pay_1 (alipay 2026120522), paid after expiry')?.code).toBe(
      'paymentLate',
    );
    expect(describeLedgerEntry('payment', 'Payment pay_1 (alipay 2026120522)')?.params).toMatchObject({
      order: 'pay_1',
      provider: 'alipay',
    });
  });

  it('reads package purchases, paid from the balance or by an order', () => {
    expect(describeLedgerEntry('package_purchase', "Package 'Starter' (pkg_1), 30 days")?.params).toMatchObject({
      name: 'Starter',
      days: '30',
    });
    expect(
      describeLedgerEntry('package_purchase', "Package 'Starter' (pkg_1), 30 days, paid by order pay_9")?.params,
    ).toMatchObject({ name: 'Starter', order: 'pay_9' });
  });

  it("leaves an operator's own note as free text", () => {
    expect(describeLedgerEntry('top_up', 'Contract 2026-14, first instalment')).toBeNull();
    expect(describeLedgerEntry('grant', 'top-up')).toBeNull(); // the default of another kind
  });
});
