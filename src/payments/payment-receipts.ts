import { formatMinor } from './payment-amounts.ts';
import type { PaymentOrder } from './payment-order-repository.ts';
import { receiptFont, type ReceiptFont } from './receipt-font.ts';
import { sdkLoader } from './load-sdk.ts';

const loadPdfKit = sdkLoader('pdfkit', 'PDF receipts', () => import('pdfkit'));

/** What a receipt shows: the paid order and who paid it. */
export interface ReceiptData {
  order: PaymentOrder;
  organizationName: string;
  platformName: string;
  refundedMinor: number;
}

const providerNames: Record<string, { en: string; zh: string }> = {
  alipay: { en: 'Alipay', zh: '支付宝' },
  wechat_pay: { en: 'WeChat Pay', zh: '微信支付' },
  stripe: { en: 'Stripe', zh: 'Stripe' },
};

function receiptLines(data: ReceiptData): Array<[string, string]> {
  const { order } = data;
  const provider = providerNames[order.provider] ?? { en: order.provider, zh: order.provider };
  const lines: Array<[string, string]> = [
    ['Receipt no. / 收据编号', order.id],
    ['Organization / 组织', `${data.organizationName} (${order.orgId})`],
    ['Amount / 金额', `${formatMinor(order.amountMinor)} ${order.currency}`],
    ['Paid with / 支付方式', `${provider.en} / ${provider.zh}`],
    ['Provider reference / 交易号', order.providerReference ?? '-'],
    ['Paid at / 支付时间', order.paidAt ? new Date(order.paidAt).toISOString() : '-'],
    ['Credited at / 入账时间', order.creditedAt ? new Date(order.creditedAt).toISOString() : '-'],
  ];
  if (data.refundedMinor > 0) lines.push(['Refunded / 已退款', `${formatMinor(data.refundedMinor)} ${order.currency}`]);
  return lines;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The receipt as a standalone HTML page (printable). */
export function receiptHtml(data: ReceiptData): string {
  const rows = receiptLines(data)
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Receipt ${escapeHtml(data.order.id)}</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:640px;margin:40px auto;color:#222}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:8px;border-bottom:1px solid #ddd}th{width:40%;color:#555;font-weight:500}</style>
</head><body>
<h1>${escapeHtml(data.platformName)} — Receipt / 收据</h1>
<table>
${rows}
</table>
<p>${escapeHtml(purpose(data.order))}</p>
</body></html>
`;
}

/** What was paid for: a top-up, or a package (activated when the order was credited). */
function purpose(order: PaymentOrder): string {
  return order.packageId
    ? `Package purchase (${order.packageId}). / 套餐购买。`
    : 'Top-up of the prepaid balance. / 预付余额充值。';
}

/**
 * The receipt as a PDF (pdfkit). Chinese text needs a CJK font: the bundled Noto Sans SC
 * (receipt-font.ts); without any, labels are printed in English and other characters are replaced.
 */
export async function receiptPdf(
  data: ReceiptData,
  fontSource: () => Promise<ReceiptFont | null> = receiptFont,
): Promise<Buffer> {
  const font = await fontSource();
  const { default: PDFDocument } = await loadPdfKit();
  const document = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Receipt ${data.order.id}` } });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => document.on('end', () => resolve(Buffer.concat(chunks))));
  if (font) {
    if (font.family) document.font(font.source, font.family);
    else document.font(font.source);
  }
  const printable = (text: string) => (font ? text : text.replace(/ \/ .*$/, '').replace(/[^\x20-\xff]/g, '?'));
  document.fontSize(20).text(printable(`${data.platformName} — Receipt / 收据`));
  document.moveDown();
  document.fontSize(11);
  for (const [label, value] of receiptLines(data)) {
    document.text(`${printable(label)}: ${font ? value : value.replace(/[^\x20-\xff]/g, '?')}`);
    document.moveDown(0.4);
  }
  document.moveDown();
  document.text(printable(purpose(data.order)));
  document.end();
  return done;
}
