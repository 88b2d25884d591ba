import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listKeys } from '../../api/admin-keys-api.ts';
import { listUsers } from '../../api/admin-platform-api.ts';
import { useAuth } from '../../auth/auth-context.tsx';

/**
 * Names of the organization's people and API keys for annotator and reviewer ids (work can be
 * assigned to keys too). Owners and admins may list both; for others the id is shown. The caller
 * is "you".
 */
export function useMemberNames(): (id: string) => string {
  const { t } = useTranslation();
  const { state } = useAuth();
  const me = state?.user ?? null;
  const mayList = me !== null && (me.role === 'owner' || me.role === 'admin' || me.operator);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    if (!mayList) return;
    const controller = new AbortController();
    // Names are a convenience: where a list cannot be read, ids remain.
    Promise.all([listUsers(controller.signal).catch(() => []), listKeys(controller.signal).catch(() => [])])
      .then(([users, keys]) => {
        if (controller.signal.aborted) return;
        setNames(
          new Map([
            ...keys.map((key): [string, string] => [key.id, t('labelingReview.keyName', { name: key.name })]),
            ...users.map((user): [string, string] => [user.id, user.name || user.email]),
          ]),
        );
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [mayList, t]);
  return (id: string) => (me && id === me.id ? t('labelingReview.you', { name: me.name }) : (names.get(id) ?? id));
}
