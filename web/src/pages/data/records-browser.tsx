import { Card, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browseRecords, type DataRecord } from '../../api/datasets-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

const pageSize = 10;

/** Pages through a version's records. Content is untrusted: shown as text, never as HTML. */
export function RecordsBrowser({ datasetId, version }: { datasetId: string; version: number }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const records = useApiResource(
    (signal) => browseRecords(datasetId, version, (page - 1) * pageSize, pageSize, signal),
    [datasetId, version, page],
  );

  return (
    <Card size="small" title={t('data.records')}>
      {records.error !== null ? (
        <ErrorAlert error={records.error} onRetry={records.reload} />
      ) : (
        <Table<DataRecord>
          size="small"
          rowKey="id"
          loading={records.loading}
          dataSource={records.data?.data ?? []}
          pagination={{
            current: page,
            pageSize,
            total: records.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
          scroll={{ x: true }}
          data-testid="records-table"
          columns={[
            {
              title: 'ID',
              dataIndex: 'id',
              width: 160,
              render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
            },
            { title: t('data.content'), key: 'content', render: (_value, record) => <RecordContent record={record} /> },
          ]}
        />
      )}
    </Card>
  );
}

function RecordContent({ record }: { record: DataRecord }) {
  return (
    <div data-testid="record-content">
      {record.text !== undefined && (
        <p className="plain-text" style={{ maxHeight: 160, overflow: 'auto' }}>
          {record.text}
        </p>
      )}
      {(record.messages ?? []).map((message, index) => (
        <p key={index} className="plain-text" style={{ maxHeight: 120, overflow: 'auto' }}>
          <Tag>{message.role}</Tag>
          {message.content}
        </p>
      ))}
      {record.chosen !== undefined && (
        <p className="plain-text">
          <Tag color="green">chosen</Tag>
          {record.chosen}
        </p>
      )}
      {record.rejected !== undefined && (
        <p className="plain-text">
          <Tag color="red">rejected</Tag>
          {record.rejected}
        </p>
      )}
    </div>
  );
}
