import { Descriptions, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeploymentView } from '../../api/admin-platform-api.ts';
import { canServe, circuitCounts, getRoutingOverview, type RoutedModel } from '../../api/routing-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { deploymentStateColumns } from './deployment-columns.tsx';

const refreshMs = 5_000;

/**
 * The routing state of the platform: the settings that govern breakers and deadlines, every model
 * with its circuits and fallback chain (expand a row for its deployments), and the plans' own
 * fallback lists. Refreshed every few seconds.
 */
export function RoutingTab() {
  const { t } = useTranslation();
  const overview = useApiResource((signal) => getRoutingOverview(signal), []);
  const { reload } = overview;

  useEffect(() => {
    const timer = window.setInterval(reload, refreshMs);
    return () => window.clearInterval(timer);
  }, [reload]);

  if (overview.error !== null) return <ErrorAlert error={overview.error} onRetry={reload} />;
  const data = overview.data;
  const settings = data?.settings;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="routing-view">
      {settings && data && (
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('routing.sharedState')}>
            {data.sharedState === 'redis' ? t('routing.sharedRedis') : t('routing.sharedMemory')}
          </Descriptions.Item>
          <Descriptions.Item label={t('routing.budget')}>{(settings.budgetMs / 1000).toFixed(1)} s</Descriptions.Item>
          <Descriptions.Item label={t('routing.attempts')}>{settings.maxAttempts}</Descriptions.Item>
          <Descriptions.Item label={t('routing.breakerRule')}>
            {t('routing.breakerRuleValue', {
              failures: settings.circuit.failureThreshold,
              rate: Math.round(settings.circuit.failureRate * 100),
              calls: settings.circuit.minimumCalls,
              window: Math.round(settings.circuit.windowMs / 1000),
            })}
          </Descriptions.Item>
          <Descriptions.Item label={t('routing.cooldown')}>
            {settings.circuit.cooldownMs / 1000}–{settings.circuit.maxCooldownMs / 1000} s
          </Descriptions.Item>
          <Descriptions.Item label={t('routing.headers')}>
            <Typography.Text code>{settings.deploymentHeaders}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
      <Table<RoutedModel>
        size="small"
        rowKey="id"
        loading={overview.loading && !data}
        dataSource={data?.models ?? []}
        locale={{ emptyText: <Empty description={t('routing.empty')} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        data-testid="routing-models"
        expandable={{ expandedRowRender: (model) => <DeploymentStates deployments={model.deployments} /> }}
        columns={[
          {
            title: t('routing.model'),
            dataIndex: 'id',
            render: (id: string, model) => (
              <Space>
                <Typography.Text strong>{id}</Typography.Text>
                {!canServe(model) && <Tag color="red">{t('routing.cannotServe')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('routing.strategy'),
            dataIndex: 'strategy',
            render: (strategy: string) => t(`routing.strategies.${strategy}`, { defaultValue: strategy }),
          },
          {
            title: t('routing.circuits'),
            key: 'circuits',
            render: (_value, model) => {
              const counts = circuitCounts(model);
              return (
                <Space size={4}>
                  <Tooltip title={t('routing.circuitStates.closed')}>
                    <Tag color="green">{counts.closed}</Tag>
                  </Tooltip>
                  <Tooltip title={t('routing.circuitStates.half-open')}>
                    <Tag color="orange">{counts.halfOpen}</Tag>
                  </Tooltip>
                  <Tooltip title={t('routing.circuitStates.open')}>
                    <Tag color="red">{counts.open}</Tag>
                  </Tooltip>
                </Space>
              );
            },
          },
          {
            title: t('routing.fallbacks'),
            key: 'fallbacks',
            render: (_value, model) =>
              model.fallbacks.length === 0 ? (
                <Typography.Text type="secondary">{t('routing.noFallbacks')}</Typography.Text>
              ) : (
                <Space size={4} wrap>
                  {model.fallbacks.map((fallback, index) => (
                    <Tag key={fallback}>
                      {index + 1}. {fallback}
                    </Tag>
                  ))}
                  {model.fallbackToPricier && <Tag color="gold">{t('routing.pricier')}</Tag>}
                </Space>
              ),
          },
        ]}
      />
      {data && data.plans.length > 0 && (
        <Table
          size="small"
          rowKey={(row) => `${row.plan}:${row.model}`}
          title={() => <Typography.Text strong>{t('routing.planFallbacks')}</Typography.Text>}
          pagination={false}
          data-testid="routing-plan-fallbacks"
          dataSource={data.plans.flatMap((plan) =>
            Object.entries(plan.fallbacks).map(([model, fallbacks]) => ({ plan: plan.name, model, fallbacks })),
          )}
          columns={[
            { title: t('routing.plan'), dataIndex: 'plan' },
            {
              title: t('routing.model'),
              dataIndex: 'model',
              render: (model: string) => (model === '*' ? t('routing.allModels') : model),
            },
            {
              title: t('routing.fallbacks'),
              dataIndex: 'fallbacks',
              render: (fallbacks: string[]) =>
                fallbacks.length === 0 ? t('routing.noFallbacks') : fallbacks.join(' → '),
            },
          ]}
        />
      )}
    </Space>
  );
}

/** A model's deployments: circuit, health, traffic, latency and the last failure. */
function DeploymentStates({ deployments }: { deployments: DeploymentView[] }) {
  const { t } = useTranslation();
  const state = deploymentStateColumns(t);
  return (
    <Table<DeploymentView>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={deployments}
      columns={[
        {
          title: t('routing.deployment'),
          dataIndex: 'id',
          render: (id: string, row) => (
            <Typography.Text code type={row.enabled ? undefined : 'secondary'}>
              {id}
            </Typography.Text>
          ),
        },
        {
          title: t('routing.alias'),
          dataIndex: 'alias',
          render: (alias: string) => <Typography.Text copyable>{alias}</Typography.Text>,
        },
        state.circuit,
        state.health,
        state.inflight,
        state.errorRate,
        state.ttft,
        state.lastError,
      ]}
    />
  );
}
