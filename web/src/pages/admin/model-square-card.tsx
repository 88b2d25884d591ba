import { App, Card, Flex, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { fetchModelSquareSettings, setModelSquareEnabled } from '../../api/model-square-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';

/** The operator's switch of the public model square (/square). */
export function ModelSquareCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useApiResource((signal) => fetchModelSquareSettings(signal), []);
  const change = async (enabled: boolean) => {
    try {
      await setModelSquareEnabled(enabled);
      void message.success(t('signupAdmin.saved'));
      settings.reload();
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };
  return (
    <Card size="small" title={t('square.adminTitle')} loading={settings.loading && !settings.data}>
      <Flex gap={12} align="center" wrap>
        <Switch
          aria-label={t('square.adminTitle')}
          data-testid="model-square-switch"
          checked={settings.data?.enabled ?? false}
          onChange={(enabled) => void change(enabled)}
        />
        <Typography.Text type="secondary">{t('square.adminHint')}</Typography.Text>
        {settings.data?.enabled && <Typography.Link href="/square">/square</Typography.Link>}
      </Flex>
    </Card>
  );
}
