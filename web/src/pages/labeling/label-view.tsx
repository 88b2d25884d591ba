import { Flex, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LabelSchema, LabelValue, Span } from '../../api/labeling-api.ts';
import { spanSegments, spanText } from './label-diff.ts';

/** Colours of span labels by their place in the project's label list (the span editor's order). */
const spanColors = ['gold', 'green', 'blue', 'magenta', 'orange', 'cyan', 'purple', 'red', 'lime', 'geekblue'];

export function spanColor(label: string, labels: string[] | undefined): string {
  const index = labels?.indexOf(label) ?? -1;
  return spanColors[(index < 0 ? label.length : index) % spanColors.length]!;
}

/** "A is better" / "Tie" for a preference, "4 / 5" for a rating. */
export function useValueText() {
  const { t } = useTranslation();
  return (field: 'choice' | 'rating' | 'preferred', value: string, schema?: LabelSchema): string => {
    if (field === 'preferred')
      return value === 'tie' ? t('labeling.tie') : t('labeling.prefer', { side: value.toUpperCase() });
    if (field === 'rating' && schema?.kind === 'rating') return `${value} / ${schema.max}`;
    return value;
  };
}

/** One span as a chip: its label and the text it covers. */
export function SpanChip({
  span,
  text,
  labels,
  removed,
}: {
  span: Span;
  text?: string;
  labels?: string[];
  removed?: boolean;
}) {
  return (
    <Tag color={spanColor(span.label, labels)} style={removed ? { textDecoration: 'line-through' } : undefined}>
      {`${span.label}: ${spanText(span, text)}`}
    </Tag>
  );
}

/**
 * A label as what it means, never as JSON: class chips, the text with its spans highlighted, a
 * rating, the preferred response, an answer, Q&A pairs. Labels and task text are untrusted and are
 * rendered as React text only. `text` is the task's text (for spans); `compact` keeps spans as chips.
 */
export function LabelView({
  value,
  schema,
  text,
  compact = false,
}: {
  value: LabelValue | null | undefined;
  schema?: LabelSchema;
  text?: string;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const valueText = useValueText();
  const labels = schema && 'labels' in schema ? schema.labels : undefined;
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  if ('choice' in value) return <Tag color="blue">{value.choice}</Tag>;
  if ('choices' in value)
    return (
      <Flex wrap gap={4} component="span">
        {value.choices.length === 0 ? (
          <Typography.Text type="secondary">{t('labelingReview.noClasses')}</Typography.Text>
        ) : (
          value.choices.map((choice) => (
            <Tag key={choice} color="blue">
              {choice}
            </Tag>
          ))
        )}
      </Flex>
    );
  if ('rating' in value)
    return (
      <Tag color="gold" aria-label={t('labelingReview.rating')}>
        {`★ ${valueText('rating', String(value.rating), schema)}`}
      </Tag>
    );
  if ('preferred' in value) return <Tag color="geekblue">{valueText('preferred', value.preferred)}</Tag>;
  if ('answer' in value)
    return (
      <Typography.Paragraph className="plain-text" ellipsis={{ rows: 3, expandable: true }} style={{ margin: 0 }}>
        {value.answer}
      </Typography.Paragraph>
    );
  if ('spans' in value) {
    if (value.spans.length === 0)
      return <Typography.Text type="secondary">{t('labelingReview.noSpans')}</Typography.Text>;
    if (compact || text === undefined)
      return (
        <Flex wrap gap={4} component="span">
          {value.spans.map((span) => (
            <SpanChip key={`${span.start}:${span.end}`} span={span} text={text} labels={labels} />
          ))}
        </Flex>
      );
    return (
      <p className="plain-text" style={{ margin: 0, lineHeight: 2 }} data-testid="span-highlight">
        {spanSegments(text, value.spans).map((segment, index) =>
          segment.label === null ? (
            <span key={index}>{segment.text}</span>
          ) : (
            <mark
              key={index}
              title={segment.label}
              style={{ background: token.colorWarningBg, padding: '0 2px', borderRadius: 3 }}
            >
              {segment.text}
              <Tag color={spanColor(segment.label, labels)} style={{ marginInline: 4, fontSize: 11 }}>
                {segment.label}
              </Tag>
            </mark>
          ),
        )}
      </p>
    );
  }
  return (
    <Flex vertical gap={4}>
      {value.pairs.map((pair, index) => (
        <div key={index} className="plain-text">
          <Tag color={pair.keep === false ? 'red' : 'green'}>
            {pair.keep === false ? t('labelingReview.pairDropped') : t('labelingReview.pairKept')}
          </Tag>
          <Typography.Text strong>{pair.question}</Typography.Text>
          {' — '}
          <Typography.Text>{pair.answer}</Typography.Text>
        </div>
      ))}
    </Flex>
  );
}
