import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildTestApp,
  type Client,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { auditLog, orgNodes } from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';
import { type ExamBank, type ExamFixture, insertExamBanks, seatedExam } from '../delivery/delivery.test-support.js';
import { isStruckFromPublicity, struckFromPublicity } from './publicity.service.js';

let t: TestApp;
let bank: ExamBank;
let province: Client;
let provinceAccount: { id: number; username: string };
const dir = mkdtempSync(path.join(tmpdir(), 'gk-publicity-'));

beforeAll(async () => {
  t = await buildTestApp({ publicRatePerMinute: 1000 });
  bank = await insertExamBanks(t);
  const node = await inSystemTx(t.database.db, async (tx) => {
    const [row] = await tx.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
    return row!;
  });
  provinceAccount = await buildAccount(t, node, 'province_admin');
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Monday 2035-06-04 (no holidays in the calendar that year). */
const MONDAY = new Date('2035-06-04T02:00:00Z');

/**
 * A campaign with three confirmed candidates whose scores were released: 0 and 1 passed every subject, 2 failed
 * 岗位技能. The results are written as imported rows (the compile keeps them).
 */
async function released(): Promise<ExamFixture> {
  t.clock.set(MONDAY);
  const fixture = await seatedExam(t, bank, { count: 3, date: '2035-05-20', papers: false });
  await inSystemTx(t.database.db, async (tx) => {
    for (const [i, c] of fixture.candidates.entries()) {
      for (const subject of ['skill', 'ethics', 'ability']) {
        const score = i === 2 && subject === 'skill' ? 45 : 70 + i;
        await tx.execute(sql`
          insert into score_results (application_id, subject, campaign_id, status, score, source, ticket_number,
            org_path, applicant_account_id, jurisdiction_id, unit_id, job_type_id, grade, updated_at)
          select a.id, ${subject}::item_subject, a.campaign_id, 'scored', ${score}, 'import', ${c.ticketNumber},
            a.org_path, a.applicant_account_id, a.jurisdiction_id, a.unit_id, a.applied_job_type_id, a.applied_grade,
            now()
          from applications a where a.id = ${c.applicationId}`);
      }
    }
    await tx.execute(sql`
      insert into score_states (campaign_id, compiled_at, released_at)
      values (${fixture.campaignId}, now(), ${MONDAY.toISOString()}::timestamptz)`);
  });
  province = await signIn(t, provinceAccount.username);
  return fixture;
}

const get = (url: string) => t.app.inject({ method: 'GET', url });
const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as never });

