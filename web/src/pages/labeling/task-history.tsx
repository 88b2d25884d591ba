import { Drawer, Empty, Flex, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { taskHistory, type LabelEventView, type LabelingProject, type TaskView } from '../../api/labeling-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LabelDiffView } from './label-diff-view.tsx';

const actionColors: Record<LabelEventView['action'], string> = {
  draft: 'gray',
  submit: 'blue',
  skip: 'gray',
  accept: 'green',
  reject: 'red',
  edit: 'orange',
};

/** A task's label history as a timeline: who did what and when, each change shown as a readable diff. */
export function TaskHistoryDrawer({
  project,
  task,
  nameOf,
  onClose,
}: {
  project: LabelingProject;
  task: TaskView | null;
  nameOf(id: string): string;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  const events = useApiResource(
    (signal) => (task ? taskHistory(project.id, task.id, signal) : Promise.resolve([])),
    [project.id, task?.id],
  );
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <Drawer
      open={task !== null}
      onClose={onClose}
      size={560}
      title={task ? t('labelingReview.historyTitle', { number: task.position + 1 }) : ''}
      data-testid="task-history"
    >
      {task?.content.text !== undefined && (
        <Typography.Paragraph className="plain-text" type="secondary" ellipsis={{ rows: 3, expandable: true }}>
          {task.content.text}
        </Typography.Paragraph>
      )}
      {events.error !== null ? (
        <ErrorAlert error={events.error} onRetry={events.reload} />
      ) : events.loading && !events.data ? (
        <Skeleton active />
      ) : (events.data ?? []).length === 0 ? (
        <Empty description={t('labelingReview.noHistory')} />
      ) : (
        <Timeline
          data-testid="history-events"
          items={(events.data ?? []).map((event) => ({
            color: actionColors[event.action],
            content: (
              <Flex vertical gap={4} data-testid="history-event" data-action={event.action}>
                <Flex gap={6} wrap align="center">
                  <Tag color={actionColors[event.action]}>{t(`labelingReview.actions.${event.action}`)}</Tag>
                  <Typography.Text strong data-testid="history-actor">
                    {nameOf(event.actorId)}
                  </Typography.Text>
                  <Typography.Text type="secondary">{time.format(event.createdAt)}</Typography.Text>
                </Flex>
                {event.action !== 'skip' && (
                  <LabelDiffView
                    before={event.previousLabel}
                    after={event.label}
                    schema={project.labelSchema}
                    text={task?.content.text}
                  />
                )}
                {event.comment && (
                  <Typography.Text type="secondary" className="plain-text">
                    {t('labelingReview.comment', { comment: event.comment })}
                  </Typography.Text>
                )}
              </Flex>
            ),
          }))}
        />
      )}
    </Drawer>
  );
}
