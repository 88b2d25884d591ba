import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { remainingToday, type ApiKeyInfo, type KeyUsage } from '../../api/admin-keys-api.ts';
import { useMoney } from '../../format/money.ts';

/** "3 min ago"-style time of the key's last request, or "never" (within 90 days). */
export function LastUsed({ usage }: { usage: KeyUsage | undefined }) {
  const { t, i18n } = useTranslation();
  if (!usage?.lastUsedAt) return <Typography.Text type="secondary">{t('extra.neverUsed')}</Typography.Text>;
  return (
    <span title={new Date(usage.lastUsedAt).toLocaleString(i18n.language)}>
      {relativeTime(usage.lastUsedAt, i18n.language)}
    </span>
  );
}

/** This month's spend and request count of the key. */
export function MonthSpend({ usage, currency }: { usage: KeyUsage | undefined; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <Flex vertical>
      <span data-testid="key-spend">{money(usage?.spendThisMonth ?? 0, usage?.currency ?? currency)}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('extra.requestsCount', { count: usage?.requestsThisMonth ?? 0 })}
      </Typography.Text>
    </Flex>
  );
}

/** What the key may still do today under its own per-day limits; otherwise the plan's limits apply. */
export function RemainingQuota({ apiKey, usage }: { apiKey: ApiKeyInfo; usage: KeyUsage | undefined }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const left = remainingToday(apiKey, usage);
  if (left.requests === null && left.tokens === null)
    return <Typography.Text type="secondary">{t('apiKeys.planLimit')}</Typography.Text>;
  return (
    <Flex vertical data-testid="key-remaining">
      {left.requests !== null && (
        <span>{t('extra.requestsLeft', { count: left.requests, formatted: number.format(left.requests) })}</span>
      )}
      {left.tokens !== null && <span>{t('extra.tokensLeft', { formatted: number.format(left.tokens) })}</span>}
    </Flex>
  );
}

function relativeTime(time: number, locale: string): string {
  const seconds = Math.round((time - Date.now()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}
