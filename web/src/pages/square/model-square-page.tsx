import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  Layout,
  Result,
  Row,
  Select,
  Skeleton,
  Table,
  Tabs,
  Tag,
  Typography,
  theme,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchModelSquare, type ModelSquare, type SquareModel } from '../../api/model-square-api.ts';
import { ApiError } from '../../api/api-error.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useMoney } from '../../format/money.ts';
import { PreferenceSwitches } from '../../layout/preference-switches.tsx';
import { useRouter } from '../../routing/router.tsx';
import { codeSample, type CodeLanguage } from '../playground/code-samples.ts';
import { formatContextLength } from '../models/model-format.ts';
import { capabilitiesOf, filterOptions, filterSquare, headlinePrice, isChat } from './square-filters.ts';

/**
 * The public model square (模型广场): the published models for visitors who have not signed in,
 * with prices per plan, what a newcomer gets free, a code sample and a call to sign up. All model
 * text is the operator's and rendered as text.
 */
export default function ModelSquarePage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { location, navigate } = useRouter();
  const square = useApiResource((signal) => fetchModelSquare(signal), []);
  const selected = location.search.get('model');
  const disabled = square.error instanceof ApiError && square.error.code === 'model_square_disabled';

  return (
    <Layout style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <Layout.Header
        style={{
          background: token.colorBgContainer,
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          paddingInline: 24,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
        }}
      >
        <Typography.Link strong onClick={() => navigate('/square')} style={{ fontSize: 16 }}>
          {t('app.name')} · {t('square.title')}
        </Typography.Link>
        <span style={{ flex: 1 }} />
        <PreferenceSwitches />
        <AccountButtons square={square.data} />
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        <main id="main-content">
          {disabled ? (
            <Result status="info" title={t('square.disabled')} />
          ) : square.error !== null ? (
            <ErrorAlert error={square.error} onRetry={square.reload} />
          ) : !square.data ? (
            <Skeleton active paragraph={{ rows: 8 }} />
          ) : selected !== null ? (
            <ModelDetail square={square.data} id={selected} />
          ) : (
            <ModelGrid square={square.data} />
          )}
        </main>
      </Layout.Content>
    </Layout>
  );
}

/** Sign in / sign up for visitors, the console for the signed in. */
function AccountButtons({ square }: { square: ModelSquare | null }) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const signedIn = Boolean(useAuth().state?.user);
  if (signedIn)
    return (
      <Button type="primary" onClick={() => navigate('/models')}>
        {t('square.openConsole')}
      </Button>
    );
  return (
    <Flex gap={8}>
      <Button onClick={() => navigate('/')}>{t('square.signIn')}</Button>
      {square && square.signup.policy !== 'closed' && (
        <Button type="primary" data-testid="square-sign-up" onClick={() => navigate('/sign-up')}>
          {t('square.signUp')}
        </Button>
      )}
    </Flex>
  );
}

