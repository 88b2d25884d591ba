import { SendOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Flex, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The message box: Enter sends, Shift+Enter adds a line (IME composition is respected). */
export function ChatComposer({
  busy,
  disabled,
  onSend,
  onStop,
}: {
  busy: boolean;
  disabled: boolean;
  onSend(text: string): void;
  onStop(): void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');

  const submit = () => {
    if (busy || disabled || !text.trim()) return;
    onSend(text);
    setText('');
  };

  return (
    <Flex gap={8} align="flex-end">
      <Input.TextArea
        aria-label={t('playground.message')}
        data-testid="chat-input"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
        placeholder={t('playground.messagePlaceholder')}
        autoSize={{ minRows: 2, maxRows: 8 }}
        disabled={disabled}
      />
      {busy ? (
        <Button key="stop" danger icon={<StopOutlined />} onClick={onStop} data-testid="chat-stop">
          {t('playground.stop')}
        </Button>
      ) : (
        <Button
          key="send"
          type="primary"
          icon={<SendOutlined />}
          onClick={submit}
          disabled={disabled || !text.trim()}
          data-testid="chat-send"
        >
          {t('playground.send')}
        </Button>
      )}
    </Flex>
  );
}
