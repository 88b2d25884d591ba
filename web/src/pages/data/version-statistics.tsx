import { Card, Empty, Flex, Table, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DatasetVersion, OperatorSample, OperatorStatistics } from '../../api/datasets-api.ts';

/** What each operator of a recipe did (in, out, dropped, modified) and examples of removed or changed samples. */
export function VersionStatistics({ version }: { version: DatasetVersion }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const format = (value: number) => number.format(value);
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('data.operatorStatistics')}>
        <Table<OperatorStatistics>
          size="small"
          rowKey="step"
          dataSource={version.statistics}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: t('data.noStatistics') }}
          data-testid="operator-statistics"
          columns={[
            {
              title: '#',
              dataIndex: 'step',
              width: 48,
              // The import is no step of a recipe (the server numbers it -1).
              render: (step: number) => (step < 0 ? '—' : step),
            },
            {
              title: t('data.operator'),
              dataIndex: 'operator',
              render: (name: string) => <Typography.Text code>{name}</Typography.Text>,
            },
            { title: t('data.in'), dataIndex: 'in', align: 'right', render: format },
            { title: t('data.out'), dataIndex: 'out', align: 'right', render: format },
            {
              title: t('data.dropped'),
              dataIndex: 'dropped',
              align: 'right',
              render: (value: number) => (
                <Typography.Text type={value ? 'danger' : undefined}>{format(value)}</Typography.Text>
              ),
            },
            { title: t('data.modified'), dataIndex: 'modified', align: 'right', render: format },
            {
              title: t('data.details'),
              dataIndex: 'details',
              render: (details: Record<string, number>) => (
                <Flex wrap gap={4}>
                  {Object.entries(details ?? {}).map(([name, value]) => (
                    <Tag key={name}>{`${name}: ${format(value)}`}</Tag>
                  ))}
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('data.samples')}>
        <SampleList samples={version.samples ?? []} />
      </Card>
    </Flex>
  );
}

/** Removed and changed samples. Dataset content is untrusted: rendered as text only. */
function SampleList({ samples }: { samples: OperatorSample[] }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  if (samples.length === 0) return <Empty description={t('data.noSamples')} />;
  return (
    <Flex vertical gap={12} data-testid="removed-samples">
      {samples.slice(0, 50).map((sample, index) => (
        <div
          key={`${sample.step}-${sample.recordId}-${index}`}
          style={{
            borderLeft: `3px solid ${sample.action === 'dropped' ? token.colorError : token.colorWarning}`,
            paddingLeft: 12,
          }}
        >
          <Flex gap={8} wrap align="center">
            <Tag color={sample.action === 'dropped' ? 'red' : 'orange'}>{t(`data.actions.${sample.action}`)}</Tag>
            <Typography.Text code>{sample.operator}</Typography.Text>
            <Typography.Text type="secondary">{sample.reason}</Typography.Text>
          </Flex>
          <p className="plain-text" data-testid="sample-before" style={{ marginTop: 4 }}>
            {sample.before}
          </p>
          {sample.after !== undefined && sample.after !== sample.before && (
            <p className="plain-text" style={{ marginTop: 4, color: token.colorSuccessText }}>
              {`→ ${sample.after}`}
            </p>
          )}
        </div>
      ))}
    </Flex>
  );
}
