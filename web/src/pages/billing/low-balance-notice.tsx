import { Alert, App, Button, Card, Flex, InputNumber, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { getOrganization, updateOrganization } from '../../api/admin-platform-api.ts';
import { fetchBalance } from '../../api/admin-usage-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { useMoney } from '../../format/money.ts';

const nanoPerUnit = 1_000_000_000;

/** The organization's balance and its low-balance threshold (in currency units; null: none). */
function useBalanceAndThreshold(version = 0) {
  const orgId = useAuth().state?.user?.orgId ?? '';
  return useApiResource(
    async (signal) => {
      const [balance, organization] = await Promise.all([fetchBalance(signal), getOrganization(orgId, signal)]);
      const threshold = organization.lowBalanceThreshold;
      return {
        orgId,
        balance: Number(balance.balance),
        currency: balance.currency,
        threshold: threshold === null || threshold === undefined ? null : threshold / nanoPerUnit,
        house: organization.house === true,
      };
    },
    [orgId, version],
  );
}

/** A warning while the balance is below the threshold the organization set. */
export function LowBalanceNotice() {
  const { t } = useTranslation();
  const money = useMoney();
  const state = useBalanceAndThreshold().data;
  if (!state || state.threshold === null || state.house || state.balance >= state.threshold) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="low-balance"
      title={t('notices.lowBalance', {
        balance: money(state.balance, state.currency),
        threshold: money(state.threshold, state.currency),
      })}
    />
  );
}

/** Owners and admins set the threshold below which the console warns (and e-mails, when SMTP is set). */
export function LowBalanceSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const role = useAuth().state?.user?.role;
  const [version, setVersion] = useState(0);
  const state = useBalanceAndThreshold(version);
  const [value, setValue] = useState<number | null>(null);
  useEffect(() => setValue(state.data?.threshold ?? null), [state.data?.threshold]);
  if (role !== 'owner' && role !== 'admin') return null;
  const save = async (threshold: number | null) => {
    try {
      await updateOrganization(state.data!.orgId, {
        lowBalanceThreshold: threshold === null ? null : threshold.toFixed(2),
      });
      void message.success(t('notices.saved'));
      setVersion((current) => current + 1);
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };
  return (
    <Card size="small" title={t('notices.title')} loading={!state.data} style={{ height: '100%' }}>
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t('notices.hint')}</Typography.Text>
        <Flex gap={8} wrap>
          <InputNumber
            aria-label={t('notices.threshold')}
            min={0.01}
            precision={2}
            value={value}
            onChange={(next) => setValue(next)}
            addonAfter={state.data?.currency}
            data-testid="low-balance-threshold"
          />
          <Button type="primary" disabled={value === null} onClick={() => void save(value)}>
            {t('notices.save')}
          </Button>
          {state.data?.threshold !== null && <Button onClick={() => void save(null)}>{t('notices.off')}</Button>}
        </Flex>
      </Flex>
    </Card>
  );
}
