import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Col, Flex, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getDataset, getVersion, type DatasetVersion } from '../../api/datasets-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { ExportCard } from './export-card.tsx';
import { ImportCard } from './import-card.tsx';
import { RecipeCard } from './recipe-card.tsx';
import { RecordsBrowser } from './records-browser.tsx';
import { VersionStatistics } from './version-statistics.tsx';

/** One dataset: versions, import, recipe runs, and the selected version's statistics, records and export. */
export function DatasetDetail({ datasetId, onBack }: { datasetId: string; onBack(): void }) {
  const { t, i18n } = useTranslation();
  const dataset = useApiResource((signal) => getDataset(datasetId, signal), [datasetId]);
  const versions = [...(dataset.data?.versions ?? [])].sort((a, b) => b.version - a.version);
  const [selected, setSelected] = useState<number | null>(null);
  const current = selected ?? versions[0]?.version ?? null;
  const version = useApiResource(
    (signal) => (current === null ? Promise.resolve(null) : getVersion(datasetId, current, signal)),
    [datasetId, current],
  );

  useEffect(() => setSelected(null), [datasetId]);
  const refresh = () => {
    setSelected(null);
    dataset.reload();
  };

  if (dataset.error !== null) return <ErrorAlert error={dataset.error} onRetry={dataset.reload} />;
  if (!dataset.data) return <Skeleton active />;
  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={8}>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('data.backToList')} />
        <Typography.Title level={4} style={{ margin: 0 }}>
          {dataset.data.name}
        </Typography.Title>
        <Typography.Text type="secondary">{dataset.data.description}</Typography.Text>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <ImportCard datasetId={datasetId} onImported={refresh} />
        </Col>
        <Col xs={24} xl={8}>
          <RecipeCard datasetId={datasetId} versions={versions} onFinished={refresh} />
        </Col>
        <Col xs={24} xl={8}>
          {current !== null && <ExportCard datasetId={datasetId} version={current} />}
        </Col>
      </Row>
      <Table<DatasetVersion>
        size="small"
        rowKey="version"
        dataSource={versions}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('data.noVersions') }}
        rowSelection={{
          type: 'radio',
          selectedRowKeys: current === null ? [] : [current],
          onChange: (keys) => setSelected(Number(keys[0])),
        }}
        onRow={(row) => ({ onClick: () => setSelected(row.version) })}
        data-testid="versions-table"
        columns={[
          { title: t('data.version'), dataIndex: 'version', render: (value: number) => `v${value}` },
          {
            title: t('data.kind'),
            dataIndex: 'kind',
            render: (kind: string, row) => (
              <Tag
                color={kind === 'import' ? 'blue' : 'purple'}
              >{`${t(`data.kinds.${kind}`)}${row.parentVersion ? ` ← v${row.parentVersion}` : ''}`}</Tag>
            ),
          },
          {
            title: t('data.recordCount'),
            dataIndex: 'recordCount',
            align: 'right',
            render: (value: number) => new Intl.NumberFormat(i18n.language).format(value),
          },
          {
            title: t('apiKeys.created'),
            dataIndex: 'createdAt',
            render: (time: number) => new Date(time).toLocaleString(i18n.language),
          },
        ]}
      />
      {version.error !== null && <ErrorAlert error={version.error} onRetry={version.reload} />}
      {version.data && (
        <>
          <VersionStatistics version={version.data} />
          <RecordsBrowser datasetId={datasetId} version={version.data.version} />
        </>
      )}
    </Flex>
  );
}
