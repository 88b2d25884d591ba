import { createSign, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { startFakeServer, postCallback, type CallbackResult } from './fake-server.ts';

interface AlipayTrade {
  outTradeNo: string;
  tradeNo: string;
  totalAmount: string;
  notifyUrl: string;
  timeExpire: string;
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';
  refunded: string[];
}

/** Alipay's signing content: parameters but sign (and sign_type), sorted by name, `k=v` joined by `&`. */
export function alipaySigningContent(params: Record<string, string>, withoutSignType: boolean): string {
  return Object.keys(params)
    .filter(
      (key) =>
        key !== 'sign' && (!withoutSignType || key !== 'sign_type') && params[key] !== '' && params[key] !== undefined,
    )
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
}

/**
 * A local Alipay gateway: checks each request's RSA2 signature with the app's public key, answers
 * precreate / query / refund signed with "Alipay's" private key, and sends asynchronous
 * notifications signed the way Alipay signs them. Keys are generated per instance.
 */
export async function startFakeAlipay() {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const appId = `2021${randomBytes(6).toString('hex')}`;
  const trades = new Map<string, AlipayTrade>();
  const requests: string[] = [];

  const signWith = (content: string, key = alipay.privateKey) =>
    createSign('RSA-SHA256').update(content, 'utf8').sign(key, 'base64');
  const respond = (method: string, payload: Record<string, unknown>) => {
    const inner = JSON.stringify(payload);
    return `{"${method.replaceAll('.', '_')}_response":${inner},"sign":"${signWith(inner)}"}`;
  };

  const fake = await startFakeServer((request, body, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = value;
    const method = params.method ?? '';
    requests.push(method);
    const valid =
      params.app_id === appId &&
      createVerify('RSA-SHA256')
        .update(alipaySigningContent(params, false), 'utf8')
        .verify(app.publicKey, params.sign ?? '', 'base64');
    response.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
    if (!valid) {
      response.end(
        respond(method, {
          code: '40002',
          msg: 'Invalid Arguments',
          sub_code: 'isv.invalid-signature',
          sub_msg: 'bad sign',
        }),
      );
      return;
    }
    const biz = JSON.parse(params.biz_content ?? '{}') as Record<string, string>;
    if (method === 'alipay.trade.precreate') {
      const trade: AlipayTrade = {
        outTradeNo: biz.out_trade_no!,
        tradeNo: `2026${randomBytes(10).toString('hex')}`,
        totalAmount: biz.total_amount!,
        notifyUrl: params.notify_url ?? '',
        timeExpire: biz.time_expire ?? '',
        status: 'WAIT_BUYER_PAY',
        refunded: [],
      };
      trades.set(trade.outTradeNo, trade);
      response.end(
        respond(method, {
          code: '10000',
          msg: 'Success',
          out_trade_no: trade.outTradeNo,
          qr_code: `https://qr.alipay.com/${trade.tradeNo}`,
        }),
      );
    } else if (method === 'alipay.trade.query') {
      const trade = trades.get(biz.out_trade_no ?? '');
      if (!trade || trade.status === 'WAIT_BUYER_PAY') {
        response.end(
          respond(method, {
            code: '40004',
            msg: 'Business Failed',
            sub_code: 'ACQ.TRADE_NOT_EXIST',
            sub_msg: 'no trade',
          }),
        );
        return;
      }
      response.end(
        respond(method, {
          code: '10000',
          msg: 'Success',
          out_trade_no: trade.outTradeNo,
          trade_no: trade.tradeNo,
          trade_status: trade.status,
          total_amount: trade.totalAmount,
        }),
      );
    } else if (method === 'alipay.trade.refund') {
      const trade = trades.get(biz.out_trade_no ?? '');
      if (!trade || trade.status !== 'TRADE_SUCCESS') {
        response.end(
          respond(method, {
            code: '40004',
            msg: 'Business Failed',
            sub_code: 'ACQ.TRADE_STATUS_ERROR',
            sub_msg: 'not paid',
          }),
        );
        return;
      }
      trade.refunded.push(biz.refund_amount!);
      response.end(
        respond(method, {
          code: '10000',
          msg: 'Success',
          trade_no: trade.tradeNo,
          out_trade_no: trade.outTradeNo,
          refund_fee: biz.refund_amount,
        }),
      );
    } else {
      response.end(respond(method, { code: '40004', msg: 'unknown method' }));
    }
  });

  /** The form body of a notification for a trade, signed with Alipay's key (or another). */
  function notification(
    outTradeNo: string,
    overrides: Record<string, string> = {},
    signingKey = alipay.privateKey,
  ): string {
    const trade = trades.get(outTradeNo);
    const params: Record<string, string> = {
      app_id: appId,
      charset: 'utf-8',
      gmt_create: '2026-12-05 10:00:00',
      gmt_payment: '2026-12-05 10:00:05',
      notify_id: `notify${randomBytes(12).toString('hex')}`,
      notify_time: '2026-12-05 10:00:06',
      notify_type: 'trade_status_sync',
      out_trade_no: outTradeNo,
      seller_id: '2088000000000001',
      subject: 'Kaiyuan top-up',
      total_amount: trade?.totalAmount ?? '1.00',
      receipt_amount: trade?.totalAmount ?? '1.00',
      trade_no: trade?.tradeNo ?? `2026${randomBytes(10).toString('hex')}`,
      trade_status: 'TRADE_SUCCESS',
      version: '1.0',
      ...overrides,
    };
    params.sign_type = 'RSA2';
    params.sign = signWith(alipaySigningContent(params, true), signingKey);
    return new URLSearchParams(params).toString();
  }

  return {
    url: fake.url,
    gateway: `${fake.url}/gateway.do`,
    appId,
    appPrivateKey: app.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    alipayPublicKey: alipay.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    trades,
    requests,
    notification,
    /** The buyer pays: the trade succeeds and Alipay notifies the merchant. */
    async pay(outTradeNo: string): Promise<CallbackResult & { body: string; form: string }> {
      const trade = trades.get(outTradeNo);
      if (!trade) throw new Error(`no Alipay trade ${outTradeNo}`);
      trade.status = 'TRADE_SUCCESS';
      const form = notification(outTradeNo);
      const result = await postCallback(trade.notifyUrl, form, {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      });
      return { ...result, form };
    },
    /** The buyer pays but the notification is lost (reconciliation finds it). */
    payQuietly(outTradeNo: string) {
      trades.get(outTradeNo)!.status = 'TRADE_SUCCESS';
    },
    /** A key that is not Alipay's (forged notifications). */
    forgerKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
    close: fake.close,
  };
}
export type FakeAlipay = Awaited<ReturnType<typeof startFakeAlipay>>;
