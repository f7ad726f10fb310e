// What every PostgreSQL benchmark shares: the server it uses, a statement run outside any bench database (CREATE /
// DROP DATABASE), and the elapsed-time log lines.
import pg from 'pg';

/** The server the benchmarks create their own databases on. */
export const baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement on the server's maintenance database (CREATE DATABASE, DROP DATABASE …). */
export async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Seconds since t0 (a performance.now() reading). */
export const secs = (t0: number) => (performance.now() - t0) / 1000;

/** A progress line with the seconds since t0. */
export const log = (t0: number, what: string) => console.log(`  [${secs(t0).toFixed(1)}s] ${what}`);
