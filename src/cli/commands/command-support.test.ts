import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore } from '../../../test/support/test-store.ts';
import { OrganizationRepository } from '../../accounts/organization-repository.ts';
import type { Store } from '../../store/database.ts';
import { asCliError, resolveOrganization } from './command-support.ts';

describe('the organization of a command', () => {
  let store: Store;
  let organizations: OrganizationRepository;
  beforeEach(async () => {
    store = await createTestStore();
    organizations = new OrganizationRepository(store);
  });
  afterEach(() => store.close());

  it('tells how to create one when none exists, and takes the only one without being asked', async () => {
    await expect(resolveOrganization(store, undefined, undefined)).rejects.toMatchObject({
      message: 'No organization exists yet; create one with: kaiyuan orgs create NAME',
      param: 'org',
    });
    const only = await organizations.create({ name: 'acme', planId: 'free' });
    expect(await resolveOrganization(store, undefined, undefined)).toBe(only.id);
  });

  it('finds --org by id or name, before KAIYUAN_ORG, and lists the choices when several exist', async () => {
    const acme = await organizations.create({ name: 'acme', planId: 'free' });
    const globex = await organizations.create({ name: 'globex', planId: 'free' });
    expect(await resolveOrganization(store, 'globex', undefined)).toBe(globex.id);
    expect(await resolveOrganization(store, acme.id, 'globex')).toBe(acme.id);
    expect(await resolveOrganization(store, undefined, 'globex')).toBe(globex.id);
    await expect(resolveOrganization(store, undefined, undefined)).rejects.toMatchObject({
      message: 'Several organizations exist; choose one with --org or KAIYUAN_ORG (acme, globex).',
      param: 'org',
    });
    await expect(resolveOrganization(store, 'initech', undefined)).rejects.toMatchObject({
      code: 'organization_not_found',
      status: 404,
      message: "No organization 'initech' (give an id or a name; create one with: kaiyuan orgs create NAME).",
    });
  });

  it('turns any failure into a one-line error and keeps typed ones as they are', () => {
    expect(asCliError(new Error('disk full'))).toMatchObject({ code: 'cli_failed', message: 'disk full' });
    const typed = asCliError(new Error('x'));
    expect(asCliError(typed)).toBe(typed);
  });
});
