import { OrganizationRepository } from '../../accounts/organization-repository.ts';
import type { Store } from '../../store/database.ts';
import { cliSetting } from '../cli-settings.ts';
import { invalidRequest, isKaiyuanError, KaiyuanError, notFound } from '../../util/errors.ts';

/**
 * The organization a command acts in: --org (an id or a name), else KAIYUAN_ORG, else the only
 * organization there is. A wrong or missing choice says what exists and how to choose.
 */
export async function resolveOrganization(
  store: Store,
  requested: string | undefined,
  fromEnvironment: string | undefined = cliSetting('organization'),
): Promise<string> {
  const organizations = new OrganizationRepository(store);
  const wanted = requested || fromEnvironment;
  if (wanted) {
    const found = (await organizations.findById(wanted)) ?? (await organizations.findByName(wanted));
    if (!found)
      throw notFound(
        `No organization '${wanted}' (give an id or a name; create one with: kaiyuan orgs create NAME).`,
        'organization_not_found',
        'org',
      );
    return found.id;
  }
  const all = await organizations.list();
  if (all.length === 1) return all[0]!.id;
  throw invalidRequest(
    all.length === 0
      ? 'No organization exists yet; create one with: kaiyuan orgs create NAME'
      : `Several organizations exist; choose one with --org or KAIYUAN_ORG (${all.map((organization) => organization.name).join(', ')}).`,
    'org',
  );
}

/** Any failure of a command as a KaiyuanError, which the CLI prints as one line (no stack trace). */
export function asCliError(error: unknown): KaiyuanError {
  if (isKaiyuanError(error)) return error;
  return new KaiyuanError('cli_failed', error instanceof Error ? error.message : String(error), {
    status: 500,
    type: 'server_error',
  });
}
