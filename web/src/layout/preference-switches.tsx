import { MoonOutlined, SunOutlined } from '@ant-design/icons';
import { Button, Segmented, Space, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n/language.ts';
import { usePreferences } from '../theme/preferences-context.tsx';

const languageOptions: { value: Language; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

/** Language (中文 / English) and light/dark theme switches, shown in the header and on sign-in. */
export function PreferenceSwitches() {
  const { t } = useTranslation();
  const { language, setLanguage, themeMode, setThemeMode } = usePreferences();
  const dark = themeMode === 'dark';
  const themeLabel = dark ? t('header.switchToLight') : t('header.switchToDark');
  return (
    <Space>
      <Segmented<Language>
        aria-label={t('header.language')}
        data-testid="language-switch"
        size="small"
        value={language}
        options={languageOptions}
        onChange={setLanguage}
      />
      <Tooltip title={themeLabel}>
        <Button
          aria-label={themeLabel}
          data-testid="theme-switch"
          icon={dark ? <SunOutlined /> : <MoonOutlined />}
          onClick={() => setThemeMode(dark ? 'light' : 'dark')}
          size="small"
        />
      </Tooltip>
    </Space>
  );
}
