import { ClearOutlined, CodeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Row, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isChatModel, type CatalogModel } from '../../api/models-api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useRouter } from '../../routing/router.tsx';
import { useModels } from '../models/use-models.ts';
import { usePlanAccess } from '../models/use-plan-access.ts';
import { ChatComposer } from './chat-composer.tsx';
import { ChatMessageList } from './chat-message-list.tsx';
import { buildRequest, sendBlocker, type ChatParameters } from './conversation.ts';
import { PlaygroundSettings } from './playground-settings.tsx';
import { useChatSession, type ChatSession } from './use-chat-session.ts';
import { ViewCodeModal } from './view-code-modal.tsx';

export default function PlaygroundPage() {
  const { t } = useTranslation();
  const { location } = useRouter();
  const { models: allModels, loading, error, reload } = useModels();
  const access = usePlanAccess();
  // Only models the plan can call: a free user is not offered one that would answer 403.
  const models = useMemo(
    () => allModels.filter((model) => isChatModel(model) && access.canUse(model)),
    [allModels, access.canUse],
  );
  const primary = useChatSession();
  // Compare mode: the same messages go to a second model, whose answers stream in their own column.
  const secondary = useChatSession();
  const [compareModel, setCompareModel] = useState<CatalogModel | null>(null);
  const [compare, setCompare] = useState(false);
  const [codeOpen, setCodeOpen] = useState(false);
  const [parameters, setParameters] = useState<ChatParameters>({
    api: 'chat',
    model: null,
    systemPrompt: '',
    temperature: null,
    maxTokens: null,
    jsonMode: false,
    toolsEnabled: false,
    toolsText: '',
  });
  const requestedModel = location.search.get('model');

  useEffect(() => {
    if (parameters.model || models.length === 0) return;
    const model = models.find((candidate) => candidate.id === requestedModel) ?? models[0] ?? null;
    setParameters((current) => ({ ...current, model }));
  }, [models, parameters.model, requestedModel]);

  const change = (update: Partial<ChatParameters>) => setParameters((current) => ({ ...current, ...update }));
  const noModels = !loading && !error && models.length === 0;
  const columns: { session: ChatSession; parameters: ChatParameters }[] = [
    { session: primary, parameters },
    ...(compare ? [{ session: secondary, parameters: { ...parameters, model: compareModel } }] : []),
  ];
  const busy = columns.some((column) => column.session.busy);
  const blocked = columns.some((column) => sendBlocker(column.parameters) !== null);

  const toggleCompare = (on: boolean, model: CatalogModel | null) => {
    setCompareModel(model);
    // The second column starts from the conversation so far, so both models continue the same one.
    if (on !== compare) secondary.reset(on ? primary.turns : []);
    setCompare(on);
  };

  const list = (column: (typeof columns)[number]) => (
    <ChatMessageList
      turns={column.session.turns}
      busy={busy}
      onRegenerate={() => void column.session.regenerate(column.parameters)}
      onEdit={(ordinal, text) => {
        for (const each of columns) void each.session.edit(each.parameters, ordinal, text);
      }}
    />
  );

  return (
    <>
      <PageHeader
        title={t('playground.title')}
        extra={
          <Space>
            <Button
              icon={<ClearOutlined />}
              onClick={() => columns.forEach((column) => column.session.reset())}
              disabled={primary.turns.length === 0 && secondary.turns.length === 0}
            >
              {t('playground.clear')}
            </Button>
            <Button
              icon={<CodeOutlined />}
              onClick={() => setCodeOpen(true)}
              disabled={!parameters.model}
              data-testid="view-code"
            >
              {t('playground.viewCode')}
            </Button>
          </Space>
        }
      />
      {error !== null && <ErrorAlert error={error} onRetry={reload} />}
      {noModels && <Alert type="warning" showIcon title={t('playground.noModels')} />}
      <Row gutter={[16, 16]} style={{ marginTop: error || noModels ? 16 : 0 }}>
        <Col xs={24} lg={16} xxl={17}>
          <Card title={t('playground.conversation')} size="small">
            <Flex vertical gap={12}>
              {compare ? (
                <div className="playground-compare">
                  {columns.map((column, index) => (
                    <div key={index} data-testid={`compare-column-${index}`} style={{ minWidth: 0 }}>
                      <Flex gap={8} align="center">
                        <Typography.Text type="secondary">
                          {t(index === 0 ? 'playground.modelA' : 'playground.modelB')}
                        </Typography.Text>
                        <Tag color={index === 0 ? 'blue' : 'purple'}>{column.parameters.model?.id ?? '—'}</Tag>
                      </Flex>
                      <div style={{ minHeight: 280, maxHeight: '60vh', overflowY: 'auto' }}>{list(column)}</div>
                    </div>
                  ))}
                </div>
              ) : (
                <div style={{ minHeight: 280, maxHeight: '60vh', overflowY: 'auto' }}>{list(columns[0]!)}</div>
              )}
              <ChatComposer
                busy={busy}
                disabled={blocked}
                onSend={(text) => {
                  for (const column of columns) void column.session.send(column.parameters, text);
                }}
                onStop={() => columns.forEach((column) => column.session.stop())}
              />
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={8} xxl={7}>
          <Card title={t('playground.settings')} size="small">
            <PlaygroundSettings
              models={models}
              loading={loading}
              parameters={parameters}
              onChange={change}
              compare={compare}
              compareModel={compareModel}
              onCompareChange={toggleCompare}
            />
          </Card>
        </Col>
      </Row>
      <ViewCodeModal
        open={codeOpen}
        api={parameters.api}
        onClose={() => setCodeOpen(false)}
        request={buildRequest(parameters, primary.turns, primary.turns.length === 0 ? 'Hello!' : undefined)}
      />
    </>
  );
}
