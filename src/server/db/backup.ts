// Backup and restore of the whole database (`npm run backup` / `npm run restore`, README "备份与恢复"): on a
// PostgreSQL server with PostgreSQL's own tools (pg_dump's custom format, pg_restore), on the embedded PGlite
// with its data-directory dump. The file is this module's small container around that payload:
//
//   line 1   GONGKAO-BACKUP
//   line 2   the manifest (JSON: format, version, created at, source kind, migrations, roles, key ids)
//   …        the payload (pg_dump --format=custom, or PGlite's data directory as a .tar.gz)
//   last     GONGKAO-BACKUP-END {"payloadBytes":…,"sha256":…}
//
// so restore can tell a gongkao backup of the right kind, and a damaged or cut-off file, before it touches the
// target. The keys (bank content key, signing key, recovery key) are never in the file: the backup names where they
// are, and the restore says whether the target's keys are the ones the backup was made under.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { parseRecoveryKey, recoveryKeyFilePath } from '../platform/recovery-key.js';
import { keyFilePath, parseContentKey } from '../platform/sealed.js';
import { parseSigningKey, signingKeyFilePath } from '../platform/signing.js';
import { MIGRATIONS_DIR, openDatabase } from './client.js';

export const BACKUP_FORMAT = 'gongkao-backup';
export const BACKUP_VERSION = 1;
const MAGIC = 'GONGKAO-BACKUP\n';
const TRAILER = 'GONGKAO-BACKUP-END ';

/**
 * The exit codes of `npm run backup` and `npm run restore` (README lists them): stable, so an operator's script can
 * tell a refused target from a broken file.
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  notABackup: 3,
  wrongKind: 4,
  targetNotEmpty: 5,
  tools: 6,
  unavailable: 7,
} as const;

/** A refusal or failure with its exit code and a Chinese message for the operator. */
export class BackupError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

export type SourceKind = 'postgres' | 'pglite';

export interface DatabaseRole {
  name: string;
  inherit: boolean;
  /** The roles it is a member of (gk_applicant and gk_bank are members of gk_app). */
  memberOf: string[];
}

export interface KeyIds {
  /** Hex of the bank content key's id (platform/sealed.ts), as sealed values carry it. */
  bank: string | null;
  /** The signing key's keyId (platform/signing.ts), as tickets name it. */
  signing: string | null;
  /** Hex of the first 8 bytes of the recovery key's public key's SHA-256. */
  recovery: string | null;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  source: SourceKind;
  payload: 'pg_dump-custom' | 'pglite-datadir-tar-gz';
  /** Migrations applied in the source database, and the last one's tag. */
  migrations: number;
  lastMigration: string | null;
  appVersion: string;
  /** The source server's version (`server_version`). */
  serverVersion: string;
  /** PostgreSQL: pg_dump's major version (pg_restore must be at least as new). */
  pgDumpMajor: number | null;
  /** PostgreSQL: the cluster-wide roles the schema names (pg_dump does not carry roles); restore creates them. */
  roles: DatabaseRole[];
  keys: KeyIds;
}

export interface BackupTarget {
  /** postgres://… for a PostgreSQL server; otherwise the PGlite data directory. */
  databaseUrl?: string;
  dataDir: string;
}

export interface KeyConfig {
  databaseUrl?: string;
  dataDir: string;
  bankKey?: string;
  signingKey?: string;
  recoveryKey?: string;
}

/** Where one key lives for a configuration, and its id when it can be read (never created here). */
export interface KeyLocation {
  label: string;
  variable: string;
  /** `configuration (BANK_KEY)`, a key file's path, or null (a PostgreSQL server without the variable). */
  where: string | null;
  present: boolean;
  id: string | null;
}

export type Progress = (line: string) => void;

// ─── Keys ──────────────────────────────────────────────────────────────────────────────────────────────────

