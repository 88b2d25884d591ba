import { CloudUploadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, Input, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { importPredictions, type LabelingProject } from '../../api/labeling-api.ts';
import { chunk, parsePredictionFile, predictionsPerRequest, type ParsedPredictions } from './prediction-file.ts';

/** A prediction that was not imported: where it is in the file and why. */
interface SkippedPrediction {
  line: number;
  code: string;
  message: string;
}

export interface PredictionImportSummary {
  model: string;
  imported: number;
  skipped: SkippedPrediction[];
}

/** Sends the file's predictions in requests of at most 10,000 and maps the server's refusals back to lines. */
async function sendPredictions(
  projectId: string,
  parsed: ParsedPredictions,
  model: string,
  overwrite: boolean,
  describe: (code: string, detail?: string) => string,
): Promise<PredictionImportSummary> {
  const summary: PredictionImportSummary = {
    model,
    imported: 0,
    skipped: parsed.problems.map((problem) => ({
      line: problem.line,
      code: problem.code,
      message: describe(problem.code, problem.detail),
    })),
  };
  const parts = chunk(parsed.predictions.map((prediction, index) => ({ prediction, line: parsed.lines[index]! })));
  for (const part of parts) {
    const result = await importPredictions(projectId, {
      model,
      overwrite,
      predictions: part.map((entry) => entry.prediction),
    });
    summary.imported += result.imported;
    for (const rejected of result.rejected)
      summary.skipped.push({
        line: part[rejected.index]?.line ?? rejected.index + 1,
        code: rejected.code,
        message: describe(rejected.code, rejected.message),
      });
  }
  summary.skipped.sort((left, right) => left.line - right.line);
  return summary;
}

/**
 * Import of an external model's predictions (owners and admins): a JSONL or JSON file of
 * `{taskId | recordId, label, score}`; they become suggestions with their confidence. The summary
 * accounts for every line: imported, or skipped with its line number and the reason.
 */
export function PredictionsCard({ project, onImported }: { project: LabelingProject; onImported(): void }) {
  const { t, i18n } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [model, setModel] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [summary, setSummary] = useState<PredictionImportSummary | null>(null);
  const number = new Intl.NumberFormat(i18n.language);
  const multiple = project.labelSchema.kind === 'classification' && project.labelSchema.multiple;

  const describe = (code: string, detail?: string) =>
    t(`labelingReview.predictions.problems.${code}`, { defaultValue: detail ?? code, detail: detail ?? '' });

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setSummary(null);
    setError(null);
    if (chosen && !model.trim()) setModel(chosen.name.replace(/\.(jsonl|ndjson|json)$/i, ''));
  };

  const start = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setSummary(null);
    try {
      const parsed = parsePredictionFile(await file.text(), project.labelSchema.kind, multiple);
      const name = model.trim() || parsed.model || file.name;
      if (parsed.predictions.length === 0 && parsed.problems.length === 0) {
        setError(t('labelingReview.predictions.empty'));
        return;
      }
      const result = await sendPredictions(project.id, parsed, name, overwrite, describe);
      setSummary(result);
      if (result.imported > 0) onImported();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  const outcome = summary
    ? summary.imported === 0
      ? 'error'
      : summary.skipped.length > 0
        ? 'warning'
        : 'success'
    : null;

  return (
    <Card size="small" title={t('labelingReview.predictions.title')} data-testid="predictions-card">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">
          {t('labelingReview.predictions.hint', { max: number.format(predictionsPerRequest) })}
        </Typography.Text>
        <Flex gap={8} wrap align="center">
          <input
            ref={inputRef}
            type="file"
            accept=".jsonl,.ndjson,.json,application/json"
            data-testid="predictions-file"
            style={{ display: 'none' }}
            onChange={(event) => choose(event.target.files?.[0] ?? null)}
          />
          <Button icon={<UploadOutlined />} onClick={() => inputRef.current?.click()}>
            {t('data.chooseFile')}
          </Button>
          <Typography.Text type={file ? undefined : 'secondary'} ellipsis style={{ maxWidth: 260 }}>
            {file ? file.name : t('data.noFile')}
          </Typography.Text>
        </Flex>
        <Flex gap={8} wrap align="center">
          <Input
            aria-label={t('labelingReview.predictions.model')}
            placeholder={t('labelingReview.predictions.model')}
            value={model}
            onChange={(event) => setModel(event.target.value)}
            maxLength={200}
            style={{ maxWidth: 280 }}
            data-testid="predictions-model"
          />
          <Checkbox checked={overwrite} onChange={(event) => setOverwrite(event.target.checked)}>
            {t('labelingReview.predictions.overwrite')}
          </Checkbox>
          <Button
            type="primary"
            icon={<CloudUploadOutlined />}
            disabled={!file}
            loading={busy}
            onClick={() => void start()}
            data-testid="predictions-import"
          >
            {t('labelingReview.predictions.import')}
          </Button>
        </Flex>
        {error && <Alert type="error" showIcon title={error} role="alert" />}
        {summary && outcome && (
          <Flex vertical gap={8} data-testid="predictions-summary">
            <Alert
              type={outcome}
              showIcon
              data-testid="predictions-outcome"
              data-imported={summary.imported}
              data-skipped={summary.skipped.length}
              title={t('labelingReview.predictions.summary', {
                imported: number.format(summary.imported),
                skipped: number.format(summary.skipped.length),
                model: summary.model,
              })}
            />
            {summary.skipped.length > 0 && (
              <Table<SkippedPrediction>
                size="small"
                rowKey={(row) => `${row.line}:${row.code}`}
                dataSource={summary.skipped}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                data-testid="predictions-skipped"
                columns={[
                  { title: t('labelingReview.predictions.line'), dataIndex: 'line', width: 80 },
                  {
                    title: t('labelingReview.predictions.reason'),
                    dataIndex: 'message',
                    render: (message: string, row) => (
                      <span className="plain-text">
                        <Typography.Text code>{row.code}</Typography.Text> {message}
                      </span>
                    ),
                  },
                ]}
              />
            )}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
