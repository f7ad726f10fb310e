import { sql } from 'drizzle-orm';
import { type Db, resultRows } from '../db/client.js';
import type { Clock } from './clock.js';

interface StoreOptions {
  routeInfo?: { method?: string | string[]; url?: string };
  timeWindow?: unknown;
}

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A @fastify/rate-limit store kept in the database, so every app process behind a load balancer counts
 * against the same window. Fixed windows; one upsert per request to a limited route, committed without waiting for
 * the WAL to reach the disk (synchronous_commit off for that statement only).
 */
export function databaseRateLimitStore(db: Db, clock: Clock) {
  return class DatabaseStore {
    private readonly prefix: string;
    private readonly timeWindow: number;
    // At run time the plugin passes its merged settings (timeWindow, routeInfo); its typings say otherwise.
    constructor(settings: object = {}) {
      const options = settings as StoreOptions;
      const route = options.routeInfo;
      this.prefix = route?.url ? `${String(route.method)} ${route.url}|` : 'global|';
      this.timeWindow = typeof options.timeWindow === 'number' ? options.timeWindow : 60_000;
    }

    incr(key: string, callback: IncrCallback): void {
      const timeWindow = this.timeWindow;
      const now = clock.now();
      const windowStart = new Date(now.getTime() - timeWindow);
      // A count lost in a crash costs nothing, and one key may be hot (a test centre's PCs share an address at the
      // start of a session): no WAL flush for this statement's transaction, so the row lock goes at once.
      db.execute(sql`
        INSERT INTO rate_limits (key, window_start, count)
        SELECT ${this.prefix + key}::text, ${now}::timestamptz, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS volatile
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN rate_limits.window_start <= ${windowStart} THEN 1 ELSE rate_limits.count + 1 END,
          window_start = CASE WHEN rate_limits.window_start <= ${windowStart} THEN ${now} ELSE rate_limits.window_start END
        RETURNING count, window_start`)
        .then((result) => {
          const row = resultRows<{ count: number; window_start: string | Date }>(result)[0]!;
          const started = new Date(row.window_start).getTime();
          callback(null, { current: Number(row.count), ttl: Math.max(0, started + timeWindow - now.getTime()) });
        })
        .catch((error: Error) => callback(error));
    }

    child(settings: object) {
      return new DatabaseStore(settings);
    }
  };
}