/** The three keys of this configuration: where each is and its id. Reads, never creates, a key file. */
export function locateKeys(config: KeyConfig): KeyLocation[] {
  const embedded = !config.databaseUrl;
  const one = (
    label: string,
    variable: string,
    configured: string | undefined,
    file: string,
    idOf: (text: string) => string,
  ): KeyLocation => {
    let where: string | null = null;
    let text: string | undefined;
    if (configured) {
      where = `配置项 ${variable}`;
      text = configured;
    } else if (embedded) {
      where = file;
      if (existsSync(file)) text = readFileSync(file, 'utf8');
    }
    let id: string | null = null;
    if (text !== undefined) {
      try {
        id = idOf(text);
      } catch {
        id = null;
      }
    }
    return { label, variable, where, present: text !== undefined, id };
  };
  return [
    one('题库密钥', 'BANK_KEY', config.bankKey, keyFilePath(config.dataDir), (t) =>
      parseContentKey(t).id.toString('hex'),
    ),
    one(
      '签名密钥',
      'SIGNING_KEY',
      config.signingKey,
      signingKeyFilePath(config.dataDir),
      (t) => parseSigningKey(t).keyId,
    ),
    one('断网恢复密钥', 'EXAM_RECOVERY_KEY', config.recoveryKey, recoveryKeyFilePath(config.dataDir), (t) =>
      createHash('sha256').update(parseRecoveryKey(t).publicRaw).digest().subarray(0, 8).toString('hex'),
    ),
  ];
}

function keyIds(keys: KeyLocation[]): KeyIds {
  const [bank, signing, recovery] = keys;
  return { bank: bank?.id ?? null, signing: signing?.id ?? null, recovery: recovery?.id ?? null };
}

/**
 * What the restore says of each key: the same as at backup, missing, or another one (then sealed bank content
 * cannot be opened, or earlier tickets no longer verify).
 */
export function compareKeys(manifest: BackupManifest, keys: KeyLocation[]): string[] {
  const was = [manifest.keys.bank, manifest.keys.signing, manifest.keys.recovery];
  return keys.map((key, i) => {
    const before = was[i] ?? null;
    const where = key.where ?? `未配置 ${key.variable}`;
    if (before === null) return `${key.label}：备份时未设置，无需恢复（${where}）`;
    if (!key.present) return `${key.label}：未找到！启动服务前请把备份时的密钥放回 ${where}（密钥编号 ${before}）`;
    if (key.id === before) return `${key.label}：与备份时一致（${where}）`;
    return `${key.label}：与备份时不同！请换回备份时的密钥（编号 ${before}，现在是 ${key.id ?? '无法读取'}；${where}）`;
  });
}

// ─── The file ──────────────────────────────────────────────────────────────────────────────────────────────

interface Journal {
  entries: Array<{ tag: string; when: number }>;
}

