import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listProjects, type LabelingProject } from '../../api/labeling-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { CreateProjectModal } from './create-project-modal.tsx';

export function ProjectList({ onOpen }: { onOpen(projectId: string): void }) {
  const { t, i18n } = useTranslation();
  const userId = useAuth().state?.user?.id ?? '';
  const projects = useApiResource((signal) => listProjects(signal), []);
  const [creating, setCreating] = useState(false);

  if (projects.error !== null) return <ErrorAlert error={projects.error} onRetry={projects.reload} />;
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-project">
          {t('labeling.createProject')}
        </Button>
      </Flex>
      <Table<LabelingProject>
        rowKey="id"
        loading={projects.loading}
        dataSource={projects.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('labeling.noProjects') }}
        scroll={{ x: true }}
        columns={[
          {
            title: t('apiKeys.name'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(row.id)}>
                {name}
              </Button>
            ),
          },
          {
            title: t('labeling.kind'),
            key: 'kind',
            render: (_value, row) => <Tag>{t(`labeling.kinds.${row.labelSchema.kind}`)}</Tag>,
          },
          { title: t('labeling.tasks'), dataIndex: 'taskCount', align: 'right' },
          { title: t('labeling.overlap'), dataIndex: 'overlap', align: 'right' },
          {
            title: t('apiKeys.created'),
            dataIndex: 'createdAt',
            render: (time: number) => new Date(time).toLocaleString(i18n.language),
          },
        ]}
      />
      <CreateProjectModal
        open={creating}
        userId={userId}
        onClose={() => setCreating(false)}
        onCreated={(project) => {
          setCreating(false);
          onOpen(project.id);
        }}
      />
    </>
  );
}
