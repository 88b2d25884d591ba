import { createRequire } from 'node:module';
import type { SignupConfig } from '../../config/signup-schema.ts';
import type { RateLimiter } from '../../limits/rate-limiter.ts';
import { KaiyuanError, invalidRequest } from '../../util/errors.ts';

const hourMs = 3_600_000;

/** Checks a CAPTCHA answer; true when it is valid. */
export type CaptchaVerifier = (response: string, ip: string) => Promise<boolean>;

/** A siteverify-style check (hCaptcha, Turnstile, reCAPTCHA): form fields `secret`, `response`, `remoteip`. */
export function siteVerifyCaptcha(verifyUrl: string, secret: string): CaptchaVerifier {
  return async (response, ip) => {
    const answer = await fetch(verifyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ secret, response, remoteip: ip }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!answer.ok) return false;
    const body = (await answer.json().catch(() => null)) as { success?: unknown } | null;
    return body?.success === true;
  };
}

let disposableDomains: Set<string> | null = null;

/** The `disposable-email-domains` list (loaded once, on the first sign-up). */
function knownDisposableDomains(): Set<string> {
  if (!disposableDomains) {
    const list = createRequire(import.meta.url)('disposable-email-domains') as string[];
    disposableDomains = new Set(list.map((domain) => domain.toLowerCase()));
  }
  return disposableDomains;
}

export function emailDomain(email: string): string {
  return email.trim().toLowerCase().split('@').pop() ?? '';
}

/**
 * The abuse limits of sign-up: attempts per IP address and hour (through the shared rate limiter,
 * so Redis counts across replicas when it is set), the CAPTCHA hook and the disposable-domain list.
 */
export class SignUpGuard {
  private readonly blocked: Set<string>;

  constructor(
    private readonly config: SignupConfig,
    private readonly limiter: RateLimiter,
    private readonly captcha: CaptchaVerifier | null,
  ) {
    this.blocked = new Set(config.extraBlockedDomains.map((domain) => domain.toLowerCase()));
  }

  get captchaRequired(): boolean {
    return this.captcha !== null;
  }

  async check(input: { email: string; ip: string; captchaResponse?: string }): Promise<void> {
    const domain = emailDomain(input.email);
    if (this.blocked.has(domain) || (this.config.blockDisposableDomains && knownDisposableDomains().has(domain))) {
      throw invalidRequest(
        `Addresses at '${domain}' cannot be used to sign up (a disposable-mail domain). Use a permanent address.`,
        'email',
        'disposable_email',
      );
    }
    if (this.config.perIpPerHour > 0) {
      const acquired = await this.limiter.acquire([
        {
          key: `signup-ip:${input.ip}`,
          label: 'sign-ups per hour from one address',
          kind: 'requests',
          limit: this.config.perIpPerHour,
          windowMs: hourMs,
          amount: 1,
        },
      ]);
      if (!acquired.allowed) {
        throw new KaiyuanError('too_many_sign_ups', 'Too many sign-ups from your network address; try again later.', {
          status: 429,
          type: 'rate_limit_error',
          retryAfterMs: acquired.retryAfterMs,
        });
      }
    }
    if (this.captcha) {
      const valid = input.captchaResponse
        ? await this.captcha(input.captchaResponse, input.ip).catch(() => false)
        : false;
      if (!valid) throw invalidRequest('The CAPTCHA was not solved; try again.', 'captcha', 'captcha_failed');
    }
  }
}
