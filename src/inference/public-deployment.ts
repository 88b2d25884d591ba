import { createHash } from 'node:crypto';
import type { Principal } from '../accounts/principal.ts';

/** The parts of a deployment its public names come from (structural: deployment.ts imports this module). */
interface NamedDeployment {
  id: string;
  providerName: string;
  provider: { protocol: string };
}

/**
 * How deployments are named to clients (`routing.deploymentHeaders`): `opaque` (default) shows
 * customers a stable pseudonym of the deployment and only its protocol family, never the operator's
 * provider or channel names; `names` shows everyone the real names (a gateway run for oneself).
 */
export type DeploymentNaming = 'opaque' | 'names';

const aliases = new WeakMap<NamedDeployment, string>();

/**
 * The pseudonym of a deployment: `dep_` and 16 hex digits of a hash of its id, the same on every
 * replica and across restarts, so an operator can find the deployment a customer reports (the admin
 * view lists it as `alias`). Computed once per deployment object.
 */
export function deploymentAlias(deployment: NamedDeployment): string {
  let alias = aliases.get(deployment);
  if (alias === undefined) {
    alias = aliasOf(deployment.id);
    aliases.set(deployment, alias);
  }
  return alias;
}

export function aliasOf(deploymentId: string): string {
  return `dep_${createHash('sha256').update(`kaiyuan-deployment:${deploymentId}`).digest('hex').slice(0, 16)}`;
}

/** Whether this caller sees the operator's own names: the operator, or anyone on an open gateway or with `names`. */
export function seesDeploymentNames(principal: Principal | null, naming: DeploymentNaming): boolean {
  return naming === 'names' || principal === null || principal.role === 'operator';
}

/** The deployment and provider as this caller may see them. */
export function publicDeploymentNames(
  deployment: NamedDeployment,
  revealNames: boolean,
): { deployment: string; provider: string } {
  return revealNames
    ? { deployment: deployment.id, provider: deployment.providerName }
    : { deployment: deploymentAlias(deployment), provider: deployment.provider.protocol };
}
