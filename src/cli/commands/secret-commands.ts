import type { Command } from 'commander';
import { generateMasterKey, loadMasterKeys } from '../../config/master-key.ts';
import { resealChannelKeys, type ResealCounts } from '../../channels/reseal-secrets.ts';
import { AuditTrail } from '../../observability/audit-trail.ts';
import { resealPaymentSecrets } from '../../payments/reseal-payment-secrets.ts';
import type { Store } from '../../store/database.ts';
import { createSecretBox, masterKeyId, type SecretBox } from '../../util/secret-box.ts';
import { openStoreFromConfig } from '../open-store-from-config.ts';

/** Every kind of stored secret, re-sealed by `kaiyuan secrets rotate`. */
export const resealers: Record<string, (store: Store, box: SecretBox) => Promise<ResealCounts>> = {
  'channel keys': resealChannelKeys,
  'payment provider secrets': resealPaymentSecrets,
};

/** `kaiyuan secrets generate-key|rotate`: the master key that encrypts stored secrets. */
export function registerSecretCommands(program: Command): void {
  const secrets = program
    .command('secrets')
    .description('The master key that encrypts stored secrets (upstream keys, payment provider secrets)');

  secrets
    .command('generate-key')
    .description('Print a new random master key (base64) for KAIYUAN_MASTER_KEY')
    .action(() => {
      process.stdout.write(`${generateMasterKey()}\n`);
    });

  secrets
    .command('rotate')
    .description(
      'Re-encrypt every stored secret under the current master key (set the new key as KAIYUAN_MASTER_KEY and the old one in KAIYUAN_PREVIOUS_MASTER_KEYS first)',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const opened = await openStoreFromConfig();
      try {
        const keys = loadMasterKeys(opened.config);
        const box = createSecretBox(keys.keys);
        const counts: Record<string, ResealCounts> = {};
        for (const [kind, reseal] of Object.entries(resealers)) counts[kind] = await reseal(opened.store, box);
        await new AuditTrail(opened.store).record({
          actor: 'cli',
          action: 'secrets.rotate',
          targetType: 'master_key',
          targetId: box.currentKeyId,
          after: counts,
        });
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ masterKey: masterKeyId(keys.keys[0]!), counts }, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `current master key ${box.currentKeyId} (${keys.source === 'file' ? keys.file : 'KAIYUAN_MASTER_KEY'})\n`,
        );
        for (const [kind, count] of Object.entries(counts)) {
          process.stdout.write(
            `${kind}: ${count.checked} checked, ${count.resealed} re-encrypted, ${count.current} already current\n`,
          );
        }
      } finally {
        await opened.close();
      }
    });
}
