import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PoolSettings } from './db/client.js';
import { parseTrustProxy } from './platform/http-security.js';
import type { LoginThrottlePolicy } from './platform/login-throttle.js';

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  /** The PostgreSQL pool's size and timeouts (ignored on PGlite). */
  databasePool: PoolSettings;
  dataDir: string;
  /**
   * The key that seals exam content at rest (BANK_KEY, 32 bytes in base64 or hex; platform/sealed.ts). Without it
   * the embedded database uses a key file beside its data directory; a PostgreSQL server has none.
   */
  bankKey?: string;
  /**
   * The Ed25519 key that signs tickets' QR tokens (and certificates): SIGNING_KEY, PKCS#8 PEM or base64 DER
   * (platform/signing.ts). Without it the embedded database uses a key file beside its data directory.
   */
  signingKey?: string;
  /**
   * The X25519 key exam clients' recovery files are encrypted to: EXAM_RECOVERY_KEY, PKCS#8 PEM or base64 DER
   * (platform/recovery-key.ts). Without it the embedded database uses a key file beside its data directory.
   */
  recoveryKey?: string;
  /** Shows the 演示环境 banner and the demo accounts on the sign-in page. */
  demoMode: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** Origins allowed besides the request's own host (comma-separated in ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  /** Which X-Forwarded-* hops to believe: none, a hop count, or the proxies' addresses (platform/http-security.ts). */
  trustProxy: false | number | string;
  logLevel: string;
  /** How wrong passwords slow down and lock sign-in (platform/login-throttle.ts). */
  loginThrottle: LoginThrottlePolicy;
  /** A refused sign-in is answered no sooner than this (ms), so known and unknown names take the same time. */
  loginFailureMinMs: number;
  /** Sign-in attempts allowed per client address per minute, across all processes. */
  loginRatePerMinute: number;
  /** Requests per client address per minute to each public endpoint (self-check, lookups). */
  publicRatePerMinute: number;
  /** Heavy work (batch prints, exports, imports) one process runs at once as background jobs; more wait in line. */
  jobConcurrency: number;
  /** Worker processes `npm start` runs on this machine (Node's cluster; WORKERS, default 1 = no cluster). */
  workers: number;
  /** The bearer token operators scrape `GET /api/metrics` with (METRICS_TOKEN); none: the endpoint answers 404. */
  metricsToken?: string;
  /** On SIGTERM, requests in flight and background jobs get this long to finish before the process exits anyway. */
  shutdownGraceSeconds: number;
  version: string;
  webDir: string;
  /** Demo/test only: the server lives on this Beijing date (time still passes). */
  appToday?: string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (env.METRICS_TOKEN && env.METRICS_TOKEN.length < 16) {
    throw new Error('METRICS_TOKEN must be at least 16 characters (e.g. openssl rand -hex 24)');
  }
  return {
    port: intEnv(env, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    databasePool: {
      size: intEnv(env, 'DB_POOL_SIZE', 10),
      connectTimeoutMs: intEnv(env, 'DB_CONNECT_TIMEOUT_MS', 10_000),
      statementTimeoutMs: intEnv(env, 'DB_STATEMENT_TIMEOUT_MS', 30_000),
      lockTimeoutMs: intEnv(env, 'DB_LOCK_TIMEOUT_MS', 10_000),
      idleInTransactionTimeoutMs: intEnv(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000),
    },
    dataDir: path.resolve(env.DATA_DIR || path.join(ROOT, 'data')),
    bankKey: env.BANK_KEY || undefined,
    signingKey: env.SIGNING_KEY || undefined,
    recoveryKey: env.EXAM_RECOVERY_KEY || undefined,
    // Embedded PGlite is the demo set-up; a PostgreSQL server is production unless DEMO_MODE=true.
    demoMode: env.DEMO_MODE ? env.DEMO_MODE === 'true' : !databaseUrl,
    sessionIdleMinutes: intEnv(env, 'SESSION_IDLE_MINUTES', 30),
    jobConcurrency: Math.max(1, intEnv(env, 'JOB_CONCURRENCY', 2)),
    sessionMaxHours: intEnv(env, 'SESSION_MAX_HOURS', 12),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL || 'info',
    loginThrottle: {
      freeFailures: intEnv(env, 'LOGIN_MAX_FAILURES', 5),
      firstDelaySeconds: intEnv(env, 'LOGIN_FIRST_DELAY_SECONDS', 30),
      maxDelayMinutes: intEnv(env, 'LOGIN_MAX_DELAY_MINUTES', 15),
      lockFailures: intEnv(env, 'LOGIN_LOCK_FAILURES', 50),
      lockMinutes: intEnv(env, 'LOGIN_LOCK_MINUTES', 60),
    },
    loginFailureMinMs: intEnv(env, 'LOGIN_FAILURE_MIN_MS', 400),
    loginRatePerMinute: intEnv(env, 'LOGIN_RATE_PER_MINUTE', 20),
    publicRatePerMinute: intEnv(env, 'PUBLIC_RATE_PER_MINUTE', 30),
    workers: intEnv(env, 'WORKERS', 1),
    metricsToken: env.METRICS_TOKEN || undefined,
    shutdownGraceSeconds: intEnv(env, 'SHUTDOWN_GRACE_SECONDS', 20),
    version: readVersion(),
    webDir: path.join(ROOT, 'dist', 'web'),
    appToday: env.APP_TODAY || undefined,
  };
}
