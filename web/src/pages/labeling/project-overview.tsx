import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Flex, Progress, Row, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getAgreement, getProgress, type LabelingProject } from '../../api/labeling-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PredictionsCard } from './predictions-card.tsx';
import { ProjectToolsCard } from './project-tools-card.tsx';
import { ReviewList } from './review-list.tsx';
import type { TaskFilters } from './task-filters.ts';

function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(3);
}

/** The accepted share: green as it grows, with the done tick only when every task is accepted. */
function AcceptedProgress({ percent }: { percent: number }) {
  const rounded = Math.floor(percent);
  return (
    <Progress
      percent={rounded}
      strokeColor="#52c41a"
      status={rounded >= 100 ? 'success' : 'normal'}
      data-testid="accepted-progress"
      data-percent={rounded}
    />
  );
}

/** A project: progress, agreement statistics, the way into the annotation queue, and review. */
export function ProjectOverview({
  project,
  filters,
  onFiltersChange,
  onBack,
  onAnnotate,
}: {
  project: LabelingProject;
  filters: TaskFilters;
  onFiltersChange(filters: TaskFilters): void;
  onBack(): void;
  onAnnotate(): void;
}) {
  const { t } = useTranslation();
  const progress = useApiResource((signal) => getProgress(project.id, signal), [project.id]);
  const agreement = useApiResource((signal) => getAgreement(project.id, signal), [project.id]);
  const [tasksGeneration, setTasksGeneration] = useState(0);
  const refresh = () => {
    progress.reload();
    agreement.reload();
  };
  /** New suggestions (pre-labels, imported predictions) change the task list as well. */
  const refreshWithTasks = () => {
    refresh();
    setTasksGeneration((value) => value + 1);
  };
  const tasks = progress.data?.tasks;
  const overall = agreement.data?.overall;

  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={8} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('labeling.backToList')} />
        <Typography.Title level={4} style={{ margin: 0 }}>
          {project.name}
        </Typography.Title>
        <Tag>{t(`labeling.kinds.${project.labelSchema.kind}`)}</Tag>
        <Button type="primary" icon={<EditOutlined />} onClick={onAnnotate} data-testid="start-labeling" autoFocus>
          {t('labeling.start')}
        </Button>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('labeling.progress')} style={{ height: '100%' }}>
            {progress.error !== null ? (
              <ErrorAlert error={progress.error} onRetry={progress.reload} />
            ) : (
              <Flex vertical gap={8} data-testid="labeling-progress">
                <Typography.Text>{t('labeling.percentLabeled')}</Typography.Text>
                <Progress percent={Math.round(progress.data?.percentLabeled ?? 0)} />
                <Typography.Text>{t('labeling.percentAccepted')}</Typography.Text>
                <AcceptedProgress percent={progress.data?.percentAccepted ?? 0} />
                <Descriptions size="small" column={{ xs: 2, sm: 3 }} data-testid="labeling-counts">
                  {(['open', 'submitted', 'accepted', 'rejected'] as const).map((status) => (
                    <Descriptions.Item key={status} label={t(`labeling.statuses.${status}`)}>
                      {tasks?.[status] ?? '—'}
                    </Descriptions.Item>
                  ))}
                  <Descriptions.Item label={t('extra.skippedTasks')}>
                    {progress.data?.assignments.skipped ?? '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('extra.totalTasks')}>{tasks?.total ?? '—'}</Descriptions.Item>
                </Descriptions>
              </Flex>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('labeling.agreement')} style={{ height: '100%' }}>
            {agreement.error !== null ? (
              <ErrorAlert error={agreement.error} onRetry={agreement.reload} />
            ) : (
              <Row gutter={[12, 12]}>
                <Col span={8}>
                  <Statistic title={t('labeling.items')} value={agreement.data?.items ?? 0} />
                </Col>
                <Col span={8}>
                  <Statistic title="Krippendorff α" value={formatScore(overall?.krippendorffAlpha)} />
                </Col>
                <Col span={8}>
                  <Statistic
                    title={project.labelSchema.kind === 'spans' ? 'Span F1' : "Cohen's κ"}
                    value={formatScore(project.labelSchema.kind === 'spans' ? overall?.spanF1 : overall?.cohensKappa)}
                  />
                </Col>
                {overall?.undefinedReason && (
                  <Col span={24}>
                    <Alert
                      type="info"
                      showIcon
                      data-testid="agreement-undefined"
                      title={t('labeling.agreementUndefined')}
                      description={overall.undefinedReason}
                    />
                  </Col>
                )}
                <Col span={24}>
                  <Typography.Text type="secondary">{t('labeling.agreementHint')}</Typography.Text>
                </Col>
              </Row>
            )}
          </Card>
        </Col>
      </Row>
      <ProjectToolsCard project={project} onPrelabeled={refreshWithTasks} />
      <PredictionsCard project={project} onImported={refreshWithTasks} />
      <ReviewList
        key={tasksGeneration}
        project={project}
        filters={filters}
        onFiltersChange={onFiltersChange}
        onReviewed={refresh}
      />
    </Flex>
  );
}
