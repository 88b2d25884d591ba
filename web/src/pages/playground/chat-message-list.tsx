import { RobotOutlined, UserOutlined } from '@ant-design/icons';
import { QuotaHint } from '../../components/quota-hint.tsx';
import { Alert, Avatar, Empty, Flex, Spin, Tag, Typography, theme } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { AnswerMarkdown } from './answer-markdown.tsx';
import { AnswerStats } from './answer-stats.tsx';
import type { ChatTurn } from './use-chat-session.ts';

/** The conversation. Every message is rendered as plain text (React escapes it); never as HTML. */
export function ChatMessageList({ turns }: { turns: readonly ChatTurn[] }) {
  const { t } = useTranslation();
  const endRef = useRef<HTMLDivElement>(null);
  const last = turns[turns.length - 1];

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [turns.length, last?.content]);

  if (turns.length === 0) {
    return <Empty description={<EmptyText />} style={{ margin: '48px 0' }} />;
  }
  return (
    <div role="log" aria-live="polite" aria-label={t('playground.conversation')} data-testid="chat-log">
      {turns.map((turn) => (
        <ChatMessage key={turn.id} turn={turn} />
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

function ChatMessage({ turn }: { turn: ChatTurn }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const user = turn.role === 'user';
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
        <Flex gap={8} align="center">
          <Typography.Text strong>{user ? t('playground.you') : t('playground.assistant')}</Typography.Text>
          {turn.model && <Tag>{turn.model}</Tag>}
          {turn.status === 'streaming' && <Spin size="small" aria-label={t('playground.streaming')} />}
          {turn.status === 'stopped' && <Tag color="warning">{t('playground.stopped')}</Tag>}
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
        {user ? (
          <p className="plain-text" data-testid="message-text" style={{ marginTop: 6 }}>
            {turn.content}
          </p>
        ) : (
          <AnswerMarkdown text={turn.content} />
        )}
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