function journal(): Journal {
  return JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** The migrations this code knows. */
export function knownMigrations(): number {
  return journal().entries.length;
}

function appVersion(): string {
  try {
    const file = path.resolve(MIGRATIONS_DIR, '..', 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Writes header, payload (from `write`) and trailer to `out` (through `out.partial`, renamed at the end). */
async function writeBackupFile(
  out: string,
  manifest: BackupManifest,
  write: (sink: (chunk: Buffer) => Promise<void>) => Promise<void>,
): Promise<number> {
  const partial = `${out}.partial`;
  const stream = createWriteStream(partial, { mode: 0o600 });
  const hash = createHash('sha256');
  let payloadBytes = 0;
  const put = async (chunk: Buffer | string) => {
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  try {
    await put(MAGIC);
    await put(`${JSON.stringify(manifest)}\n`);
    await write(async (chunk) => {
      hash.update(chunk);
      payloadBytes += chunk.length;
      await put(chunk);
    });
    await put(`\n${TRAILER}${JSON.stringify({ payloadBytes, sha256: hash.digest('hex') })}\n`);
    stream.end();
    await once(stream, 'finish');
    renameSync(partial, out);
  } catch (error) {
    stream.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
  return statSync(out).size;
}

export interface OpenedBackup {
  manifest: BackupManifest;
  file: string;
  /** The payload's first and last byte offsets (inclusive, as createReadStream takes them). */
  start: number;
  end: number;
}

const notABackup = (file: string, why: string) =>
  new BackupError(EXIT.notABackup, `${file} 不是有效的 gongkao 备份文件：${why}`);

/** Reads and checks a backup file: header, manifest, trailer and the payload's checksum. */
export async function openBackupFile(file: string, progress: Progress = () => {}): Promise<OpenedBackup> {
  if (!existsSync(file)) throw new BackupError(EXIT.usage, `找不到备份文件 ${file}`);
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  let head: string;
  let tail: string;
  try {
    const headBuffer = Buffer.alloc(Math.min(size, 65_536));
    readSync(fd, headBuffer, 0, headBuffer.length, 0);
    head = headBuffer.toString('utf8');
    const tailBuffer = Buffer.alloc(Math.min(size, 512));
    readSync(fd, tailBuffer, 0, tailBuffer.length, size - tailBuffer.length);
    tail = tailBuffer.toString('latin1');
  } finally {
    closeSync(fd);
  }
  if (!head.startsWith(MAGIC)) throw notABackup(file, '文件开头没有 gongkao 备份标记');
  const manifestEnd = head.indexOf('\n', MAGIC.length);
  if (manifestEnd < 0) throw notABackup(file, '清单不完整');
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(head.slice(MAGIC.length, manifestEnd)) as BackupManifest;
  } catch {
    throw notABackup(file, '清单无法解析');
  }
  if (manifest.format !== BACKUP_FORMAT) throw notABackup(file, '清单的格式不是 gongkao-backup');
  if (manifest.version !== BACKUP_VERSION) {
    throw notABackup(file, `备份格式版本 ${manifest.version}，本程序只认版本 ${BACKUP_VERSION}`);
  }
  const trailerAt = tail.lastIndexOf(`\n${TRAILER}`);
  if (trailerAt < 0 || !tail.endsWith('\n')) throw notABackup(file, '文件末尾没有结束标记（备份未完成或文件被截断）');
  let trailer: { payloadBytes: number; sha256: string };
  try {
    trailer = JSON.parse(tail.slice(trailerAt + 1 + TRAILER.length, -1)) as typeof trailer;
  } catch {
    throw notABackup(file, '结束标记无法解析');
  }
  const start = Buffer.byteLength(MAGIC) + Buffer.byteLength(head.slice(MAGIC.length, manifestEnd + 1));
  const end = size - (tail.length - trailerAt) - 1;
  if (end - start + 1 !== trailer.payloadBytes) throw notABackup(file, '数据长度与结束标记不符（文件被截断或改动）');
  progress(`校验备份文件（${formatBytes(trailer.payloadBytes)}）…`);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { start, end })) hash.update(chunk as Buffer);
  if (hash.digest('hex') !== trailer.sha256) throw notABackup(file, '校验和不符（文件已损坏或被改动）');
  return { manifest, file, start, end };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

// ─── Inspecting a database ─────────────────────────────────────────────────────────────────────────────────

interface Queryable {
  query<T>(text: string): Promise<{ rows: T[] }>;
}

/** Migrations applied (drizzle's journal table) and the last one's tag; 0 and null in a database never migrated. */
async function appliedMigrations(db: Queryable): Promise<{ count: number; last: string | null }> {
  const [exists] = (
    await db.query<{ ok: boolean }>(`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`)
  ).rows;
  if (!exists?.ok) return { count: 0, last: null };
  const [row] = (
    await db.query<{ n: number; last: string | null }>(
      'select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations',
    )
  ).rows;
  const when = row?.last ? Number(row.last) : null;
  const tag = journal().entries.find((e) => e.when === when)?.tag ?? null;
  return { count: Number(row?.n ?? 0), last: tag };
}

export interface TargetContents {
  tables: number;
  tablesWithRows: number;
  migrations: number;
}

/** Tables outside the system schemas, how many hold rows, and the migrations applied: all 0 in an empty target. */
async function contents(db: Queryable): Promise<TargetContents> {
  const tables = (
    await db.query<{ name: string }>(
      `select format('%I.%I', schemaname, tablename) as name from pg_tables
        where schemaname not in ('pg_catalog', 'information_schema') order by 1`,
    )
  ).rows;
  let withRows = 0;
  for (const t of tables) {
    const [row] = (await db.query<{ some: boolean }>(`select exists (select 1 from ${t.name}) as some`)).rows;
    if (row?.some) withRows++;
  }
  return { tables: tables.length, tablesWithRows: withRows, migrations: (await appliedMigrations(db)).count };
}

const isEmpty = (c: TargetContents) => c.tables === 0 && c.migrations === 0;

function notEmpty(where: string, c: TargetContents): BackupError {
  return new BackupError(
    EXIT.targetNotEmpty,
    `拒绝恢复：目标数据库不是空的（${where}：${c.tables} 张表，其中 ${c.tablesWithRows} 张有数据，已执行 ${c.migrations} 个迁移）。` +
      '恢复会覆盖其中全部数据；确需覆盖，请先备份它，再加 --force 重新运行。',
  );
}

// ─── PostgreSQL ────────────────────────────────────────────────────────────────────────────────────────────

/** libpq's settings for a URL: the password goes in PGPASSWORD, never on a command line others can read. */
function libpq(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: password ? { PGPASSWORD: password } : {} };
}

function tool(name: 'pg_dump' | 'pg_restore'): string {
  const dir = process.env.PG_BIN_DIR;
  return dir ? path.join(dir, name) : name;
}

/** The tool's major version (`pg_dump (PostgreSQL) 15.20 …` → 15); a missing tool stops with EXIT.tools. */
async function toolMajor(name: 'pg_dump' | 'pg_restore'): Promise<number> {
  const { code, stdout } = await run(tool(name), ['--version'], {}).catch(() => ({ code: -1, stdout: '' }));
  const match = /\(PostgreSQL\) (\d+)/.exec(stdout);
  if (code !== 0 || !match) {
    throw new BackupError(
      EXIT.tools,
      `找不到 PostgreSQL 的 ${name}：请安装 postgresql-client（与服务器同一大版本或更新，例如 apt-get install postgresql-client-15），` +
        '或用 PG_BIN_DIR 指向它的目录（如 /usr/lib/postgresql/15/bin）。',
    );
  }
  return Number(match[1]);
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  io: { stdin?: NodeJS.ReadableStream; onStdout?: (chunk: Buffer) => Promise<void>; onStderrLine?: Progress } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = Promise.resolve();
    let failed: unknown = null;
    child.on('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      if (!io.onStdout) {
        stdout += chunk.toString('utf8');
        return;
      }
      // Back-pressure: pause the tool while the file catches up.
      child.stdout.pause();
      pending = pending
        .then(() => io.onStdout?.(chunk))
        .catch((error: unknown) => {
          failed = error;
          child.kill();
        })
        .finally(() => child.stdout.resume());
    });
    let partialLine = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const text = partialLine + chunk.toString('utf8');
      const lines = text.split('\n');
      partialLine = lines.pop() ?? '';
      for (const line of lines) {
        stderr += `${line}\n`;
        io.onStderrLine?.(line);
      }
    });
    if (io.stdin) {
      io.stdin.pipe(child.stdin);
      child.stdin.on('error', () => undefined);
    } else child.stdin.end();
    child.on('close', (code) => {
      void pending.then(() => {
        if (failed) reject(failed);
        else resolve({ code: code ?? -1, stdout, stderr: stderr + partialLine });
      });
    });
  });
}

