import { Card, Col, Descriptions, Row, Statistic, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Balance, Plan } from '../../api/admin-usage-api.ts';
import { formatMoney } from '../../format/money.ts';
import type { UsageSummary } from './usage-aggregation.ts';

/** Balance, plan and the range's totals. */
export function AccountSummary({
  balance,
  plan,
  summary,
}: {
  balance: Balance | null;
  plan: Plan | null;
  summary: UsageSummary;
}) {
  const { t, i18n } = useTranslation();
  const currency = balance?.currency ?? 'CNY';
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={12} lg={6}>
        <Card size="small">
          <Statistic
            title={t('dashboard.balance')}
            value={balance ? formatMoney(Number(balance.balance), currency, i18n.language) : '—'}
            data-testid="dashboard-balance"
          />
        </Card>
      </Col>
      <Col xs={12} lg={6}>
        <Card size="small">
          <Statistic
            title={t('dashboard.requests')}
            value={number.format(summary.totals.requests)}
            data-testid="dashboard-requests"
          />
        </Card>
      </Col>
      <Col xs={12} lg={6}>
        <Card size="small">
          <Statistic
            title={t('dashboard.tokens')}
            value={number.format(summary.totals.tokens)}
            data-testid="dashboard-tokens"
          />
        </Card>
      </Col>
      <Col xs={12} lg={6}>
        <Card size="small">
          <Statistic title={t('dashboard.spend')} value={formatMoney(summary.totals.spend, currency, i18n.language)} />
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title={t('dashboard.planAndLimits')}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('dashboard.plan')}>
              {plan?.name ?? balance?.planId ?? '—'} {balance?.level && <Tag>{balance.level}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('dashboard.spentTotal')}>
              {balance ? formatMoney(Number(balance.spentTotal), currency, i18n.language) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('dashboard.monthlyGrant')}>
              {plan ? `${number.format(plan.monthlyGrantTokens)} ${t('models.tokens')}` : '—'}
            </Descriptions.Item>
            {(['rpm', 'rpd', 'tpm', 'tpd'] as const).map((name) => (
              <Descriptions.Item key={name} label={t(`apiKeys.limit.${name}`)}>
                {plan?.limits[name] !== undefined ? number.format(plan.limits[name]!) : t('dashboard.unlimited')}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('dashboard.freeTierOnly')}>
              {plan ? (plan.freeTierOnly ? t('dashboard.yes') : t('dashboard.no')) : '—'}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
    </Row>
  );
}
