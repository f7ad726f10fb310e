import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, type Client, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { makeIdNumber } from '../../../domain/index.js';
import { applications, backgroundJobFiles, backgroundJobs } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import {
  getJob,
  JOB_FILE_TTL_MS,
  JobRunner,
  MAX_ACTIVE_JOBS_PER_ACCOUNT,
  STALE_AFTER_MS,
  sweepJobs,
} from '../../platform/jobs.js';
import { inSystemTx } from '../../platform/tx.js';
import { APPLICATION_COLUMNS } from '../applications/applications.import.js';
import { type CampaignFixture, openCampaign2017, unitWithOfficer } from '../applications/applications.test-support.js';

let t: TestApp;
let c: CampaignFixture;

beforeAll(async () => {
  t = await buildTestApp();
  c = await openCampaign2017(t);
});
afterAll(async () => t?.close());

interface JobBody {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  result: { fileName?: string; size?: number; count?: number; imported?: number } | null;
  message: string | null;
}

async function waitForJob(client: Client, jobId: string, seen?: Set<string>): Promise<JobBody> {
  for (let i = 0; i < 1200; i++) {
    const res = await client.get(`/api/jobs/${jobId}`);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json<JobBody>();
    seen?.add(`${job.status}:${job.processed}/${job.total}`);
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${jobId} still under way`);
}

/** n distinct valid ID numbers: one birth day each from 1970-01-01 on. */
function manyIds(n: number, seq: string): string[] {
  return Array.from({ length: n }, (_, i) => {
    const birth = new Date(Date.UTC(1970, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    return makeIdNumber(`410105${birth}${seq}`);
  });
}

/** A unit with `n` imported applications (through the import job, as a unit would). */
async function unitWithApplications(n: number, seq: string) {
  const fixture = await unitWithOfficer(t, '郑州市');
  const officer = await signIn(t, fixture.officer.username);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('申请表');
  sheet.addRow([...APPLICATION_COLUMNS]);
  const row: Record<string, string> = {
    姓名: '张伟',
    文化程度: '高中（含职高）',
    参加工作时间: '2005-07',
    转正定级时间: '2006-07',
    现岗位工种: '汽车驾驶员',
    现岗位等级: '无',
    申报工种: '汽车驾驶员',
    申报等级: '四级（中级工）',
    联系电话: '13800000000',
  };
  for (const id of manyIds(n, seq))
    sheet.addRow(APPLICATION_COLUMNS.map((h) => (h === '身份证号' ? id : (row[h] ?? null))));
  const file = Buffer.from(await book.xlsx.writeBuffer());
  const boundary = '----gk-jobs-test';
  const parts = [
    ...Object.entries({ campaignId: c.campaignId, unitId: fixture.unit.id, mode: 'all_or_nothing' }).map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    ),
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  ];
  const res = await officer.request(
    'POST',
    '/api/applications/import',
    Buffer.concat([Buffer.from(parts.join('')), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    { 'content-type': `multipart/form-data; boundary=${boundary}` },
  );
  expect(res.statusCode, res.body).toBe(202);
  const job = await waitForJob(officer, res.json<{ jobId: string }>().jobId);
  expect(job.result?.imported, JSON.stringify(job)).toBe(n);
  return { ...fixture, client: officer };
}

const actorOf = (accountId: number, orgPath: string): Actor => ({
  accountId,
  username: `u${accountId}`,
  displayName: '测试',
  role: 'unit_officer',
  orgNodeName: null,
  orgNodeId: null,
  orgPath,
});

describe('batch printing and exports run as jobs', () => {
  it('prints 300 forms in the background with progress, while the server keeps answering within 1 s', async () => {
    const { unit, client } = await unitWithApplications(300, '021');
    const started = await client.post('/api/applications/print-jobs', { campaignId: c.campaignId, unitId: unit.id });
    expect(started.statusCode, started.body).toBe(202);
    const jobId = started.json<{ jobId: string }>().jobId;

    // Health checks while the job renders: each answered within a second.
    const slowest = { ms: 0 };
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const begun = performance.now();
        const res = await t.app.inject({ method: 'GET', url: '/api/health' });
        expect(res.statusCode).toBe(200);
        slowest.ms = Math.max(slowest.ms, performance.now() - begun);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const seen = new Set<string>();
    const job = await waitForJob(client, jobId, seen);
    polling = false;
    await poller;

    expect(job).toMatchObject({ kind: 'application.print', status: 'done', total: 300, processed: 300 });
    expect(job.result).toMatchObject({ count: 300, fileName: expect.stringMatching(/^申请表-.*\.pdf$/) });
    // Progress moved: some poll saw the job part-way.
    expect(
      [...seen].some((s) => /^running:([1-9]\d*)\/300$/.test(s) && !s.startsWith('running:300')),
      [...seen].join(' '),
    ).toBe(true);
    expect(slowest.ms).toBeLessThan(1000);

    const file = await client.get(`/api/jobs/${jobId}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain('inline');
    expect(file.rawPayload.length).toBe(job.result?.size);
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // The file is its owner's only: another official of the same unit does not see the job or its file.
    const colleague = await signIn(t, (await buildAccount(t, unit, 'unit_officer')).username);
    expect((await colleague.get(`/api/jobs/${jobId}`)).statusCode).toBe(404);
    expect((await colleague.get(`/api/jobs/${jobId}/file`)).statusCode).toBe(404);
  }, 120_000);

  it('refuses an unknown unit and a malformed id before starting a job', async () => {
    const { unit, officer } = await unitWithOfficer(t, '郑州市');
    const client = await signIn(t, officer.username);
    const res = await client.post('/api/applications/print-jobs', {
      campaignId: c.campaignId,
      unitId: unit.id + 10_000,
    });
    expect(res.statusCode).toBe(404);
    const bad = await client.post('/api/applications/print-jobs', { campaignId: c.campaignId, unitId: '12' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('limits on heavy work', () => {
  it(`lets an account have ${MAX_ACTIVE_JOBS_PER_ACCOUNT} jobs under way, in any process, and no more`, async () => {
    const { unit, officer } = await unitWithOfficer(t, '郑州市');
    const client = await signIn(t, officer.username);
    const now = new Date();
    // Jobs under way elsewhere (another process): rows in the database, fresh.
    const ids = [randomUUID(), randomUUID()];
    await inSystemTx(t.database.db, (tx) =>
      tx.insert(backgroundJobs).values(
        ids.map((id, i) => ({
          id,
          kind: 'application.export',
          accountId: officer.id,
          orgPath: unit.path,
          status: i === 0 ? 'running' : 'queued',
          total: 10,
          processed: 0,
          result: null,
          createdAt: now,
          updatedAt: now,
        })),
      ),
    );
    const busy = await client.post('/api/applications/export-jobs', { campaignId: c.campaignId, unitId: unit.id });
    expect(busy.statusCode, busy.body).toBe(429);
    expect(busy.json().error.code).toBe('JOBS_BUSY');
    expect(busy.json().error.message).toContain('请等其完成后再发起新的任务');
    expect(busy.headers['retry-after']).toBeDefined();
    // While under way, the file is not ready.
    const early = await client.get(`/api/jobs/${ids[0]}/file`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('JOB_NOT_READY');

    // Another account of the same unit is not held back by them.
    const colleague = await signIn(t, (await buildAccount(t, unit, 'unit_officer')).username);
    const theirs = await colleague.post('/api/applications/export-jobs', { campaignId: c.campaignId, unitId: unit.id });
    expect(theirs.statusCode, theirs.body).toBe(202);
    expect((await waitForJob(colleague, theirs.json<{ jobId: string }>().jobId)).status).toBe('done');

    // A job whose process died (silent past STALE_AFTER_MS) no longer holds a place.
    await inSystemTx(t.database.db, (tx) =>
      tx
        .update(backgroundJobs)
        .set({ updatedAt: new Date(now.getTime() - STALE_AFTER_MS - 1000) })
        .where(eq(backgroundJobs.id, ids[0]!)),
    );
    const again = await client.post('/api/applications/export-jobs', { campaignId: c.campaignId, unitId: unit.id });
    expect(again.statusCode, again.body).toBe(202);
    const done = await waitForJob(client, again.json<{ jobId: string }>().jobId);
    expect(done).toMatchObject({ kind: 'application.export', status: 'done', result: { count: 0 } });
    const file = await client.get(`/api/jobs/${done.id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    expect(file.headers['content-disposition']).toContain('attachment');
  });

  it('runs at most `concurrency` jobs at once per process, queues the next, and refuses beyond the line', async () => {
    const { unit } = await unitWithOfficer(t, '郑州市');
    const accounts = await Promise.all([1, 2, 3].map(() => buildAccount(t, unit, 'unit_officer')));
    const actors = accounts.map((a) => actorOf(a.id, unit.path));
    const runner = new JobRunner(t.database.db, { error: () => undefined }, 1, 1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const order: string[] = [];
    const first = await runner.start(actors[0]!, 'test.job', '测试', async () => {
      order.push('first');
      await gate;
      return { result: { n: 1 } };
    });
    const second = await runner.start(actors[1]!, 'test.job', '测试', async () => {
      order.push('second');
      return { result: { n: 2 } };
    });
    // The first runs, the second waits in line, a third finds the line full.
    await expect.poll(async () => (await getJob(t.database.db, actors[0]!, first)).status).toBe('running');
    expect((await getJob(t.database.db, actors[1]!, second)).status).toBe('queued');
    await expect(runner.start(actors[2]!, 'test.job', '测试', async () => ({ result: null }))).rejects.toMatchObject({
      code: 'SERVER_BUSY',
    });
    release();
    await runner.settle();
    expect(order).toEqual(['first', 'second']);
    expect((await getJob(t.database.db, actors[1]!, second)).status).toBe('done');
  });

  it('serves at most two heavy answers at once per account; one more is told to wait', async () => {
    const { unit, client } = await unitWithApplications(1, '031');
    const [app] = await inSystemTx(t.database.db, (tx) =>
      tx.select({ id: applications.id }).from(applications).where(eq(applications.unitId, unit.id)),
    );
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => client.get(`/api/applications/${app!.id}/print.pdf`)),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    expect(codes.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(codes.every((s) => s === 200 || s === 429)).toBe(true);
    expect(answers.find((a) => a.statusCode === 429)?.json().error.code).toBe('TOO_MANY_CONCURRENT');
    // The places are given back: one at a time always succeeds.
    expect((await client.get(`/api/applications/${app!.id}/print.pdf`)).statusCode).toBe(200);
  }, 60_000);

  it('sweeps files after a day and jobs after a week', async () => {
    const { officer } = await unitWithOfficer(t, '郑州市');
    const old = new Date(Date.now() - JOB_FILE_TTL_MS - 60_000);
    const id = randomUUID();
    await inSystemTx(t.database.db, async (tx) => {
      await tx.insert(backgroundJobs).values({
        id,
        kind: 'application.export',
        accountId: officer.id,
        orgPath: null,
        status: 'done',
        total: 1,
        processed: 1,
        result: { fileName: 'a.xlsx', size: 3, count: 1 },
        createdAt: old,
        updatedAt: old,
      });
      await tx.insert(backgroundJobFiles).values({
        jobId: id,
        accountId: officer.id,
        fileName: 'a.xlsx',
        mime: 'application/pdf',
        size: 3,
        data: Buffer.from('abc'),
        createdAt: old,
      });
    });
    const client = await signIn(t, officer.username);
    expect((await client.get(`/api/jobs/${id}/file`)).statusCode).toBe(200);
    await inSystemTx(t.database.db, (tx) => sweepJobs(tx, new Date()));
    const gone = await client.get(`/api/jobs/${id}/file`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.message).toContain('文件已过期');
    expect((await client.get(`/api/jobs/${id}`)).statusCode).toBe(200);
    await inSystemTx(t.database.db, (tx) => sweepJobs(tx, new Date(Date.now() + 7 * 24 * 3600_000)));
    const rows = await inSystemTx(t.database.db, (tx) =>
      tx
        .select()
        .from(backgroundJobs)
        .where(and(eq(backgroundJobs.id, id))),
    );
    expect(rows).toEqual([]);
  });
});
