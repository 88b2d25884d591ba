import {
  Alert,
  App,
  Badge,
  Button,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import {
  createChannel,
  deleteChannel,
  listChannels,
  testChannel,
  updateChannel,
  type ChannelTestResult,
  type ChannelView,
} from '../../api/admin-channels-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { providerHealth } from '../models/model-format.ts';

const refreshMs = 5_000;

/** Upstream channels: live ones editable, those of kaiyuan.yaml and presets read-only; live state refreshed. */
export function ChannelsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const channels = useApiResource((signal) => listChannels(signal), []);
  const { reload } = channels;
  const [creating, setCreating] = useState(false);
  const [testing, setTesting] = useState<string | null>(null);
  const [result, setResult] = useState<ChannelTestResult | null>(null);

  useEffect(() => {
    const timer = window.setInterval(reload, refreshMs);
    return () => window.clearInterval(timer);
  }, [reload]);

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      reload();
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };

  const runTest = async (name: string) => {
    setTesting(name);
    try {
      setResult(await testChannel(name));
      reload();
    } catch (caught) {
      void message.error(errorMessage(caught));
    } finally {
      setTesting(null);
    }
  };

  if (channels.error !== null) return <ErrorAlert error={channels.error} onRetry={reload} />;
  return (
    <>
      <Flex justify="end" style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="channel-add">
          {t('channels.add')}
        </Button>
      </Flex>
      <Table<ChannelView>
        size="small"
        rowKey="id"
        loading={channels.loading && !channels.data}
        dataSource={channels.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        data-testid="channels-table"
        columns={[
          {
            title: t('channels.name'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <Space>
                <Typography.Text strong>{name}</Typography.Text>
                <Tag>{t(`channels.source.${row.source}`)}</Tag>
                {row.read_only && (
                  <Tooltip title={t('channels.readOnlyHint')}>
                    <Tag color="default">{t('channels.readOnly')}</Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          {
            title: t('channels.models'),
            key: 'models',
            render: (_value, row) =>
              row.models.map((model) => (
                <div key={model.deployment}>
                  <Typography.Text code>{model.name}</Typography.Text>
                  {model.upstream !== model.name && <> → {model.upstream}</>}
                </div>
              )),
          },
          {
            title: t('channels.keys'),
            key: 'keys',
            render: (_value, row) =>
              row.keys.length === 0
                ? '—'
                : row.keys.map((key) => (
                    <Tooltip key={key.id} title={key.reason ?? undefined}>
                      <Tag color={key.status === 'active' ? 'blue' : 'red'} data-testid="channel-key">
                        {key.hint}
                        {key.status === 'rejected' ? ` · ${t('channels.keyRejected')}` : ''}
                      </Tag>
                    </Tooltip>
                  )),
          },
          {
            title: t('models.health'),
            key: 'health',
            render: (_value, row) => {
              const view = providerHealth(row.state.health, row.enabled);
              return <Badge status={view.status} text={t(`extra.health.${view.label}`)} />;
            },
          },
          {
            title: t('models.circuit'),
            key: 'circuit',
            render: (_value, row) => (
              <Tag color={row.state.circuit === 'closed' ? 'green' : row.state.circuit === 'open' ? 'red' : 'orange'}>
                {t(`routing.circuitStates.${row.state.circuit}`)}
              </Tag>
            ),
          },
          {
            title: t('dashboard.requests'),
            key: 'requests',
            align: 'right',
            render: (_value, row) => row.state.requests,
          },
          {
            title: t('admin.errorRate'),
            key: 'errors',
            align: 'right',
            render: (_value, row) => `${(row.state.error_rate * 100).toFixed(1)}%`,
          },
          {
            title: t('admin.ttft'),
            key: 'ttft',
            align: 'right',
            render: (_value, row) => (row.state.ttft_ewma_ms === null ? '—' : `${row.state.ttft_ewma_ms} ms`),
          },
          {
            title: t('admin.enabled'),
            dataIndex: 'enabled',
            render: (enabled: boolean, row) => (
              <Switch
                size="small"
                checked={enabled}
                disabled={row.read_only}
                onChange={(value) => void act(() => updateChannel(row.name, { enabled: value }))}
                aria-label={`${t('admin.enabled')}: ${row.name}`}
              />
            ),
          },
          {
            title: '',
            key: 'actions',
            render: (_value, row) =>
              row.read_only ? null : (
                <Space>
                  <Button
                    size="small"
                    loading={testing === row.name}
                    onClick={() => void runTest(row.name)}
                    data-testid={`channel-test-${row.name}`}
                  >
                    {t('channels.test')}
                  </Button>
                  <Popconfirm
                    title={t('channels.confirmDelete', { name: row.name })}
                    onConfirm={() => void act(() => deleteChannel(row.name))}
                  >
                    <Button size="small" danger>
                      {t('channels.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <CreateChannelModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          reload();
        }}
      />
      <Modal open={result !== null} title={t('channels.testResult')} onCancel={() => setResult(null)} footer={null}>
        {result && <TestResult result={result} />}
      </Modal>
    </>
  );
}

function TestResult({ result }: { result: ChannelTestResult }) {
  const { t } = useTranslation();
  return (
    <div data-testid="channel-test-result" data-ok={String(result.ok)}>
      {result.ok ? (
        <Alert type="success" showIcon message={t('channels.testOk', { model: result.model, ms: result.latency_ms })} />
      ) : (
        <Alert type="error" showIcon message={result.error?.message ?? t('admin.failed')} />
      )}
      {result.upstream_models && (
        <Typography.Paragraph style={{ marginTop: 12 }}>
          {t('channels.upstreamModels')}: {result.upstream_models.slice(0, 20).join(', ')}
        </Typography.Paragraph>
      )}
      {result.keys.map((key) => (
        <div key={key.id}>
          <Typography.Text code>{key.hint}</Typography.Text> {key.ok ? '✓' : `✗ ${key.error ?? ''}`}
        </div>
      ))}
    </div>
  );
}

interface ChannelForm {
  name: string;
  preset?: string;
  baseUrl?: string;
  apiKeys?: string;
  models: string;
  tags?: string;
  costInput?: number;
  costOutput?: number;
  currency: 'CNY' | 'USD';
}

function CreateChannelModal(props: { open: boolean; onClose(): void; onCreated(): void }) {
  const { t } = useTranslation();
  const submit = async (values: ChannelForm) => {
    const lines = (text: string | undefined) =>
      (text ?? '')
        .split(/\n|,/)
        .map((line) => line.trim())
        .filter((line) => line.length > 0);
    const cost =
      values.costInput !== undefined &&
      values.costOutput !== undefined &&
      values.costInput !== null &&
      values.costOutput !== null
        ? {
            currency: values.currency,
            input: Math.round(values.costInput * 100),
            output: Math.round(values.costOutput * 100),
          }
        : undefined;
    await createChannel({
      name: values.name.trim(),
      ...(values.preset ? { preset: values.preset.trim() } : {}),
      ...(values.baseUrl ? { baseUrl: values.baseUrl.trim() } : {}),
      apiKeys: lines(values.apiKeys),
      models: lines(values.models).map((line) => {
        const [name, upstream] = line.split('=').map((part) => part.trim());
        return { name: name!, ...(upstream ? { upstream } : {}), ...(cost ? { cost } : {}) };
      }),
      ...(values.tags ? { tags: lines(values.tags) } : {}),
    });
    props.onCreated();
  };
  return (
    <FormModal<ChannelForm>
      open={props.open}
      title={t('channels.add')}
      name="create-channel"
      onClose={props.onClose}
      onSubmit={submit}
      initialValues={{ currency: 'CNY' }}
      width={640}
    >
      <Form.Item name="name" label={t('channels.name')} rules={[{ required: true, whitespace: true }]}>
        <Input autoFocus maxLength={63} placeholder="deepseek-main" />
      </Form.Item>
      <Form.Item name="preset" label={t('channels.preset')} extra={t('channels.presetHint')}>
        <Input placeholder="deepseek / siliconflow / vllm" />
      </Form.Item>
      <Form.Item name="baseUrl" label={t('channels.baseUrl')}>
        <Input placeholder="https://api.example.com/v1" />
      </Form.Item>
      <Form.Item name="apiKeys" label={t('channels.apiKeys')} extra={t('channels.apiKeysHint')}>
        <Input.TextArea rows={2} autoComplete="off" spellCheck={false} />
      </Form.Item>
      <Form.Item
        name="models"
        label={t('channels.modelMapping')}
        extra={t('channels.modelMappingHint')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input.TextArea rows={2} placeholder="deepseek-chat=deepseek-chat" />
      </Form.Item>
      <Form.Item name="tags" label={t('channels.tags')}>
        <Input placeholder="cn" />
      </Form.Item>
      <Space align="start">
        <Form.Item name="costInput" label={t('channels.costInput')}>
          <InputNumber min={0} step={0.01} />
        </Form.Item>
        <Form.Item name="costOutput" label={t('channels.costOutput')}>
          <InputNumber min={0} step={0.01} />
        </Form.Item>
        <Form.Item name="currency" label={t('admin.currency')}>
          <Select style={{ width: 100 }} options={[{ value: 'CNY' }, { value: 'USD' }]} />
        </Form.Item>
      </Space>
    </FormModal>
  );
}
