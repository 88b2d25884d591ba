import { Form, Input, InputNumber, Segmented, Select, Slider, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { playgroundApis } from '../../api/client-protocols.ts';
import type { CatalogModel } from '../../api/models-api.ts';
import type { ChatParameters } from './use-chat-session.ts';

interface Props {
  models: readonly CatalogModel[];
  loading: boolean;
  parameters: ChatParameters;
  onChange(change: Partial<ChatParameters>): void;
}

/** API, model, system prompt, temperature and max tokens. */
export function PlaygroundSettings({ models, loading, parameters, onChange }: Props) {
  const { t } = useTranslation();
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
          options={models.map((model) => ({ value: model.id, label: model.id }))}
          onChange={(id: string) => onChange({ model: models.find((model) => model.id === id) ?? null })}
        />
      </Form.Item>
      <Form.Item label={t('playground.systemPrompt')} htmlFor="playground-system">
        <Input.TextArea
          id="playground-system"
          data-testid="system-prompt"
          value={parameters.systemPrompt}
          onChange={(event) => onChange({ systemPrompt: event.target.value })}
          placeholder={t('playground.systemPromptPlaceholder')}
          autoSize={{ minRows: 3, maxRows: 10 }}
        />
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
    </Form>
  );
}
