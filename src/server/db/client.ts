import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { allApplicationMoves, CREATIONS } from '../../domain/application-moves.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DbKind;
  /** Where the pool's errors go (an idle connection lost, say); by default a line on stderr with the code only. */
  onPoolError(handler: (error: Error) => void): void;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * PGlite only: the whole data directory as an uncompressed tarball, which `loadDataDir` opens again (the tests
   * migrate one database per run and start each test file from a copy of it). Undefined on PostgreSQL.
   */
  dumpDataDir?(): Promise<Blob>;
  /** Statements sent to the server so far (round trips, BEGIN and COMMIT included); null on PGlite (in-process). */
  statementCount(): number | null;
  /**
   * Called with every statement's duration in seconds (the metrics' query histogram). One observer; the call is
   * on the hottest path there is (exam-day saves), so it must be cheap and must not throw.
   */
  onQuery(observer: ((seconds: number) => void) | null): void;
  /**
   * The pool's connections now: open, idle, and requests waiting for one (the metrics' gauges). PGlite has one
   * in-process connection and no pool: total 1, and the statements under way or waiting for it as `waiting`.
   */
  poolStats(): PoolStats;
}

export interface PoolStats {
  max: number;
  total: number;
  idle: number;
  waiting: number;
}

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

/** The PostgreSQL pool's limits (README: DB_POOL_SIZE and the DB_*_MS timeouts); 0 means no limit. */
export interface PoolSettings {
  size: number;
  /** How long a request waits for a free connection before it is answered 503. */
  connectTimeoutMs: number;
  /** A statement running longer is cancelled (SQLSTATE 57014). */
  statementTimeoutMs: number;
  /** A statement waiting longer for a row lock gives up (55P03). */
  lockTimeoutMs: number;
  /** A transaction left idle this long is ended by the server, so a stuck request cannot hold locks. */
  idleInTransactionTimeoutMs: number;
}

/** For scripts and benchmarks: no timeouts (seeding and VACUUM may run for minutes). The app passes its config. */
export const UNLIMITED_POOL: PoolSettings = {
  size: 10,
  connectTimeoutMs: 0,
  statementTimeoutMs: 0,
  lockTimeoutMs: 0,
  idleInTransactionTimeoutMs: 0,
};

export interface OpenDatabaseOptions {
  /** postgres://… for a PostgreSQL server; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` (or undefined with inMemory) keeps it in memory, for tests. */
  dataDir?: string;
  /**
   * PGlite: start from this dump (`dumpDataDir`) instead of an empty cluster: in memory, or in a data directory
   * that holds no cluster yet (`npm run restore`).
   */
  loadDataDir?: Blob;
  /** Shorthand for pool.size. */
  poolSize?: number;
  pool?: Partial<PoolSettings>;
}

export function openDatabase(options: OpenDatabaseOptions): Database {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl, {
      ...UNLIMITED_POOL,
      ...options.pool,
      ...(options.poolSize ? { size: options.poolSize } : {}),
    });
  }
  return openPglite(options.dataDir ?? 'memory://', options.loadDataDir);
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it. A lock file
 * with the owner's pid keeps a second server (or a script run beside it) out; a stale lock is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'gongkao.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `The data directory ${dataDir} is in use by process ${owner}; stop it first (PGlite allows one process).`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function openPglite(dataDir: string, loadDataDir?: Blob): Database {
  let unlock: () => void = () => {};
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
    if (loadDataDir && existsSync(path.join(dataDir, 'PG_VERSION'))) {
      unlock();
      throw new Error(`${dataDir} already holds a database: a dump is loaded into an empty directory only`);
    }
  }
  const client = new PGlite(dataDir, loadDataDir ? { loadDataDir } : {});
  // Query timing: drizzle calls query() on the client, and on the transaction object PGlite hands its callback.
  let observer: ((seconds: number) => void) | null = null;
  let underWay = 0;
  const timed = (target: { query: (...args: never[]) => Promise<unknown> }) => {
    const query = target.query.bind(target) as (...args: unknown[]) => Promise<unknown>;
    (target as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
      if (!observer) return query(...args);
      const started = performance.now();
      underWay++;
      const done = () => {
        underWay--;
        observer?.((performance.now() - started) / 1000);
      };
      return query(...args).finally(done);
    };
  };
  timed(client as never);
  const transaction = client.transaction.bind(client);
  client.transaction = ((fn: (tx: never) => Promise<unknown>) =>
    transaction((tx) => {
      timed(tx as never);
      return fn(tx as never);
    })) as typeof client.transaction;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async migrate() {
      const migrator = drizzlePglite(client, { schema });
      await migratePglite(migrator, { migrationsFolder: MIGRATIONS_DIR });
      await syncApplicationMoves(migrator as unknown as Db);
    },
    async close() {
      await client.close();
      unlock();
    },
    statementCount: () => null,
    onPoolError: () => undefined,
    onQuery(next) {
      observer = next;
    },
    poolStats: () => ({ max: 1, total: 1, idle: underWay === 0 ? 1 : 0, waiting: Math.max(0, underWay - 1) }),
    dumpDataDir: () => client.dumpDataDir('none'),
  };
}