/** The lines of a tool's stderr that are errors (not its --verbose progress), at most a few. */
function toolErrors(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => /error|错误|fatal|could not|failed/i.test(l));
  return (lines.length > 0 ? lines : stderr.split('\n').filter(Boolean)).slice(-8).join('\n');
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new BackupError(EXIT.unavailable, `无法连接 PostgreSQL 数据库：${(error as Error).message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function backupPostgres(url: string, out: string, config: KeyConfig, progress: Progress) {
  const major = await toolMajor('pg_dump');
  const facts = await withClient(url, async (client) => {
    const [server] = (
      await client.query<{ version: string; num: number }>(
        `select current_setting('server_version') as version, current_setting('server_version_num')::int as num`,
      )
    ).rows;
    const migrations = await appliedMigrations(client);
    const tables = (
      await client.query<{ n: number }>(
        `select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`,
      )
    ).rows[0]!.n;
    const roles = (
      await client.query<{ name: string; inherit: boolean; member_of: string[] }>(
        `select r.rolname as name, r.rolinherit as inherit,
           array(select m.rolname::text from pg_auth_members a join pg_roles m on m.oid = a.roleid
                  where a.member = r.oid and m.rolname like 'gk\\_%' order by 1) as member_of
         from pg_roles r where r.rolname like 'gk\\_%' order by (select count(*) from pg_auth_members a where a.member = r.oid), 1`,
      )
    ).rows;
    return { server: server!, migrations, tables, roles };
  });
  const serverMajor = Math.floor(facts.server.num / 10_000);
  if (major < serverMajor) {
    throw new BackupError(
      EXIT.tools,
      `pg_dump 的版本（${major}）比数据库服务器（${serverMajor}）旧，无法备份：请安装 postgresql-client-${serverMajor}，` +
        `或用 PG_BIN_DIR 指向它（如 /usr/lib/postgresql/${serverMajor}/bin）。`,
    );
  }
  if (facts.migrations.count === 0) {
    throw new BackupError(EXIT.wrongKind, '该数据库还没有 gongkao 的表（未执行过迁移），没有可备份的内容。');
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: new Date().toISOString(),
    source: 'postgres',
    payload: 'pg_dump-custom',
    migrations: facts.migrations.count,
    lastMigration: facts.migrations.last,
    appVersion: appVersion(),
    serverVersion: facts.server.version,
    pgDumpMajor: major,
    roles: facts.roles.map((r) => ({ name: r.name, inherit: r.inherit, memberOf: r.member_of })),
    keys: keyIds(locateKeys(config)),
  };
  const { dbname, env } = libpq(url);
  let done = 0;
  const bytes = await writeBackupFile(out, manifest, async (sink) => {
    const result = await run(
      tool('pg_dump'),
      ['--format=custom', '--verbose', '--no-password', `--dbname=${dbname}`],
      env,
      {
        onStdout: sink,
        onStderrLine: (line) => {
          const table = /dumping contents of table "([^"]+)"/.exec(line);
          if (table) progress(`导出表 ${table[1]}（${++done}/${facts.tables}）`);
        },
      },
    );
    if (result.code !== 0) throw new BackupError(EXIT.failed, `pg_dump 失败：\n${toolErrors(result.stderr)}`);
  });
  return { manifest, bytes };
}

/**
 * The roles the backup names, created where missing (NOLOGIN, as migrations 0000/0009/0016 make them) with their
 * memberships, and granted to the restoring user (who runs requests as them: SET LOCAL ROLE). Needs CREATEROLE
 * when one is missing; the error then gives the statements for a database administrator.
 */
async function ensureRoles(client: pg.Client, roles: DatabaseRole[]): Promise<string[]> {
  const made: string[] = [];
  const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const statements: string[] = [];
  for (const role of roles) {
    const [exists] = (
      await client.query<{ ok: boolean }>('select exists (select 1 from pg_roles where rolname = $1) as ok', [
        role.name,
      ])
    ).rows;
    if (!exists?.ok) {
      statements.push(`CREATE ROLE ${ident(role.name)} NOLOGIN ${role.inherit ? 'INHERIT' : 'NOINHERIT'}`);
      made.push(role.name);
    }
  }
  for (const role of roles) {
    for (const parent of role.memberOf) statements.push(`GRANT ${ident(parent)} TO ${ident(role.name)}`);
    statements.push(`GRANT ${ident(role.name)} TO CURRENT_USER`);
  }
  try {
    for (const statement of statements) await client.query(statement);
  } catch (error) {
    throw new BackupError(
      EXIT.failed,
      `无法建立数据库角色（${(error as Error).message}）。请由数据库管理员执行：\n${statements.map((s) => `  ${s};`).join('\n')}`,
    );
  }
  return made;
}

async function restorePostgres(url: string, backup: OpenedBackup, force: boolean, progress: Progress) {
  const { manifest } = backup;
  const major = await toolMajor('pg_restore');
  if (manifest.pgDumpMajor !== null && major < manifest.pgDumpMajor) {
    throw new BackupError(
      EXIT.tools,
      `pg_restore 的版本（${major}）比制作备份的 pg_dump（${manifest.pgDumpMajor}）旧：请安装 postgresql-client-${manifest.pgDumpMajor} 或更新的版本。`,
    );
  }
  const madeRoles = await withClient(url, async (client) => {
    const found = await contents(client);
    if (!isEmpty(found)) {
      if (!force) throw notEmpty(new URL(url).pathname.slice(1) || url, found);
      progress(`--force：清空目标数据库（${found.tables} 张表）…`);
      const schemas = (
        await client.query<{ name: string }>(
          `select nspname as name from pg_namespace
            where nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and nspname not like 'pg\\_temp\\_%'
              and nspname not like 'pg\\_toast\\_temp\\_%'`,
        )
      ).rows;
      await client.query('begin');
      for (const s of schemas) await client.query(`drop schema "${s.name.replace(/"/g, '""')}" cascade`);
      // As a new database has it (PostgreSQL 15): owned by the database owner, usable by all.
      await client.query('create schema public authorization pg_database_owner');
      await client.query('grant usage on schema public to public');
      await client.query('commit');
    }
    return ensureRoles(client, manifest.roles);
  });
  if (madeRoles.length > 0) progress(`已建立数据库角色：${madeRoles.join('、')}`);
  const { dbname, env } = libpq(url);
  let done = 0;
  // One transaction: a failed restore leaves the target as it was. --no-owner: the objects belong to the user of
  // DATABASE_URL, as if it had run the migrations (it must be the user the app connects as). Grants and row-level
  // security policies are in the archive and come back with it.
  const result = await run(
    tool('pg_restore'),
    ['--verbose', '--no-password', '--exit-on-error', '--single-transaction', '--no-owner', `--dbname=${dbname}`],
    env,
    {
      stdin: createReadStream(backup.file, { start: backup.start, end: backup.end }),
      onStderrLine: (line) => {
        const table = /processing data for table "([^"]+)"/.exec(line);
        if (table) progress(`导入表 ${table[1]}（${++done}）`);
      },
    },
  );
  if (result.code !== 0) {
    const state = force ? '目标数据库已被清空' : '目标数据库未改动';
    throw new BackupError(EXIT.failed, `pg_restore 失败（${state}）：\n${toolErrors(result.stderr)}`);
  }
  progress('更新统计信息（ANALYZE）…');
  await withClient(url, (client) => client.query('analyze'));
}

