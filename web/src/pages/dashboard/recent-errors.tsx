import { Card } from 'antd';
import { lazy, Suspense, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { UsageRecord } from '../../api/admin-usage-api.ts';
import { listRequestLog } from '../../api/request-log-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { useSeen } from '../../components/use-seen.ts';
import type { RecentError } from './recent-errors-table.tsx';
import { isFailure } from './usage-aggregation.ts';

// Below the charts: the table's code (Ant Design's Table, Pagination, Select) comes when it scrolls into view.
const RecentErrorsTable = lazy(() => import('./recent-errors-table.tsx'));

/**
 * The latest failed requests of the range, from the request log: refusals (400, 401, 402, 403,
 * 429) as well as upstream failures. A 401 carries no key (the credential was not valid): it reads
 * "no valid key", not the console session. Where the log cannot be read (switched off), the failed usage records.
 */
export function RecentErrors({
  usage,
  from,
  nameOf,
}: {
  usage: readonly UsageRecord[];
  /** Start of the range (epoch ms); a new value (a reload) reads the log again. */
  from: number;
  nameOf(keyId: string | null): string;
}) {
  const { t } = useTranslation();
  const placeholder = useRef<HTMLDivElement>(null);
  const seen = useSeen(placeholder);
  const logged = useApiResource((signal) => listRequestLog({ errorsOnly: true, from, limit: 20 }, signal), [from]);
  const failures: readonly RecentError[] = logged.error ? usage.filter(isFailure).slice(0, 20) : (logged.data ?? []);
  return (
    <Card size="small" title={t('dashboard.recentErrors')} data-testid="recent-errors">
      {/* data-loaded="false" marks what is still to come (the browser tests wait for it). */}
      <div ref={placeholder}>
        {seen ? (
          <Suspense fallback={<div data-loaded="false" style={{ minHeight: 120 }} />}>
            <RecentErrorsTable
              failures={failures}
              loading={logged.loading && !logged.data && !logged.error}
              nameOf={nameOf}
            />
          </Suspense>
        ) : (
          <div data-loaded="false" style={{ minHeight: 120 }} />
        )}
      </div>
    </Card>
  );
}
