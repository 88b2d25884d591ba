import { App, Button, Card, Flex, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { listTasks, reviewTask, type LabelValue, type TaskView } from '../../api/labeling-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

/** A short, text-only rendering of a label value. */
export function describeLabel(value: LabelValue | null | undefined): string {
  if (!value) return '—';
  if ('choice' in value) return value.choice;
  if ('choices' in value) return value.choices.join(', ');
  if ('rating' in value) return String(value.rating);
  if ('preferred' in value) return value.preferred.toUpperCase();
  if ('answer' in value) return value.answer.length > 80 ? `${value.answer.slice(0, 80)}…` : value.answer;
  if ('spans' in value)
    return value.spans.map((span) => `${span.label}: ${span.text ?? `${span.start}-${span.end}`}`).join('; ');
  return JSON.stringify(value);
}

/** Submitted tasks with every annotator's label: accept or reject (reviewers). */
export function ReviewList({ projectId, onReviewed }: { projectId: string; onReviewed(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tasks = useApiResource((signal) => listTasks(projectId, 'submitted', signal), [projectId]);

  const review = async (task: TaskView, action: 'accept' | 'reject') => {
    try {
      await reviewTask(
        projectId,
        task.id,
        action === 'accept' ? { action } : { action, comment: t('labeling.rejectComment') },
      );
      tasks.reload();
      onReviewed();
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };

  return (
    <Card size="small" title={t('labeling.review')}>
      {tasks.error !== null ? (
        <ErrorAlert error={tasks.error} onRetry={tasks.reload} />
      ) : (
        <Table<TaskView>
          size="small"
          rowKey={(task) => task.id}
          loading={tasks.loading}
          dataSource={tasks.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('labeling.nothingToReview') }}
          scroll={{ x: true }}
          data-testid="review-table"
          columns={[
            { title: '#', dataIndex: 'position', width: 56, render: (position: number) => position + 1 },
            {
              title: t('data.content'),
              key: 'content',
              render: (_value, task) => (
                <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0, maxWidth: 420 }}>
                  {task.content.text ?? (task.content.prompt ?? []).map((message) => message.content).join(' / ')}
                </Typography.Paragraph>
              ),
            },
            {
              title: t('labeling.labelsGiven'),
              key: 'labels',
              render: (_value, task) => (
                <Flex vertical gap={2}>
                  {(task.assignments ?? [])
                    .filter((assignment) => assignment.status === 'submitted')
                    .map((assignment) => (
                      <Tag key={assignment.id}>{describeLabel(assignment.label)}</Tag>
                    ))}
                </Flex>
              ),
            },
            {
              title: t('apiKeys.actions'),
              key: 'actions',
              render: (_value, task) => (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => void review(task, 'accept')}
                    data-testid="review-accept"
                  >
                    {t('labeling.accept')}
                  </Button>
                  <Button size="small" danger onClick={() => void review(task, 'reject')}>
                    {t('labeling.reject')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
