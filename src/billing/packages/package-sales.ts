import {
  isPlatformOperator,
  managerRoles,
  readerRoles,
  requireOperator,
  requireRoles,
  targetOrg,
} from '../../accounts/access-control.ts';
import type { Principal } from '../../accounts/principal.ts';
import { newId } from '../../util/ids.ts';
import type { PackageCatalog, PackageDefinition, PackageInput } from './package-catalog.ts';
import type { PurchaseResult, Subscription, Subscriptions } from './subscriptions.ts';

/** Packages as the admin API and console use them: who may see, define and buy what. */
export class PackageSales {
  constructor(
    readonly catalog: PackageCatalog,
    readonly subscriptions: Subscriptions,
  ) {}

  /** Operators see every package; customers those on sale. */
  async list(actor: Principal): Promise<PackageDefinition[]> {
    requireRoles(actor, readerRoles);
    return this.catalog.list({ enabledOnly: !isPlatformOperator(actor) });
  }

  async create(actor: Principal, input: PackageInput): Promise<PackageDefinition> {
    requireOperator(actor);
    return this.catalog.create(input);
  }

  async update(actor: Principal, id: string, changes: Partial<PackageInput>): Promise<PackageDefinition> {
    requireOperator(actor);
    return this.catalog.update(id, changes);
  }

  /** Buys a package from the organization's balance (owners and admins). */
  async purchase(
    actor: Principal,
    input: { orgId?: string; packageId: string; autoRenew?: boolean; idempotencyKey?: string },
  ): Promise<PurchaseResult> {
    requireRoles(actor, managerRoles);
    const orgId = targetOrg(actor, input.orgId);
    return this.subscriptions.purchase(orgId, input.packageId, {
      idempotencyKey: input.idempotencyKey ?? newId('buy'),
      autoRenew: input.autoRenew,
    });
  }

  async listSubscriptions(actor: Principal, orgId?: string): Promise<Subscription[]> {
    requireRoles(actor, readerRoles);
    return this.subscriptions.list(targetOrg(actor, orgId));
  }

  async setAutoRenew(actor: Principal, id: string, autoRenew: boolean): Promise<Subscription> {
    requireRoles(actor, managerRoles);
    const subscription = await this.subscriptions.get(id);
    targetOrg(actor, subscription.orgId);
    return this.subscriptions.setAutoRenew(id, autoRenew);
  }
}
