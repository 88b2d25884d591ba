import {
  ApiOutlined,
  AppstoreOutlined,
  BlockOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FileSearchOutlined,
  ExperimentOutlined,
  HighlightOutlined,
  SettingOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { ConsoleUser } from '../api/auth-api.ts';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';

export interface ConsolePage {
  key: string;
  path: string;
  /** i18n key of the menu label and page title. */
  titleKey: string;
  icon: ReactNode;
  /** The page component; null shows the "coming soon" state. */
  component: LazyExoticComponent<ComponentType> | null;
  /** Only platform operators see the page. */
  operatorOnly?: boolean;
}

const DashboardPage = lazy(() => import('../pages/dashboard/dashboard-page.tsx'));
const PlaygroundPage = lazy(() => import('../pages/playground/playground-page.tsx'));
const ModelsPage = lazy(() => import('../pages/models/models-page.tsx'));
const BillingPage = lazy(() => import('../pages/billing/billing-page.tsx'));
const AdminPage = lazy(() => import('../pages/admin/admin-page.tsx'));
const DataPage = lazy(() => import('../pages/data/data-page.tsx'));
const LabelingPage = lazy(() => import('../pages/labeling/labeling-page.tsx'));
const ApiKeysPage = lazy(() => import('../pages/api-keys/api-keys-page.tsx'));
const BatchesPage = lazy(() => import('../pages/batches/batches-page.tsx'));
const RequestLogPage = lazy(() => import('../pages/request-log/request-log-page.tsx'));

/** Every page of the side menu, in menu order. */
export const consolePages: readonly ConsolePage[] = [
  {
    key: 'dashboard',
    path: '/dashboard',
    titleKey: 'menu.dashboard',
    icon: <DashboardOutlined />,
    component: DashboardPage,
  },
  {
    key: 'playground',
    path: '/playground',
    titleKey: 'menu.playground',
    icon: <ExperimentOutlined />,
    component: PlaygroundPage,
  },
  { key: 'models', path: '/models', titleKey: 'menu.models', icon: <AppstoreOutlined />, component: ModelsPage },
  { key: 'api-keys', path: '/api-keys', titleKey: 'menu.apiKeys', icon: <ApiOutlined />, component: ApiKeysPage },
  { key: 'billing', path: '/billing', titleKey: 'menu.billing', icon: <WalletOutlined />, component: BillingPage },
  { key: 'data', path: '/data', titleKey: 'menu.data', icon: <DatabaseOutlined />, component: DataPage },
  {
    key: 'labeling',
    path: '/labeling',
    titleKey: 'menu.labeling',
    icon: <HighlightOutlined />,
    component: LabelingPage,
  },
  { key: 'batches', path: '/batches', titleKey: 'menu.batches', icon: <BlockOutlined />, component: BatchesPage },
  {
    key: 'request-log',
    path: '/request-log',
    titleKey: 'menu.requestLog',
    icon: <FileSearchOutlined />,
    component: RequestLogPage,
  },
  {
    key: 'admin',
    path: '/platform',
    titleKey: 'menu.admin',
    icon: <SettingOutlined />,
    component: AdminPage,
    operatorOnly: true,
  },
];

/** The page the console opens on. */
export const homePath = '/playground';

export function pageForPath(path: string, pages: readonly ConsolePage[]): ConsolePage | undefined {
  const segment = `/${path.split('/')[1] ?? ''}`;
  return pages.find((page) => page.path === segment);
}

/** The pages a user sees: operator pages need the operator flag. */
export function pagesForUser(user: ConsoleUser): ConsolePage[] {
  return consolePages.filter((page) => !page.operatorOnly || user.operator);
}
