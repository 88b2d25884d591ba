import { RobotOutlined } from '@ant-design/icons';
import { Flex, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LabelSchema, TaskView } from '../../api/labeling-api.ts';
import { LabelView } from './label-view.tsx';

type Suggestion = TaskView['suggestions'][number];

/** "87%" for a model's confidence (null when it gave none). */
export function confidenceText(confidence: number | null, language: string): string | null {
  if (confidence === null) return null;
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(confidence);
}

/** One model suggestion: the model, the label it suggests (as the label, not JSON), and its confidence. */
export function SuggestionView({
  suggestion,
  schema,
  text,
  compact = false,
}: {
  suggestion: Suggestion;
  schema?: LabelSchema;
  text?: string;
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const confidence = confidenceText(suggestion.confidence, i18n.language);
  return (
    <Flex gap={6} align={compact ? 'center' : 'flex-start'} wrap data-testid="suggestion" data-model={suggestion.model}>
      <Tooltip title={t('labelingReview.suggestedBy', { model: suggestion.model })}>
        <Tag icon={<RobotOutlined />} color="purple" style={{ marginInlineEnd: 0 }}>
          {suggestion.model}
        </Tag>
      </Tooltip>
      {confidence !== null && (
        <Tag
          color={suggestion.confidence! >= 0.8 ? 'green' : suggestion.confidence! >= 0.5 ? 'gold' : 'red'}
          data-testid="suggestion-confidence"
        >
          {t('labelingReview.confidence', { value: confidence })}
        </Tag>
      )}
      <div style={{ flex: compact ? undefined : '1 1 100%' }}>
        <LabelView value={suggestion.value} schema={schema} text={text} compact={compact} />
      </div>
    </Flex>
  );
}

/** The suggestions of a task (model pre-labels and imported predictions), marked as such. */
export function SuggestionList({
  task,
  schema,
  compact = false,
}: {
  task: TaskView;
  schema?: LabelSchema;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  if (task.suggestions.length === 0) return compact ? <Typography.Text type="secondary">—</Typography.Text> : null;
  return (
    <Flex vertical gap={6} data-testid="suggestions">
      {!compact && <Typography.Text type="secondary">{t('labeling.suggestions')}</Typography.Text>}
      {task.suggestions.map((suggestion) => (
        <SuggestionView
          key={suggestion.id}
          suggestion={suggestion}
          schema={schema}
          text={task.content.text}
          compact={compact}
        />
      ))}
    </Flex>
  );
}
