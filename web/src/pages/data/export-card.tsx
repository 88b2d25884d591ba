import { DownloadOutlined, ExportOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, InputNumber, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import {
  exportFileUrl,
  exportFormats,
  startExport,
  type DatasetExportResult,
  type ExportFormat,
} from '../../api/datasets-api.ts';
import { isFinished, useJob } from '../../api/jobs-api.ts';
import { JobProgress } from '../../components/job-progress.tsx';

const ignoreFinished = () => undefined;

/**
 * Exports a version as a fine-tuning set (OpenAI, Alpaca, ShareGPT, DPO) with an optional
 * validation split: a background job with live progress, then a download link per file.
 */
export function ExportCard({ datasetId, version }: { datasetId: string; version: number }) {
  const { t } = useTranslation();
  const [format, setFormat] = useState<ExportFormat>('openai');
  const [ratio, setRatio] = useState(0.1);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const { job, error: jobError } = useJob(jobId, ignoreFinished);
  const running = job !== null && !isFinished(job);
  const summary = job?.status === 'succeeded' ? (job.result as DatasetExportResult) : null;

  const start = async () => {
    setStarting(true);
    setError(null);
    setJobId(null);
    try {
      setJobId((await startExport(datasetId, version, format, ratio)).id);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setStarting(false);
    }
  };

  return (
    <Card size="small" title={t('data.export')} style={{ height: '100%' }} data-testid="export-card">
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          <Select<ExportFormat>
            aria-label={t('data.format')}
            value={format}
            onChange={setFormat}
            options={exportFormats.map((value) => ({ value, label: value }))}
            style={{ width: 140 }}
          />
          <InputNumber
            aria-label={t('data.validationRatio')}
            min={0}
            max={0.5}
            step={0.05}
            value={ratio}
            onChange={(value) => setRatio(value ?? 0)}
            addonBefore={t('data.validation')}
          />
        </Flex>
        <Button
          icon={<ExportOutlined />}
          onClick={() => void start()}
          loading={starting || running}
          data-testid="export-run"
        >
          {t('data.exportRun')}
        </Button>
        {error && <Alert type="error" showIcon title={error} role="alert" />}
        <JobProgress job={job} error={jobError} />
        {job && summary && (
          <Flex vertical gap={6}>
            <Typography.Text>
              {t('data.exportSummary', {
                train: summary.train,
                validation: summary.validation,
                rejected: summary.rejected,
              })}
            </Typography.Text>
            <Flex gap={8} wrap>
              {summary.files.map((file) => (
                <Button
                  key={file}
                  size="small"
                  icon={<DownloadOutlined />}
                  href={exportFileUrl(datasetId, job.id, file)}
                  download
                  data-testid="export-file"
                >
                  {file}
                </Button>
              ))}
            </Flex>
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
