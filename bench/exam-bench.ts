/**
 * The frame the two exam-day benchmarks share (bench/exam.ts, bench/exam-faults.ts): a PostgreSQL database of their
 * own on BENCH_DATABASE_URL, dropped in any case (on Ctrl-C too, the app processes killed first); migrated; the
 * seated candidates and their sealed papers built (bench/exam-data.ts, not timed); the body's app processes stopped
 * when it ends, with the last lines each wrote. The body answers the benchmark's last line (JSON), printed after the
 * database is dropped; without one the exit code is 1.
 */
import { randomBytes } from 'node:crypto';
import { type Database, openDatabase } from '../src/server/db/client.js';
import { systemClock } from '../src/server/platform/clock.js';
import { type ContentKey, randomContentKey } from '../src/server/platform/sealed.js';
import { withDatabase } from '../test/setup/integration-global.js';
import { buildExamData, type ExamBenchData } from './exam-data.js';
import { cleanUpOnInterrupt, type ServerProcess, stopServer } from './exam-server.js';
import { admin, baseUrl, log } from './support.js';

export interface ExamBench {
  dbName: string;
  databaseUrl: string;
  database: Database;
  /** The bank key the papers are sealed with (the app processes need it). */
  key: ContentKey;
  data: ExamBenchData;
  /** The app processes running now: the body adds them here (and replaces them here when it restarts them). */
  servers: ServerProcess[];
}

export async function runExamBench(
  name: string,
  t0: number,
  options: { candidates: number; subjects: number; subjectMinutes: number },
  body: (bench: ExamBench) => Promise<string>,
): Promise<void> {
  const dbName = `gk_bench_${name}_${randomBytes(4).toString('hex')}`;
  const servers: ServerProcess[] = [];
  await admin(`CREATE DATABASE ${dbName}`);
  console.log(`database ${dbName} on ${new URL(baseUrl).host}`);
  cleanUpOnInterrupt(
    () => servers,
    () => admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`),
  );
  let line: string | null = null;
  try {
    const databaseUrl = withDatabase(baseUrl, dbName);
    const database = openDatabase({ databaseUrl, poolSize: 4 });
    try {
      await database.migrate();
      const key = randomContentKey();
      console.log('setup (not timed):');
      const data = await buildExamData(database, key, systemClock, { ...options, log: (what) => log(t0, what) });
      line = await body({ dbName, databaseUrl, database, key, data, servers });
    } finally {
      for (const s of servers) {
        await stopServer(s).catch(() => {});
        if (s.tail.length > 0) console.log(`server ${s.pid} wrote:\n  ${s.tail.slice(-10).join('\n  ')}`);
      }
      await database.close();
    }
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    console.log(`dropped ${dbName}`);
  }
  if (line) console.log(line);
  else process.exitCode = 1;
}
