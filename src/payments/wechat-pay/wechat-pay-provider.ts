import type { Wechatpay } from 'wechatpay-axios-plugin';
import type { WechatPaySettings } from '../../config/payments-schema.ts';
import {
  headerValue,
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
import { wechatPayTime } from './wechat-pay-time.ts';
import { sdkLoader } from '../load-sdk.ts';

const loadWechatPaySdk = sdkLoader('wechatpay-axios-plugin', 'WeChat Pay', () => import('wechatpay-axios-plugin'));

/** Callbacks older or newer than this are refused (replays of a captured callback). */
const maximumClockOffsetSeconds = 300;

interface TransactionResource {
  mchid?: string;
  appid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  amount?: { total?: number; currency?: string };
}

/**
 * WeChat Pay API v3 through `wechatpay-axios-plugin`: Native (QR) orders, requests signed with
 * the merchant key and responses checked against the platform key by the plugin; callbacks checked
 * here (Wechatpay-Serial/-Timestamp/-Nonce/-Signature over "timestamp\nnonce\nbody\n", SHA256 with
 * RSA) and their resource decrypted with the APIv3 key (AEAD_AES_256_GCM).
 */
export async function createWechatPayProvider(settings: WechatPaySettings): Promise<PaymentProvider> {
  const { Aes, Formatter, Rsa, Wechatpay: WechatpayClient } = await loadWechatPaySdk();
  const client = new WechatpayClient({
    mchid: settings.mchId,
    serial: settings.merchantSerial,
    privateKey: settings.privateKey,
    certs: { [settings.platformSerial]: settings.platformPublicKey },
    baseURL: settings.baseUrl,
    timeout: 10_000,
  } as ConstructorParameters<typeof Wechatpay>[0]);

  return {
    name: 'wechat_pay',

    async createCheckout(order: CheckoutRequest): Promise<Checkout> {
      if (order.currency !== 'CNY') throw new Error('WeChat Pay takes payments in CNY only.');
      const response = await client.v3.pay.transactions.native.post({
        appid: settings.appId,
        mchid: settings.mchId,
        description: order.subject,
        out_trade_no: order.orderId,
        time_expire: wechatPayTime(order.expiresAt),
        notify_url: order.notifyUrl,
        amount: { total: order.amountMinor, currency: 'CNY' },
      });
      const codeUrl = (response.data as { code_url?: string }).code_url;
      if (!codeUrl) throw new Error('WeChat Pay returned no code_url.');
      return { kind: 'qr', qrCode: codeUrl };
    },

    async verifyNotification(callback: ReceivedCallback): Promise<VerifiedNotification> {
      const serial = headerValue(callback.headers, 'wechatpay-serial');
      const timestamp = headerValue(callback.headers, 'wechatpay-timestamp');
      const nonce = headerValue(callback.headers, 'wechatpay-nonce');
      const signature = headerValue(callback.headers, 'wechatpay-signature');
      if (!serial || !timestamp || !nonce || !signature)
        throw new PaymentNotificationRejected('signature headers missing');
      if (serial !== settings.platformSerial)
        throw new PaymentNotificationRejected(`unknown platform serial ${serial}`);
      if (Math.abs(Date.now() / 1000 - Number(timestamp)) > maximumClockOffsetSeconds || !/^\d+$/.test(timestamp)) {
        throw new PaymentNotificationRejected('timestamp outside five minutes');
      }
      const body = callback.rawBody.toString('utf8');
      if (!Rsa.verify(Formatter.joinedByLineFeed(timestamp, nonce, body), signature, settings.platformPublicKey)) {
        throw new PaymentNotificationRejected('bad signature');
      }
      let event: { id?: string; event_type?: string; resource?: Record<string, string> };
      try {
        event = JSON.parse(body) as typeof event;
      } catch {
        throw new PaymentNotificationRejected('body is not JSON');
      }
      const eventId = event.id ?? null;
      const resource = event.resource;
      if (!resource || resource.algorithm !== 'AEAD_AES_256_GCM' || !resource.ciphertext || !resource.nonce) {
        throw new PaymentNotificationRejected('no encrypted resource', eventId);
      }
      let transaction: TransactionResource;
      try {
        transaction = JSON.parse(
          Aes.AesGcm.decrypt(resource.ciphertext, settings.apiV3Key, resource.nonce, resource.associated_data ?? ''),
        ) as TransactionResource;
      } catch {
        throw new PaymentNotificationRejected('resource does not decrypt with the APIv3 key', eventId);
      }
      if (transaction.mchid !== settings.mchId) throw new PaymentNotificationRejected('another merchant', eventId);
      if (!transaction.out_trade_no || !transaction.transaction_id || typeof transaction.amount?.total !== 'number') {
        throw new PaymentNotificationRejected('incomplete transaction', eventId);
      }
      return {
        eventId: eventId ?? transaction.transaction_id,
        orderId: transaction.out_trade_no,
        paid: event.event_type === 'TRANSACTION.SUCCESS' && transaction.trade_state === 'SUCCESS',
        amountMinor: transaction.amount.total,
        currency: transaction.amount.currency ?? 'CNY',
        providerReference: transaction.transaction_id,
      };
    },

    acknowledgement(accepted: boolean): CallbackAnswer {
      return accepted
        ? { status: 204, contentType: 'application/json', body: '' }
        : {
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({ code: 'FAIL', message: 'rejected' }),
          };
    },

    async query(order: ProviderOrderReference): Promise<ProviderPaymentStatus> {
      let data: TransactionResource;
      try {
        // `$out_trade_no$` is filled from the request config: a literal segment would be kebab-cased.
        const response = await client.v3.pay.transactions['out-trade-no'].$out_trade_no$.get({
          params: { mchid: settings.mchId },
          out_trade_no: order.orderId,
        } as never);
        data = response.data as TransactionResource;
      } catch (error) {
        const status = (error as { response?: { status?: number } }).response?.status;
        if (status === 404) return { state: 'open' };
        throw error;
      }
      if (data.trade_state === 'SUCCESS') {
        return {
          state: 'paid',
          amountMinor: data.amount?.total ?? -1,
          currency: data.amount?.currency ?? 'CNY',
          providerReference: data.transaction_id ?? '',
        };
      }
      return data.trade_state === 'CLOSED' || data.trade_state === 'REVOKED' ? { state: 'closed' } : { state: 'open' };
    },

    async refund(order, refund) {
      const response = await client.v3.refund.domestic.refunds.post({
        out_trade_no: order.orderId,
        out_refund_no: refund.refundId,
        reason: refund.reason.slice(0, 80) || undefined,
        amount: { refund: refund.amountMinor, total: order.amountMinor, currency: 'CNY' },
      });
      const data = response.data as { refund_id?: string };
      return { providerRefundId: data.refund_id ?? refund.refundId };
    },
  };
}
