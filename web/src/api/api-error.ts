import i18next from 'i18next';

export type ErrorParams = Record<string, string | number>;

/** An error the API answered with (`{error:{message,type,param,code,params}}`), or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string | null;
  readonly code: string | null;
  readonly param: string | null;
  /** The values the server's English message names (a limit, a model), for the translation of `code`. */
  readonly params: ErrorParams;

  constructor(
    message: string,
    options: {
      status: number;
      type?: string | null;
      code?: string | null;
      param?: string | null;
      params?: ErrorParams | null;
    },
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = options.status;
    this.type = options.type ?? null;
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.params = options.params ?? {};
  }
}

interface ErrorBody {
  error?: { message?: unknown; type?: unknown; code?: unknown; param?: unknown; params?: unknown } | string;
  message?: unknown;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function paramsOrNull(value: unknown): ErrorParams | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const params: ErrorParams = {};
  for (const [name, entry] of Object.entries(value))
    if (typeof entry === 'string' || typeof entry === 'number') params[name] = entry;
  return params;
}

/** Builds an ApiError from a parsed error body, whatever shape the server used. */
export function apiErrorFromBody(status: number, body: unknown, fallback: string): ApiError {
  const candidate = (body ?? {}) as ErrorBody;
  if (typeof candidate.error === 'object' && candidate.error !== null) {
    const detail = candidate.error;
    return new ApiError(stringOrNull(detail.message) ?? fallback, {
      status,
      type: stringOrNull(detail.type),
      code: stringOrNull(detail.code),
      param: stringOrNull(detail.param),
      params: paramsOrNull(detail.params),
    });
  }
  const message = stringOrNull(candidate.error) ?? stringOrNull(candidate.message) ?? fallback;
  return new ApiError(message, { status });
}

/** Reads a failed response into an ApiError (JSON error body when there is one). */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  const fallback = `${response.status} ${response.statusText || 'request failed'}`.trim();
  const text = await response.text().catch(() => '');
  try {
    return apiErrorFromBody(response.status, JSON.parse(text), fallback);
  } catch {
    return new ApiError(text.trim().slice(0, 300) || fallback, { status: response.status });
  }
}

/**
 * The message to show for any thrown value, in the console's language: an API error's stable code
 * is translated (with its params, e.g. the upload limit); unknown codes keep the server's English
 * message, which is what API users see too.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError && error.code) {
    const key = `errors.${error.code}`;
    if (i18next.isInitialized && i18next.exists(key))
      return i18next.t(key, {
        param: error.param ?? '',
        ...error.params,
        message: error.message,
        status: error.status,
      });
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
