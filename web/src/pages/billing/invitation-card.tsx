import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchInvitation } from '../../api/signup-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useMoney } from '../../format/money.ts';

/** The organization's invitation link and code, and how many invitees signed up and paid. */
export function InvitationCard({ currency }: { currency?: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  // The rewards in the one money format, once the organization's currency is known.
  const reward = (amount: string) => (currency ? money(amount, currency) : amount);
  const invitation = useApiResource((signal) => fetchInvitation(signal), []);
  const data = invitation.data;
  return (
    <Card size="small" title={t('packages.invitationTitle')} loading={invitation.loading && !data}>
      {invitation.error !== null && <ErrorAlert error={invitation.error} onRetry={invitation.reload} />}
      {data && (
        <>
          <Typography.Paragraph type="secondary">
            {t('packages.invitationBody', {
              referrer: reward(data.referrerReward),
              invitee: reward(data.inviteeReward),
            })}
          </Typography.Paragraph>
          <Typography.Paragraph>
            <Typography.Text code data-testid="invitation-link">
              {data.link}
            </Typography.Text>{' '}
            <CopyButton text={data.link} />
          </Typography.Paragraph>
          <Typography.Text type="secondary">
            {t('packages.invited', { invited: data.invited, rewarded: data.rewarded })}
          </Typography.Text>
        </>
      )}
    </Card>
  );
}
