import { App, Switch, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { listDeployments, setDeploymentEnabled, type DeploymentView } from '../../api/admin-platform-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { deploymentStateColumns } from './deployment-columns.tsx';

const refreshMs = 5_000;

/** Every deployment with its live health, circuit state and traffic; refreshed every few seconds. */
export function DeploymentsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const deployments = useApiResource((signal) => listDeployments(signal), []);
  const state = deploymentStateColumns(t);
  const { reload } = deployments;

  useEffect(() => {
    const timer = window.setInterval(reload, refreshMs);
    return () => window.clearInterval(timer);
  }, [reload]);

  const toggle = async (deployment: DeploymentView, enabled: boolean) => {
    try {
      await setDeploymentEnabled(deployment.id, enabled);
      reload();
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };

  if (deployments.error !== null) return <ErrorAlert error={deployments.error} onRetry={reload} />;
  return (
    <Table<DeploymentView>
      size="small"
      rowKey="id"
      loading={deployments.loading && !deployments.data}
      dataSource={deployments.data ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      data-testid="deployments-table"
      columns={[
        {
          title: t('playground.model'),
          dataIndex: 'model',
          render: (model: string) => <Typography.Text strong>{model}</Typography.Text>,
        },
        {
          title: t('playground.statsDeployment'),
          dataIndex: 'id',
          render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
        },
        {
          title: t('admin.provider'),
          key: 'provider',
          render: (_value, row) => `${row.provider} → ${row.upstream_model}`,
        },
        state.health,
        state.circuit,
        state.inflight,
        { title: t('dashboard.requests'), dataIndex: 'requests', align: 'right' },
        state.errorRate,
        state.ttft,
        state.lastError,
        {
          title: t('admin.enabled'),
          dataIndex: 'enabled',
          render: (enabled: boolean, row) => (
            <Switch
              size="small"
              checked={enabled}
              onChange={(value) => void toggle(row, value)}
              aria-label={`${t('admin.enabled')}: ${row.id}`}
            />
          ),
        },
      ]}
    />
  );
}
