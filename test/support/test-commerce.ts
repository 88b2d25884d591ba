import { pino } from 'pino';
import type { CommerceConfig } from '../../src/config/commerce-schema.ts';
import { configSchema, type KaiyuanConfigInput } from '../../src/config/config-schema.ts';
import { createCommerce, type Commerce } from '../../src/billing/create-commerce.ts';
import type { Principal } from '../../src/accounts/principal.ts';
import { adminPrincipal } from '../../src/accounts/authenticator.ts';
import type { Store } from '../../src/store/database.ts';
import type { Mailer } from '../../src/accounts/signup/mailer.ts';
import type { AdmissionRequest } from '../../src/inference/gateway-hooks.ts';
import { newRequestId } from '../../src/util/ids.ts';
import { createTestStore, type StoreKind } from './test-store.ts';
import { testPasswordHasher } from './test-password-hasher.ts';
import { uniqueRedisPrefix } from './test-redis.ts';

export const testAdminToken = 'ky-admin-test-token-0123456789abcdefghijklmnopqrstuv';
export const operator: Principal = adminPrincipal;

/** A chat request of 100 prompt tokens and at most 1,000 output tokens, as the gatekeeper sees it. */
export function chatAdmission(
  principal: Principal | null,
  overrides: Partial<AdmissionRequest> = {},
): AdmissionRequest {
  return {
    requestId: newRequestId(),
    principal,
    endpoint: 'chat',
    model: 'sim-chat',
    promptTokens: 100,
    maxOutputTokens: 1000,
    stream: false,
    ...overrides,
  };
}

export interface TestCommerce {
  store: Store;
  commerce: Commerce;
  close(): Promise<void>;
}

/** A migrated store with the commerce services over it (memory limits unless a Redis URL is given). */
export async function createTestCommerce(
  kind: StoreKind,
  options: {
    commerce?: Partial<CommerceConfig>;
    signup?: KaiyuanConfigInput['signup'];
    redisUrl?: string | null;
    store?: Store;
    /** Sends the platform's e-mails (notices run only when a test runs a round: no timer). */
    mailer?: Mailer | null;
  } = {},
): Promise<TestCommerce> {
  const store = options.store ?? (await createTestStore(kind));
  const config = configSchema.parse({ commerce: options.commerce ?? {}, signup: options.signup ?? {} });
  const commerce = await createCommerce({
    store,
    config,
    logger: pino({ level: 'silent' }),
    redisUrl: options.redisUrl ?? null,
    redisPrefix: uniqueRedisPrefix('commerce'),
    adminToken: testAdminToken,
    passwordHasher: testPasswordHasher,
    mailer: options.mailer,
    noticesEveryMs: null,
  });
  return {
    store,
    commerce,
    async close() {
      await commerce.close();
      if (!options.store) await store.close();
    },
  };
}

/** An organization on a plan with an API key of the given role; balance in nano-units. */
export async function createTenant(
  commerce: Commerce,
  input: {
    name: string;
    planId?: string;
    balance?: number;
    role?: 'owner' | 'admin' | 'member';
    limits?: Principal['keyLimits'];
    allowedModels?: string[];
  },
) {
  const organization = await commerce.accounts.createOrganization(operator, {
    name: input.name,
    planId: input.planId ?? 'pro',
  });
  if (input.balance)
    await commerce.billing.post(operator, {
      orgId: organization.id,
      kind: 'top_up',
      amount: input.balance,
      idempotencyKey: `seed-${organization.id}`,
    });
  const { key, apiKey } = await commerce.accounts.createKey(operator, {
    orgId: organization.id,
    name: 'test',
    role: input.role ?? 'owner',
    limits: input.limits,
    allowedModels: input.allowedModels,
  });
  const principal = await commerce.authenticator.authenticate(key);
  if (!principal) throw new Error('new key does not authenticate');
  return { organization, key, apiKey, principal };
}
