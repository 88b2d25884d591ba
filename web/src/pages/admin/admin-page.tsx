import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header.tsx';
import { useRouter } from '../../routing/router.tsx';
import { AuditTab } from './audit-tab.tsx';
import { ChannelsTab } from './channels-tab.tsx';
import { DeploymentsTab } from './deployments-tab.tsx';
import { OrganizationsTab } from './organizations-tab.tsx';
import { PaymentsTab } from './payments-tab.tsx';
import { PlansAndPricesTab } from './plans-and-prices-tab.tsx';
import { RedemptionCodesTab } from './redemption-codes-tab.tsx';
import { UsersTab } from './users-tab.tsx';
import { SignupTab } from './signup-tab.tsx';
import { PackagesTab } from './packages-tab.tsx';
import { EconomicsTab } from './economics-tab.tsx';
import { NotificationsTab } from './notifications-tab.tsx';
import { RoutingTab } from './routing-tab.tsx';

const tabKeys = [
  'deployments',
  'routing',
  'channels',
  'organizations',
  'users',
  'signup',
  'plans',
  'packages',
  'codes',
  'payments',
  'economics',
  'notifications',
  'audit',
] as const;
type TabKey = (typeof tabKeys)[number];

/** Platform administration (operators only): the tab is kept in the URL (?tab=). */
export default function AdminPage() {
  const { t } = useTranslation();
  const { location, navigate } = useRouter();
  const requested = location.search.get('tab');
  const active: TabKey = (tabKeys as readonly string[]).includes(requested ?? '')
    ? (requested as TabKey)
    : 'deployments';
  return (
    <>
      <PageHeader title={t('admin.title')} subtitle={t('admin.subtitle')} />
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`${location.path}?tab=${key}`)}
        destroyOnHidden
        items={[
          { key: 'deployments', label: t('admin.tabs.deployments'), children: <DeploymentsTab /> },
          { key: 'routing', label: t('routing.tab'), children: <RoutingTab /> },
          { key: 'channels', label: t('admin.tabs.channels'), children: <ChannelsTab /> },
          { key: 'organizations', label: t('admin.tabs.organizations'), children: <OrganizationsTab /> },
          { key: 'users', label: t('admin.tabs.users'), children: <UsersTab /> },
          { key: 'signup', label: t('signupAdmin.tab'), children: <SignupTab /> },
          { key: 'plans', label: t('admin.tabs.plans'), children: <PlansAndPricesTab /> },
          { key: 'packages', label: t('signupAdmin.packagesTab'), children: <PackagesTab /> },
          { key: 'codes', label: t('admin.tabs.codes'), children: <RedemptionCodesTab /> },
          { key: 'payments', label: t('admin.tabs.payments'), children: <PaymentsTab /> },
          { key: 'economics', label: t('economics.tab'), children: <EconomicsTab /> },
          { key: 'notifications', label: t('notifications.tab'), children: <NotificationsTab /> },
          { key: 'audit', label: t('admin.tabs.audit'), children: <AuditTab /> },
        ]}
      />
    </>
  );
}
