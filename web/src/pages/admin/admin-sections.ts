/**
 * The sections of the platform page, in groups: thirteen sections do not fit one tab bar (1,290 px
 * of English labels), five groups of two or three do, at 1024 px and in both languages.
 */
export const adminGroups = [
  { key: 'models', labelKey: 'admin.groups.models', sections: ['deployments', 'routing', 'channels'] },
  { key: 'customers', labelKey: 'admin.groups.customers', sections: ['organizations', 'users', 'signup'] },
  { key: 'offers', labelKey: 'admin.groups.offers', sections: ['plans', 'packages', 'codes'] },
  { key: 'revenue', labelKey: 'admin.groups.revenue', sections: ['payments', 'economics'] },
  { key: 'operations', labelKey: 'admin.groups.operations', sections: ['notifications', 'audit'] },
] as const;

export type AdminGroup = (typeof adminGroups)[number];
export type AdminSection = AdminGroup['sections'][number];

/** The i18n key of each section's label. */
export const sectionLabelKeys: Record<AdminSection, string> = {
  deployments: 'admin.tabs.deployments',
  routing: 'routing.tab',
  channels: 'admin.tabs.channels',
  organizations: 'admin.tabs.organizations',
  users: 'admin.tabs.users',
  signup: 'signupAdmin.tab',
  plans: 'admin.tabs.plans',
  packages: 'signupAdmin.packagesTab',
  codes: 'admin.tabs.codes',
  payments: 'admin.tabs.payments',
  economics: 'economics.tab',
  notifications: 'notifications.tab',
  audit: 'admin.tabs.audit',
};

const sections: readonly string[] = adminGroups.flatMap((group) => group.sections);

/** The section named in the URL (?tab=), or the first one when it names none. */
export function sectionFromUrl(requested: string | null): AdminSection {
  return sections.includes(requested ?? '') ? (requested as AdminSection) : adminGroups[0].sections[0];
}

export function groupOf(section: AdminSection): AdminGroup {
  return adminGroups.find((group) => (group.sections as readonly string[]).includes(section))!;
}
