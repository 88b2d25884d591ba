import { Button, Flex } from 'antd';
import type { LabelValue } from '../../api/labeling-api.ts';
import { useShortcuts, type Shortcuts } from './use-shortcuts.ts';

/** An integer rating from min to max; single-digit ratings have their digit as shortcut. */
export function RatingEditor(props: {
  min: number;
  max: number;
  value: LabelValue | null;
  onChange(value: LabelValue): void;
}) {
  const current = props.value && 'rating' in props.value ? props.value.rating : null;
  const values = Array.from({ length: props.max - props.min + 1 }, (_, index) => props.min + index);
  const shortcuts: Shortcuts = {};
  for (const value of values)
    if (value >= 0 && value <= 9) shortcuts[String(value)] = () => props.onChange({ rating: value });
  useShortcuts(shortcuts);
  return (
    <Flex wrap gap={8} role="group">
      {values.map((value) => (
        <Button
          key={value}
          type={current === value ? 'primary' : 'default'}
          aria-pressed={current === value}
          onClick={() => props.onChange({ rating: value })}
          style={{ minWidth: 44 }}
        >
          {value}
        </Button>
      ))}
    </Flex>
  );
}
