import { FunctionOutlined } from '@ant-design/icons';
import { Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StreamedToolCall } from '../../api/chat-stream.ts';
import { formatToolArguments } from './tool-definitions.ts';

/** The functions an answer asked to call, each with its arguments as indented JSON (as text). */
export function ToolCalls({ calls }: { calls: readonly StreamedToolCall[] }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={8} style={{ marginTop: 8 }} data-testid="tool-calls">
      {calls.map((call) => (
        <Card
          key={call.index}
          size="small"
          data-testid="tool-call"
          title={
            <Flex gap={8} align="center" wrap>
              <FunctionOutlined />
              <Typography.Text>{t('playground.toolCall')}</Typography.Text>
              <Tag data-testid="tool-call-name">{call.name}</Tag>
              {call.id && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {call.id}
                </Typography.Text>
              )}
            </Flex>
          }
        >
          <pre className="code-block" style={{ margin: 0 }} data-testid="tool-call-arguments">
            {formatToolArguments(call.arguments)}
          </pre>
        </Card>
      ))}
    </Flex>
  );
}
