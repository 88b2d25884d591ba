import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Progress, Select, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { importEncodings, importFormats, uploadImport } from '../../api/datasets-api.ts';
import { useJob, type Job } from '../../api/jobs-api.ts';
import { JobProgress } from '../../components/job-progress.tsx';

/** Upload a file (with progress), then follow the import job until the new version exists. */
export function ImportCard({
  datasetId,
  onStarted,
  onImported,
}: {
  datasetId: string;
  /** Called when the import job is queued (the page notes what was selected then). */
  onStarted?(): void;
  onImported(job: Job): void;
}) {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<string | null>(null);
  const [encoding, setEncoding] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<number | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { job, error: jobError } = useJob(jobId, onImported);
  const uploading = uploaded !== null && uploaded < 1 && jobId === null;

  const start = async () => {
    if (!file) return;
    setError(null);
    setJobId(null);
    setUploaded(0);
    try {
      const created = await uploadImport(datasetId, file, format, setUploaded, encoding);
      setUploaded(1);
      setJobId(created.id);
      onStarted?.();
    } catch (caught) {
      setUploaded(null);
      setError(errorMessage(caught));
    }
  };

  return (
    <Card size="small" title={t('data.import')} style={{ height: '100%' }}>
      <Flex vertical gap={12}>
        <Flex gap={8} wrap align="center">
          <input
            ref={inputRef}
            type="file"
            data-testid="import-file"
            style={{ display: 'none' }}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <Button icon={<UploadOutlined />} onClick={() => inputRef.current?.click()}>
            {t('data.chooseFile')}
          </Button>
          <Typography.Text type={file ? undefined : 'secondary'} ellipsis style={{ maxWidth: 240 }}>
            {file ? file.name : t('data.noFile')}
          </Typography.Text>
        </Flex>
        <Select
          aria-label={t('data.format')}
          allowClear
          placeholder={t('data.formatAuto')}
          value={format ?? undefined}
          onChange={(value?: string) => setFormat(value ?? null)}
          options={importFormats.map((value) => ({ value, label: value }))}
        />
        <Select
          aria-label={t('data.encoding')}
          data-testid="import-encoding"
          allowClear
          placeholder={t('data.encodingAuto')}
          value={encoding ?? undefined}
          onChange={(value?: string) => setEncoding(value ?? null)}
          options={importEncodings.map((value) => ({ value, label: value }))}
        />
        <Button
          type="primary"
          onClick={() => void start()}
          disabled={!file || uploading}
          loading={uploading}
          data-testid="import-start"
        >
          {t('data.startImport')}
        </Button>
        {uploaded !== null && jobId === null && (
          <Progress percent={Math.round(uploaded * 100)} size="small" aria-label={t('data.uploading')} />
        )}
        {error && <Alert type="error" showIcon title={error} role="alert" />}
        <JobProgress job={job} error={jobError} />
        {job?.status === 'succeeded' && <ImportOutcome result={job.result} />}
        <Typography.Text type="secondary">{t('data.importHint')}</Typography.Text>
      </Flex>
    </Card>
  );
}

/** How many records of the file were imported; a warning when some were skipped (see the samples). */
function ImportOutcome({ result }: { result: unknown }) {
  const { t } = useTranslation();
  const counts = importCounts(result);
  if (!counts) return null;
  const partial = counts.imported < counts.read;
  return (
    <Alert
      type={partial ? 'warning' : 'success'}
      showIcon
      data-testid="import-outcome"
      data-partial={partial}
      title={
        partial
          ? t('extra.importPartial', {
              imported: counts.imported,
              read: counts.read,
              skipped: counts.read - counts.imported,
            })
          : t('extra.importComplete', { imported: counts.imported })
      }
    />
  );
}

/** The import job's result: records the file had (`read`) and records imported, when it names both. */
function importCounts(result: unknown): { read: number; imported: number } | null {
  const counts = result as { read?: unknown; records?: unknown } | null;
  if (typeof counts?.read !== 'number' || typeof counts.records !== 'number') return null;
  return { read: counts.read, imported: counts.records };
}
