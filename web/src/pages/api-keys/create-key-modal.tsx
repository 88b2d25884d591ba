import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { createKey, type CreatedApiKey } from '../../api/admin-keys-api.ts';
import type { CatalogModel } from '../../api/models-api.ts';
import { KeySettingsFields, limitsFromValues, type KeySettingsValues } from './key-settings-fields.tsx';

interface CreateValues extends KeySettingsValues {
  name: string;
  expiresInDays: number;
}

const dayMs = 86_400_000;

export function CreateKeyModal(props: {
  open: boolean;
  models: readonly CatalogModel[];
  modelsLoading: boolean;
  onClose(): void;
  onCreated(key: CreatedApiKey): void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: CreateValues) => {
    setSubmitting(true);
    setError(null);
    try {
      const created = await createKey({
        name: values.name.trim(),
        allowedModels: values.allowedModels ?? [],
        limits: limitsFromValues(values),
        expiresAt: values.expiresInDays > 0 ? Date.now() + values.expiresInDays * dayMs : null,
      });
      form.resetFields();
      props.onCreated(created);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={t('apiKeys.create')}
      okText={t('apiKeys.createConfirm')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      confirmLoading={submitting}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'create-key-confirm' } as Record<string, string>}
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        name="create-key"
        onFinish={submit}
        initialValues={{ name: '', allowedModels: [], expiresInDays: 0 }}
        disabled={submitting}
      >
        <Form.Item
          name="name"
          label={t('apiKeys.name')}
          rules={[{ required: true, whitespace: true, message: t('apiKeys.nameRequired') }]}
        >
          <Input autoFocus maxLength={100} placeholder={t('apiKeys.namePlaceholder')} />
        </Form.Item>
        <KeySettingsFields models={props.models} modelsLoading={props.modelsLoading} />
        <Form.Item name="expiresInDays" label={t('apiKeys.expires')}>
          <Select
            options={[0, 7, 30, 90, 365].map((days) => ({
              value: days,
              label: days === 0 ? t('apiKeys.never') : t('apiKeys.inDays', { count: days }),
            }))}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
    </Modal>
  );
}
