/**
 * The one way the web front end talks to the server: same-origin fetch with the session cookie, the CSRF
 * header on every non-GET request, the `{ error: { code, message } }` shape turned into a thrown ApiError,
 * and session-level failures (expired session, initial password not yet changed) reported to one listener.
 */

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Codes that mean "you are not (or no longer) signed in". */
export const SESSION_ENDED_CODES: ReadonlySet<string> = new Set(['AUTH_REQUIRED', 'SESSION_EXPIRED']);

/** Errors the session layer handles itself (redirects); pages should not show them again. */
export function isSessionError(error: unknown): boolean {
  return (
    isApiError(error) &&
    ((error.status === 401 && SESSION_ENDED_CODES.has(error.code)) || error.code === 'PASSWORD_CHANGE_REQUIRED')
  );
}

/** A Chinese message for any error, for message/notification/Alert. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message;
  if (error instanceof Error && error.name === 'AbortError') return '请求已取消';
  return '操作失败，请稍后再试';
}

export type SessionEvent =
  | { type: 'session-ended'; code: string; message: string }
  | { type: 'password-change-required'; message: string };

type Listener = (event: SessionEvent) => void;

let csrfToken: string | null = null;
let csrfPromise: Promise<string | null> | null = null;
let listener: Listener | null = null;
let fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args);

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Registers the one listener for session events (the app shell); returns an unsubscribe function. */
export function onSessionEvent(fn: Listener): () => void {
  listener = fn;
  return () => {
    if (listener === fn) listener = null;
  };
}

/** For tests: replace fetch. */
export function setFetchImplementation(fn: typeof fetch): void {
  fetchImpl = fn;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as multipart/form-data (the browser sets the boundary). */
  form?: FormData;
  signal?: AbortSignal;
  /** Do not report session-level failures to the listener (used by the "who am I" probe at start-up). */
  quiet?: boolean;
}

/** Paths whose non-GET requests come from someone not yet signed in, so no token is fetched first. */
/** Requests made before signing in carry no session, so there is no CSRF token to fetch for them. */
const NO_CSRF_PREFETCH = new Set([
  '/api/auth/login',
  '/api/auth/reset-password',
  '/api/public/eligibility-check',
  '/api/public/registration/sign-up',
  '/api/public/score-lookup',
]);

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Fetches a fresh CSRF token (concurrent callers share one request). Null when not signed in. */
export function refreshCsrfToken(): Promise<string | null> {
  if (!csrfPromise) {
    csrfPromise = (async () => {
      try {
        const res = await fetchImpl('/api/auth/csrf', {
          method: 'GET',
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
        });
        if (!res.ok) return null;
        const body = (await res.json()) as { csrfToken?: unknown };
        const token = typeof body.csrfToken === 'string' ? body.csrfToken : null;
        csrfToken = token;
        return token;
      } catch {
        return null;
      } finally {
        csrfPromise = null;
      }
    })();
  }
  return csrfPromise;
}

async function parseError(res: Response): Promise<ApiError> {
  let code = `HTTP_${res.status}`;
  let message = defaultMessage(res.status);
  try {
    const text = await res.text();
    if (text) {
      const body = JSON.parse(text) as Partial<{ error: { code?: unknown; message?: unknown } }>;
      if (body.error && typeof body.error === 'object') {
        if (typeof body.error.code === 'string') code = body.error.code;
        if (typeof body.error.message === 'string' && body.error.message) message = body.error.message;
      }
    }
  } catch {
    // Not JSON (a proxy's error page, say): keep the generic message.
  }
  return new ApiError(res.status, code, message);
}

function defaultMessage(status: number): string {
  if (status === 401) return '请先登录';
  if (status === 403) return '无权进行此操作';
  if (status === 404) return '记录不存在或无权访问';
  if (status === 413) return '提交的内容过大';
  if (status === 429) return '请求过于频繁，请稍后再试';
  if (status >= 500) return '系统繁忙，请稍后再试';
  return `请求失败（HTTP ${status}）`;
}

function report(error: ApiError, quiet: boolean | undefined): void {
  if (quiet || !listener) return;
  if (error.status === 401 && SESSION_ENDED_CODES.has(error.code)) {
    csrfToken = null;
    listener({ type: 'session-ended', code: error.code, message: error.message });
  } else if (error.status === 403 && error.code === 'PASSWORD_CHANGE_REQUIRED') {
    listener({ type: 'password-change-required', message: error.message });
  }
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const url = buildUrl(path, options.query);
  const unsafe = method !== 'GET';

  if (unsafe && csrfToken === null && !NO_CSRF_PREFETCH.has(path)) {
    await refreshCsrfToken();
  }

  const send = async (): Promise<Response> => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: BodyInit | undefined;
    if (options.form) {
      body = options.form;
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (unsafe && csrfToken) headers['x-csrf-token'] = csrfToken;
    try {
      return await fetchImpl(url, { method, headers, body, credentials: 'same-origin', signal: options.signal });
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络后重试');
    }
  };

  let res = await send();
  if (!res.ok && unsafe && res.status === 403) {
    const error = await parseError(res.clone());
    if (error.code === 'CSRF_INVALID') {
      csrfToken = null;
      await refreshCsrfToken();
      res = await send();
    }
  }

  if (!res.ok) {
    const error = await parseError(res);
    report(error, options.quiet);
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(res.status, 'BAD_RESPONSE', '服务器返回的数据无法识别');
  }
}

/** The file name a Content-Disposition header gives (its UTF-8 filename* first), or null. */
export function dispositionFileName(header: string | null): string | null {
  if (!header) return null;
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (utf8?.[1]) {
    try {
      return decodeURIComponent(utf8[1]);
    } catch {
      // Fall through to the plain name.
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1] ?? null;
}

/**
 * Fetches a file (a PDF) with a GET, so that a refusal arrives as the ApiError with the server's Chinese message
 * instead of a JSON page in a new tab.
 */
export async function fetchFile(
  path: string,
  query?: Record<string, QueryValue>,
): Promise<{ blob: Blob; fileName: string | null }> {
  let res: Response;
  try {
    res = await fetchImpl(buildUrl(path, query), { method: 'GET', credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) {
    const error = await parseError(res);
    report(error, false);
    throw error;
  }
  return { blob: await res.blob(), fileName: dispositionFileName(res.headers.get('content-disposition')) };
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, opts?: Omit<RequestOptions, 'method' | 'query'>) =>
    request<T>(path, { ...opts, method: 'GET', query }),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...opts, method: 'POST', body }),
  patch: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...opts, method: 'PATCH', body }),
};
