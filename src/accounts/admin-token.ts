import type { SettingsRepository } from '../store/settings-repository.ts';
import { generateAdminToken, hashSecret } from './secret-tokens.ts';

export const adminTokenSetting = 'admin_token_sha256';

/**
 * Makes sure the platform has an admin token. `KAIYUAN_ADMIN_TOKEN` sets it (replacing any earlier
 * one); otherwise the first start generates one. Returns the plain token only when this call
 * generated it, so the caller can print it once.
 */
export async function ensureAdminToken(
  settings: SettingsRepository,
  fromEnvironment: string | undefined,
): Promise<{ created: string | null }> {
  if (fromEnvironment) {
    const hash = hashSecret(fromEnvironment);
    if ((await settings.get(adminTokenSetting)) !== hash) await settings.set(adminTokenSetting, hash);
    return { created: null };
  }
  const token = generateAdminToken();
  const created = await settings.setIfAbsent(adminTokenSetting, hashSecret(token));
  return { created: created ? token : null };
}

/** Replaces the admin token with a new one and returns it (CLI `kaiyuan admin-token rotate`). */
export async function rotateAdminToken(settings: SettingsRepository): Promise<string> {
  const token = generateAdminToken();
  await settings.set(adminTokenSetting, hashSecret(token));
  return token;
}
