import { Col, Form, InputNumber, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CatalogModel } from '../../api/models-api.ts';

export interface KeySettingsValues {
  allowedModels: string[];
  rpm: number | null;
  rpd: number | null;
  tpm: number | null;
  tpd: number | null;
}

const limitNames = ['rpm', 'rpd', 'tpm', 'tpd'] as const;

/** Allowed models and per-key limits: shared by the create and edit dialogs. */
export function KeySettingsFields({
  models,
  modelsLoading,
}: {
  models: readonly CatalogModel[];
  modelsLoading: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="allowedModels" label={t('apiKeys.allowedModels')} extra={t('apiKeys.allowedModelsHint')}>
        <Select
          mode="multiple"
          allowClear
          loading={modelsLoading}
          placeholder={t('apiKeys.allModels')}
          options={models.map((model) => ({ value: model.id, label: model.id }))}
          data-testid="key-allowed-models"
        />
      </Form.Item>
      <Row gutter={12}>
        {limitNames.map((name) => (
          <Col span={12} key={name}>
            <Form.Item name={name} label={t(`apiKeys.limit.${name}`)}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} placeholder={t('apiKeys.planLimit')} />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </>
  );
}

/** The form's limit fields as the API's `limits` object (empty fields: the plan's limit applies). */
export function limitsFromValues(values: KeySettingsValues): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const name of limitNames) {
    const value = values[name];
    if (typeof value === 'number') limits[name] = value;
  }
  return limits;
}
