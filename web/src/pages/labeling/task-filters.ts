import { taskStatuses, type TaskStatus } from '@kaiyuan/api-contract/formats.ts';

/**
 * The review list's task filters and their place in the page's URL (so a filtered list can be
 * bookmarked, shared and restored with Back). They map one to one onto the API's `GET …/tasks`
 * query: `status`, `meta` (`key=value` or `key`), `disagreement`, `suggested`, `maxConfidence`.
 */
export interface TaskFilters {
  /** `all`: any status. The review list opens on the tasks waiting for review. */
  status: TaskStatus | 'all';
  metaKey: string;
  metaValue: string;
  /** Submitted labels differ (true) or all agree (false); undefined: either. */
  disagreement?: boolean;
  /** Has a model suggestion (true) or none (false); undefined: either. */
  suggested?: boolean;
  /** The best suggestion's confidence is below this, in (0, 1]. */
  maxConfidence?: number;
}

export const defaultTaskFilters: TaskFilters = { status: 'submitted', metaKey: '', metaValue: '' };

/** The URL parameters the filters own; every other parameter of the page is kept as it is. */
const filterParameters = ['status', 'meta', 'disagreement', 'suggested', 'maxConfidence'] as const;

function flag(value: string | null): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** Reads the filters from the page's query string; unknown or malformed values fall back to the default. */
export function filtersFromSearch(search: URLSearchParams): TaskFilters {
  const status = search.get('status');
  const meta = search.get('meta') ?? '';
  const split = meta.indexOf('=');
  const confidence = Number(search.get('maxConfidence'));
  const filters: TaskFilters = {
    status:
      status === 'all'
        ? 'all'
        : (taskStatuses as readonly string[]).includes(status ?? '')
          ? (status as TaskStatus)
          : 'submitted',
    metaKey: (split < 0 ? meta : meta.slice(0, split)).trim(),
    metaValue: split < 0 ? '' : meta.slice(split + 1),
  };
  if (!filters.metaKey) filters.metaValue = '';
  const disagreement = flag(search.get('disagreement'));
  if (disagreement !== undefined) filters.disagreement = disagreement;
  const suggested = flag(search.get('suggested'));
  if (suggested !== undefined) filters.suggested = suggested;
  if (search.has('maxConfidence') && Number.isFinite(confidence) && confidence > 0 && confidence <= 1)
    filters.maxConfidence = confidence;
  return filters;
}

/** The `meta` parameter: `key=value`, or `key` alone (the key is present), or none. */
function metaParameter(filters: TaskFilters): string | null {
  const key = filters.metaKey.trim();
  if (!key) return null;
  return filters.metaValue === '' ? key : `${key}=${filters.metaValue}`;
}

/** The page's query string with these filters (defaults left out), other parameters untouched. */
export function searchWithFilters(search: URLSearchParams, filters: TaskFilters): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const name of filterParameters) next.delete(name);
  for (const [name, value] of Object.entries(apiParameters(filters, true))) next.set(name, value);
  return next;
}

/** The API's query for these filters (`status=all` means no status filter there). */
export function taskQuery(filters: TaskFilters): URLSearchParams {
  return new URLSearchParams(apiParameters(filters, false));
}

function apiParameters(filters: TaskFilters, forUrl: boolean): Record<string, string> {
  const parameters: Record<string, string> = {};
  if (forUrl ? filters.status !== 'submitted' : filters.status !== 'all') parameters.status = filters.status;
  const meta = metaParameter(filters);
  if (meta !== null) parameters.meta = meta;
  if (filters.disagreement !== undefined) parameters.disagreement = String(filters.disagreement);
  if (filters.suggested !== undefined) parameters.suggested = String(filters.suggested);
  if (filters.maxConfidence !== undefined) parameters.maxConfidence = String(filters.maxConfidence);
  return parameters;
}

/** True when any filter besides the default status narrows the list. */
export function hasNarrowingFilters(filters: TaskFilters): boolean {
  return (
    metaParameter(filters) !== null ||
    filters.disagreement !== undefined ||
    filters.suggested !== undefined ||
    filters.maxConfidence !== undefined
  );
}
