import { ExperimentOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CatalogModel } from '../../api/models-api.ts';
import { useMoney } from '../../format/money.ts';
import { formatContextLength, providerHealth } from './model-format.ts';

/** One model of the catalog. All catalog text is operator-supplied and rendered as text. */
export function ModelCard({ model, onTry }: { model: CatalogModel; onTry?: () => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const pricing = model.pricing;
  return (
    <Card
      size="small"
      data-testid="model-card"
      title={
        <Flex gap={8} align="center">
          <Typography.Text strong ellipsis={{ tooltip: model.id }}>
            {model.id}
          </Typography.Text>
          {pricing?.free_tier && (
            <Tag color="green" data-testid="free-tier">
              {t('models.freeTier')}
            </Tag>
          )}
        </Flex>
      }
      extra={
        model.owned_by && (
          <Typography.Text type="secondary">{t('models.ownedBy', { owner: model.owned_by })}</Typography.Text>
        )
      }
      actions={
        onTry
          ? [
              <Button
                type="link"
                key="try"
                icon={<ExperimentOutlined />}
                onClick={onTry}
                aria-label={`${t('models.tryInPlayground')}: ${model.id}`}
              >
                {t('models.tryInPlayground')}
              </Button>,
            ]
          : undefined
      }
      style={{ height: '100%' }}
    >
      {model.description && (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true }}>
          {model.description}
        </Typography.Paragraph>
      )}
      <Descriptions size="small" column={1} colon>
        <Descriptions.Item label={t('models.license')}>{model.license || t('common.unknown')}</Descriptions.Item>
        <Descriptions.Item label={t('models.context')}>
          {model.context_length
            ? `${formatContextLength(model.context_length)} ${t('models.tokens')}`
            : t('common.unknown')}
        </Descriptions.Item>
        <Descriptions.Item label={t('models.capabilities')}>
          <Flex wrap gap={4}>
            {(model.capabilities ?? []).map((capability) => (
              <Tag key={capability} color="blue">
                {capability}
              </Tag>
            ))}
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('models.pricing')}>
          {pricing ? (
            <span data-testid="model-price">
              {t('models.input')} {money(pricing.input, pricing.currency)}
              {typeof pricing.cached_input === 'number' &&
                ` · ${t('models.cachedInput')} ${money(pricing.cached_input, pricing.currency)}`}{' '}
              · {t('models.output')} {money(pricing.output, pricing.currency)}
            </span>
          ) : (
            <Typography.Text type="secondary">{t('models.noPricing')}</Typography.Text>
          )}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
        {t('models.deployments')}
      </Typography.Text>
      <ProviderList model={model} />
    </Card>
  );
}

function ProviderList({ model }: { model: CatalogModel }) {
  const { t } = useTranslation();
  const providers = model.providers ?? [];
  // /v1/models lists enabled deployments only: none means every deployment is off, so nothing answers.
  if (providers.length === 0)
    return <Badge status="default" text={t('extra.health.disabled')} data-testid="model-unavailable" />;
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: '4px 0 0' }}>
      {providers.map((provider) => {
        const view = providerHealth(provider.health);
        const health = { status: view.status, label: t(`extra.health.${view.label}`) };
        return (
          <li key={provider.deployment} style={{ padding: '2px 0' }}>
            <Flex wrap gap={6} align="center">
              <Badge status={health.status} text={health.label} aria-label={`${t('models.health')}: ${health.label}`} />
              <Typography.Text code>{provider.deployment}</Typography.Text>
              <Typography.Text type="secondary">
                {provider.provider} → {provider.upstream_model}
              </Typography.Text>
              {provider.circuit && provider.circuit !== 'closed' && (
                <Tag color={provider.circuit === 'open' ? 'error' : 'warning'}>
                  {t('models.circuit')}: {provider.circuit}
                </Tag>
              )}
              {(provider.tags ?? []).map((tag) => (
                <Tag key={tag}>{tag}</Tag>
              ))}
            </Flex>
          </li>
        );
      })}
    </ul>
  );
}
