import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { updateKey, type ApiKeyInfo } from '../../api/admin-keys-api.ts';
import type { CatalogModel } from '../../api/models-api.ts';
import { KeySettingsFields, limitsFromValues, type KeySettingsValues } from './key-settings-fields.tsx';

interface EditValues extends KeySettingsValues {
  name: string;
}

/** Changes a key's name, allowed models and limits. */
export function EditKeyModal(props: {
  apiKey: ApiKeyInfo | null;
  models: readonly CatalogModel[];
  modelsLoading: boolean;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const apiKey = props.apiKey;

  useEffect(() => {
    if (!apiKey) return;
    setError(null);
    form.setFieldsValue({
      name: apiKey.name,
      allowedModels: apiKey.allowedModels,
      rpm: apiKey.limits.rpm ?? null,
      rpd: apiKey.limits.rpd ?? null,
      tpm: apiKey.limits.tpm ?? null,
      tpd: apiKey.limits.tpd ?? null,
    });
  }, [apiKey, form]);

  const submit = async (values: EditValues) => {
    if (!apiKey) return;
    setSubmitting(true);
    setError(null);
    try {
      await updateKey(apiKey.id, {
        name: values.name.trim(),
        allowedModels: values.allowedModels ?? [],
        limits: limitsFromValues(values),
      });
      props.onSaved();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={apiKey !== null}
      title={t('apiKeys.edit')}
      okText={t('apiKeys.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      confirmLoading={submitting}
      forceRender
    >
      <Form<EditValues> form={form} layout="vertical" name="edit-key" onFinish={submit} disabled={submitting}>
        <Form.Item
          name="name"
          label={t('apiKeys.name')}
          rules={[{ required: true, whitespace: true, message: t('apiKeys.nameRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <KeySettingsFields models={props.models} modelsLoading={props.modelsLoading} />
      </Form>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
    </Modal>
  );
}
