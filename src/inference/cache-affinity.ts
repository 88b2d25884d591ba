import { createHash } from 'node:crypto';
import type { Principal } from '../accounts/principal.ts';
import type { Deployment } from './deployment.ts';

/** How much of a conversation's opening is hashed: enough to tell conversations apart, bounded in cost. */
const prefixChars = 4096;

/**
 * The conversation a request belongs to, for cache-aware routing: the client's own
 * `prompt_cache_key` or `user`, else the caller (API key) and the conversation's opening
 * (system prompt and first user turn), which every later turn repeats. Null when there is
 * nothing to keep together (no messages or prompt).
 */
export function affinityKeyOf(principal: Principal | null, body: Record<string, unknown>): string | null {
  const caller = principal?.keyId ?? principal?.orgId ?? 'anonymous';
  const explicit = body.prompt_cache_key ?? body.user;
  if (typeof explicit === 'string' && explicit.length > 0) return `${caller}\u0000id\u0000${explicit.slice(0, 256)}`;
  const opening = openingOf(body);
  if (!opening) return null;
  return `${caller}\u0000${createHash('sha1').update(opening).digest('base64')}`;
}

/** System messages up to and including the first user message, or the start of a completion prompt. */
function openingOf(body: Record<string, unknown>): string | null {
  if (Array.isArray(body.messages)) {
    const opening: unknown[] = [];
    for (const message of body.messages) {
      opening.push(message);
      if (message && typeof message === 'object' && (message as { role?: unknown }).role === 'user') break;
    }
    if (opening.length === 0) return null;
    return JSON.stringify(opening).slice(0, prefixChars);
  }
  if (typeof body.prompt === 'string' && body.prompt.length > 0) return body.prompt.slice(0, prefixChars);
  return null;
}

/**
 * Weighted rendezvous (highest-random-weight) hashing: each deployment scores
 * −weight / ln(h(key, deployment)), highest first. Every replica and worker computes the same
 * order from the same healthy set, with no shared state; when a deployment drops out (failed,
 * circuit open, disabled) only its conversations move, each to its next-highest deployment.
 */
export function rendezvousOrder(deployments: readonly Deployment[], key: string): Deployment[] {
  if (deployments.length <= 1) return [...deployments];
  const keyHash = fnv1a(key);
  return deployments
    .map((deployment) => {
      const unit = (mix(keyHash ^ fnv1a(deployment.id)) + 0.5) / 4_294_967_296;
      const score = deployment.weight > 0 ? -deployment.weight / Math.log(unit) : -1;
      return { deployment, score };
    })
    .sort((left, right) => right.score - left.score || (left.deployment.id < right.deployment.id ? -1 : 1))
    .map((entry) => entry.deployment);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finalizer: spreads the bits so that close inputs score independently. */
function mix(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
