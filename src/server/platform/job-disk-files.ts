/**
 * Files a background job writes to disk because they are too big for one `background_job_files` row (a centre's
 * print set: 41–411 MB). They live in `<DATA_DIR>.job-files/` — beside the data directory, like the keys, since on
 * the embedded database DATA_DIR is PGlite's own directory — named by the job's id, and are deleted by the
 * maintenance sweep once older than JOB_FILE_TTL_MS (the same day the database's job files last). Several app
 * processes must share this directory (or route a job's download to the process that ran it).
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { JOB_FILE_TTL_MS } from './jobs.js';

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function jobDiskFileDir(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, '')}.job-files`;
}

/** The file of a job (a UUID, checked: nothing else ever names a path here); a PDF unless `ext` says 'zip'. */
export function jobDiskFilePath(dataDir: string, jobId: string, ext: 'pdf' | 'zip' = 'pdf'): string {
  if (!JOB_ID.test(jobId)) throw new RangeError(`not a job id: ${jobId}`);
  return path.join(jobDiskFileDir(dataDir), `${jobId}.${ext}`);
}

/** Deletes the job files (and abandoned `.part` files) older than JOB_FILE_TTL_MS; answers how many went. */
export async function sweepJobDiskFiles(dataDir: string, now: Date, ttlMs = JOB_FILE_TTL_MS): Promise<number> {
  const dir = jobDiskFileDir(dataDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info?.isFile() && now.getTime() - info.mtimeMs > ttlMs) {
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}
