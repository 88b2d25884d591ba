import type { LedgerKind } from '../store/schema/billing-tables.ts';

/** A ledger description as a stable code with its values, which the console translates. */
export interface DescribedEntry {
  code: string;
  params: Record<string, string>;
}

/**
 * The descriptions the platform itself writes, recognised by their fixed English form; anything
 * else (an operator's own note on a top-up) is free text and has no code. One list, beside the
 * writers' formats: usage debits, redemptions, packages, payments, refunds, rewards, grants.
 */
const patterns: Array<{ code: string; pattern: RegExp; names: string[] }> = [
  {
    code: 'usage',
    pattern: /^(\S+) (\d+)\+(\d+) tokens \((\S+)\)$/,
    names: ['model', 'prompt', 'completion', 'request'],
  },
  { code: 'redemption', pattern: /^Redemption code of batch (\S+)$/, names: ['batch'] },
  {
    code: 'package',
    pattern: /^Package '(.*)' \((\S+)\), (\d+) days(?:, paid by order (\S+))?$/,
    names: ['name', 'package', 'days', 'order'],
  },
  {
    code: 'paymentLate',
    pattern: /^Payment (\S+) \((\S+) (.*)\), paid after expiry$/,
    names: ['order', 'provider', 'reference'],
  },
  { code: 'payment', pattern: /^Payment (\S+) \((\S+) (.*)\)$/, names: ['order', 'provider', 'reference'] },
  {
    code: 'paymentRefundRestored',
    pattern: /^Refund (\S+) of payment (\S+) refused by the provider: credit restored$/,
    names: ['refund', 'order'],
  },
  { code: 'paymentRefund', pattern: /^Refund (\S+) of payment (\S+): (.*)$/s, names: ['refund', 'order', 'reason'] },
  { code: 'inviteeReward', pattern: /^Invitation reward \(invitee\): (.*)$/s, names: ['cause'] },
  { code: 'referrerReward', pattern: /^Invitation reward \(referrer\): (.*)$/s, names: ['cause'] },
  { code: 'signupGrant', pattern: /^Sign-up grant: (.*)$/s, names: ['cause'] },
];

/** The default descriptions of operator credits (`top-up`, `grant`, …: the kind itself). */
const kindDefaults: Record<string, string> = {
  'top-up': 'top_up',
  grant: 'grant',
  refund: 'refund',
  adjustment: 'adjustment',
};

export function describeLedgerEntry(kind: LedgerKind, description: string): DescribedEntry | null {
  const text = description.trim();
  if (text === '' || kindDefaults[text] === kind) return { code: kind, params: {} };
  for (const { code, pattern, names } of patterns) {
    const match = pattern.exec(text);
    if (!match) continue;
    return { code, params: Object.fromEntries(names.map((name, index) => [name, match[index + 1] ?? ''])) };
  }
  return null;
}
