import { CheckCircleFilled, CloseOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Progress, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listChannels } from '../../api/admin-channels-api.ts';
import { listKeyUsage } from '../../api/admin-keys-api.ts';
import { listPrices, listUsers } from '../../api/admin-platform-api.ts';
import { listModels } from '../../api/models-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { useRouter } from '../../routing/router.tsx';
import { onboardingSteps, type OnboardingFacts } from './onboarding-steps.ts';

const dismissedKey = 'kaiyuan.onboarding.dismissed';

/** The first call, as a newcomer copies it (the key is the one just created). */
function firstCallCode(origin: string): string {
  return `curl ${origin}/v1/chat/completions \\
  -H "Authorization: Bearer $KAIYUAN_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "sim-chat", "messages": [{"role": "user", "content": "你好"}]}'`;
}

/**
 * The getting-started checklist on the dashboard: it reads what exists (keys, calls, channels,
 * users, prices, balance) and ticks the steps off by itself; hidden once done or dismissed.
 */
export function OnboardingChecklist({
  keys,
  balance,
  spentTotal,
}: {
  keys: number;
  balance: number;
  spentTotal: number;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { navigate } = useRouter();
  const operator = useAuth().state?.user?.operator === true;
  const [dismissed, setDismissed] = useState(() => readDismissed());
  const facts = useApiResource(
    async (signal): Promise<Omit<OnboardingFacts, 'keys' | 'balance' | 'spentTotal'>> => {
      const usage = await listKeyUsage(signal).catch(() => []);
      const keyCalls = usage.reduce((sum, entry) => sum + (entry.lastUsedAt ? 1 : 0), 0);
      if (!operator) return { keyCalls };
      const [channels, users, prices, models] = await Promise.all([
        listChannels(signal).catch(() => []),
        listUsers(signal).catch(() => []),
        listPrices(signal).catch(() => []),
        listModels(signal).catch(() => []),
      ]);
      const priced = new Set(prices.map((price) => price.model));
      return {
        keyCalls,
        liveChannels: channels.filter((channel) => channel.source === 'live').length,
        users: users.length,
        unpricedModels: models.filter((model) => !priced.has(model.id) && model.pricing === null).length,
      };
    },
    [operator, keys],
  );
  if (dismissed || !facts.data) return null;
  const steps = onboardingSteps({ keys, balance, spentTotal, ...facts.data }, operator);
  const done = steps.filter((step) => step.done).length;
  if (done === steps.length) return null;
  return (
    <Card
      size="small"
      data-testid="onboarding"
      title={t('onboarding.title')}
      extra={
        <Button
          type="text"
          size="small"
          icon={<CloseOutlined />}
          aria-label={t('onboarding.dismiss')}
          onClick={() => {
            writeDismissed();
            setDismissed(true);
          }}
        />
      }
    >
      <Progress percent={Math.round((100 * done) / steps.length)} format={() => `${done} / ${steps.length}`} />
      {/* A plain list, not Ant Design's List: that one brings Pagination (and Select) to the dashboard's first paint. */}
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {steps.map((step, index) => (
          <li
            key={step.key}
            data-testid={`onboarding-${step.key}`}
            data-done={step.done}
            style={{
              padding: '12px 0',
              borderBlockStart: index === 0 ? undefined : `1px solid ${token.colorSplit}`,
            }}
          >
            <Flex vertical gap={4} style={{ width: '100%' }}>
              <Flex gap={8} align="center" wrap>
                <CheckCircleFilled style={{ color: step.done ? '#52c41a' : '#d9d9d9' }} aria-hidden />
                <Typography.Text delete={step.done} strong={!step.done}>
                  {t(`onboarding.steps.${step.key}`)}
                </Typography.Text>
                {!step.done && (
                  <Typography.Link
                    href={step.path}
                    onClick={(event) => {
                      event.preventDefault();
                      navigate(step.path);
                    }}
                  >
                    {t('onboarding.go')}
                  </Typography.Link>
                )}
              </Flex>
              {step.key === 'firstCall' && !step.done && (
                <Flex gap={8} align="start">
                  <pre className="code-block" style={{ flex: 1, margin: 0 }} data-testid="onboarding-code">
                    {firstCallCode(window.location.origin)}
                  </pre>
                  <CopyButton text={firstCallCode(window.location.origin)} />
                </Flex>
              )}
            </Flex>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function readDismissed(): boolean {
  try {
    return localStorage.getItem(dismissedKey) === '1';
  } catch {
    return false;
  }
}

function writeDismissed(): void {
  try {
    localStorage.setItem(dismissedKey, '1');
  } catch {
    // storage may be disabled: dismissed for this page only
  }
}
