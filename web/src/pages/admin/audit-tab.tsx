import { Button, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { auditExportUrl, listAudit, type AuditEntry } from '../../api/admin-channels-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

/** The append-only trail of operator changes: who, when, what, before and after (keys masked). */
export function AuditTab() {
  const { t, i18n } = useTranslation();
  const entries = useApiResource((signal) => listAudit(signal), []);
  if (entries.error !== null) return <ErrorAlert error={entries.error} onRetry={entries.reload} />;
  return (
    <>
      <Flex justify="end" style={{ marginBottom: 12 }}>
        <Button href={auditExportUrl} download="kaiyuan-audit.jsonl">
          {t('audit.export')}
        </Button>
      </Flex>
      <Table<AuditEntry>
        size="small"
        rowKey="id"
        loading={entries.loading && !entries.data}
        dataSource={entries.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="audit-table"
        expandable={{
          expandedRowRender: (row) => (
            <Typography.Paragraph>
              <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {JSON.stringify({ before: row.before, after: row.after }, null, 2)}
              </pre>
            </Typography.Paragraph>
          ),
        }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: (at: number) => new Date(at).toLocaleString(i18n.language) },
          { title: t('audit.actor'), dataIndex: 'actor' },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            render: (action: string) => <Typography.Text code>{action}</Typography.Text>,
          },
          { title: t('audit.target'), key: 'target', render: (_value, row) => `${row.target_type}: ${row.target_id}` },
        ]}
      />
    </>
  );
}
