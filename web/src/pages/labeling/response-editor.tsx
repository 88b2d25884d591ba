import { Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LabelValue } from '../../api/labeling-api.ts';

/** Write or edit the answer to the instruction (Ctrl/Cmd+Enter submits). */
export function ResponseEditor(props: { value: LabelValue | null; onChange(value: LabelValue | null): void }) {
  const { t } = useTranslation();
  const answer = props.value && 'answer' in props.value ? props.value.answer : '';
  return (
    <Input.TextArea
      aria-label={t('labeling.answer')}
      value={answer}
      onChange={(event) => props.onChange(event.target.value.trim() ? { answer: event.target.value } : null)}
      autoSize={{ minRows: 6, maxRows: 20 }}
      placeholder={t('labeling.answerPlaceholder')}
      data-testid="response-input"
    />
  );
}