// ─── PGlite ────────────────────────────────────────────────────────────────────────────────────────────────

/** Opens the data directory (taking its lock: the server must be stopped); EXIT.unavailable if it is in use. */
function openPgliteDir(dataDir: string, loadDataDir?: Blob) {
  try {
    return openDatabase({ dataDir, loadDataDir });
  } catch (error) {
    const message = (error as Error).message;
    const owner = /in use by process (\d+)/.exec(message);
    if (owner) {
      throw new BackupError(
        EXIT.unavailable,
        `嵌入式数据目录 ${dataDir} 正被进程 ${owner[1]} 使用：请先停止 gongkao 服务（嵌入式数据库只允许一个进程打开）。`,
      );
    }
    throw error;
  }
}

function pgliteClient(database: { db: unknown }): Queryable {
  return (database.db as { $client: Queryable }).$client;
}

async function backupPglite(dataDir: string, out: string, config: KeyConfig, progress: Progress) {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new BackupError(EXIT.wrongKind, `嵌入式数据目录 ${dataDir} 里没有数据库，没有可备份的内容。`);
  }
  const database = openPgliteDir(dataDir);
  try {
    const client = pgliteClient(database);
    const migrations = await appliedMigrations(client);
    if (migrations.count === 0) {
      throw new BackupError(EXIT.wrongKind, '该数据库还没有 gongkao 的表（未执行过迁移），没有可备份的内容。');
    }
    const [server] = (await client.query<{ version: string }>(`select current_setting('server_version') as version`))
      .rows;
    progress('导出嵌入式数据目录…');
    const dump = await (
      database.db as unknown as { $client: { dumpDataDir(c: 'gzip'): Promise<Blob> } }
    ).$client.dumpDataDir('gzip');
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      source: 'pglite',
      payload: 'pglite-datadir-tar-gz',
      migrations: migrations.count,
      lastMigration: migrations.last,
      appVersion: appVersion(),
      serverVersion: server?.version ?? '',
      pgDumpMajor: null,
      roles: [],
      keys: keyIds(locateKeys(config)),
    };
    const bytes = await writeBackupFile(out, manifest, async (sink) => {
      await sink(Buffer.from(await dump.arrayBuffer()));
    });
    return { manifest, bytes };
  } finally {
    await database.close();
  }
}

