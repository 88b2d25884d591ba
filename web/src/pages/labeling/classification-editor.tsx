import { Button, Flex, Tag } from 'antd';
import type { LabelValue } from '../../api/labeling-api.ts';
import { optionKey, useShortcuts, type Shortcuts } from './use-shortcuts.ts';

/** One label (or several with `multiple`): click or press its number key. */
export function ClassificationEditor(props: {
  labels: string[];
  multiple: boolean;
  value: LabelValue | null;
  onChange(value: LabelValue | null): void;
}) {
  const selected =
    props.value && 'choices' in props.value
      ? props.value.choices
      : props.value && 'choice' in props.value
        ? [props.value.choice]
        : [];
  const toggle = (label: string) => {
    if (!props.multiple) return props.onChange({ choice: label });
    const next = selected.includes(label) ? selected.filter((item) => item !== label) : [...selected, label];
    props.onChange(next.length ? { choices: next } : null);
  };
  const shortcuts: Shortcuts = {};
  props.labels.forEach((label, index) => {
    const key = optionKey(index);
    if (key) shortcuts[key] = () => toggle(label);
  });
  useShortcuts(shortcuts);
  return (
    <Flex wrap gap={8} role="group" data-testid="classification-options">
      {props.labels.map((label, index) => {
        const active = selected.includes(label);
        return (
          <Button key={label} type={active ? 'primary' : 'default'} aria-pressed={active} onClick={() => toggle(label)}>
            {optionKey(index) && <Tag style={{ marginInlineEnd: 6 }}>{optionKey(index)}</Tag>}
            {label}
          </Button>
        );
      })}
    </Flex>
  );
}
