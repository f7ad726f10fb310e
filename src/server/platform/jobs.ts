/**
 * Background jobs (imports, exports, batch prints) with their progress in `background_jobs`, so that any app
 * process can answer `GET /api/jobs/:jobId`. Rows are visible to their owner only (row-level security policy
 * `background_jobs_own`: account_id = gk_account_id()), so every function goes through `inScopedTx`.
 *
 * How a job runs: the request that starts it (`JobRunner.start`) answers 202 with the job's id and the work
 * continues in the same process, never leaving an unhandled rejection; an error marks the job failed with a
 * Chinese message. Progress is written as the work goes (every ~200 rows, every printed form).
 *
 * Heavy work is metered twice:
 * - per account, across all processes: at most MAX_ACTIVE_JOBS_PER_ACCOUNT jobs queued or running (counted in
 *   the database under a per-account advisory lock), else 429 JOBS_BUSY;
 * - per process: at most `jobConcurrency` jobs run at once (JOB_CONCURRENCY); the next MAX_QUEUED_JOBS wait in
 *   line (status `queued`), and beyond that the process answers 503 SERVER_BUSY. A job that produces a file
 *   (a PDF, a workbook) stores it in `background_job_files` for its owner (`GET /api/jobs/:jobId/file`), so any
 *   process can serve the download; the maintenance sweep removes files after JOB_FILE_TTL_MS and jobs after
 *   JOB_KEEP_MS.
 *
 * A process that dies mid-job leaves its row `running` (or `queued`) for ever. Rather than a sweeper, `getJob`
 * reports such a job whose `updatedAt` is more than STALE_AFTER_MS (2 minutes) old as failed ("任务已中断"): the
 * runner touches every job it holds at least every HEARTBEAT_MS, and long work writes progress besides. Stale
 * jobs do not count against the owner's limit. The row itself is left as it is, so a slow but living process can
 * still finish it.
 *
 * Times here are the system clock (wall time between processes), not the app's injectable business clock.
 *
 * On PGlite, one connection serves the whole process: a query outside an open transaction waits for that
 * transaction to end. Progress written while a job holds a transaction is therefore queued, not awaited
 * (`ProgressReporter`), and lands when the transaction ends; on PostgreSQL it lands at once on another
 * connection.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { backgroundJobFiles, backgroundJobs } from '../db/schema.js';
import type { Actor } from './context.js';
import { AppError, databaseRefusal, isAppError } from './errors.js';
import { inScopedTx } from './tx.js';

export const STALE_AFTER_MS = 2 * 60_000;
/** How often the runner touches the jobs it holds (queued or running), well inside STALE_AFTER_MS. */
export const HEARTBEAT_MS = 30_000;
export const PROGRESS_EVERY_ROWS = 200;
/** Jobs one account may have queued or running at once, across all processes. */
export const MAX_ACTIVE_JOBS_PER_ACCOUNT = 2;
/** Jobs one process keeps waiting in line beyond those it runs. */
export const MAX_QUEUED_JOBS = 20;
/** A finished job's file can be downloaded this long. */
export const JOB_FILE_TTL_MS = 24 * 3600_000;
/** Finished jobs are kept (for their owner to look back) this long. */
export const JOB_KEEP_MS = 7 * 24 * 3600_000;

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  total: number;
  processed: number;
  /** What the job produced (imports: `{ total, imported, errors }`; files: `{ fileName, size, count }`). */
  result: unknown;
  /** Why it failed, in Chinese; null otherwise. */
  message: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A file a job produced, for its owner to download. */
export interface JobFile {
  fileName: string;
  mime: string;
  data: Buffer;
}

type JobRow = typeof backgroundJobs.$inferSelect;

/** The jobs of the actor that still hold a place: queued or running, and not stale. */
async function activeJobCount(tx: Tx, accountId: number, now: Date): Promise<number> {
  const rows = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(backgroundJobs)
    .where(
      and(
        eq(backgroundJobs.accountId, accountId),
        inArray(backgroundJobs.status, ['queued', 'running']),
        gt(backgroundJobs.updatedAt, new Date(now.getTime() - STALE_AFTER_MS)),
      ),
    );
  return rows[0]?.n ?? 0;
}

/**
 * Records a new job for the actor, queued, or refuses with JOBS_BUSY when the actor already has
 * MAX_ACTIVE_JOBS_PER_ACCOUNT under way. The count and the insert run under a per-account advisory lock, so two
 * requests at once (in two processes) cannot both take the last place.
 */
