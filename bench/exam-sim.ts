// What the exam-day benchmarks' simulated clients share: HTTP over keep-alive connections spread round-robin over
// the app processes (a real deployment puts a load balancer in front), answers an item can take, percentiles.
import http from 'node:http';
import type {
  AnswerChange,
  DeliveryItem,
  PaperResponse,
  SignInResponse,
  StateResponse,
} from '../src/server/modules/delivery/delivery.schemas.js';

export type { AnswerChange, DeliveryItem, PaperResponse, SignInResponse, StateResponse };

export interface Reply<T = unknown> {
  /** HTTP status; 0 when the request failed without an answer (refused, reset, timed out). */
  status: number;
  body: T;
  /** The error code of a refusal ({error: {code}}), or the network error's code. */
  code: string | null;
  ms: number;
}

/** Keep-alive connections to the app processes, at most `maxSockets` per process, requests spread round-robin. */
export class ExamHttp {
  private readonly agents: http.Agent[];
  private next = 0;
  requests = 0;

  constructor(
    private readonly ports: readonly number[],
    maxSockets: number,
    private readonly timeoutMs: number,
  ) {
    this.agents = ports.map(() => new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets }));
  }

  /** One request; never throws (a network failure is status 0 with its code). */
  request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    token?: string,
    localAddress?: string,
  ): Promise<Reply<T>> {
    const i = this.next++ % this.ports.length;
    this.requests++;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    if (token) headers.authorization = `Bearer ${token}`;
    const t0 = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const done = (reply: Omit<Reply<T>, 'ms'>) => {
        if (settled) return;
        settled = true;
        resolve({ ...reply, ms: performance.now() - t0 });
      };
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.ports[i],
          method,
          path,
          headers,
          agent: this.agents[i],
          timeout: this.timeoutMs,
          ...(localAddress ? { localAddress } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e: NodeJS.ErrnoException) => done({ status: 0, body: null as T, code: e.code ?? 'ERROR' }));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = null;
            try {
              parsed = text === '' ? null : JSON.parse(text);
            } catch {
              parsed = text;
            }
            const status = res.statusCode ?? 0;
            const code =
              status >= 400
                ? ((parsed as { error?: { code?: string } } | null)?.error?.code ?? `HTTP_${status}`)
                : null;
            done({ status, body: parsed as T, code });
          });
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
      req.on('error', (e: NodeJS.ErrnoException) => done({ status: 0, body: null as T, code: e.code ?? 'ERROR' }));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  close(): void {
    for (const agent of this.agents) agent.destroy();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** A deterministic PRNG per candidate (mulberry32), so two runs with the same N make the same choices. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An answer the item takes, in the letters as shown: one letter, distinct letters in order, or T/F. */
export function randomAnswer(item: DeliveryItem, random: () => number): string {
  if (item.type === 'true_false') return random() < 0.5 ? 'T' : 'F';
  const letters = item.options.map((o) => o.letter).sort();
  if (item.type === 'single') return letters[Math.floor(random() * letters.length)]!;
  const chosen = letters.filter(() => random() < 0.5);
  return (chosen.length >= 2 ? chosen : letters.slice(0, 2)).join('');
}

/** An answer the contract's pattern lets through but the item does not take: refused with EXAM_ANSWER_INVALID. */
export function invalidAnswer(item: DeliveryItem): string {
  return item.type === 'true_false' ? 'A' : 'T';
}

/** Percentile (0–1) of unsorted values; NaN when there are none. */
export function percentile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** A growable list of numbers (latencies) without boxing half a million of them. */
export class Samples {
  private data = new Float64Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

export const round1 = (x: number) => Math.round(x * 10) / 10;
