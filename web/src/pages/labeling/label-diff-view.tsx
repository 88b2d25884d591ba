import { ArrowRightOutlined } from '@ant-design/icons';
import { Flex, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LabelSchema, LabelValue } from '../../api/labeling-api.ts';
import { diffLabels, type TextSegment } from './label-diff.ts';
import { LabelView, SpanChip, useValueText } from './label-view.tsx';

/** Text compared word by word: removed words struck through in red, added ones underlined in green. */
function SegmentsView({ segments }: { segments: TextSegment[] }) {
  const { token } = theme.useToken();
  return (
    <p className="plain-text" style={{ margin: 0 }}>
      {segments.map((segment, index) =>
        segment.type === 'same' ? (
          <span key={index}>{segment.text}</span>
        ) : segment.type === 'added' ? (
          <ins key={index} style={{ background: token.colorSuccessBg, color: token.colorSuccessText }}>
            {segment.text}
          </ins>
        ) : (
          <del key={index} style={{ background: token.colorErrorBg, color: token.colorErrorText }}>
            {segment.text}
          </del>
        ),
      )}
    </p>
  );
}

/**
 * What a change did to a label, readable: "positive → negative", "+ LOC 上海", a struck-through
 * word beside its replacement. `before` null is a first label; `after` null a label taken back.
 */
export function LabelDiffView({
  before,
  after,
  schema,
  text,
}: {
  before: LabelValue | null;
  after: LabelValue | null;
  schema?: LabelSchema;
  text?: string;
}) {
  const { t } = useTranslation();
  const valueText = useValueText();
  const labels = schema && 'labels' in schema ? schema.labels : undefined;
  const changes = diffLabels(before, after);
  if (changes.length === 0)
    return (
      <Flex gap={6} align="center" wrap data-testid="label-diff" data-change="none">
        <Typography.Text type="secondary">{t('labelingReview.unchanged')}</Typography.Text>
        {after && <LabelView value={after} schema={schema} text={text} compact />}
      </Flex>
    );
  return (
    <Flex vertical gap={6} data-testid="label-diff">
      {changes.map((change, index) => {
        switch (change.type) {
          case 'value':
            return (
              <Flex key={index} gap={6} align="center" wrap data-change="value">
                {change.from === null ? (
                  <Typography.Text type="secondary">{t('labelingReview.set')}</Typography.Text>
                ) : (
                  <Tag style={{ textDecoration: 'line-through' }} color="red">
                    {valueText(change.field, change.from, schema)}
                  </Tag>
                )}
                <ArrowRightOutlined aria-hidden />
                {change.to === null ? (
                  <Typography.Text type="secondary">{t('labelingReview.cleared')}</Typography.Text>
                ) : (
                  <Tag color="green">{valueText(change.field, change.to, schema)}</Tag>
                )}
              </Flex>
            );
          case 'choices':
            return (
              <Flex key={index} gap={4} wrap data-change="choices">
                {change.added.map((choice) => (
                  <Tag key={`+${choice}`} color="green">{`+ ${choice}`}</Tag>
                ))}
                {change.removed.map((choice) => (
                  <Tag key={`-${choice}`} color="red" style={{ textDecoration: 'line-through' }}>
                    {`− ${choice}`}
                  </Tag>
                ))}
                {change.kept.map((choice) => (
                  <Tag key={`=${choice}`}>{choice}</Tag>
                ))}
              </Flex>
            );
          case 'spans':
            return (
              <Flex key={index} vertical gap={4} data-change="spans">
                {change.added.length > 0 && (
                  <Flex gap={4} wrap align="center">
                    <Typography.Text type="success">{t('labelingReview.spansAdded')}</Typography.Text>
                    {change.added.map((span) => (
                      <SpanChip key={`${span.start}:${span.end}`} span={span} text={text} labels={labels} />
                    ))}
                  </Flex>
                )}
                {change.removed.length > 0 && (
                  <Flex gap={4} wrap align="center">
                    <Typography.Text type="danger">{t('labelingReview.spansRemoved')}</Typography.Text>
                    {change.removed.map((span) => (
                      <SpanChip key={`${span.start}:${span.end}`} span={span} text={text} labels={labels} removed />
                    ))}
                  </Flex>
                )}
                {change.relabeled.map(({ span, from }) => (
                  <Flex key={`${span.start}:${span.end}`} gap={4} wrap align="center">
                    <Typography.Text type="warning">{t('labelingReview.spanRelabeled')}</Typography.Text>
                    <Tag style={{ textDecoration: 'line-through' }}>{from}</Tag>
                    <ArrowRightOutlined aria-hidden />
                    <SpanChip span={span} text={text} labels={labels} />
                  </Flex>
                ))}
              </Flex>
            );
          case 'text':
            return (
              <div key={index} data-change="text">
                <SegmentsView segments={change.segments} />
              </div>
            );
          case 'pairs':
            return (
              <Flex key={index} vertical gap={6} data-change="pairs">
                {change.pairs.map((pair) => (
                  <div key={pair.index}>
                    <Typography.Text strong>
                      {t(`labelingReview.pair.${pair.status}`, { number: pair.index + 1 })}
                    </Typography.Text>
                    {pair.keep.from !== pair.keep.to && pair.status === 'changed' && (
                      <Tag color={pair.keep.to ? 'green' : 'red'} style={{ marginInlineStart: 6 }}>
                        {pair.keep.to ? t('labelingReview.pairKept') : t('labelingReview.pairDropped')}
                      </Tag>
                    )}
                    <SegmentsView segments={pair.question} />
                    <SegmentsView segments={pair.answer} />
                  </div>
                ))}
              </Flex>
            );
          case 'kind':
            return (
              <Flex key={index} gap={6} align="center" wrap data-change="kind">
                <LabelView value={change.from} schema={schema} text={text} compact />
                <ArrowRightOutlined aria-hidden />
                <LabelView value={change.to} schema={schema} text={text} compact />
              </Flex>
            );
        }
      })}
    </Flex>
  );
}
