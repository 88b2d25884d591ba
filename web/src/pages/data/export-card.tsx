import { DownloadOutlined, ExportOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, InputNumber, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { exportFileUrl, exportFormats, exportVersion, type ExportFormat, type ExportSummary } from '../../api/datasets-api.ts';

/** Exports a version as a fine-tuning set (OpenAI, Alpaca, ShareGPT, DPO) with an optional validation split. */
export function ExportCard({ datasetId, version }: { datasetId: string; version: number }) {
  const { t } = useTranslation();
  const [format, setFormat] = useState<ExportFormat>('openai');
  const [ratio, setRatio] = useState(0.1);
  const [summary, setSummary] = useState<ExportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const start = async () => {
    setExporting(true);
    setError(null);
    setSummary(null);
    try {
      setSummary(await exportVersion(datasetId, version, format, ratio));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card size="small" title={t('data.export')} style={{ height: '100%' }}>
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          <Select<ExportFormat> aria-label={t('data.format')} value={format} onChange={setFormat} options={exportFormats.map((value) => ({ value, label: value }))} style={{ width: 140 }} />
          <InputNumber aria-label={t('data.validationRatio')} min={0} max={0.5} step={0.05} value={ratio} onChange={(value) => setRatio(value ?? 0)} addonBefore={t('data.validation')} />
        </Flex>
        <Button icon={<ExportOutlined />} onClick={() => void start()} loading={exporting}>
          {t('data.exportRun')}
        </Button>
        {error && <Alert type="error" showIcon title={error} role="alert" />}
        {summary && (
          <Flex vertical gap={6}>
            <Typography.Text>{t('data.exportSummary', { train: summary.train, validation: summary.validation, rejected: summary.rejected })}</Typography.Text>
            <Flex gap={8} wrap>
              {summary.files.map((file) => (
                <Button key={file} size="small" icon={<DownloadOutlined />} href={exportFileUrl(datasetId, version, format, ratio, file)} download>
                  {file}
                </Button>
              ))}
            </Flex>
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
