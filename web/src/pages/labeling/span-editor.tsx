import { CloseOutlined } from '@ant-design/icons';
import { Button, Flex, Tag, Typography, theme } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelValue, Span } from '../../api/labeling-api.ts';
import { optionKey } from './use-shortcuts.ts';

const colors = [
  '#fadb14',
  '#95de64',
  '#69b1ff',
  '#ff85c0',
  '#ffc069',
  '#5cdbd3',
  '#b37feb',
  '#ff7875',
  '#bae637',
  '#d3adf7',
];

/**
 * Span highlighting on (CJK) text: select text in the read-only box with the mouse or with
 * Shift+arrow keys, then press a label's number key (or click the label). Offsets are UTF-16
 * indices from the browser; the request says so and the server converts them to code points.
 */
export function SpanEditor(props: {
  text: string;
  labels: string[];
  value: LabelValue | null;
  onChange(value: LabelValue): void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const areaRef = useRef<HTMLTextAreaElement | null>(null);
  const [selection, setSelection] = useState<{ start: number; end: number } | null>(null);
  const spans = props.value && 'spans' in props.value ? props.value.spans : [];

  const readSelection = () => {
    const area = areaRef.current;
    if (!area) return null;
    const range =
      area.selectionEnd > area.selectionStart ? { start: area.selectionStart, end: area.selectionEnd } : null;
    setSelection(range);
    return range;
  };
  const addSpan = (label: string) => {
    const range = readSelection() ?? selection;
    if (!range) return;
    const overlapping = spans.some((span) => span.start < range.end && range.start < span.end);
    const kept = overlapping ? spans.filter((span) => !(span.start < range.end && range.start < span.end)) : spans;
    props.onChange({ spans: [...kept, { ...range, label }].sort((a, b) => a.start - b.start) });
  };
  const remove = (index: number) => props.onChange({ spans: spans.filter((_, position) => position !== index) });

  return (
    <Flex vertical gap={12}>
      <textarea
        ref={areaRef}
        // Not `readOnly`: Chromium does not move the caret in read-only text areas, and keyboard
        // users select with Shift+arrows. Edits are blocked instead (the text is the record's).
        aria-readonly="true"
        value={props.text}
        onChange={() => undefined}
        onBeforeInput={(event) => event.preventDefault()}
        onPaste={(event) => event.preventDefault()}
        onCut={(event) => event.preventDefault()}
        onDrop={(event) => event.preventDefault()}
        aria-label={t('labeling.spanText')}
        rows={Math.min(14, Math.max(3, Math.ceil(props.text.length / 60)))}
        onSelect={() => readSelection()}
        onKeyDown={(event) => {
          const modifier = event.ctrlKey || event.metaKey || event.altKey;
          const index = event.key === '0' ? 9 : Number(event.key) - 1;
          if (!modifier && /^[0-9]$/.test(event.key) && props.labels[index]) {
            event.preventDefault();
            addSpan(props.labels[index]!);
          } else if (
            !modifier &&
            (event.key.length === 1 || event.key === 'Backspace' || event.key === 'Delete' || event.key === 'Enter')
          ) {
            event.preventDefault(); // no typing into the record
          }
        }}
        data-testid="span-text"
        style={{
          width: '100%',
          resize: 'vertical',
          padding: '8px 12px',
          font: 'inherit',
          lineHeight: 1.7,
          color: token.colorText,
          background: token.colorBgContainer,
          border: `1px solid ${token.colorBorder}`,
          borderRadius: token.borderRadius,
          boxSizing: 'border-box',
        }}
      />
      <Flex wrap gap={8} align="center">
        <Typography.Text type="secondary">{t('labeling.spanHint')}</Typography.Text>
        {props.labels.map((label, index) => (
          <Button
            key={label}
            size="small"
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => addSpan(label)}
            style={{ background: colors[index % colors.length], color: '#000' }}
          >
            {optionKey(index) && `${optionKey(index)} · `}
            {label}
          </Button>
        ))}
      </Flex>
      <HighlightedText text={props.text} spans={spans} labels={props.labels} />
      <Flex wrap gap={6} data-testid="span-list">
        {spans.map((span, index) => (
          <Tag
            key={`${span.start}-${span.end}`}
            color={colors[props.labels.indexOf(span.label) % colors.length]}
            style={{ color: '#000' }}
          >
            {`${span.label}: ${props.text.slice(span.start, span.end)}`}
            <Button
              type="text"
              size="small"
              icon={<CloseOutlined />}
              onClick={() => remove(index)}
              aria-label={`${t('labeling.removeSpan')} ${span.label}`}
            />
          </Tag>
        ))}
      </Flex>
    </Flex>
  );
}

/** The text with its spans marked; every piece is a text node (the text is untrusted). */
function HighlightedText({ text, spans, labels }: { text: string; spans: Span[]; labels: string[] }) {
  const { token } = theme.useToken();
  const pieces: { text: string; span: Span | null }[] = [];
  let position = 0;
  for (const span of spans) {
    if (span.start > position) pieces.push({ text: text.slice(position, span.start), span: null });
    pieces.push({ text: text.slice(span.start, span.end), span });
    position = span.end;
  }
  if (position < text.length) pieces.push({ text: text.slice(position), span: null });
  return (
    <p
      className="plain-text"
      data-testid="span-preview"
      style={{ padding: 12, background: token.colorFillQuaternary, borderRadius: 8 }}
    >
      {pieces.map((piece, index) =>
        piece.span ? (
          <mark
            key={index}
            title={piece.span.label}
            style={{
              background: colors[labels.indexOf(piece.span.label) % colors.length],
              padding: '0 2px',
              borderRadius: 3,
            }}
          >
            {piece.text}
            <sup style={{ fontSize: 10, marginInlineStart: 2 }}>{piece.span.label}</sup>
          </mark>
        ) : (
          <span key={index}>{piece.text}</span>
        ),
      )}
    </p>
  );
}
