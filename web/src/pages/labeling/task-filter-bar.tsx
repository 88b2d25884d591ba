import { Button, Flex, Input, InputNumber, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { taskStatuses } from '@kaiyuan/api-contract/formats.ts';
import { defaultTaskFilters, hasNarrowingFilters, type TaskFilters } from './task-filters.ts';

type Tristate = 'any' | 'true' | 'false';
const tristate = (value: boolean | undefined): Tristate => (value === undefined ? 'any' : value ? 'true' : 'false');
const fromTristate = (value: Tristate): boolean | undefined => (value === 'any' ? undefined : value === 'true');

/** The review list's filters: status, a record meta key/value, disagreement, model suggestion and its confidence. */
export function TaskFilterBar({ filters, onChange }: { filters: TaskFilters; onChange(filters: TaskFilters): void }) {
  const { t } = useTranslation();
  // The meta key and value apply on Enter or when the box loses focus (not on every key).
  const [metaKey, setMetaKey] = useState(filters.metaKey);
  const [metaValue, setMetaValue] = useState(filters.metaValue);
  useEffect(() => {
    setMetaKey(filters.metaKey);
    setMetaValue(filters.metaValue);
  }, [filters.metaKey, filters.metaValue]);
  const applyMeta = () => {
    if (metaKey !== filters.metaKey || metaValue !== filters.metaValue) onChange({ ...filters, metaKey, metaValue });
  };
  return (
    <Flex wrap gap={8} align="center" data-testid="task-filters">
      <Select
        aria-label={t('labelingReview.filters.status')}
        data-testid="filter-status"
        style={{ minWidth: 150 }}
        value={filters.status}
        onChange={(status: TaskFilters['status']) => onChange({ ...filters, status })}
        options={[
          { value: 'all', label: t('labelingReview.filters.anyStatus') },
          ...taskStatuses.map((status) => ({ value: status, label: t(`labeling.statuses.${status}`) })),
        ]}
      />
      <Input
        aria-label={t('labelingReview.filters.metaKey')}
        placeholder={t('labelingReview.filters.metaKey')}
        data-testid="filter-meta-key"
        style={{ width: 140 }}
        value={metaKey}
        onChange={(event) => setMetaKey(event.target.value)}
        onPressEnter={applyMeta}
        onBlur={applyMeta}
        allowClear
      />
      <Input
        aria-label={t('labelingReview.filters.metaValue')}
        placeholder={t('labelingReview.filters.metaValue')}
        data-testid="filter-meta-value"
        style={{ width: 140 }}
        value={metaValue}
        disabled={!metaKey.trim()}
        onChange={(event) => setMetaValue(event.target.value)}
        onPressEnter={applyMeta}
        onBlur={applyMeta}
        allowClear
      />
      <Select
        aria-label={t('labelingReview.filters.agreement')}
        data-testid="filter-disagreement"
        style={{ minWidth: 170 }}
        value={tristate(filters.disagreement)}
        onChange={(value: Tristate) => onChange({ ...filters, disagreement: fromTristate(value) })}
        options={[
          { value: 'any', label: t('labelingReview.filters.anyAgreement') },
          { value: 'true', label: t('labelingReview.filters.disagree') },
          { value: 'false', label: t('labelingReview.filters.agree') },
        ]}
      />
      <Select
        aria-label={t('labelingReview.filters.suggestion')}
        data-testid="filter-suggested"
        style={{ minWidth: 170 }}
        value={tristate(filters.suggested)}
        onChange={(value: Tristate) => onChange({ ...filters, suggested: fromTristate(value) })}
        options={[
          { value: 'any', label: t('labelingReview.filters.anySuggestion') },
          { value: 'true', label: t('labelingReview.filters.suggested') },
          { value: 'false', label: t('labelingReview.filters.notSuggested') },
        ]}
      />
      <InputNumber<number>
        aria-label={t('labelingReview.filters.maxConfidence')}
        placeholder={t('labelingReview.filters.maxConfidence')}
        data-testid="filter-confidence"
        style={{ width: 190 }}
        min={0.01}
        max={1}
        step={0.05}
        value={filters.maxConfidence ?? null}
        onChange={(value) => onChange({ ...filters, maxConfidence: value ?? undefined })}
      />
      {(hasNarrowingFilters(filters) || filters.status !== defaultTaskFilters.status) && (
        <Button type="link" onClick={() => onChange(defaultTaskFilters)} data-testid="filter-reset">
          {t('labelingReview.filters.reset')}
        </Button>
      )}
    </Flex>
  );
}
