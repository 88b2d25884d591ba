import { Badge, Tag, Tooltip, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import type { DeploymentView } from '../../api/admin-platform-api.ts';
import { providerHealth } from '../models/model-format.ts';

const circuitColor = { closed: 'green', 'half-open': 'orange', open: 'red' } as const;

/** The live state of a deployment as table columns, shared by the Deployments and Routing tabs. */
export function deploymentStateColumns(t: TFunction): {
  health: ColumnType<DeploymentView>;
  circuit: ColumnType<DeploymentView>;
  inflight: ColumnType<DeploymentView>;
  errorRate: ColumnType<DeploymentView>;
  ttft: ColumnType<DeploymentView>;
  lastError: ColumnType<DeploymentView>;
} {
  return {
    health: {
      title: t('models.health'),
      dataIndex: 'health',
      render: (_value, row) => {
        const view = providerHealth(row.health, row.enabled);
        return <Badge status={view.status} text={t(`extra.health.${view.label}`)} data-testid="deployment-health" />;
      },
    },
    circuit: {
      title: t('models.circuit'),
      dataIndex: 'circuit',
      render: (_value, row) => <Tag color={circuitColor[row.circuit]}>{t(`routing.circuitStates.${row.circuit}`)}</Tag>,
    },
    inflight: { title: t('admin.inflight'), dataIndex: 'inflight', align: 'right' },
    errorRate: {
      title: t('admin.errorRate'),
      dataIndex: 'error_rate',
      align: 'right',
      render: (rate: number) => `${(rate * 100).toFixed(1)}%`,
    },
    ttft: {
      title: t('admin.ttft'),
      dataIndex: 'ttft_ewma_ms',
      align: 'right',
      render: (ms: number | null) => (ms === null ? '—' : `${ms} ms`),
    },
    lastError: {
      title: t('admin.lastError'),
      dataIndex: 'last_error',
      render: (_value, row) =>
        row.last_error ? (
          <Tooltip title={`${row.last_error.code}: ${row.last_error.message}`}>
            <Typography.Text type="danger" ellipsis style={{ maxWidth: 220 }}>
              {row.last_error.message}
            </Typography.Text>
          </Tooltip>
        ) : (
          '—'
        ),
    },
  };
}