export async function startJob(db: Db, actor: Actor, kind: string, total: number): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await inScopedTx(db, actor, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('gk.jobs'), ${actor.accountId}::int)`);
    if ((await activeJobCount(tx, actor.accountId, now)) >= MAX_ACTIVE_JOBS_PER_ACCOUNT) {
      throw new AppError(
        'JOBS_BUSY',
        `您已有 ${MAX_ACTIVE_JOBS_PER_ACCOUNT} 个任务（打印、导出或导入）正在进行，请等其完成后再发起新的任务`,
      );
    }
    await tx.insert(backgroundJobs).values({
      id,
      kind,
      accountId: actor.accountId,
      orgPath: actor.orgPath,
      status: 'queued',
      total,
      processed: 0,
      result: null,
      createdAt: now,
      updatedAt: now,
    });
  });
  return id;
}

/** Writes progress (and touches updatedAt) while the job is still under way; a finished job is left alone. */
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
      .where(and(eq(backgroundJobs.id, id), inArray(backgroundJobs.status, ['queued', 'running']))),
  );
}

/** Moves a job from the line to work, or just touches it (heartbeat), while it is under way. */
async function touchJob(db: Db, actor: Actor, id: string, status?: 'running'): Promise<void> {
  await inScopedTx(db, actor, (tx) =>
    tx
      .update(backgroundJobs)
      .set({ ...(status ? { status } : {}), updatedAt: new Date() })
      .where(and(eq(backgroundJobs.id, id), inArray(backgroundJobs.status, ['queued', 'running']))),
  );
}

/**
 * Marks a job done; its progress is then complete (processed = total) unless the caller says otherwise. A file
 * the job produced is stored in the same transaction, so a job is never done without its file.
 */
export async function finishJob(
  db: Db,
  actor: Actor,
  id: string,
  result: unknown,
  processed?: number,
  file?: JobFile,
): Promise<void> {
  await inScopedTx(db, actor, async (tx) => {
    const now = new Date();
    if (file) {
      await tx.insert(backgroundJobFiles).values({
        jobId: id,
        accountId: actor.accountId,
        fileName: file.fileName,
        mime: file.mime,
        size: file.data.length,
        data: file.data,
        createdAt: now,
      });
    }
    await tx
      .update(backgroundJobs)
      .set({
        status: 'done',
        result,
        processed: processed ?? sql`${backgroundJobs.total}`,
        updatedAt: now,
      })
      .where(eq(backgroundJobs.id, id));
  });
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

/** The file a finished job produced, for its owner; NOT_FOUND for anyone else, JOB_NOT_READY while under way. */
export async function getJobFile(db: Db, actor: Actor, id: string, now: Date = new Date()): Promise<JobFile> {
  return inScopedTx(db, actor, async (tx) => {
    const [file] = await tx
      .select({ fileName: backgroundJobFiles.fileName, mime: backgroundJobFiles.mime, data: backgroundJobFiles.data })
      .from(backgroundJobFiles)
      .where(eq(backgroundJobFiles.jobId, id));
    if (file) return file;
    const [job] = await tx.select().from(backgroundJobs).where(eq(backgroundJobs.id, id));
    if (!job) throw new AppError('NOT_FOUND', '任务不存在或不是您发起的');
    const view = presentJob(job, now);
    if (view.status === 'queued' || view.status === 'running') {
      throw new AppError('JOB_NOT_READY', '任务尚未完成，请稍候');
    }
    if (view.status === 'failed') throw new AppError('JOB_NOT_READY', view.message ?? '任务失败');
    throw new AppError('NOT_FOUND', '文件已过期或该任务没有文件，请重新生成');
  });
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
  const underWay = row.status === 'running' || row.status === 'queued';
  if (underWay && now.getTime() - row.updatedAt.getTime() > STALE_AFTER_MS) {
    return { ...base, status: 'failed', result: null, message: STALE_MESSAGE };
  }
  if (row.status === 'failed') {
    const message = (row.result as { message?: unknown } | null)?.message;
    return { ...base, status: 'failed', result: null, message: typeof message === 'string' ? message : '任务失败' };
  }
  const status: JobStatus = row.status === 'done' ? 'done' : row.status === 'queued' ? 'queued' : 'running';
  return { ...base, status, result: row.result ?? null, message: null };
}

/** Removes job files past JOB_FILE_TTL_MS and finished or abandoned jobs past JOB_KEEP_MS (maintenance sweep). */
export async function sweepJobs(tx: Tx, now: Date): Promise<void> {
  await tx
    .delete(backgroundJobFiles)
    .where(lt(backgroundJobFiles.createdAt, new Date(now.getTime() - JOB_FILE_TTL_MS)));
  await tx.delete(backgroundJobs).where(lt(backgroundJobs.updatedAt, new Date(now.getTime() - JOB_KEEP_MS)));
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

/** What a job's work returns: its result for the owner, perhaps a file to download. */
export interface JobOutcome {
  result: unknown;
  processed?: number;
  file?: JobFile;
}

/** What a job's failure tells its owner: an AppError's own message, otherwise a generic one (details logged). */
export function failureMessage(error: unknown, what: string): string {
  const refusal = databaseRefusal(error);
  if (refusal) return `${what}失败：${refusal.message}`;
  if (isAppError(error)) return `${what}失败：${error.message}`;
  return `${what}失败：系统出现错误，请稍后重试；如仍失败，请联系系统管理员`;
}

/** Lets other requests run between steps of a long job (a printed form, a few hundred rows). */
export function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface HeldJob {
  actor: Actor;
  jobId: string;
}

/**
 * Runs jobs after the response: at most `concurrency` at once in this process, the next MAX_QUEUED_JOBS in line,
 * every held job touched each HEARTBEAT_MS; lets the app wait for them when it closes (graceful shutdown; tests).
 * Nothing here is needed by another process: the database holds each job's state.
 */
export class JobRunner {
  private readonly running = new Set<Promise<void>>();
  private readonly held = new Map<string, HeldJob>();
  private readonly waiting: Array<() => void> = [];
  private active = 0;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly log: { error(obj: unknown, msg?: string): void },
    private readonly concurrency = 2,
    private readonly queueLimit = MAX_QUEUED_JOBS,
  ) {}

  /**
   * Records a job for the actor and runs `work` when a place is free; answers the job's id at once. Refuses with
   * SERVER_BUSY when this process's line is full, JOBS_BUSY when the actor has too many jobs under way.
   */
  async start(
    actor: Actor,
    kind: string,
    what: string,
    work: (job: JobContext) => Promise<JobOutcome>,
    total = 0,
  ): Promise<string> {
    if (this.active >= this.concurrency && this.waiting.length >= this.queueLimit) {
      throw new AppError('SERVER_BUSY', '当前排队的任务较多，请稍后再试');
    }
    const jobId = await startJob(this.db, actor, kind, total);
    void this.run(actor, jobId, what, work);
    return jobId;
  }

  /** Runs an already recorded job (startJob); never rejects and never leaves a rejection unhandled. */
  run(actor: Actor, jobId: string, what: string, work: (job: JobContext) => Promise<JobOutcome>): Promise<void> {
    const logError = (error: unknown) => this.log.error({ err: error, jobId }, `background job ${jobId}: progress`);
    const progress = new ProgressReporter(this.db, actor, jobId, logError);
    this.held.set(jobId, { actor, jobId });
    this.startHeartbeat();
    const task = (async () => {
      await this.acquire();
      try {
        await touchJob(this.db, actor, jobId, 'running');
        const { result, processed, file } = await work({ jobId, progress });
        await progress.flush();
        await finishJob(this.db, actor, jobId, result, processed, file);
      } catch (error) {
        if (!isAppError(error)) this.log.error({ err: error, jobId }, `background job ${jobId} failed`);
        await progress.flush().catch(() => undefined);
        await failJob(this.db, actor, jobId, failureMessage(error, what)).catch((e: unknown) =>
          this.log.error({ err: e, jobId }, `background job ${jobId}: could not record the failure`),
        );
      } finally {
        this.release();
        this.held.delete(jobId);
      }
    })();
    this.running.add(task);
    void task.finally(() => {
      this.running.delete(task);
      if (this.running.size === 0) this.stopHeartbeat();
    });
    return task;
  }

  private acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.active++;
        resolve();
      });
    });
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const { actor, jobId } of this.held.values()) {
        touchJob(this.db, actor, jobId).catch((error: unknown) =>
          this.log.error({ err: error, jobId }, `background job ${jobId}: heartbeat`),
        );
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** Waits for every job started so far (including those started while waiting). */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    this.stopHeartbeat();
  }

  /** Jobs this process holds (running or waiting). */
  get size(): number {
    return this.running.size;
  }

  /** Jobs waiting in this process's line. */
  get queued(): number {
    return this.waiting.length;
  }
}