function ModelGrid({ square }: { square: ModelSquare }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [capability, setCapability] = useState<string | null>(null);
  const [provider, setProvider] = useState<string | null>(null);
  const options = useMemo(() => filterOptions(square.data), [square.data]);
  const shown = useMemo(
    () => filterSquare(square.data, { query, capability, provider }),
    [square.data, query, capability, provider],
  );
  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('square.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('square.subtitle')}</Typography.Paragraph>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          aria-label={t('common.search')}
          placeholder={t('square.searchPlaceholder')}
          onChange={(event) => setQuery(event.target.value)}
          style={{ width: 320, maxWidth: '100%' }}
        />
        <Select
          allowClear
          aria-label={t('square.capability')}
          data-testid="square-capability"
          placeholder={t('square.capability')}
          value={capability}
          onChange={(value) => setCapability(value ?? null)}
          options={options.capabilities.map((value) => ({ value, label: capabilityLabel(t, value) }))}
          style={{ minWidth: 160 }}
        />
        <Select
          allowClear
          aria-label={t('square.provider')}
          placeholder={t('square.provider')}
          value={provider}
          onChange={(value) => setProvider(value ?? null)}
          options={options.providers.map((value) => ({ value, label: value }))}
          style={{ minWidth: 160 }}
        />
      </Flex>
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 12 }}>
        {t('models.count', { count: shown.length })}
      </Typography.Text>
      {shown.length === 0 ? (
        <Empty description={t('models.empty')} />
      ) : (
        <Row gutter={[16, 16]}>
          {shown.map((model) => (
            <Col key={model.id} xs={24} md={12} xl={8}>
              <SquareCard model={model} />
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}

function capabilityLabel(t: (key: string, options?: Record<string, unknown>) => string, capability: string): string {
  return t(`square.capabilities.${capability}`, { defaultValue: capability });
}

function FreeBadge({ model }: { model: SquareModel }) {
  const { t, i18n } = useTranslation();
  const offer = model.freeForNewCustomers;
  if (!offer) return null;
  const tokens =
    offer.tokensPerMonth === null
      ? ''
      : new Intl.NumberFormat(i18n.language, { notation: 'compact' }).format(offer.tokensPerMonth);
  return (
    <Tag color="green" data-testid="square-free">
      {offer.kind === 'free' ? t('square.free') : t('square.freeMonthly', { tokens })}
    </Tag>
  );
}

function SquareCard({ model }: { model: SquareModel }) {
  const { t } = useTranslation();
  const money = useMoney();
  const { navigate } = useRouter();
  const price = headlinePrice(model);
  const open = () => navigate(`/square?model=${encodeURIComponent(model.id)}`);
  return (
    <Card
      size="small"
      data-testid="square-card"
      hoverable
      onClick={open}
      title={
        <Flex gap={8} align="center">
          <Typography.Text strong ellipsis={{ tooltip: model.id }}>
            {model.name}
          </Typography.Text>
          <FreeBadge model={model} />
        </Flex>
      }
      extra={<Typography.Text type="secondary">{model.provider}</Typography.Text>}
      style={{ height: '100%' }}
    >
      <Typography.Text code>{model.id}</Typography.Text>
      {model.description && (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginTop: 8 }}>
          {model.description}
        </Typography.Paragraph>
      )}
      <Flex wrap gap={4} style={{ margin: '8px 0' }}>
        {capabilitiesOf(model).map((capability) => (
          <Tag key={capability} color="blue">
            {capabilityLabel(t, capability)}
          </Tag>
        ))}
        {model.contextLength && <Tag>{formatContextLength(model.contextLength)}</Tag>}
      </Flex>
      <Typography.Text type="secondary" data-testid="square-price">
        {price
          ? t('square.pricePerMillion', {
              input: money(price.input, price.currency),
              output: money(price.output, price.currency),
            })
          : t('models.noPricing')}
      </Typography.Text>
      <div>
        <Button
          type="link"
          style={{ paddingInline: 0 }}
          onClick={(event) => {
            event.stopPropagation();
            open();
          }}
          aria-label={`${t('square.details')}: ${model.id}`}
        >
          {t('square.details')}
        </Button>
      </div>
    </Card>
  );
}

function ModelDetail({ square, id }: { square: ModelSquare; id: string }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const money = useMoney();
  const { navigate } = useRouter();
  const signedIn = Boolean(useAuth().state?.user);
  const [language, setLanguage] = useState<CodeLanguage>('python');
  const model = square.data.find((entry) => entry.id === id);
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/square')} style={{ marginBottom: 16 }}>
      {t('square.back')}
    </Button>
  );
  if (!model)
    return (
      <>
        {back}
        <Empty description={t('square.notFound')} />
      </>
    );
  const baseUrl = `${window.location.origin}/v1`;
  const sample = isChat(model)
    ? codeSample(
        language,
        { model: model.id, messages: [{ role: 'user', content: t('square.samplePrompt') }] },
        baseUrl,
      )
    : embeddingSample(language, model.id, baseUrl);
  const cta = signedIn ? (
    <Button type="primary" size="large" onClick={() => navigate(`/playground?model=${encodeURIComponent(model.id)}`)}>
      {t('models.tryInPlayground')}
    </Button>
  ) : square.signup.policy !== 'closed' ? (
    <Button type="primary" size="large" data-testid="square-cta" onClick={() => navigate('/sign-up')}>
      {model.freeForNewCustomers ? t('square.ctaFree') : t('square.cta')}
    </Button>
  ) : (
    <Button type="primary" size="large" data-testid="square-cta" onClick={() => navigate('/')}>
      {t('square.signIn')}
    </Button>
  );
  return (
    <>
      {back}
      <Card data-testid="square-detail">
        <Flex justify="space-between" align="start" wrap gap={16}>
          <div>
            <Typography.Title level={2} style={{ margin: 0 }}>
              {model.name} <FreeBadge model={model} />
            </Typography.Title>
            <Typography.Text code>{model.id}</Typography.Text>{' '}
            <Typography.Text type="secondary">{t('models.ownedBy', { owner: model.provider })}</Typography.Text>
          </div>
          {cta}
        </Flex>
        {model.description && (
          <Typography.Paragraph style={{ marginTop: 16 }}>{model.description}</Typography.Paragraph>
        )}
        <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('models.context')}>
            {model.contextLength
              ? `${formatContextLength(model.contextLength)} ${t('models.tokens')}`
              : t('common.unknown')}
          </Descriptions.Item>
          <Descriptions.Item label={t('models.license')}>{model.license || t('common.unknown')}</Descriptions.Item>
          <Descriptions.Item label={t('square.parameters')}>
            {model.parameters || t('common.unknown')}
          </Descriptions.Item>
          <Descriptions.Item label={t('square.modalities')}>
            {model.modalities.input.join(', ')} → {model.modalities.output.join(', ')}
          </Descriptions.Item>
          <Descriptions.Item label={t('models.capabilities')}>
            <Flex wrap gap={4}>
              {capabilitiesOf(model).map((capability) => (
                <Tag key={capability} color="blue">
                  {capabilityLabel(t, capability)}
                </Tag>
              ))}
            </Flex>
          </Descriptions.Item>
        </Descriptions>
        {model.freeForNewCustomers && (
          <Typography.Paragraph type="success" data-testid="square-free-note">
            {model.freeForNewCustomers.kind === 'free'
              ? t('square.freeNote')
              : t('square.freeMonthlyNote', {
                  tokens: new Intl.NumberFormat(i18n.language).format(model.freeForNewCustomers.tokensPerMonth ?? 0),
                })}
          </Typography.Paragraph>
        )}
        <Typography.Title level={4}>{t('models.pricing')}</Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey="plan"
          data-testid="square-prices"
          dataSource={model.prices}
          locale={{ emptyText: t('models.noPricing') }}
          columns={[
            {
              title: t('square.plan'),
              dataIndex: 'planName',
              render: (name: string, row) => (
                <>
                  {name} {row.signupPlan && <Tag>{t('square.signupPlan')}</Tag>}
                </>
              ),
            },
            {
              title: t('models.input'),
              dataIndex: 'input',
              render: (value: number, row) => money(value, row.currency),
            },
            {
              title: t('models.cachedInput'),
              dataIndex: 'cachedInput',
              render: (value: number, row) => money(value, row.currency),
            },
            {
              title: t('models.output'),
              dataIndex: 'output',
              render: (value: number, row) => money(value, row.currency),
            },
          ]}
        />
        <Typography.Title level={4} style={{ marginTop: 24 }}>
          {t('square.codeSample')}
        </Typography.Title>
        <Tabs
          activeKey={language}
          onChange={(key) => setLanguage(key as CodeLanguage)}
          items={(['python', 'typescript', 'curl'] as const).map((key) => ({
            key,
            label: key === 'typescript' ? 'TypeScript' : key === 'python' ? 'Python' : 'cURL',
          }))}
          tabBarExtraContent={<CopyButton text={sample} />}
        />
        <pre
          data-testid="square-code"
          style={{ overflowX: 'auto', margin: 0, padding: 12, borderRadius: 8, background: token.colorFillTertiary }}
        >
          <code>{sample}</code>
        </pre>
      </Card>
    </>
  );
}

/** Embedding and rerank models: an embeddings call (the playground's samples are chat calls). */
function embeddingSample(language: CodeLanguage, model: string, baseUrl: string): string {
  const input = JSON.stringify('开源大模型平台');
  if (language === 'curl')
    return `curl ${baseUrl}/embeddings \\\n  -H "Authorization: Bearer $KAIYUAN_API_KEY" \\\n  -H "Content-Type: application/json" \\\n  -d '${JSON.stringify({ model, input: '开源大模型平台' })}'`;
  if (language === 'python')
    return `import os\nfrom openai import OpenAI\n\nclient = OpenAI(base_url=${JSON.stringify(baseUrl)}, api_key=os.environ["KAIYUAN_API_KEY"])\nresult = client.embeddings.create(model=${JSON.stringify(model)}, input=${input})\nprint(len(result.data[0].embedding))\n`;
  return `import OpenAI from 'openai';\n\nconst client = new OpenAI({ baseURL: ${JSON.stringify(baseUrl)}, apiKey: process.env.KAIYUAN_API_KEY });\nconst result = await client.embeddings.create({ model: ${JSON.stringify(model)}, input: ${input} });\nconsole.log(result.data[0].embedding.length);\n`;
}
