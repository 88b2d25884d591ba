import { Form, Input, InputNumber, Segmented, Select, Slider, Flex, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { playgroundApis, supportsJsonMode } from '../../api/client-protocols.ts';
import type { CatalogModel } from '../../api/models-api.ts';
import type { ChatParameters } from './conversation.ts';
import { PromptPresetPicker } from './prompt-preset-picker.tsx';
import { exampleToolDefinitions, parseToolDefinitions } from './tool-definitions.ts';

interface Props {
  models: readonly CatalogModel[];
  loading: boolean;
  parameters: ChatParameters;
  onChange(change: Partial<ChatParameters>): void;
  /** The second model of compare mode (null: compare mode is off). */
  compareModel: CatalogModel | null;
  compare: boolean;
  onCompareChange(compare: boolean, model: CatalogModel | null): void;
}

/** API, model (and a second one to compare), system prompt and presets, sampling, JSON mode and tools. */
export function PlaygroundSettings({
  models,
  loading,
  parameters,
  onChange,
  compare,
  compareModel,
  onCompareChange,
}: Props) {
  const { t } = useTranslation();
  const modelOptions = models.map((model) => ({ value: model.id, label: model.id }));
  const byId = (id: string) => models.find((model) => model.id === id) ?? null;
  return (
    <Form layout="vertical" component="div">
      <Form.Item label={t('playground.api')} extra={t(`playground.apiHint.${parameters.api}`)}>
        <Segmented
          block
          data-testid="api-select"
          value={parameters.api}
          options={playgroundApis.map((api) => ({ value: api, label: t(`playground.apiName.${api}`) }))}
          onChange={(api) => onChange({ api })}
        />
      </Form.Item>
      <Form.Item label={t('playground.model')} htmlFor="playground-model">
        <Select
          id="playground-model"
          data-testid="model-select"
          showSearch={{ optionFilterProp: 'label' }}
          loading={loading}
          placeholder={t('playground.selectModel')}
          value={parameters.model?.id}
          options={modelOptions}
          onChange={(id: string) => onChange({ model: byId(id) })}
        />
      </Form.Item>
      <Form.Item>
        <Flex gap={8} align="center">
          <Switch
            id="playground-compare"
            data-testid="compare-switch"
            checked={compare}
            onChange={(on) =>
              onCompareChange(
                on,
                on ? (compareModel ?? models.find((model) => model !== parameters.model) ?? null) : null,
              )
            }
          />
          <label htmlFor="playground-compare">{t('playground.compare')}</label>
        </Flex>
        {compare && (
          <Select
            style={{ marginTop: 8, width: '100%' }}
            aria-label={t('playground.compareModel')}
            data-testid="compare-model-select"
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('playground.compareModel')}
            value={compareModel?.id}
            options={modelOptions}
            onChange={(id: string) => onCompareChange(true, byId(id))}
          />
        )}
      </Form.Item>
      <Form.Item label={t('playground.systemPrompt')} htmlFor="playground-system">
        <Flex vertical gap={8}>
          <PromptPresetPicker prompt={parameters.systemPrompt} onPick={(systemPrompt) => onChange({ systemPrompt })} />
          <Input.TextArea
            id="playground-system"
            data-testid="system-prompt"
            value={parameters.systemPrompt}
            onChange={(event) => onChange({ systemPrompt: event.target.value })}
            placeholder={t('playground.systemPromptPlaceholder')}
            autoSize={{ minRows: 3, maxRows: 10 }}
          />
        </Flex>
      </Form.Item>
      <Form.Item label={t('playground.temperature')} htmlFor="playground-temperature">
        <Flex gap={12} align="center">
          <Slider
            style={{ flex: 1 }}
            min={0}
            max={2}
            step={0.1}
            value={parameters.temperature ?? 1}
            onChange={(value: number) => onChange({ temperature: value })}
            aria-label={t('playground.temperature')}
          />
          <InputNumber
            id="playground-temperature"
            min={0}
            max={2}
            step={0.1}
            style={{ width: 72 }}
            placeholder="1"
            aria-label={t('playground.temperature')}
            value={parameters.temperature}
            onChange={(value) => onChange({ temperature: value ?? null })}
          />
        </Flex>
      </Form.Item>
      <Form.Item label={t('playground.maxTokens')} htmlFor="playground-max-tokens">
        <InputNumber
          id="playground-max-tokens"
          data-testid="max-tokens"
          min={1}
          max={parameters.model?.context_length ?? 1_000_000}
          step={64}
          precision={0}
          style={{ width: '100%' }}
          placeholder={t('playground.maxTokensPlaceholder')}
          value={parameters.maxTokens}
          onChange={(value) => onChange({ maxTokens: value ?? null })}
        />
      </Form.Item>
      <Form.Item
        extra={supportsJsonMode(parameters.api) ? t('playground.jsonModeHint') : t('playground.jsonModeUnsupported')}
      >
        <Flex gap={8} align="center">
          <Switch
            id="playground-json"
            data-testid="json-mode"
            checked={parameters.jsonMode && supportsJsonMode(parameters.api)}
            disabled={!supportsJsonMode(parameters.api)}
            onChange={(jsonMode) => onChange({ jsonMode })}
          />
          <label htmlFor="playground-json">{t('playground.jsonMode')}</label>
        </Flex>
      </Form.Item>
      <ToolsField parameters={parameters} onChange={onChange} />
    </Form>
  );
}

function ToolsField({ parameters, onChange }: Pick<Props, 'parameters' | 'onChange'>) {
  const { t } = useTranslation();
  const parsed = parseToolDefinitions(parameters.toolsText);
  const error = parameters.toolsEnabled && !parsed.ok ? parsed.error : null;
  return (
    <Form.Item
      extra={t('playground.toolsHint')}
      validateStatus={error ? 'error' : undefined}
      help={
        error
          ? t(`playground.toolsError.${error.code}`, { index: (error.index ?? 0) + 1, detail: error.detail ?? '' })
          : undefined
      }
    >
      <Flex gap={8} align="center">
        <Switch
          id="playground-tools"
          data-testid="tools-switch"
          checked={parameters.toolsEnabled}
          onChange={(toolsEnabled) =>
            onChange({
              toolsEnabled,
              ...(toolsEnabled && !parameters.toolsText.trim() ? { toolsText: exampleToolDefinitions } : {}),
            })
          }
        />
        <label htmlFor="playground-tools">{t('playground.tools')}</label>
        {parameters.toolsEnabled && parsed.ok && (
          <Typography.Text type="secondary">
            {t('playground.toolsCount', { count: parsed.tools.length })}
          </Typography.Text>
        )}
      </Flex>
      {parameters.toolsEnabled && (
        <Input.TextArea
          style={{ marginTop: 8, fontFamily: 'monospace', fontSize: 12 }}
          aria-label={t('playground.tools')}
          data-testid="tools-input"
          value={parameters.toolsText}
          spellCheck={false}
          autoSize={{ minRows: 6, maxRows: 16 }}
          onChange={(event) => onChange({ toolsText: event.target.value })}
        />
      )}
    </Form.Item>
  );
}
