import { createCipheriv, createSign, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { startFakeServer, postCallback, type CallbackResult } from './fake-server.ts';

interface WechatTransaction {
  outTradeNo: string;
  transactionId: string;
  total: number;
  currency: string;
  notifyUrl: string;
  timeExpire: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED';
  refunds: number[];
}

/**
 * A local WeChat Pay API v3: checks the merchant's request signatures (WECHATPAY2-SHA256-RSA2048),
 * signs its answers and callbacks with a platform key ("timestamp\nnonce\nbody\n", SHA256 with
 * RSA) and encrypts callback resources with the APIv3 key (AEAD_AES_256_GCM). Keys per instance.
 */
export async function startFakeWechatPay() {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const mchId = String(1_900_000_000 + Math.floor(Math.random() * 99_999_999));
  const appId = `wx${randomBytes(8).toString('hex')}`;
  const merchantSerial = randomBytes(20).toString('hex').toUpperCase();
  const platformSerial = `PUB_KEY_ID_${randomBytes(12).toString('hex')}`;
  const apiV3Key = randomBytes(16).toString('hex');
  const transactions = new Map<string, WechatTransaction>();
  const refused: string[] = [];
  const requests: string[] = [];

  const sign = (message: string, key = platform.privateKey) =>
    createSign('RSA-SHA256').update(message).sign(key, 'base64');
  const signedHeaders = (body: string, key = platform.privateKey, timestamp = Math.floor(Date.now() / 1000)) => {
    const nonce = randomBytes(16).toString('hex');
    return {
      'wechatpay-timestamp': String(timestamp),
      'wechatpay-nonce': nonce,
      'wechatpay-serial': platformSerial,
      'wechatpay-signature': sign(`${timestamp}\n${nonce}\n${body}\n`, key),
    };
  };
  const send = (response: ServerResponse, status: number, payload: unknown) => {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    response.writeHead(status, { 'content-type': 'application/json', ...signedHeaders(body) }).end(body);
  };

  const fake = await startFakeServer((request, raw, response) => {
    const body = raw.toString('utf8');
    requests.push(`${request.method} ${request.url}`);
    const authorization = request.headers.authorization ?? '';
    const fields = Object.fromEntries(
      [...authorization.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1], match[2]]),
    );
    const message = `${request.method}\n${request.url}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`;
    const valid =
      authorization.startsWith('WECHATPAY2-SHA256-RSA2048 ') &&
      fields.mchid === mchId &&
      fields.serial_no === merchantSerial &&
      createVerify('RSA-SHA256')
        .update(message)
        .verify(merchant.publicKey, fields.signature ?? '', 'base64');
    if (!valid) {
      refused.push(`${request.method} ${request.url}`);
      send(response, 401, { code: 'SIGN_ERROR', message: 'signature check failed' });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://fake');
    if (request.method === 'POST' && url.pathname === '/v3/pay/transactions/native') {
      const order = JSON.parse(body) as {
        out_trade_no: string;
        notify_url: string;
        time_expire: string;
        amount: { total: number; currency: string };
      };
      transactions.set(order.out_trade_no, {
        outTradeNo: order.out_trade_no,
        transactionId: `4200${randomBytes(12).toString('hex')}`,
        total: order.amount.total,
        currency: order.amount.currency,
        notifyUrl: order.notify_url,
        timeExpire: order.time_expire,
        state: 'NOTPAY',
        refunds: [],
      });
      send(response, 200, { code_url: `weixin://wxpay/bizpayurl?pr=${randomBytes(5).toString('hex')}` });
      return;
    }
    const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && query) {
      const transaction = transactions.get(decodeURIComponent(query[1]!));
      if (!transaction) return send(response, 404, { code: 'ORDER_NOT_EXIST', message: 'no such order' });
      send(response, 200, resourceOf(transaction));
      return;
    }
    if (request.method === 'POST' && url.pathname === '/v3/refund/domestic/refunds') {
      const refund = JSON.parse(body) as { out_trade_no: string; out_refund_no: string; amount: { refund: number } };
      const transaction = transactions.get(refund.out_trade_no);
      if (!transaction || transaction.state !== 'SUCCESS')
        return send(response, 400, { code: 'INVALID_REQUEST', message: 'not paid' });
      transaction.refunds.push(refund.amount.refund);
      send(response, 200, {
        refund_id: `5030${randomBytes(10).toString('hex')}`,
        out_refund_no: refund.out_refund_no,
        status: 'PROCESSING',
      });
      return;
    }
    send(response, 404, { code: 'NOT_FOUND', message: url.pathname });
  });

  function resourceOf(transaction: WechatTransaction, overrides: Record<string, unknown> = {}) {
    return {
      appid: appId,
      mchid: mchId,
      out_trade_no: transaction.outTradeNo,
      transaction_id: transaction.transactionId,
      trade_type: 'NATIVE',
      trade_state: transaction.state,
      trade_state_desc: transaction.state === 'SUCCESS' ? '支付成功' : '未支付',
      success_time: '2026-12-05T18:00:05+08:00',
      amount: {
        total: transaction.total,
        payer_total: transaction.total,
        currency: transaction.currency,
        payer_currency: 'CNY',
      },
      ...overrides,
    };
  }

  function encrypt(plaintext: string, key = apiV3Key) {
    const nonce = randomBytes(6).toString('hex');
    const associated = 'transaction';
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(nonce));
    cipher.setAAD(Buffer.from(associated));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString(
      'base64',
    );
    return {
      original_type: 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext,
      associated_data: associated,
      nonce,
    };
  }

  /** A callback (body and headers) about a transaction; options forge or tamper with it. */
  function callback(
    outTradeNo: string,
    options: {
      resource?: Record<string, unknown>;
      signingKey?: typeof platform.privateKey;
      encryptionKey?: string;
      timestamp?: number;
    } = {},
  ) {
    const transaction = transactions.get(outTradeNo)!;
    const body = JSON.stringify({
      id: `EV-${randomBytes(8).toString('hex')}`,
      create_time: '2026-12-05T18:00:06+08:00',
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: encrypt(
        JSON.stringify(resourceOf({ ...transaction, state: 'SUCCESS' }, options.resource)),
        options.encryptionKey,
      ),
    });
    return {
      body,
      headers: { 'content-type': 'application/json', ...signedHeaders(body, options.signingKey, options.timestamp) },
    };
  }

  return {
    url: fake.url,
    baseUrl: `${fake.url}/`,
    mchId,
    appId,
    merchantSerial,
    merchantPrivateKey: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    platformSerial,
    platformPublicKey: platform.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    apiV3Key,
    transactions,
    refused,
    requests,
    callback,
    async pay(outTradeNo: string): Promise<CallbackResult & { body: string; headers: Record<string, string> }> {
      const transaction = transactions.get(outTradeNo);
      if (!transaction) throw new Error(`no WeChat Pay transaction ${outTradeNo}`);
      transaction.state = 'SUCCESS';
      const made = callback(outTradeNo);
      const result = await postCallback(transaction.notifyUrl, made.body, made.headers);
      return { status: result.status, body: made.body, headers: made.headers };
    },
    payQuietly(outTradeNo: string) {
      transactions.get(outTradeNo)!.state = 'SUCCESS';
    },
    forgerKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
    close: fake.close,
  };
}
export type FakeWechatPay = Awaited<ReturnType<typeof startFakeWechatPay>>;
