import { PlayCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { runRecipe } from '../../api/datasets-api.ts';
import { useJob, type Job } from '../../api/jobs-api.ts';
import { JobProgress } from '../../components/job-progress.tsx';

const defaultRecipe = `name: clean
operators:
  - normalize
  - exact_dedup
  - near_dedup: { threshold: 0.8 }
  - pii_redact: { mode: mask }
  - length_filter: { minCharacters: 10 }
`;

/**
 * Runs a cleaning recipe (YAML) on the selected version (the page's one selection: the checked
 * row), with a live progress bar; the result is a new version. onFinished names the version it ran on.
 */
export function RecipeCard({
  datasetId,
  version,
  onFinished,
}: {
  datasetId: string;
  version: number | null;
  onFinished(job: Job, ranOn: number | null): void;
}) {
  const { t } = useTranslation();
  const [recipe, setRecipe] = useState(defaultRecipe);
  const [ranOn, setRanOn] = useState<number | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const { job, error: jobError } = useJob(jobId, (finished) => onFinished(finished, ranOn));
  const running = job !== null && (job.status === 'queued' || job.status === 'running');

  const start = async () => {
    if (version === null) return;
    setStarting(true);
    setError(null);
    setJobId(null);
    try {
      const started = await runRecipe(datasetId, recipe, version);
      setRanOn(version);
      setJobId(started.id);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setStarting(false);
    }
  };

  return (
    <Card size="small" title={t('data.runRecipe')} style={{ height: '100%' }}>
      <Flex vertical gap={12}>
        <Typography.Text data-testid="recipe-source">
          {version === null ? t('data.noVersions') : t('dataPage.recipeRunsOn', { version })}
        </Typography.Text>
        <Input.TextArea
          aria-label={t('data.recipe')}
          value={recipe}
          onChange={(event) => setRecipe(event.target.value)}
          autoSize={{ minRows: 6, maxRows: 16 }}
          spellCheck={false}
          style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}
          data-testid="recipe-input"
        />
        <Button
          type="primary"
          icon={<PlayCircleOutlined />}
          onClick={() => void start()}
          loading={starting || running}
          disabled={version === null}
          data-testid="recipe-run"
        >
          {t('data.run')}
        </Button>
        {error && <Alert type="error" showIcon title={error} role="alert" />}
        <JobProgress job={job} error={jobError} />
      </Flex>
    </Card>
  );
}
