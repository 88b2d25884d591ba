import { PlayCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { runRecipe, type DatasetVersion } from '../../api/datasets-api.ts';
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

/** Runs a cleaning recipe (YAML) on a version, with a live progress bar; the result is a new version. */
export function RecipeCard({
  datasetId,
  versions,
  onFinished,
}: {
  datasetId: string;
  versions: DatasetVersion[];
  onFinished(job: Job): void;
}) {
  const { t } = useTranslation();
  const [recipe, setRecipe] = useState(defaultRecipe);
  const [fromVersion, setFromVersion] = useState<number | undefined>(undefined);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const { job, error: jobError } = useJob(jobId, onFinished);
  const running = job !== null && (job.status === 'queued' || job.status === 'running');

  const start = async () => {
    setStarting(true);
    setError(null);
    setJobId(null);
    try {
      setJobId((await runRecipe(datasetId, recipe, fromVersion)).id);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setStarting(false);
    }
  };

  return (
    <Card size="small" title={t('data.runRecipe')} style={{ height: '100%' }}>
      <Flex vertical gap={12}>
        <Select
          aria-label={t('data.fromVersion')}
          placeholder={t('data.latest')}
          allowClear
          value={fromVersion}
          onChange={(value?: number) => setFromVersion(value)}
          options={versions.map((version) => ({
            value: version.version,
            label: `v${version.version} (${version.kind})`,
          }))}
        />
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
          disabled={versions.length === 0}
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
