import { Flex, Modal, Tabs, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChatRequest, PlaygroundApi } from '../../api/chat-stream.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { codeSample, type CodeLanguage } from './code-samples.ts';

const tabs: { key: CodeLanguage; label: string }[] = [
  { key: 'typescript', label: 'TypeScript' },
  { key: 'python', label: 'Python' },
  { key: 'curl', label: 'curl' },
];

/** "View code": the playground's request with the protocol's SDK in TypeScript and Python, and curl. */
export function ViewCodeModal({
  open,
  api,
  request,
  onClose,
}: {
  open: boolean;
  api: PlaygroundApi;
  request: ChatRequest;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const baseUrl = `${window.location.origin}/v1`;
  return (
    <Modal open={open} onCancel={onClose} footer={null} width={760} title={t('playground.codeTitle')} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t(`playground.codeDetail.${api}`)}</Typography.Paragraph>
      <Tabs
        items={tabs.map((tab) => {
          const code = codeSample(tab.key, request, baseUrl, api);
          return {
            key: tab.key,
            label: tab.label,
            children: (
              <Flex vertical gap={8}>
                <Flex justify="flex-end">
                  <CopyButton text={code} label={t('common.copy')} />
                </Flex>
                <pre
                  className="code-block"
                  data-testid={`code-${tab.key}`}
                  style={{ background: token.colorFillQuaternary }}
                >
                  {code}
                </pre>
              </Flex>
            ),
          };
        })}
      />
    </Modal>
  );
}
