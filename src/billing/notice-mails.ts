import type { OutgoingMail } from '../accounts/signup/mailer.ts';

/** The language a notice is written in: the user's console language, or both (Chinese first) when unknown. */
export type NoticeLocale = 'zh-CN' | 'en' | null;

interface Text {
  subject: string;
  lines: string[];
}

/** One mail in the reader's language, or both texts one after the other (subject "中文 / English"). */
function compose(to: string, locale: NoticeLocale, zh: Text, en: Text): OutgoingMail {
  if (locale === 'zh-CN') return { to, subject: zh.subject, text: zh.lines.join('\n') };
  if (locale === 'en') return { to, subject: en.subject, text: en.lines.join('\n') };
  return { to, subject: `${zh.subject} / ${en.subject}`, text: [...zh.lines, '', ...en.lines].join('\n') };
}

export function normalizeLocale(value: string | null | undefined): NoticeLocale {
  if (!value) return null;
  if (value.toLowerCase().startsWith('zh')) return 'zh-CN';
  if (value.toLowerCase().startsWith('en')) return 'en';
  return null;
}

const symbols: Record<string, string> = { CNY: '¥', USD: '$' };

/** "¥12.50" from a decimal amount and its currency. */
export function moneyText(amount: string, currency: string): string {
  const symbol = symbols[currency];
  return symbol ? `${amount.startsWith('-') ? '-' : ''}${symbol}${amount.replace(/^-/, '')}` : `${amount} ${currency}`;
}

export function lowBalanceMail(
  to: string,
  locale: NoticeLocale,
  notice: { organization: string; balance: string; threshold: string; link: string },
): OutgoingMail {
  return compose(
    to,
    locale,
    {
      subject: `余额不足提醒：${notice.organization}`,
      lines: [
        `组织“${notice.organization}”的余额为 ${notice.balance}，已低于您设置的提醒阈值 ${notice.threshold}。`,
        '余额用完后 API 密钥的付费请求将被拒绝（402）。请及时充值：',
        notice.link,
        '',
        '余额回到阈值以上后，下次再低于阈值时会再提醒一次。',
      ],
    },
    {
      subject: `Low balance: ${notice.organization}`,
      lines: [
        `The balance of "${notice.organization}" is ${notice.balance}, below your notice threshold of ${notice.threshold}.`,
        'Once it runs out, paid requests of your API keys are refused (402). Top up here:',
        notice.link,
        '',
        'After the balance is back above the threshold, you are told again the next time it falls below.',
      ],
    },
  );
}

export function quotaMail(
  to: string,
  locale: NoticeLocale,
  notice: { organization: string; percent: number; used: number; quota: number; period: string; link: string },
): OutgoingMail {
  const full = notice.percent >= 100;
  return compose(
    to,
    locale,
    {
      subject: full
        ? `本月免费额度已用完：${notice.organization}`
        : `本月免费额度已用 ${notice.percent}%：${notice.organization}`,
      lines: [
        `组织“${notice.organization}”${notice.period} 的每月免费额度已使用 ${notice.used} / ${notice.quota} tokens（${notice.percent}%）。`,
        full ? '之后的请求将从余额扣费；余额不足时会被拒绝（402）。' : '额度用完后，请求将从余额扣费。',
        '查看用量与充值：',
        notice.link,
      ],
    },
    {
      subject: full
        ? `Monthly free quota used up: ${notice.organization}`
        : `${notice.percent}% of the monthly free quota used: ${notice.organization}`,
      lines: [
        `"${notice.organization}" has used ${notice.used} of ${notice.quota} free tokens for ${notice.period} (${notice.percent}%).`,
        full
          ? 'Further requests are paid from the balance, and refused (402) when it cannot cover them.'
          : 'Once the quota is used up, requests are paid from the balance.',
        'Usage and top-up:',
        notice.link,
      ],
    },
  );
}
