import { ClearOutlined, CodeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Row, Space } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isChatModel } from '../../api/models-api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useRouter } from '../../routing/router.tsx';
import { useModels } from '../models/use-models.ts';
import { usePlanAccess } from '../models/use-plan-access.ts';
import { ChatComposer } from './chat-composer.tsx';
import { ChatMessageList } from './chat-message-list.tsx';
import { PlaygroundSettings } from './playground-settings.tsx';
import { buildRequest, useChatSession, type ChatParameters } from './use-chat-session.ts';
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
  const session = useChatSession();
  const [codeOpen, setCodeOpen] = useState(false);
  const [parameters, setParameters] = useState<ChatParameters>({
    api: 'chat',
    model: null,
    systemPrompt: '',
    temperature: null,
    maxTokens: null,
  });
  const requestedModel = location.search.get('model');

  useEffect(() => {
    if (parameters.model || models.length === 0) return;
    const model = models.find((candidate) => candidate.id === requestedModel) ?? models[0] ?? null;
    setParameters((current) => ({ ...current, model }));
  }, [models, parameters.model, requestedModel]);

  const change = (update: Partial<ChatParameters>) => setParameters((current) => ({ ...current, ...update }));
  const noModels = !loading && !error && models.length === 0;

  return (
    <>
      <PageHeader
        title={t('playground.title')}
        extra={
          <Space>
            <Button icon={<ClearOutlined />} onClick={session.clear} disabled={session.turns.length === 0}>
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
              <div style={{ minHeight: 280, maxHeight: '60vh', overflowY: 'auto' }}>
                <ChatMessageList turns={session.turns} />
              </div>
              <ChatComposer
                busy={session.busy}
                disabled={!parameters.model}
                onSend={(text) => void session.send(parameters, text)}
                onStop={session.stop}
              />
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={8} xxl={7}>
          <Card title={t('playground.settings')} size="small">
            <PlaygroundSettings models={models} loading={loading} parameters={parameters} onChange={change} />
          </Card>
        </Col>
      </Row>
      <ViewCodeModal
        open={codeOpen}
        api={parameters.api}
        onClose={() => setCodeOpen(false)}
        request={buildRequest(parameters, session.turns, session.turns.length === 0 ? 'Hello!' : undefined)}
      />
    </>
  );
}
