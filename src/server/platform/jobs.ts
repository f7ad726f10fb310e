/**
 * Background jobs (imports, exports, batch prints) with their progress in `background_jobs`, so that any app
 * process can answer `GET /api/jobs/:jobId`. Rows are visible to their owner only (row-level security policy
 * `background_jobs_own`: account_id = gk_account_id()), so every function goes through `inScopedTx`.
 *
 * How a job runs: the request that starts it answers 202 with the job's id and the work continues in the same
 * process (`JobRunner.run`, fire-and-forget with its own error handling: it never leaves an unhandled rejection,
 * and an error marks the job failed with a Chinese message). Progress is written every ~200 rows.
 *
 * A process that dies mid-job leaves its row `running` for ever. Rather than a sweeper, `getJob` reports a
 * running job whose `updatedAt` is more than STALE_AFTER_MS (2 minutes) old as failed ("任务中断"); long jobs
 * must therefore write progress (which touches `updatedAt`) at least that often. The row itself is left as it is,
 * so a slow but living process can still finish it.
 *
 * Times here are the system clock (wall time between processes), not the app's injectable business clock.
 *
 * On PGlite, one connection serves the whole process: a query outside an open transaction waits for that
 * transaction to end. Progress written while a job holds a transaction is therefore queued, not awaited
 * (`ProgressReporter`), and lands when the transaction ends; on PostgreSQL it lands at once on another
 * connection.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { backgroundJobs } from '../db/schema.js';
import type { Actor } from './context.js';
import { AppError, isAppError } from './errors.js';
import { inScopedTx } from './tx.js';

export const STALE_AFTER_MS = 2 * 60_000;
export const PROGRESS_EVERY_ROWS = 200;

export type JobStatus = 'running' | 'done' | 'failed';

export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  total: number;
  processed: number;
  /** What the job produced (for imports `{ total, imported, errors }`); null while running or when failed. */
  result: unknown;
  /** Why it failed, in Chinese; null otherwise. */
  message: string | null;
  createdAt: string;
  updatedAt: string;
}

type JobRow = typeof backgroundJobs.$inferSelect;

export async function startJob(db: Db, actor: Actor, kind: string, total: number): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await inScopedTx(db, actor, (tx) =>
    tx.insert(backgroundJobs).values({
      id,
      kind,
      accountId: actor.accountId,
      orgPath: actor.orgPath,
      status: 'running',
      total,
      processed: 0,
      result: null,
      createdAt: now,
      updatedAt: now,
    }),
  );
  return id;
}

/** Writes progress (and touches updatedAt) while the job is still running; a finished job is left alone. */
export async function updateJobProgress(
  db: Db,
  actor: Actor,
  id: string,
  progress: { processed: number; total?: number },
): Promise<void> {
  await inScopedTx(db, actor, (tx) =>
    tx
      .update(backgroundJobs)
      .set({
        processed: progress.processed,
        ...(progress.total === undefined ? {} : { total: progress.total }),
        updatedAt: new Date(),
      })
      .where(and(eq(backgroundJobs.id, id), eq(backgroundJobs.status, 'running'))),
  );
}

/** Marks a job done; its progress is then complete (processed = total) unless the caller says otherwise. */
export async function finishJob(db: Db, actor: Actor, id: string, result: unknown, processed?: number): Promise<void> {
  await inScopedTx(db, actor, (tx) =>
    tx
      .update(backgroundJobs)
      .set({
        status: 'done',
        result,
        processed: processed ?? sql`${backgroundJobs.total}`,
        updatedAt: new Date(),
      })
      .where(eq(backgroundJobs.id, id)),
  );
}

export async function failJob(db: Db, actor: Actor, id: string, message: string): Promise<void> {
  await inScopedTx(db, actor, (tx) =>
    tx
      .update(backgroundJobs)
      .set({ status: 'failed', result: { message }, updatedAt: new Date() })
      .where(eq(backgroundJobs.id, id)),
  );
}

export const STALE_MESSAGE = '任务已中断（处理该任务的服务进程可能已重启），请重新操作';

/** The job as its owner sees it; NOT_FOUND for anyone else's (row-level security hides it). */
export async function getJob(db: Db, actor: Actor, id: string, now: Date = new Date()): Promise<JobView> {
  const rows = await inScopedTx(db, actor, (tx) => tx.select().from(backgroundJobs).where(eq(backgroundJobs.id, id)));
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', '任务不存在或不是您发起的');
  return presentJob(row, now);
}

export function presentJob(row: JobRow, now: Date): JobView {
  const base = {
    id: row.id,
    kind: row.kind,
    total: row.total,
    processed: row.processed,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
  if (row.status === 'running' && now.getTime() - row.updatedAt.getTime() > STALE_AFTER_MS) {
    return { ...base, status: 'failed', result: null, message: STALE_MESSAGE };
  }
  if (row.status === 'failed') {
    const message = (row.result as { message?: unknown } | null)?.message;
    return { ...base, status: 'failed', result: null, message: typeof message === 'string' ? message : '任务失败' };
  }
  return { ...base, status: row.status === 'done' ? 'done' : 'running', result: row.result ?? null, message: null };
}

/**
 * Progress from inside a transaction: at most one write in flight, the latest value written next, never awaited
 * by the caller (see the PGlite note at the top). Errors are logged, never thrown.
 */
export class ProgressReporter {
  private pending: { processed: number; total?: number } | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
    private readonly jobId: string,
    private readonly log: (error: unknown) => void,
  ) {}

  report(progress: { processed: number; total?: number }): void {
    this.pending = progress;
    if (!this.inFlight) this.inFlight = this.drain();
  }

  /** Resolves when the queued writes are done (call after the transaction has ended). */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const next = this.pending;
        this.pending = null;
        await updateJobProgress(this.db, this.actor, this.jobId, next).catch(this.log);
      }
    } finally {
      this.inFlight = null;
    }
  }
}

export interface JobContext {
  jobId: string;
  progress: ProgressReporter;
}

/** What a job's failure tells its owner: an AppError's own message, otherwise a generic one (details logged). */
export function failureMessage(error: unknown, what: string): string {
  if (isAppError(error)) return `${what}失败：${error.message}`;
  return `${what}失败：系统出现错误，请稍后重试；如仍失败，请联系系统管理员`;
}

/**
 * Runs jobs after the response, one promise per job, and lets the app wait for them when it closes (graceful
 * shutdown; tests). `run` never rejects and never leaves a rejection unhandled.
 */
export class JobRunner {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly log: { error(obj: unknown, msg?: string): void },
  ) {}

  run(
    actor: Actor,
    jobId: string,
    what: string,
    work: (job: JobContext) => Promise<{ result: unknown; processed?: number }>,
  ) {
    const logError = (error: unknown) => this.log.error({ err: error, jobId }, `background job ${jobId}: progress`);
    const progress = new ProgressReporter(this.db, actor, jobId, logError);
    const task = (async () => {
      try {
        const { result, processed } = await work({ jobId, progress });
        await progress.flush();
        await finishJob(this.db, actor, jobId, result, processed);
      } catch (error) {
        if (!isAppError(error)) this.log.error({ err: error, jobId }, `background job ${jobId} failed`);
        await progress.flush().catch(() => undefined);
        await failJob(this.db, actor, jobId, failureMessage(error, what)).catch((e: unknown) =>
          this.log.error({ err: e, jobId }, `background job ${jobId}: could not record the failure`),
        );
      }
    })();
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
    return task;
  }

  /** Waits for every job started so far (including those started while waiting). */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  get size(): number {
    return this.running.size;
  }
}
