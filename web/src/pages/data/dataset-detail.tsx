import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Col, Flex, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getDataset, getVersion, type DatasetVersion } from '../../api/datasets-api.ts';
import type { Job } from '../../api/jobs-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { ExportCard } from './export-card.tsx';
import { ImportCard } from './import-card.tsx';
import { RecipeCard } from './recipe-card.tsx';
import { RecordsBrowser } from './records-browser.tsx';
import { effectiveVersion, selectionAfterJob, versionMadeBy } from './version-selection.ts';
import { VersionStatistics } from './version-statistics.tsx';

/**
 * One dataset: versions, import, recipe runs, and the selected version's statistics, records and
 * export. There is one selected version (the checked row): the one shown, run on and exported.
 * A finished job selects the version it made only if the user did not pick another one meanwhile,
 * and only once the list shows it, so the selection never jumps through an older version.
 */
export function DatasetDetail({ datasetId, onBack }: { datasetId: string; onBack(): void }) {
  const { t, i18n } = useTranslation();
  const dataset = useApiResource((signal) => getDataset(datasetId, signal), [datasetId]);
  const versions = [...(dataset.data?.versions ?? [])].sort((a, b) => b.version - a.version);
  const [chosen, setChosen] = useState<number | null>(null);
  /** A version a job made, to select when the reloaded list has it. */
  const pending = useRef<number | null>(null);
  /** The selection when the running import started. */
  const importStartedFrom = useRef<number | null>(null);
  const current = effectiveVersion(
    chosen,
    versions.map((row) => row.version),
  );
  const version = useApiResource(
    (signal) => (current === null ? Promise.resolve(null) : getVersion(datasetId, current, signal)),
    [datasetId, current],
  );
  const shown = version.data && version.data.version === current ? version.data : null;

  useEffect(() => {
    setChosen(null);
    pending.current = null;
  }, [datasetId]);
  useEffect(() => {
    if (pending.current !== null && versions.some((row) => row.version === pending.current)) {
      setChosen(pending.current);
      pending.current = null;
    }
  });
  const jobFinished = (job: Job, startedFrom: number | null) => {
    const next = selectionAfterJob(chosen, startedFrom, versionMadeBy(job.result));
    if (next !== chosen) pending.current = next;
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
          <ImportCard
            datasetId={datasetId}
            onStarted={() => (importStartedFrom.current = current)}
            onImported={(job) => jobFinished(job, importStartedFrom.current)}
          />
        </Col>
        <Col xs={24} xl={8}>
          <RecipeCard datasetId={datasetId} version={current} onFinished={jobFinished} />
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
          onChange: (keys) => setChosen(Number(keys[0])),
          getCheckboxProps: (row) => ({ 'aria-label': `v${row.version}` }),
        }}
        onRow={(row) => ({ onClick: () => setChosen(row.version), style: { cursor: 'pointer' } })}
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
      {shown ? (
        <>
          <VersionStatistics version={shown} />
          <RecordsBrowser datasetId={datasetId} version={shown.version} />
        </>
      ) : (
        current !== null && version.error === null && <Skeleton active />
      )}
    </Flex>
  );
}