async function restorePglite(dataDir: string, backup: OpenedBackup, force: boolean, progress: Progress) {
  let movedAside: string | null = null;
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const database = openPgliteDir(dataDir);
    let found: TargetContents;
    try {
      found = await contents(pgliteClient(database));
    } finally {
      await database.close();
    }
    if (!isEmpty(found) && !force) throw notEmpty(dataDir, found);
    // Kept, not deleted: the operator removes it once the restored database is checked.
    movedAside = `${dataDir.replace(/[\\/]+$/, '')}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dataDir, movedAside);
    progress(`原数据目录已移到 ${movedAside}`);
  }
  progress('载入嵌入式数据目录…');
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(backup.file, { start: backup.start, end: backup.end })) {
    chunks.push(chunk as Buffer);
  }
  const database = openPgliteDir(dataDir, new Blob([Buffer.concat(chunks)]));
  try {
    // Opening waits for the load; a query proves the cluster starts.
    await pgliteClient(database).query('select 1');
  } finally {
    await database.close();
  }
  return movedAside;
}

// ─── The commands ──────────────────────────────────────────────────────────────────────────────────────────

export interface BackupResult {
  manifest: BackupManifest;
  bytes: number;
  seconds: number;
  keys: KeyLocation[];
}

export async function backup(
  target: BackupTarget & KeyConfig,
  out: string,
  progress: Progress = () => {},
): Promise<BackupResult> {
  const started = performance.now();
  if (!existsSync(path.dirname(path.resolve(out)))) {
    throw new BackupError(EXIT.usage, `备份文件的目录不存在：${path.dirname(path.resolve(out))}`);
  }
  const made = target.databaseUrl
    ? await backupPostgres(target.databaseUrl, out, target, progress)
    : await backupPglite(target.dataDir, out, target, progress);
  return { ...made, seconds: (performance.now() - started) / 1000, keys: locateKeys(target) };
}

export interface RestoreResult {
  manifest: BackupManifest;
  seconds: number;
  /** PGlite with --force: where the replaced data directory was moved. */
  movedAside: string | null;
  keys: string[];
}

export async function restore(
  target: BackupTarget & KeyConfig,
  from: string,
  options: { force?: boolean } = {},
  progress: Progress = () => {},
): Promise<RestoreResult> {
  const started = performance.now();
  const opened = await openBackupFile(from, progress);
  const { manifest } = opened;
  const kind: SourceKind = target.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.source !== kind) {
    const name = (k: SourceKind) => (k === 'postgres' ? 'PostgreSQL 服务器' : '嵌入式数据库（PGlite）');
    throw new BackupError(
      EXIT.wrongKind,
      `该备份来自 ${name(manifest.source)}，不能恢复到 ${name(kind)}：请按备份的类型设置 DATABASE_URL（或不设置，使用嵌入式数据库）。`,
    );
  }
  const known = knownMigrations();
  if (manifest.migrations > known) {
    throw new BackupError(
      EXIT.wrongKind,
      `该备份比本程序新（已执行 ${manifest.migrations} 个迁移，本程序只有 ${known} 个）：请用制作备份时的版本（${manifest.appVersion}）或更新的版本恢复。`,
    );
  }
  let movedAside: string | null = null;
  if (kind === 'postgres') await restorePostgres(target.databaseUrl!, opened, options.force ?? false, progress);
  else movedAside = await restorePglite(target.dataDir, opened, options.force ?? false, progress);
  return {
    manifest,
    seconds: (performance.now() - started) / 1000,
    movedAside,
    keys: compareKeys(manifest, locateKeys(target)),
  };
}
