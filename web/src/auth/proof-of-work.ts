/**
 * Solves the sign-up challenge of the self-hosted CAPTCHA in the browser: the first decimal nonce
 * for which SHA-256(`<challenge>:<nonce>`) starts with `difficulty` zero bits (Web Crypto; the
 * server checks the same rule in src/accounts/signup/proof-of-work.ts).
 */
export async function solveChallenge(
  challenge: string,
  difficulty: number,
  options: { signal?: AbortSignal; onProgress?: (hashes: number) => void } = {},
): Promise<string> {
  const encoder = new TextEncoder();
  for (let nonce = 0; ; nonce++) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(`${challenge}:${nonce}`)));
    if (leadingZeroBits(digest) >= difficulty) return String(nonce);
    if (nonce % 2048 === 2047) {
      options.signal?.throwIfAborted();
      options.onProgress?.(nonce + 1);
    }
  }
}

export function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte !== 0) return bits + Math.clz32(byte) - 24;
    bits += 8;
  }
  return bits;
}
