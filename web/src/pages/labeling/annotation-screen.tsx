import { ArrowLeftOutlined, CheckOutlined, ForwardOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import {
  nextTask,
  skipTask,
  submitLabel,
  type LabelingProject,
  type LabelValue,
  type TaskView,
} from '../../api/labeling-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { ClassificationEditor } from './classification-editor.tsx';
import { PreferenceEditor } from './preference-editor.tsx';
import { RatingEditor } from './rating-editor.tsx';
import { ResponseEditor } from './response-editor.tsx';
import { SpanEditor } from './span-editor.tsx';
import { SuggestionList } from './suggestion-view.tsx';
import { useShortcuts } from './use-shortcuts.ts';

/** The annotator's queue: one task at a time; Enter (or Ctrl+Enter in a text box) submits, S skips. */
export function AnnotationScreen({ project, onBack }: { project: LabelingProject; onBack(): void }) {
  const { t } = useTranslation();
  const [generation, setGeneration] = useState(0);
  const task = useApiResource((signal) => nextTask(project.id, signal), [project.id, generation]);
  const [value, setValue] = useState<LabelValue | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = task.data;
  /** The task to label; null while loading and when the queue is empty. */
  const current = next && next.id !== null ? next : null;
  const taskId = current?.id ?? null;

  useEffect(() => {
    const answer = current?.content.answer;
    setValue(project.labelSchema.kind === 'response' && answer ? { answer } : null);
    setError(null);
  }, [taskId, current?.content.answer, project.labelSchema.kind]);

  const act = async (action: 'submit' | 'skip') => {
    if (!taskId || busy || (action === 'submit' && !value)) return;
    setBusy(true);
    setError(null);
    try {
      if (action === 'submit') await submitLabel(project.id, taskId, value!);
      else await skipTask(project.id, taskId);
      setGeneration((count) => count + 1);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  useShortcuts(
    { Enter: () => void act('submit'), 'Mod+Enter': () => void act('submit'), s: () => void act('skip') },
    Boolean(taskId),
  );

  const header = (
    <Flex align="center" gap={8} style={{ marginBottom: 12 }}>
      <Button icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('labeling.backToProject')} />
      <Typography.Title level={4} style={{ margin: 0 }}>
        {project.name}
      </Typography.Title>
      <Typography.Text type="secondary">{t('labeling.shortcutsHint')}</Typography.Text>
    </Flex>
  );
  if (task.error !== null)
    return (
      <>
        {header}
        <ErrorAlert error={task.error} onRetry={task.reload} />
      </>
    );
  if (!next)
    return (
      <>
        {header}
        <Skeleton active />
      </>
    );
  if (!current) {
    return (
      <>
        {header}
        <Result
          status="success"
          title={t('labeling.queueDone')}
          extra={<Button onClick={onBack}>{t('labeling.backToProject')}</Button>}
          data-testid="queue-done"
        />
      </>
    );
  }
  return (
    <>
      {header}
      {project.instructions && (
        <Alert
          type="info"
          showIcon
          title={<span className="plain-text">{project.instructions}</span>}
          style={{ marginBottom: 12 }}
        />
      )}
      <Card size="small" title={`${t('labeling.task')} #${current.position + 1}`} data-testid="annotation-task">
        <Flex vertical gap={16}>
          <TaskContent task={current} kind={project.labelSchema.kind} />
          <SuggestionList task={current} schema={project.labelSchema} />
          <Editor project={project} task={current} value={value} onChange={setValue} />
          {error && <Alert type="error" showIcon title={error} role="alert" />}
          <Space>
            <Button
              type="primary"
              icon={<CheckOutlined />}
              onClick={() => void act('submit')}
              disabled={!value}
              loading={busy}
              data-testid="label-submit"
            >
              {t('labeling.submit')} (Enter)
            </Button>
            <Button icon={<ForwardOutlined />} onClick={() => void act('skip')} disabled={busy}>
              {t('labeling.skip')} (S)
            </Button>
          </Space>
        </Flex>
      </Card>
    </>
  );
}

/** The record to label: text, or the conversation (preference and response tasks). Always as text. */
function TaskContent({ task, kind }: { task: TaskView; kind: string }) {
  if (kind === 'spans') return null; // the span editor shows the text itself
  return (
    <Flex vertical gap={8} data-testid="task-content">
      {task.content.text !== undefined && <p className="plain-text">{task.content.text}</p>}
      {(task.content.prompt ?? []).map((message, index) => (
        <p key={index} className="plain-text">
          <Tag>{message.role}</Tag>
          {message.content}
        </p>
      ))}
    </Flex>
  );
}

function Editor({
  project,
  task,
  value,
  onChange,
}: {
  project: LabelingProject;
  task: TaskView;
  value: LabelValue | null;
  onChange(value: LabelValue | null): void;
}) {
  const { t } = useTranslation();
  const schema = project.labelSchema;
  switch (schema.kind) {
    case 'classification':
      return (
        <ClassificationEditor labels={schema.labels} multiple={schema.multiple} value={value} onChange={onChange} />
      );
    case 'spans':
      return <SpanEditor text={task.content.text ?? ''} labels={schema.labels} value={value} onChange={onChange} />;
    case 'rating':
      return <RatingEditor min={schema.min} max={schema.max} value={value} onChange={onChange} />;
    case 'preference':
      return (
        <PreferenceEditor
          responses={task.content.responses ?? null}
          allowTie={schema.allowTie}
          value={value}
          onChange={onChange}
        />
      );
    case 'response':
      return <ResponseEditor value={value} onChange={onChange} />;
    default:
      return <Alert type="info" showIcon title={t('labeling.unsupportedKind', { kind: schema.kind })} />;
  }
}
