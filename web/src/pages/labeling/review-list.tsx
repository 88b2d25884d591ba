import { HistoryOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { listTasks, reviewTask, type LabelingProject, type TaskView } from '../../api/labeling-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { BulkReviewBar } from './bulk-review-bar.tsx';
import { LabelView } from './label-view.tsx';
import { SuggestionList } from './suggestion-view.tsx';
import { TaskFilterBar } from './task-filter-bar.tsx';
import { taskQuery, type TaskFilters } from './task-filters.ts';
import { TaskHistoryDrawer } from './task-history.tsx';
import { useMemberNames } from './use-member-names.ts';

const statusColors: Record<TaskView['status'], string> = {
  open: 'default',
  submitted: 'blue',
  accepted: 'green',
  rejected: 'red',
};

/**
 * The project's tasks for reviewers: filters (kept in the URL), bulk review, accept or reject one
 * task, every annotator's label and the model suggestions rendered as labels, and each task's history.
 */
export function ReviewList({
  project,
  filters,
  onFiltersChange,
  onReviewed,
}: {
  project: LabelingProject;
  filters: TaskFilters;
  onFiltersChange(filters: TaskFilters): void;
  onReviewed(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const nameOf = useMemberNames();
  const query = taskQuery(filters).toString();
  const tasks = useApiResource(
    (signal) => listTasks(project.id, new URLSearchParams(query), signal),
    [project.id, query],
  );
  const [selected, setSelected] = useState<string[]>([]);
  const [historyOf, setHistoryOf] = useState<TaskView | null>(null);
  useEffect(() => setSelected([]), [query]);
  const schema = project.labelSchema;

  const reload = () => {
    tasks.reload();
    setSelected([]);
    onReviewed();
  };
  const review = async (task: TaskView, action: 'accept' | 'reject') => {
    try {
      await reviewTask(
        project.id,
        task.id,
        action === 'accept' ? { action } : { action, comment: t('labeling.rejectComment') },
      );
      reload();
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };

  return (
    <Card size="small" title={t('labelingReview.title')}>
      <Flex vertical gap={12}>
        <TaskFilterBar filters={filters} onChange={onFiltersChange} />
        <BulkReviewBar projectId={project.id} selected={selected} onDone={reload} />
        {tasks.error !== null ? (
          <ErrorAlert error={tasks.error} onRetry={tasks.reload} />
        ) : (
          <Table<TaskView>
            size="small"
            rowKey={(task) => task.id}
            loading={tasks.loading}
            dataSource={tasks.data ?? []}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{
              emptyText: filters.status === 'submitted' ? t('labeling.nothingToReview') : t('labelingReview.noMatch'),
            }}
            scroll={{ x: true }}
            data-testid="review-table"
            rowSelection={{
              selectedRowKeys: selected,
              onChange: (keys) => setSelected(keys.map(String)),
              getCheckboxProps: (task) => ({
                disabled: task.status !== 'submitted',
                'aria-label': t('labelingReview.selectTask', { number: task.position + 1 }),
              }),
            }}
            columns={[
              { title: '#', dataIndex: 'position', width: 56, render: (position: number) => position + 1 },
              {
                title: t('data.content'),
                key: 'content',
                render: (_value, task) => (
                  <Typography.Paragraph
                    className="plain-text"
                    ellipsis={{ rows: 2, expandable: true }}
                    style={{ margin: 0, maxWidth: 360 }}
                  >
                    {task.content.text ?? (task.content.prompt ?? []).map((message) => message.content).join(' / ')}
                  </Typography.Paragraph>
                ),
              },
              {
                title: t('labelingReview.status'),
                dataIndex: 'status',
                render: (status: TaskView['status']) => (
                  <Tag color={statusColors[status]} data-testid="task-status">
                    {t(`labeling.statuses.${status}`)}
                  </Tag>
                ),
              },
              {
                title: t('labeling.labelsGiven'),
                key: 'labels',
                render: (_value, task) => (
                  <Flex vertical gap={4} data-testid="task-labels">
                    {task.status === 'accepted' && task.review?.finalLabel ? (
                      <Flex gap={4} align="center" wrap>
                        <Typography.Text type="success">{t('labelingReview.final')}</Typography.Text>
                        <LabelView value={task.review.finalLabel} schema={schema} text={task.content.text} compact />
                      </Flex>
                    ) : null}
                    {(task.assignments ?? [])
                      .filter((assignment) => assignment.label !== null && assignment.status === 'submitted')
                      .map((assignment) => (
                        <Flex key={assignment.id} gap={4} align="center" wrap>
                          <Typography.Text type="secondary">{nameOf(assignment.annotatorId)}</Typography.Text>
                          <LabelView value={assignment.label} schema={schema} text={task.content.text} compact />
                        </Flex>
                      ))}
                  </Flex>
                ),
              },
              {
                title: t('labelingReview.suggestion'),
                key: 'suggestions',
                render: (_value, task) => <SuggestionList task={task} schema={schema} compact />,
              },
              {
                title: t('apiKeys.actions'),
                key: 'actions',
                render: (_value, task) => (
                  <Space wrap>
                    {task.status === 'submitted' && (
                      <>
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
                      </>
                    )}
                    <Button
                      size="small"
                      icon={<HistoryOutlined />}
                      onClick={() => setHistoryOf(task)}
                      data-testid="task-history-open"
                    >
                      {t('labelingReview.history')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Flex>
      <TaskHistoryDrawer project={project} task={historyOf} nameOf={nameOf} onClose={() => setHistoryOf(null)} />
    </Card>
  );
}
