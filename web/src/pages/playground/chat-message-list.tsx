import { EditOutlined, RedoOutlined, RobotOutlined, UserOutlined } from '@ant-design/icons';
import { QuotaHint } from '../../components/quota-hint.tsx';
import { Alert, Avatar, Button, Empty, Flex, Input, Spin, Tag, Tooltip, Typography, theme } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/copy-button.tsx';
import { AnswerMarkdown } from './answer-markdown.tsx';
import { AnswerStats } from './answer-stats.tsx';
import { userOrdinal, type ChatTurn } from './conversation.ts';
import { formatJsonAnswer } from './tool-definitions.ts';
import { ToolCalls } from './tool-calls.tsx';

interface Actions {
  /** Another answer to the last message (offered on the last answer when nothing streams). */
  onRegenerate?(): void;
  /** Resend from the `ordinal`-th user message with new text; later turns are dropped. */
  onEdit?(ordinal: number, text: string): void;
  busy?: boolean;
}

/** The conversation. Every message is rendered as text elements (React escapes them); never as HTML. */
export function ChatMessageList({ turns, ...actions }: { turns: readonly ChatTurn[] } & Actions) {
  const { t } = useTranslation();
  const endRef = useRef<HTMLDivElement>(null);
  const last = turns[turns.length - 1];

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [turns.length, last?.content, last?.toolCalls?.length, last?.status]);

  if (turns.length === 0) {
    return <Empty description={<EmptyText />} style={{ margin: '48px 0' }} />;
  }
  return (
    <div role="log" aria-live="polite" aria-label={t('playground.conversation')} data-testid="chat-log">
      {turns.map((turn) => (
        <ChatMessage
          key={turn.id}
          turn={turn}
          last={turn === last}
          ordinal={turn.role === 'user' ? userOrdinal(turns, turn.id) : -1}
          {...actions}
        />
      ))}
      <div ref={endRef} />
    </div>
  );
}

function EmptyText() {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Text strong>{t('playground.emptyTitle')}</Typography.Text>
      <br />
      <Typography.Text type="secondary">{t('playground.emptyDetail')}</Typography.Text>
    </>
  );
}

function ChatMessage({
  turn,
  last,
  ordinal,
  onRegenerate,
  onEdit,
  busy,
}: { turn: ChatTurn; last: boolean; ordinal: number } & Actions) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [editing, setEditing] = useState<string | null>(null);
  const user = turn.role === 'user';
  const json = turn.json && turn.status !== 'streaming' ? formatJsonAnswer(turn.content) : null;
  return (
    <Flex
      gap={12}
      style={{ padding: '12px 0', borderBottom: `1px solid ${token.colorBorderSecondary}` }}
      data-testid={`message-${turn.role}`}
    >
      <Avatar
        icon={user ? <UserOutlined /> : <RobotOutlined />}
        style={{ flex: 'none', background: user ? token.colorPrimary : token.colorSuccess }}
      />
      <div style={{ minWidth: 0, flex: 1 }}>
        <Flex gap={8} align="center" wrap>
          <Typography.Text strong>{user ? t('playground.you') : t('playground.assistant')}</Typography.Text>
          {turn.model && <Tag>{turn.model}</Tag>}
          {turn.json && <Tag color="blue">JSON</Tag>}
          {turn.status === 'streaming' && <Spin size="small" aria-label={t('playground.streaming')} />}
          {turn.status === 'stopped' && <Tag color="warning">{t('playground.stopped')}</Tag>}
          <span style={{ flex: 1 }} />
          {user && onEdit && editing === null && (
            <Tooltip title={t('playground.edit')}>
              <Button
                size="small"
                type="text"
                icon={<EditOutlined />}
                aria-label={t('playground.edit')}
                disabled={busy}
                onClick={() => setEditing(turn.content)}
                data-testid="edit-message"
              />
            </Tooltip>
          )}
          {/* A JSON answer is shown as a code block, which has its own copy button. */}
          {!user && turn.status !== 'streaming' && turn.content && json === null && <CopyButton text={turn.content} />}
          {!user && last && onRegenerate && turn.status !== 'streaming' && (
            <Button
              size="small"
              icon={<RedoOutlined />}
              disabled={busy}
              onClick={onRegenerate}
              data-testid="regenerate"
            >
              {t('playground.regenerate')}
            </Button>
          )}
        </Flex>
        {turn.reasoning && (
          <details style={{ marginTop: 6 }} open={turn.status === 'streaming' && !turn.content}>
            <summary>
              <Typography.Text type="secondary">{t('playground.reasoning')}</Typography.Text>
            </summary>
            <p
              className="plain-text"
              data-testid="message-reasoning"
              style={{ color: token.colorTextSecondary, marginTop: 4 }}
            >
              {turn.reasoning}
            </p>
          </details>
        )}
        {editing !== null ? (
          <Flex vertical gap={8} style={{ marginTop: 6 }}>
            <Input.TextArea
              aria-label={t('playground.editMessage')}
              data-testid="edit-input"
              value={editing}
              autoFocus
              autoSize={{ minRows: 2, maxRows: 8 }}
              onChange={(event) => setEditing(event.target.value)}
            />
            <Flex gap={8} justify="flex-end">
              <Button size="small" onClick={() => setEditing(null)}>
                {t('common.cancel')}
              </Button>
              <Button
                size="small"
                type="primary"
                disabled={busy || !editing.trim()}
                data-testid="edit-resend"
                onClick={() => {
                  onEdit?.(ordinal, editing);
                  setEditing(null);
                }}
              >
                {t('playground.resend')}
              </Button>
            </Flex>
          </Flex>
        ) : user ? (
          <p className="plain-text" data-testid="message-text" style={{ marginTop: 6 }}>
            {turn.content}
          </p>
        ) : (
          <AnswerMarkdown text={json === null ? turn.content : `\`\`\`json\n${json}\n\`\`\``} />
        )}
        {turn.toolCalls && turn.toolCalls.length > 0 && <ToolCalls calls={turn.toolCalls} />}
        {turn.status === 'error' &&
          (turn.errorStatus === 402 ? (
            <QuotaHint message={turn.error} />
          ) : (
            <Alert type="error" showIcon title={t('playground.failed')} description={turn.error} role="alert" />
          ))}
        {turn.stats && <AnswerStats stats={turn.stats} />}
      </div>
    </Flex>
  );
}
