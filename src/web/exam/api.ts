// The delivery API as the seat calls it: the bearer token, JSON, and every response's serverTime fed to the clock.
import type { ServerClock } from './clock.js';

/** A refusal of the server (`{error: {code, message}}`). */
export class ExamApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The server could not be reached (or answered with an overload): the call may be repeated. */
export class OfflineError extends Error {}

export class ExamApi {
  token: string | null = null;

  constructor(private readonly clock: ServerClock) {}

  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const sentAt = performance.now();
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new OfflineError('网络连接中断');
    }
    const receivedAt = performance.now();
    const json = (await response.json().catch(() => null)) as
      | (T & { serverTime?: string; error?: { code: string; message: string } })
      | null;
    if (json && typeof json.serverTime === 'string') {
      this.clock.observe({ sentAt, receivedAt, serverTime: Date.parse(json.serverTime) });
    }
    if (response.ok && json) return json;
    if (response.status >= 500 || response.status === 429 || !json?.error) {
      throw new OfflineError(`服务器暂时无法处理（${response.status}）`);
    }
    throw new ExamApiError(response.status, json.error.code, json.error.message);
  }

  /** Measures the clock: several samples of GET /api/exam/time, the shortest round trip counts. */
  async measureClock(samples = 5): Promise<void> {
    const taken = [];
    for (let i = 0; i < samples; i++) {
      const sentAt = performance.now();
      const r = await this.call<{ serverTime: string }>('GET', '/api/exam/time');
      taken.push({ sentAt, receivedAt: performance.now(), serverTime: Date.parse(r.serverTime) });
    }
    this.clock.measured(taken);
  }
}
