/**
 * The data page has one selected version: the row checked in the version list, the version whose
 * statistics and records are shown, the one a recipe runs on and the one exported. `chosen` is
 * the user's pick; null follows the newest version.
 */
export function effectiveVersion(chosen: number | null, versions: readonly number[]): number | null {
  if (chosen !== null && versions.includes(chosen)) return chosen;
  return versions.length === 0 ? null : Math.max(...versions);
}

/**
 * What to select when a job (import or recipe run) has made `made`: the new version, if the user
 * still looks at what the job started from (or follows the newest); otherwise the user picked
 * another version while the job ran, and that pick stays.
 */
export function selectionAfterJob(
  chosenNow: number | null,
  startedFrom: number | null,
  made: number | null,
): number | null {
  if (made === null) return chosenNow;
  if (chosenNow === null || chosenNow === startedFrom) return made;
  return chosenNow;
}

/** The version a finished import or recipe job made (its result names it), or null. */
export function versionMadeBy(result: unknown): number | null {
  const version = (result as { version?: unknown } | null)?.version;
  return typeof version === 'number' && Number.isInteger(version) ? version : null;
}
