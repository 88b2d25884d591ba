import { Alert, Button, Flex, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { cancelJob, isFinished, type Job } from '../api/jobs-api.ts';

/** A background job's live progress bar: stage, items, speed and ETA; cancel while it runs. */
export function JobProgress({
  job,
  error,
  onCancel,
}: {
  job: Job | null;
  error: string | null;
  onCancel?: (job: Job) => void;
}) {
  const { t, i18n } = useTranslation();
  if (error) return <Alert type="error" showIcon title={error} role="alert" />;
  if (!job) return null;
  const number = new Intl.NumberFormat(i18n.language);
  const progress = job.progress;
  const status =
    job.status === 'failed'
      ? 'exception'
      : job.status === 'succeeded'
        ? 'success'
        : job.status === 'cancelled'
          ? 'normal'
          : 'active';
  const percent = job.status === 'succeeded' ? 100 : Math.round(progress?.percent ?? 0);
  return (
    <Flex vertical gap={4} data-testid="job-progress" data-status={job.status}>
      <Progress percent={percent} status={status} aria-label={t('data.progress')} />
      <Flex justify="space-between" wrap gap={8}>
        <Typography.Text type="secondary">
          {t(`data.jobStatus.${job.status}`)}
          {progress?.stage ? ` · ${progress.stage}` : ''}
          {progress
            ? ` · ${number.format(progress.itemsDone)}${progress.itemsTotal ? ` / ${number.format(progress.itemsTotal)}` : ''}`
            : ''}
          {progress?.itemsPerSecond ? ` · ${number.format(Math.round(progress.itemsPerSecond))}/s` : ''}
          {progress?.etaMs ? ` · ${t('data.eta', { seconds: Math.ceil(progress.etaMs / 1000) })}` : ''}
        </Typography.Text>
        {!isFinished(job) && (
          <Button size="small" onClick={() => (onCancel ? onCancel(job) : void cancelJob(job.id))}>
            {t('common.cancel')}
          </Button>
        )}
      </Flex>
      {job.error && <Alert type="error" showIcon title={job.error} role="alert" />}
    </Flex>
  );
}
