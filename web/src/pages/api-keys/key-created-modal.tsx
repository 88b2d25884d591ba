import { Alert, Button, Flex, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreatedApiKey } from '../../api/admin-keys-api.ts';
import { CopyButton } from '../../components/copy-button.tsx';

/** Shows a new key once: the server keeps only its hash. */
export function KeyCreatedModal({ created, onClose }: { created: CreatedApiKey | null; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={created !== null}
      title={t('apiKeys.createdTitle')}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="key-created-done">
          {t('apiKeys.createdDone')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('apiKeys.shownOnce')} style={{ marginBottom: 16 }} />
      {created && (
        <Flex gap={8} align="center">
          <Typography.Text code style={{ wordBreak: 'break-all', flex: 1 }} data-testid="created-key">
            {created.key}
          </Typography.Text>
          <CopyButton text={created.key} label={t('common.copy')} size="middle" />
        </Flex>
      )}
    </Modal>
  );
}
