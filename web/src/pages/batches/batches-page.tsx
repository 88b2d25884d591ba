import { DownloadOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import {
  batchEndpoints,
  cancelBatch,
  downloadFile,
  isBatchFinished,
  listBatches,
  startBatch,
  type Batch,
  type BatchEndpoint,
} from '../../api/batches-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';

const statusColors: Record<Batch['status'], string> = {
  validating: 'processing',
  in_progress: 'processing',
  finalizing: 'processing',
  completed: 'success',
  failed: 'error',
  expired: 'warning',
  cancelling: 'warning',
  cancelled: 'default',
};

/** Batches: upload a JSONL file of requests, follow the progress, download the results. */
export default function BatchesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const batches = useApiResource((signal) => listBatches(signal), []);
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [endpoint, setEndpoint] = useState<BatchEndpoint>('/v1/chat/completions');
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rows = batches.data?.data ?? [];
  const running = rows.some((batch) => !isBatchFinished(batch));

  // Poll while a batch runs.
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => batches.reload(), 1000);
    return () => window.clearInterval(timer);
  }, [running, batches.reload]);

  const start = async () => {
    if (!file) return;
    setStarting(true);
    setError(null);
    try {
      const batch = await startBatch(file, endpoint);
      void message.success(t('batches.started', { id: batch.id }));
      setFile(null);
      if (inputRef.current) inputRef.current.value = '';
      batches.reload();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setStarting(false);
    }
  };

  const cancel = async (batch: Batch) => {
    try {
      await cancelBatch(batch.id);
      batches.reload();
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };

  const download = (id: string, name: string) =>
    downloadFile(id, name).catch((caught: unknown) => void message.error(errorMessage(caught)));

  return (
    <>
      <PageHeader
        title={t('batches.title')}
        subtitle={t('batches.subtitle')}
        extra={<Button icon={<ReloadOutlined />} onClick={batches.reload} aria-label={t('batches.refresh')} />}
      />
      <Card size="small" title={t('batches.newBatch')} style={{ marginBottom: 16 }}>
        <Flex gap={8} wrap align="center">
          <input
            ref={inputRef}
            type="file"
            accept=".jsonl,application/jsonl,text/plain"
            data-testid="batch-file"
            style={{ display: 'none' }}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <Button icon={<UploadOutlined />} onClick={() => inputRef.current?.click()}>
            {t('batches.chooseFile')}
          </Button>
          <Typography.Text type={file ? undefined : 'secondary'} ellipsis style={{ maxWidth: 240 }}>
            {file ? file.name : t('batches.noFile')}
          </Typography.Text>
          <Select
            aria-label={t('batches.endpoint')}
            value={endpoint}
            onChange={setEndpoint}
            style={{ minWidth: 220 }}
            options={batchEndpoints.map((value) => ({ value, label: value }))}
          />
          <Button
            type="primary"
            onClick={() => void start()}
            disabled={!file}
            loading={starting}
            data-testid="batch-start"
          >
            {t('batches.start')}
          </Button>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('batches.hint')}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginTop: 12 }} />}
      </Card>
      {batches.error ? <ErrorAlert error={batches.error} onRetry={batches.reload} /> : null}
      <Table<Batch>
        rowKey="id"
        data-testid="batches-table"
        loading={batches.loading && !batches.data}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('batches.empty') }}
        columns={[
          {
            title: t('batches.batch'),
            dataIndex: 'id',
            render: (id: string, batch) => (
              <Space direction="vertical" size={0}>
                <Typography.Text code copyable>
                  {id}
                </Typography.Text>
                <Typography.Text type="secondary">{batch.endpoint}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('batches.status'),
            dataIndex: 'status',
            render: (status: Batch['status']) => (
              <Tag color={statusColors[status]} data-testid="batch-status" data-status={status}>
                {t(`batches.statuses.${status}`)}
              </Tag>
            ),
          },
          {
            title: t('batches.progress'),
            render: (_, batch) => {
              const { total, completed, failed } = batch.request_counts;
              const done = completed + failed;
              return (
                <Space direction="vertical" size={0} style={{ minWidth: 180 }}>
                  <Progress
                    percent={total === 0 ? 0 : Math.floor((done / total) * 100)}
                    size="small"
                    status={failed > 0 ? 'exception' : undefined}
                    aria-label={t('batches.progress')}
                  />
                  <Typography.Text type="secondary" data-testid="batch-counts">
                    {t('batches.counts', { completed, failed, total })}
                  </Typography.Text>
                </Space>
              );
            },
          },
          {
            title: t('batches.created'),
            dataIndex: 'created_at',
            render: (seconds: number) => new Date(seconds * 1000).toLocaleString(),
          },
          {
            title: t('batches.results'),
            render: (_, batch) => (
              <Space wrap>
                {batch.output_file_id && (
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    data-testid="download-output"
                    onClick={() => void download(batch.output_file_id!, `${batch.id}_output.jsonl`)}
                  >
                    {t('batches.output')}
                  </Button>
                )}
                {batch.error_file_id && (
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    data-testid="download-errors"
                    onClick={() => void download(batch.error_file_id!, `${batch.id}_error.jsonl`)}
                  >
                    {t('batches.errors')}
                  </Button>
                )}
                {!isBatchFinished(batch) && batch.status !== 'cancelling' && (
                  <Button size="small" danger onClick={() => void cancel(batch)}>
                    {t('batches.cancel')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
