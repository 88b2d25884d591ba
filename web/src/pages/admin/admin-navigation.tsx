import { Grid, Select, Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { adminGroups, groupOf, sectionLabelKeys, type AdminSection } from './admin-sections.ts';

/**
 * The platform page's navigation around the open section. From 768 px: a tab bar of the five
 * groups and, inside the open group, a tab bar of its sections (every label shown whole, nothing
 * pushed into an overflow menu). On phones: one full-width picker listing the sections by group.
 */
export function AdminNavigation({
  active,
  onOpen,
  children,
}: {
  active: AdminSection;
  onOpen(section: AdminSection): void;
  /** The open section's content. */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const activeGroup = groupOf(active);

  if (screens.md === false) {
    return (
      <div data-testid="admin-navigation">
        <Select<AdminSection>
          data-testid="admin-section-select"
          aria-label={t('admin.section')}
          value={active}
          onChange={onOpen}
          style={{ width: '100%', marginBottom: 16 }}
          listHeight={600}
          virtual={false}
          options={adminGroups.map((group) => ({
            label: t(group.labelKey),
            title: t(group.labelKey),
            options: group.sections.map((section) => ({ value: section, label: t(sectionLabelKeys[section]) })),
          }))}
        />
        {children}
      </div>
    );
  }
  return (
    <div data-testid="admin-navigation">
      <Tabs
        activeKey={activeGroup.key}
        onChange={(key) => onOpen(adminGroups.find((group) => group.key === key)!.sections[0])}
        destroyOnHidden
        items={adminGroups.map((group) => ({
          key: group.key,
          label: t(group.labelKey),
          children:
            group.key === activeGroup.key ? (
              <Tabs
                type="card"
                size="small"
                activeKey={active}
                onChange={(key) => onOpen(key as AdminSection)}
                destroyOnHidden
                items={group.sections.map((section) => ({
                  key: section,
                  label: t(sectionLabelKeys[section]),
                  children: section === active ? children : null,
                }))}
              />
            ) : null,
        }))}
      />
    </div>
  );
}
