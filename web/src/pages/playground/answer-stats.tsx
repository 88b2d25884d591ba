import { Flex, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth/auth-context.tsx';
import { formatMoney } from '../../format/money.ts';
import { formatDuration } from './answer-cost.ts';
import type { AnswerStats as Stats } from './use-chat-session.ts';

/** Tokens, cost, latency and time to first token of one answer. */
export function AnswerStats({ stats }: { stats: Stats }) {
  const { t, i18n } = useTranslation();
  const usage = stats.usage;
  // The operator's own console requests are recorded at list price but never charged.
  const unbilled = useAuth().state?.user?.operator === true;
  return (
    <Flex wrap gap={6} style={{ marginTop: 8 }} data-testid="answer-stats">
      <Tag data-testid="stat-tokens">
        {t('playground.statsTokens')}:{' '}
        {usage
          ? `${usage.total_tokens} (${t('playground.statsTokensDetail', { prompt: usage.prompt_tokens, completion: usage.completion_tokens })})`
          : t('playground.noUsage')}
      </Tag>
      <Tag data-testid="stat-cost">
        {t('playground.statsCost')}:{' '}
        {stats.cost ? formatMoney(stats.cost.amount, stats.cost.currency, i18n.language) : '—'}
        {stats.cost && unbilled && ` (${t('extra.notCharged')})`}
      </Tag>
      <Tag data-testid="stat-latency">
        {t('playground.statsLatency')}: {formatDuration(stats.latencyMs)}
      </Tag>
      <Tag data-testid="stat-first-token">
        {t('playground.statsFirstToken')}: {formatDuration(stats.timeToFirstTokenMs)}
      </Tag>
      {stats.deployment && (
        <Tag>
          {t('playground.statsDeployment')}: {stats.deployment}
        </Tag>
      )}
      {stats.requestId && (
        <Tooltip title={t('playground.statsRequestId')}>
          <Typography.Text type="secondary" copyable={{ text: stats.requestId }} style={{ fontSize: 12 }}>
            {stats.requestId}
          </Typography.Text>
        </Tooltip>
      )}
    </Flex>
  );
}