function openPostgres(url: string, settings: PoolSettings): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: settings.size,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    statement_timeout: settings.statementTimeoutMs || undefined,
    lock_timeout: settings.lockTimeoutMs || undefined,
    idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs || undefined,
  });
  // An idle client that loses its server must not crash the process (the next query reconnects), nor go unseen.
  let poolErrorHandler = (error: Error) => {
    const code = (error as { code?: unknown }).code;
    process.stderr.write(`database pool error: ${error.name}${typeof code === 'string' ? ` ${code}` : ''}\n`);
  };
  pool.on('error', (error) => poolErrorHandler(error));
  // Every statement goes through a pooled client's query(): counted there (round trips per request, tests) and,
  // when metrics observe it, timed (pool.query passes a callback; drizzle's transactions get a promise).
  let statements = 0;
  let observer: ((seconds: number) => void) | null = null;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements++;
      const observe = observer;
      if (!observe) return query(...args);
      const started = performance.now();
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function') {
        args[last] = (...results: unknown[]) => {
          observe((performance.now() - started) / 1000);
          return (callback as (...r: unknown[]) => unknown)(...results);
        };
        return query(...args);
      }
      const result = query(...args);
      if (result instanceof Promise) {
        const done = () => observe((performance.now() - started) / 1000);
        result.then(done, done);
      }
      return result;
    };
  });
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // Several app processes may start together: one migrates, the others wait for it.
      const client = await pool.connect();
      try {
        // Migrations may rewrite big tables: no statement or lock timeout for this session.
        await client.query('SET statement_timeout = 0; SET lock_timeout = 0');
        await client.query('SELECT pg_advisory_lock(727001)');
        const migrator = drizzleNodePg(client, { schema });
        await migrateNodePg(migrator, { migrationsFolder: MIGRATIONS_DIR });
        await syncApplicationMoves(migrator as unknown as Db);
      } finally {
        await client.query('SELECT pg_advisory_unlock(727001)').catch(() => undefined);
        // Destroyed, not returned: its session settings (no timeouts) must not serve a request.
        client.release(true);
      }
    },
    async close() {
      await pool.end();
    },
    statementCount: () => statements,
    onQuery(next) {
      observer = next;
    },
    poolStats: () => ({
      max: settings.size,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
    onPoolError(handler) {
      poolErrorHandler = handler;
    },
  };
}

/**
 * Writes the application lifecycle's legal moves (src/domain/application-moves.ts) into application_moves, which
 * the database's guard (migration 0014) checks every signed-in change against: the rules live in the domain and
 * the database enforces them. Run by every migrate(), inside its lock, so the table always matches this code.
 */
async function syncApplicationMoves(db: Db): Promise<void> {
  const rows = [
    ...CREATIONS.map((c) => ({
      role: c.role,
      online: c.online,
      fromStatus: 'new',
      fromReturnedTo: '-',
      fromDepartmentBatch: false,
      fromJurisdictionBatch: false,
      toStatus: c.status,
      toReturnedTo: '-',
      toDepartmentBatch: false,
      toJurisdictionBatch: false,
    })),
    ...allApplicationMoves().map((m) => ({
      role: m.role,
      online: m.online,
      fromStatus: m.from.status,
      fromReturnedTo: m.from.returnedTo ?? '-',
      fromDepartmentBatch: m.from.departmentBatch,
      fromJurisdictionBatch: m.from.jurisdictionBatch,
      toStatus: m.to.status,
      toReturnedTo: m.to.returnedTo ?? '-',
      toDepartmentBatch: m.to.departmentBatch,
      toJurisdictionBatch: m.to.jurisdictionBatch,
    })),
  ];
  await db.transaction(async (tx) => {
    await tx.delete(schema.applicationMoves);
    for (let i = 0; i < rows.length; i += 500) await tx.insert(schema.applicationMoves).values(rows.slice(i, i + 500));
  });
}

/**
 * One statement of a hot path as a named prepared statement: on PostgreSQL each pooled connection parses and plans
 * it once (node-postgres prepares it the first time a connection runs the name), instead of Drizzle building the
 * text and the server parsing it at every request; PGlite (in-process) runs the text with the same parameters. Only
 * for a database handle, never a transaction's (which runs on its own connection through Drizzle).
 */
export async function queryPrepared<T>(db: Db, name: string, text: string, values: readonly unknown[]): Promise<T[]> {
  const client = (db as unknown as { $client: unknown }).$client;
  if (client instanceof pg.Pool) {
    const result = await client.query({ name, text, values: [...values] });
    return result.rows as T[];
  }
  const result = await (client as PGlite).query<T>(text, [...values]);
  return result.rows;
}

/** The rows of a raw `execute` result; PGlite and node-postgres both answer with `{ rows }`. */
export function resultRows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** `%text%` for ILIKE, with the user's own % _ and \\ matched literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
