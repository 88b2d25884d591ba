import type { AlipaySettings } from '../../config/payments-schema.ts';
import { formatMinor, parseMinor } from '../payment-amounts.ts';
import {
  PaymentNotificationRejected,
  type CallbackAnswer,
  type Checkout,
  type CheckoutRequest,
  type PaymentProvider,
  type ProviderOrderReference,
  type ProviderPaymentStatus,
  type ReceivedCallback,
  type VerifiedNotification,
} from '../payment-provider.ts';
import { alipayTime } from './alipay-time.ts';
import { sdkLoader } from '../load-sdk.ts';

const loadAlipaySdk = sdkLoader('alipay-sdk', 'Alipay', () => import('alipay-sdk'));

const paidStates = new Set(['TRADE_SUCCESS', 'TRADE_FINISHED']);

/**
 * Alipay through `alipay-sdk`: `alipay.trade.precreate` (a QR code) or `alipay.trade.page.pay`
 * (the cashier page), the asynchronous notification checked with Alipay's public key (RSA2 over
 * the sorted parameters without sign and sign_type), `alipay.trade.query` and
 * `alipay.trade.refund`. Responses of the gateway are signature-checked too (validateSign).
 */
export async function createAlipayProvider(settings: AlipaySettings): Promise<PaymentProvider> {
  const { AlipaySdk } = await loadAlipaySdk();
  const sdk = new AlipaySdk({
    appId: settings.appId,
    privateKey: settings.privateKey,
    alipayPublicKey: settings.alipayPublicKey,
    gateway: settings.gateway,
    keyType: settings.privateKey.includes('RSA PRIVATE KEY') ? 'PKCS1' : 'PKCS8',
    signType: 'RSA2',
    camelcase: false,
  });

  return {
    name: 'alipay',

    async createCheckout(order: CheckoutRequest): Promise<Checkout> {
      if (order.currency !== 'CNY') throw new Error('Alipay takes payments in CNY only.');
      const bizContent = {
        out_trade_no: order.orderId,
        total_amount: formatMinor(order.amountMinor),
        subject: order.subject,
        time_expire: alipayTime(order.expiresAt),
      };
      if (settings.mode === 'page') {
        const url = sdk.pageExecute('alipay.trade.page.pay', 'GET', {
          notifyUrl: order.notifyUrl,
          returnUrl: order.returnUrl,
          bizContent: { ...bizContent, product_code: 'FAST_INSTANT_TRADE_PAY' },
        });
        return { kind: 'redirect', url };
      }
      const result = (await sdk.exec(
        'alipay.trade.precreate',
        { notify_url: order.notifyUrl, bizContent },
        { validateSign: true },
      )) as Record<string, string>;
      if (result.code !== '10000' || !result.qr_code) {
        throw new Error(`Alipay refused the order: ${result.sub_msg ?? result.msg ?? result.code}`);
      }
      return { kind: 'qr', qrCode: result.qr_code };
    },

    async verifyNotification(callback: ReceivedCallback): Promise<VerifiedNotification> {
      const params = Object.fromEntries(new URLSearchParams(callback.rawBody.toString('utf8')));
      const eventId = params.notify_id ?? null;
      if (!params.sign) throw new PaymentNotificationRejected('no sign parameter', eventId);
      if (!sdk.checkNotifySignV2(params)) throw new PaymentNotificationRejected('bad signature', eventId);
      if (params.app_id !== settings.appId) throw new PaymentNotificationRejected('another app_id', eventId);
      const amountMinor = parseMinor(params.total_amount ?? '');
      if (amountMinor === null || !params.out_trade_no || !params.trade_no) {
        throw new PaymentNotificationRejected('incomplete notification', eventId);
      }
      return {
        eventId: eventId ?? `${params.trade_no}:${params.trade_status}`,
        orderId: params.out_trade_no,
        paid: paidStates.has(params.trade_status ?? ''),
        amountMinor,
        currency: 'CNY',
        providerReference: params.trade_no,
      };
    },

    acknowledgement(accepted: boolean): CallbackAnswer {
      // Alipay stops retrying on the plain text "success".
      return accepted
        ? { status: 200, contentType: 'text/plain', body: 'success' }
        : { status: 400, contentType: 'text/plain', body: 'fail' };
    },

    async query(order: ProviderOrderReference): Promise<ProviderPaymentStatus> {
      const result = (await sdk.exec(
        'alipay.trade.query',
        { bizContent: { out_trade_no: order.orderId } },
        { validateSign: true },
      )) as Record<string, string>;
      if (result.code === '40004' && result.sub_code === 'ACQ.TRADE_NOT_EXIST') return { state: 'open' };
      if (result.code !== '10000') throw new Error(`Alipay query failed: ${result.sub_msg ?? result.msg}`);
      if (paidStates.has(result.trade_status ?? '')) {
        return {
          state: 'paid',
          amountMinor: parseMinor(result.total_amount ?? '') ?? -1,
          currency: 'CNY',
          providerReference: result.trade_no ?? '',
        };
      }
      return result.trade_status === 'TRADE_CLOSED' ? { state: 'closed' } : { state: 'open' };
    },

    async refund(order, refund) {
      const result = (await sdk.exec(
        'alipay.trade.refund',
        {
          bizContent: {
            out_trade_no: order.orderId,
            refund_amount: formatMinor(refund.amountMinor),
            out_request_no: refund.refundId,
            refund_reason: refund.reason.slice(0, 200),
          },
        },
        { validateSign: true },
      )) as Record<string, string>;
      if (result.code !== '10000') throw new Error(`Alipay refused the refund: ${result.sub_msg ?? result.msg}`);
      return { providerRefundId: `${result.trade_no ?? order.providerReference}:${refund.refundId}` };
    },
  };
}
