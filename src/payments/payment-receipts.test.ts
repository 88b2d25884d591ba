import { describe, expect, it } from 'vitest';
import { receiptPdf, type ReceiptData } from './payment-receipts.ts';
import { bundledCjkFontPath, receiptFont } from './receipt-font.ts';
import type { PaymentOrder } from './payment-order-repository.ts';

const order: PaymentOrder = {
  id: 'po_receipt0000000001',
  orgId: 'org_cn',
  provider: 'wechat_pay',
  amountMinor: 12_345,
  currency: 'CNY',
  state: 'credited',
  idempotencyKey: 'k',
  providerReference: '4200001234202612050000000001',
  providerPaymentId: null,
  checkout: null,
  creditedNano: 0,
  refundedMinor: 0,
  ledgerEntryId: 'le_1',
  paidLate: false,
  createdBy: null,
  createdAt: Date.UTC(2026, 11, 5),
  expiresAt: Date.UTC(2026, 11, 5, 1),
  paidAt: Date.UTC(2026, 11, 5, 0, 5),
  creditedAt: Date.UTC(2026, 11, 5, 0, 5),
  packageId: null,
};
const data: ReceiptData = {
  order,
  organizationName: '杭州开源智能科技有限公司',
  platformName: 'Kaiyuan',
  refundedMinor: 0,
};

async function pdfText(pdf: Buffer): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text;
}

describe('PDF receipts', () => {
  it('print Chinese text with the bundled Noto Sans SC, on any machine', async () => {
    expect(bundledCjkFontPath()).toMatch(/noto-sans-sc-all-400\.woff$/);
    const started = Date.now();
    const pdf = await receiptPdf(data, receiptFont);
    // Unpacked with Node's zlib, once: seconds, not the minutes pdfkit's own inflater takes.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    for (const expected of ['收据', '杭州开源智能科技有限公司', '微信支付', '预付余额充值', '123.45 CNY']) {
      expect(text).toContain(expected);
    }
    // The font is embedded as a subset of the glyphs used, not the whole font.
    expect(pdf.length).toBeLessThan(400_000);
    const packageReceipt = await pdfText(await receiptPdf({ ...data, order: { ...order, packageId: 'pkg_1' } }));
    expect(packageReceipt).toContain('套餐购买');
  }, 60_000);

  it('without any CJK font, prints English labels and marks what it cannot print', async () => {
    const text = await pdfText(await receiptPdf(data, async () => null));
    expect(text).toContain('Organization: ????????????');
    expect(text).not.toContain('收据');
  }, 60_000);
});
