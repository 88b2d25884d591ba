/** An error the API answered with (`{error:{message,type,param,code}}`), or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string | null;
  readonly code: string | null;
  readonly param: string | null;

  constructor(
    message: string,
    options: { status: number; type?: string | null; code?: string | null; param?: string | null },
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = options.status;
    this.type = options.type ?? null;
    this.code = options.code ?? null;
    this.param = options.param ?? null;
  }
}

interface ErrorBody {
  error?: { message?: unknown; type?: unknown; code?: unknown; param?: unknown } | string;
  message?: unknown;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
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

/** The message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
