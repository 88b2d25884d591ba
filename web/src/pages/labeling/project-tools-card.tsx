import { DownloadOutlined, ExportOutlined, RobotOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { isFinished, useJob } from '../../api/jobs-api.ts';
import {
  cancelLabelingJob,
  exportLabels,
  getLabelingJob,
  labelingExportFileUrl,
  labelingExportFormats,
  startPrelabel,
  type LabelingExportResult,
  type LabelingExportFormat,
  type LabelingProject,
} from '../../api/labeling-api.ts';
import { isChatModel } from '../../api/models-api.ts';
import { JobProgress } from '../../components/job-progress.tsx';
import { useModels } from '../models/use-models.ts';

const ignoreFinished = () => undefined;

/** Model pre-labeling (suggestions only, never accepted without a person) and export of accepted labels. */
export function ProjectToolsCard({ project, onPrelabeled }: { project: LabelingProject; onPrelabeled(): void }) {
  const { t } = useTranslation();
  const { models } = useModels();
  const chatModels = useMemo(() => models.filter(isChatModel), [models]);
  const [model, setModel] = useState<string | undefined>(undefined);
  const [jobId, setJobId] = useState<string | null>(null);
  const [format, setFormat] = useState<LabelingExportFormat>(
    project.labelSchema.kind === 'spans'
      ? 'ner-jsonl'
      : project.labelSchema.kind === 'classification'
        ? 'classification'
        : 'openai',
  );
  const [exportJobId, setExportJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { job, error: jobError } = useJob(jobId, onPrelabeled, getLabelingJob);
  const { job: exportJob, error: exportJobError } = useJob(exportJobId, ignoreFinished, getLabelingJob);
  const exported = exportJob?.status === 'succeeded' ? (exportJob.result as LabelingExportResult) : null;

  const prelabel = async () => {
    const chosen = model ?? chatModels[0]?.id;
    if (!chosen) return;
    setError(null);
    try {
      setJobId((await startPrelabel(project.id, chosen)).id);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const runExport = async () => {
    setBusy(true);
    setError(null);
    setExportJobId(null);
    try {
      setExportJobId((await exportLabels(project.id, format)).id);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('labeling.tools')}>
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          <Select
            aria-label={t('playground.model')}
            placeholder={chatModels[0]?.id ?? t('playground.selectModel')}
            value={model}
            onChange={setModel}
            options={chatModels.map((candidate) => ({ value: candidate.id, label: candidate.id }))}
            style={{ minWidth: 200 }}
          />
          <Button icon={<RobotOutlined />} onClick={() => void prelabel()} disabled={chatModels.length === 0}>
            {t('labeling.prelabel')}
          </Button>
        </Flex>
        <JobProgress job={job} error={jobError} onCancel={(running) => void cancelLabelingJob(running.id)} />
        <Typography.Text type="secondary">{t('labeling.prelabelHint')}</Typography.Text>
        <Flex gap={8} wrap>
          <Select<LabelingExportFormat>
            aria-label={t('data.format')}
            value={format}
            onChange={setFormat}
            options={labelingExportFormats.map((value) => ({ value, label: value }))}
            style={{ minWidth: 160 }}
          />
          <Button
            icon={<ExportOutlined />}
            onClick={() => void runExport()}
            loading={busy || (exportJob !== null && !isFinished(exportJob))}
          >
            {t('labeling.exportAccepted')}
          </Button>
        </Flex>
        {error && <Alert type="error" showIcon title={error} role="alert" />}
        <JobProgress
          job={exportJob}
          error={exportJobError}
          onCancel={(running) => void cancelLabelingJob(running.id)}
        />
        {exportJob && exported && (
          <Flex vertical gap={6}>
            <Typography.Text>
              {t('data.exportSummary', {
                train: exported.train,
                validation: exported.validation,
                rejected: exported.rejected,
              })}
            </Typography.Text>
            <Flex gap={8} wrap>
              {exported.files.map((file) => (
                <Button
                  key={file}
                  size="small"
                  icon={<DownloadOutlined />}
                  href={labelingExportFileUrl(project.id, exportJob.id, file)}
                  download
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
