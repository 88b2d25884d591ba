import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.ts';
import { PaymentSettings } from '../../src/payments/payment-settings.ts';
import { openStore } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createSecretBox } from '../../src/util/secret-box.ts';

const run = promisify(execFile);
const key = () => randomBytes(32);

describe('kaiyuan secrets rotate: payment provider secrets', () => {
  it('re-encrypts the console-stored provider secrets under the new master key; the old key is then unneeded', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kaiyuan-payment-rotate-'));
    const [oldKey, newKey] = [key(), key()];
    const config = configSchema.parse({}).payments;
    const stripeSecret = `sk_test_${randomBytes(12).toString('hex')}`;
    let store = openStore({ dataDir });
    await migrateToLatest(store);
    const before = new PaymentSettings(store, config, () => createSecretBox([oldKey]));
    await before.save('stripe', { secretKey: stripeSecret, webhookSecret: 'whsec_rotate_me' });
    await before.save('alipay', { appId: '2021000000', privateKey: 'ALIPAY-PRIVATE', alipayPublicKey: 'PUBLIC' });
    const sealedBefore = (await store.db.selectFrom('settings').select('value').execute()).map((row) => row.value);
    await store.close();

    const environment = {
      ...process.env,
      DATABASE_URL: '',
      KAIYUAN_DATA_DIR: dataDir,
      KAIYUAN_MASTER_KEY: newKey.toString('base64'),
      KAIYUAN_PREVIOUS_MASTER_KEYS: oldKey.toString('base64'),
    };
    const first = await run(process.execPath, ['bin/kaiyuan.js', 'secrets', 'rotate'], { env: environment });
    expect(first.stdout).toContain('payment provider secrets: 3 checked, 3 re-encrypted, 0 already current');
    const second = await run(process.execPath, ['bin/kaiyuan.js', 'secrets', 'rotate', '--json'], {
      env: environment,
    });
    expect(JSON.parse(second.stdout).counts['payment provider secrets']).toEqual({
      checked: 3,
      resealed: 0,
      current: 3,
    });

    store = openStore({ dataDir });
    try {
      const stored = await store.db.selectFrom('settings').select(['key', 'value']).execute();
      const text = stored.map((row) => row.value).join('\n');
      expect(text).not.toContain(stripeSecret);
      expect(text).not.toContain('ALIPAY-PRIVATE');
      for (const value of sealedBefore) expect(text).not.toContain(value);
      // Only the new key now: the settings open and are what the operator saved.
      const after = await new PaymentSettings(store, config, () => createSecretBox([newKey])).effective();
      expect(after.stripe).toMatchObject({ secretKey: stripeSecret, webhookSecret: 'whsec_rotate_me' });
      expect(after.alipay).toMatchObject({ privateKey: 'ALIPAY-PRIVATE', appId: '2021000000' });
      // And the old key alone no longer opens them.
      await expect(new PaymentSettings(store, config, () => createSecretBox([oldKey])).effective()).rejects.toThrow();
    } finally {
      await store.close();
    }
  }, 180_000);
});
