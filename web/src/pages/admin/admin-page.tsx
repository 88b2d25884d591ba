import type { ReactNode } from 'react';
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
import { AdminNavigation } from './admin-navigation.tsx';
import { sectionFromUrl, type AdminSection } from './admin-sections.ts';

const sectionContent: Record<AdminSection, () => ReactNode> = {
  deployments: () => <DeploymentsTab />,
  routing: () => <RoutingTab />,
  channels: () => <ChannelsTab />,
  organizations: () => <OrganizationsTab />,
  users: () => <UsersTab />,
  signup: () => <SignupTab />,
  plans: () => <PlansAndPricesTab />,
  packages: () => <PackagesTab />,
  codes: () => <RedemptionCodesTab />,
  payments: () => <PaymentsTab />,
  economics: () => <EconomicsTab />,
  notifications: () => <NotificationsTab />,
  audit: () => <AuditTab />,
};

/** Platform administration (operators only): the open section is kept in the URL (?tab=). */
export default function AdminPage() {
  const { t } = useTranslation();
  const { location, navigate } = useRouter();
  const active = sectionFromUrl(location.search.get('tab'));
  return (
    <>
      <PageHeader title={t('admin.title')} subtitle={t('admin.subtitle')} />
      <AdminNavigation active={active} onOpen={(section) => navigate(`${location.path}?tab=${section}`)}>
        {sectionContent[active]()}
      </AdminNavigation>
    </>
  );
}
