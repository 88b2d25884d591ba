import { Button, Flex, Input, Select, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestLogFilter } from '../../api/request-log-api.ts';

const statuses = ['completed', 'client_disconnected', 'failed_midway', 'failed', 'refused'] as const;

/** The filter bar: model, status, error code, errors only; organization and channel for the operator. */
export function RequestLogFilters({
  operator,
  onApply,
}: {
  operator: boolean;
  onApply(filter: RequestLogFilter): void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<RequestLogFilter>({});
  const set = (patch: Partial<RequestLogFilter>) => setDraft((current) => ({ ...current, ...patch }));
  const text = (field: keyof RequestLogFilter, placeholder: string) => (
    <Input
      allowClear
      style={{ width: 180 }}
      placeholder={placeholder}
      aria-label={placeholder}
      value={(draft[field] as string | undefined) ?? ''}
      onChange={(event) => set({ [field]: event.target.value.trim() || undefined })}
      onPressEnter={() => onApply(draft)}
    />
  );
  return (
    <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }} data-testid="request-log-filters">
      {text('requestId', t('requestLog.requestId'))}
      {text('model', t('requestLog.model'))}
      <Select
        allowClear
        style={{ width: 180 }}
        placeholder={t('requestLog.status')}
        aria-label={t('requestLog.status')}
        value={draft.status}
        onChange={(status?: string) => set({ status })}
        options={statuses.map((status) => ({ value: status, label: t(`requestLog.statuses.${status}`) }))}
      />
      {text('errorCode', t('requestLog.errorCode'))}
      {operator && text('orgId', t('requestLog.organization'))}
      {operator && text('channel', t('requestLog.channel'))}
      <Flex gap={4} align="center">
        <Switch
          size="small"
          checked={draft.errorsOnly === true}
          onChange={(errorsOnly) => set({ errorsOnly })}
          aria-label={t('requestLog.errorsOnly')}
        />
        <Typography.Text>{t('requestLog.errorsOnly')}</Typography.Text>
      </Flex>
      <Button type="primary" onClick={() => onApply(draft)}>
        {t('requestLog.search')}
      </Button>
    </Flex>
  );
}
