// The exam-day benchmarks' app processes: the real server (src/server/main.ts, as `npm start` runs it, without
// the web build) started on the bench database with the bench's content key, one process per port, and the CPU
// time of processes read from /proc (Linux), so that a report can say which process took how much of the cores.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on every Linux the project runs on). */
const CLOCK_TICKS = 100;

export interface ServerOptions {
  databaseUrl: string;
  /** BANK_KEY: the key the bench's papers are sealed under (64 hex digits). */
  bankKey: string;
  port: number;
  /** Extra environment (DB_POOL_SIZE, LOG_LEVEL …). */
  env?: Record<string, string>;
  /** Extra node options (--cpu-prof …). */
  nodeArgs?: string[];
}

export interface ServerProcess {
  port: number;
  pid: number;
  child: ChildProcess;
  /** The last lines the process wrote (warnings and errors: the bench runs it at LOG_LEVEL=warn). */
  tail: string[];
  exited: Promise<number | null>;
}

function get(port: number, urlPath: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

/**
 * Starts one app process (node with tsx's loader, so the pid is the server itself, not a wrapper) and waits until
 * GET /api/health answers 200.
 */
export async function startServer(options: ServerOptions, timeoutMs = 90_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      BANK_KEY: options.bankKey,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      DEMO_MODE: 'false',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      tail.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
      if (tail.length > 40) tail.shift();
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone) throw new Error(`server on port ${options.port} exited while starting:\n${tail.join('\n')}`);
    if ((await get(options.port, '/api/health')) === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server on port ${options.port} did not answer within ${timeoutMs} ms:\n${tail.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { port: options.port, pid: child.pid!, child, tail, exited };
}

/** Stops a process: SIGTERM (graceful) or SIGKILL (a crash), and waits for it to be gone. */
export async function stopServer(server: ServerProcess, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill(signal);
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await server.exited;
  clearTimeout(timer);
}

/** utime + stime (+ the times of waited-for children when asked) of a process, in seconds; null when gone. */
export function processCpuSeconds(pid: number, withChildren = false): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
    const own = Number(fields[11]) + Number(fields[12]);
    const children = withChildren ? Number(fields[13]) + Number(fields[14]) : 0;
    return (own + children) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * CPU seconds of each PostgreSQL backend serving `database` (its process title names the database: "postgres:
 * user database host(port) state"), by pid. Other work on the same server (other databases) is left out; a backend
 * that ends between two readings loses what it used since the first (the app pools keep theirs open).
 */
export function postgresBackendsCpu(database: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!title.split(/\s+/).includes(database)) continue;
    } catch {
      continue;
    }
    const seconds = processCpuSeconds(Number(entry));
    if (seconds !== null) found.set(Number(entry), seconds);
  }
  return found;
}

/** CPU seconds the database's backends used between two readings of postgresBackendsCpu. */
export function postgresCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** The machine's busy and total CPU seconds (all cores, /proc/stat), to show what else ran meanwhile. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
}

/** A TCP port free right now on 127.0.0.1 (the kernel's pick), for an app process to listen on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * On Ctrl+C (or a timeout's SIGTERM) the bench's `finally` blocks do not run: kill the app processes it started
 * (their pids, not by name) and drop its database, then exit.
 */
export function cleanUpOnInterrupt(servers: () => readonly ServerProcess[], dropDatabase: () => Promise<void>): void {
  let once = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (once) return;
      once = true;
      for (const s of servers()) s.child.kill('SIGKILL');
      console.error(`\n${signal}: app processes killed, dropping the database`);
      dropDatabase()
        .catch((error) => console.error(error))
        .finally(() => process.exit(130));
    });
  }
}
