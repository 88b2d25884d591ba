import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listUsers } from '../../api/admin-platform-api.ts';
import { useAuth } from '../../auth/auth-context.tsx';

/**
 * Names of the organization's people for annotator and reviewer ids. Owners and admins may list
 * the users; for others (and for API keys) the id is shown. The caller is "you".
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
    listUsers(controller.signal)
      .then((users) => {
        if (!controller.signal.aborted) setNames(new Map(users.map((user) => [user.id, user.name || user.email])));
      })
      .catch(() => undefined); // names are a convenience: ids remain
    return () => controller.abort();
  }, [mayList]);
  return (id: string) => (me && id === me.id ? t('labelingReview.you', { name: me.name }) : (names.get(id) ?? id));
}