describe('publicity (公示)', () => {
  it('publishes the qualified, lists them masked, takes objections, strikes on upheld, ends with the notice', async () => {
    const fixture = await released();
    const id = fixture.campaignId;
    const [c0, c1, c2] = fixture.candidates;

    // Before publication the public sees nothing of it.
    expect((await get(`/api/public/publicity/${id}`)).json().error.code).toBe('PUBLICITY_NOT_PUBLISHED');
    const before = await province.get(`/api/campaigns/${id}/publicity`);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({ state: 'unpublished', qualified: 2, defaultWorkingDays: 5 });
    expect(before.json().abilities.publish).toBe(true);

    const published = await province.post(`/api/campaigns/${id}/publicity`, { contact: '省工考办 0371-00000000' });
    expect(published.statusCode, published.body).toBe(200);
    // Monday to Friday: five working days.
    expect(published.json()).toEqual({
      track: 'regular',
      startsOn: '2035-06-04',
      endsOn: '2035-06-08',
      workingDays: 5,
      listed: 2,
    });
    expect((await province.post(`/api/campaigns/${id}/publicity`, { contact: 'x' })).json().error.code).toBe(
      'PUBLICITY_PUBLISHED',
    );

    // The public list: masked ID numbers, only the qualified, paged and searchable.
    const list = await get(`/api/public/publicity/${id}?pageSize=1`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ state: 'running', total: 2, pageSize: 1, endsOn: '2035-06-08' });
    expect(list.body).not.toContain(c0!.idNumber);
    expect(list.body).not.toContain(c1!.idNumber);
    const all = (await get(`/api/public/publicity/${id}?pageSize=10`)).json();
    expect(all.items.map((i: { applicationId: number }) => i.applicationId).sort()).toEqual(
      [c0!.applicationId, c1!.applicationId].sort(),
    );
    for (const item of all.items) expect(item.idNumberMasked).toMatch(/^410105\*{8}[0-9X]{4}$/);
    expect(JSON.stringify(all)).not.toContain(c2!.idNumber.slice(6, 14));
    const searched = (await get(`/api/public/publicity/${id}?q=${encodeURIComponent(all.items[0].name)}`)).json();
    expect(searched.total).toBe(1);
    expect(
      (await get('/api/public/publicity')).json().items.some((i: { campaignId: number }) => i.campaignId === id),
    ).toBe(true);

    // An objection online about a listed person; one about a person not listed is refused.
    const objection = {
      objectorName: '王某',
      objectorContact: '13800000000',
      content: '该人员并非工勤技能岗位在岗人员。',
    };
    expect(
      (await post(`/api/public/publicity/${id}/objections`, { ...objection, applicationId: c2!.applicationId })).json()
        .error.code,
    ).toBe('PUBLICITY_PERSON_NOT_LISTED');
    const online = await post(`/api/public/publicity/${id}/objections`, {
      ...objection,
      applicationId: c0!.applicationId,
    });
    expect(online.statusCode, online.body).toBe(200);
    const staff = await province.post(`/api/campaigns/${id}/publicity/objections`, {
      ...objection,
      objectorName: '李某（来电）',
      applicationId: c1!.applicationId,
    });
    expect(staff.statusCode, staff.body).toBe(200);

    // Dismissed keeps the person; upheld strikes them.
    const investigated = await province.post(`/api/publicity-objections/${staff.json().id}/investigate`, {
      investigation: '经核实，该人员为在岗聘用人员。',
    });
    expect(investigated.json().status).toBe('investigating');
    const dismissed = await province.post(`/api/publicity-objections/${staff.json().id}/resolve`, {
      outcome: 'dismissed',
      reason: '经单位和人事档案核实，异议不成立。',
    });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect(dismissed.json().status).toBe('dismissed');
    const upheld = await province.post(`/api/publicity-objections/${online.json().id}/resolve`, {
      outcome: 'upheld',
      reason: '经核实，该人员已调离工勤技能岗位。',
    });
    expect(upheld.json().status).toBe('upheld');
    expect(
      (
        await province.post(`/api/publicity-objections/${online.json().id}/resolve`, {
          outcome: 'dismissed',
          reason: '再次',
        })
      ).json().error.code,
    ).toBe('OBJECTION_RESOLVED');
    const shown = (await get(`/api/public/publicity/${id}?pageSize=10`)).json();
    expect(shown.items.map((i: { applicationId: number }) => i.applicationId)).toEqual([c1!.applicationId]);
    const officials = (await province.get(`/api/campaigns/${id}/publicity/entries?struck=yes`)).json();
    expect(officials.items).toHaveLength(1);
    expect(officials.items[0]).toMatchObject({ applicationId: c0!.applicationId, struck: true });
    // What certificates will ask.
    await inSystemTx(t.database.db, async (tx) => {
      expect(await isStruckFromPublicity(tx, c0!.applicationId)).toBe(true);
      expect(await isStruckFromPublicity(tx, c1!.applicationId)).toBe(false);
      expect([...(await struckFromPublicity(tx, id))]).toEqual([c0!.applicationId]);
    });

    // Every step is audited.
    const actions = await inSystemTx(t.database.db, (tx) =>
      tx
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(sql`${auditLog.entityType} in ('publicity', 'publicity_objection')`),
    );
    expect(actions.map((a) => a.action).sort()).toEqual(
      [
        'objection.create',
        'objection.create',
        'objection.investigate',
        'objection.resolve',
        'objection.resolve',
        'publicity.publish',
      ].sort(),
    );

    // The notice waits for the period's end, and so do the certificates.
    expect((await province.get(`/api/campaigns/${id}/publicity/notice.pdf`)).json().error.code).toBe(
      'PUBLICITY_RUNNING',
    );
    const early = await province.post(`/api/campaigns/${id}/certificates/issue`);
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().error.code).toBe('CERTIFICATES_PUBLICITY_RUNNING');
    t.clock.set(new Date('2035-06-11T02:00:00Z'));
    province = await signIn(t, provinceAccount.username);
    expect(
      (await post(`/api/public/publicity/${id}/objections`, { ...objection, applicationId: c1!.applicationId })).json()
        .error.code,
    ).toBe('PUBLICITY_ENDED');
    expect((await get(`/api/public/publicity/${id}`)).json().state).toBe('ended');
    const notice = await province.get(
      `/api/campaigns/${id}/publicity/notice.pdf?documentNumber=${encodeURIComponent('豫人社办函〔2035〕20号')}`,
    );
    expect(notice.statusCode, notice.body).toBe(200);
    expect(notice.headers['content-type']).toContain('application/pdf');
    const file = path.join(dir, 'notice.pdf');
    writeFileSync(file, notice.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('河南省人力资源和社会保障厅');
    expect(text).toContain('豫人社办函〔2035〕20号');
    expect(text).toContain('考核合格人员名单的通知');
    expect(text).toContain('各省辖市、省直管县（市）人力资源社会保障局');
    expect(text).toContain('2035年6月4日至2035年6月8日公示');
    expect(text).toContain('1名人员考核合格');
    expect(text).toContain('一、郑州市（1人）');
    const names = shown.items[0].name as string;
    expect(text).toContain(names);
    expect(text).toContain(shown.items[0].idNumberMasked);
    expect(text).not.toContain(
      all.items.find((i: { applicationId: number }) => i.applicationId === c0!.applicationId).name,
    );
    expect(text).toContain('2035年6月11日');

    // Certificates go to the qualified less the struck.
    const issued = await province.post(`/api/campaigns/${id}/certificates/issue`);
    expect(issued.statusCode, issued.body).toBe(202);
    let job = (await province.get(`/api/jobs/${issued.json().jobId}`)).json();
    for (let i = 0; i < 300 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await province.get(`/api/jobs/${job.id}`)).json();
    }
    expect(job.status, JSON.stringify(job)).toBe('done');
    const certificates = (await province.get(`/api/campaigns/${id}/certificates?pageSize=50`)).json();
    expect(certificates.items.map((i: { holderName: string }) => i.holderName)).toEqual([names]);
  });

  it('is the province’s: a jurisdiction cannot publish or see objections; the calendar is edited by the province', async () => {
    const fixture = await released();
    const zhengzhou = await findJurisdiction(t, '郑州市');
    const admin = await signIn(t, (await buildAccount(t, zhengzhou, 'jurisdiction_admin')).username);
    expect((await admin.post(`/api/campaigns/${fixture.campaignId}/publicity`, { contact: 'x' })).statusCode).toBe(403);
    expect((await admin.get(`/api/campaigns/${fixture.campaignId}/publicity/objections`)).statusCode).toBe(403);
    expect((await admin.request('PUT', '/api/calendar/2035-06-05', { kind: 'holiday', name: '测试' })).statusCode).toBe(
      403,
    );

    // A holiday in the calendar lengthens the period.
    const set = await province.request('PUT', '/api/calendar/2035-06-05', { kind: 'holiday', name: '测试节' });
    expect(set.statusCode, set.body).toBe(200);
    expect(
      (await province.request('PUT', '/api/calendar/2035-06-06', { kind: 'workday', name: '测试' })).json().error.code,
    ).toBe('CALENDAR_INVALID');
    const published = await province.post(`/api/campaigns/${fixture.campaignId}/publicity`, {
      contact: '省工考办',
      workingDays: 3,
    });
    expect(published.json()).toMatchObject({ startsOn: '2035-06-04', endsOn: '2035-06-07', workingDays: 3 });
    const year = (await admin.get('/api/calendar?year=2035')).json();
    expect(year.days).toEqual([{ date: '2035-06-05', kind: 'holiday', name: '测试节', weekday: 2 }]);
    expect(year.abilities.manage).toBe(false);
    expect((await province.request('DELETE', '/api/calendar/2035-06-05')).statusCode).toBe(200);
    // The seed holds the 2026 National Day.
    const seed = (await admin.get('/api/calendar?year=2026')).json();
    expect(seed.days.some((d: { date: string; kind: string }) => d.date === '2026-10-01' && d.kind === 'holiday')).toBe(
      true,
    );
  });
});
