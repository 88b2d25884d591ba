import { PlusOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { listKeyUsage, revokeKey, type ApiKeyInfo, type CreatedApiKey } from '../../api/admin-keys-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useModels } from '../models/use-models.ts';
import { ApiKeysTable } from './api-keys-table.tsx';
import { CreateKeyModal } from './create-key-modal.tsx';
import { EditKeyModal } from './edit-key-modal.tsx';
import { KeyCreatedModal } from './key-created-modal.tsx';
import { useApiKeys } from './use-api-keys.ts';

export default function ApiKeysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { keys, loading, error, reload } = useApiKeys();
  const models = useModels();
  const usage = useApiResource((signal) => listKeyUsage(signal), [keys.length]);
  const usageByKey = new Map((usage.data ?? []).map((entry) => [entry.keyId, entry]));
  const currency = usage.data?.[0]?.currency ?? 'CNY';
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [editing, setEditing] = useState<ApiKeyInfo | null>(null);

  const revoke = async (key: ApiKeyInfo) => {
    try {
      await revokeKey(key.id);
      void message.success(t('apiKeys.revoked', { name: key.name }));
      reload();
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };

  return (
    <>
      <PageHeader
        title={t('apiKeys.title')}
        subtitle={t('apiKeys.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-key">
            {t('apiKeys.create')}
          </Button>
        }
      />
      {error !== null && <ErrorAlert error={error} onRetry={reload} />}
      {error === null && (
        <ApiKeysTable
          keys={keys}
          usage={usageByKey}
          currency={currency}
          loading={loading}
          onEdit={setEditing}
          onRevoke={revoke}
        />
      )}
      <CreateKeyModal
        open={creating}
        models={models.models}
        modelsLoading={models.loading}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
          reload();
        }}
      />
      <KeyCreatedModal created={created} onClose={() => setCreated(null)} />
      <EditKeyModal
        apiKey={editing}
        models={models.models}
        modelsLoading={models.loading}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
      />
    </>
  );
}
