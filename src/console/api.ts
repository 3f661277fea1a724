import { loadSession } from './session.js';

/** The project's error body: `{ error, message, details? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function authHeader(): Record<string, string> {
  const session = loadSession();
  return session ? { Authorization: `Bearer ${session.token}` } : {};
}

/** How many times a read the service turned away under overload is asked again; the screen keeps what it shows meanwhile. */
const OVERLOADED_READ_RETRIES = 3;

/** Every call to the service: the token in the Authorization header, errors as ApiError. */
export async function api<T>(path: string, init: { method?: string; body?: unknown; accept?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: init.accept ?? 'application/json', ...authHeader() };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const method = init.method ?? 'GET';
  let response = await fetch(path, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  // Under overload the service sheds reads (never writes) with 503 and Retry-After: read again when it says.
  for (let retry = 0; method === 'GET' && response.status === 503 && retry < OVERLOADED_READ_RETRIES; retry++) {
    const seconds = Number(response.headers.get('Retry-After'));
    if (!(seconds > 0)) break;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    response = await fetch(path, { method, headers });
  }
  if (!response.ok) throw await errorOf(response);
  if (init.accept && init.accept !== 'application/json') return (await response.text()) as T;
  return (await response.json()) as T;
}

async function errorOf(response: Response): Promise<ApiError> {
  const body = await response.json().catch(() => ({}));
  const { error, message, details, ...rest } = body as { error?: string; message?: string; details?: Record<string, unknown> };
  return new ApiError(response.status, error ?? 'http_error', message ?? `${response.status} ${response.statusText}`, { ...rest, ...details });
}

export const query = (params: Record<string, string | undefined>) => {
  const entries = Object.entries(params).filter((e): e is [string, string] => !!e[1]);
  return entries.length ? `?${new URLSearchParams(entries)}` : '';
};
