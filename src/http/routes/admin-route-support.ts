import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApiKeyInfo } from '../../api-contract/api-keys.ts';
import type { LedgerEntry as LedgerEntryResource } from '../../api-contract/billing.ts';
import type { List } from '../../api-contract/list.ts';
import { describeLedgerEntry } from '../../billing/ledger-descriptions.ts';
import { amountInput } from '../../api-contract/values.ts';
import type { Principal } from '../../accounts/principal.ts';
import type { ApiKey } from '../../accounts/api-key-repository.ts';
import type { LedgerEntry } from '../../billing/ledger.ts';
import { formatAmount, parseAmount } from '../../billing/money.ts';
import { unauthenticated } from '../../util/errors.ts';

export function actorOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated('Authentication required.', 'missing_api_key');
  return request.principal;
}

/** An amount in currency units: a decimal string ("12.50") or a number; becomes nano-units. */
export const amountSchema = amountInput.transform((value, context) => {
  const nano = parseAmount(typeof value === 'number' ? value.toFixed(9) : value);
  if (nano === null || nano === 0) {
    context.addIssue({
      code: 'custom',
      message: 'expected a positive amount in currency units such as "10" or "12.50"',
    });
    return z.NEVER;
  }
  return nano;
});

/** A signed amount (adjustments). */
export const signedAmountSchema = amountInput.transform((value, context) => {
  const text = typeof value === 'number' ? value.toFixed(9) : value.trim();
  const negative = text.startsWith('-');
  const nano = parseAmount(negative ? text.slice(1) : text);
  if (nano === null || nano === 0) {
    context.addIssue({ code: 'custom', message: 'expected a non-zero amount in currency units such as "-3.20"' });
    return z.NEVER;
  }
  return negative ? -nano : nano;
});

export function presentKey(apiKey: ApiKey): ApiKeyInfo {
  return { object: 'api_key', ...apiKey };
}

export function presentEntry(entry: LedgerEntry): LedgerEntryResource {
  const described = describeLedgerEntry(entry.kind, entry.description);
  return {
    object: 'ledger_entry',
    ...entry,
    descriptionCode: described?.code ?? null,
    descriptionParams: described?.params ?? {},
    amountNano: entry.amount,
    amount: formatAmount(entry.amount),
    balanceAfter: formatAmount(entry.balanceAfter),
  };
}

export function listOf<T>(data: T[]): List<T> {
  return { object: 'list', data };
}
