// 归档材料 and campaign close (issue 16 part 6): a candidate's archive PDF read back with pdftotext, a jurisdiction's
// ZIP job listing one PDF per candidate of its own and none of another jurisdiction, and a closed campaign refusing
// changes through the API and directly in SQL (as the app role and as the owner) while reads still work.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  type Client,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { defaultEligibilitySettings } from '../../../domain/timetable.js';
import { resultRows } from '../../db/client.js';
import { applications, campaigns, orgNodes } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { findPgError } from '../../platform/errors.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import { type ExamFixture, insertExamBanks, seatedExam } from '../delivery/delivery.test-support.js';
import { insertApplications } from '../review/review.test-support.js';

type NodeRow = typeof orgNodes.$inferSelect;

let t: TestApp;
let fixture: ExamFixture;
let province: Client;
let zzAdmin: Client;
let lyAdmin: Client;
let provinceAccount: { id: number; username: string };
let provinceNode: NodeRow;
let zz: NodeRow;
let ly: NodeRow;
let lyIds: number[];
let dir: string;

const actorOf = (account: { id: number; username: string }, node: NodeRow, role: Actor['role']): Actor => ({
  accountId: account.id,
  username: account.username,
  displayName: '',
  role,
  orgNodeId: node.id,
  orgPath: node.path,
  orgNodeName: node.name,
});

const pdfText = (pdf: Buffer, name: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
};

async function nameOf(applicationId: number): Promise<string> {
  const [row] = await inSystemTx(t.database.db, (tx) =>
    tx.select({ name: applications.name }).from(applications).where(eq(applications.id, applicationId)),
  );
  return row!.name;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'archives-'));
  t = await buildTestApp();
  const bank = await insertExamBanks(t);
  fixture = await seatedExam(t, bank, { count: 3, date: '2031-06-10', papers: false });
  zz = await findJurisdiction(t, '郑州市');
  ly = await findJurisdiction(t, '洛阳市');
  provinceNode = await inSystemTx(t.database.db, async (tx) => {
    const [row] = await tx.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
    return row!;
  });
  provinceAccount = await buildAccount(t, provinceNode, 'province_admin');
  province = await signIn(t, provinceAccount.username);
  zzAdmin = await signIn(t, (await buildAccount(t, zz, 'jurisdiction_admin')).username);
  lyAdmin = await signIn(t, (await buildAccount(t, ly, 'jurisdiction_admin')).username);
  const campaignId = fixture.campaignId;
  const first = fixture.candidates[0]!.applicationId;

  // Another jurisdiction's confirmed candidate in the same campaign.
  const lyDepartment = await buildNode(t, ly, 'department');
  const lyUnit = await buildNode(t, lyDepartment, 'unit');
  const [jobTypeId] = await inSystemTx(t.database.db, async (tx) =>
    resultRows<{ id: number }>(
      await tx.execute(sql`select applied_job_type_id as id from applications where id = ${first}`),
    ).map((r) => Number(r.id)),
  );
  lyIds = await insertApplications(t, {
    campaignId,
    unit: lyUnit,
    departmentId: lyDepartment.id,
    jurisdictionId: ly.id,
    jobTypeId: jobTypeId!,
    count: 1,
    status: 'province_confirmed',
    namePrefix: '洛阳考生',
  });

  // The review chain's decisions on the first candidate, scores for everyone, released; the campaign open.
  await inSystemTx(t.database.db, async (tx) => {
    await tx.execute(sql`
      insert into application_reviews (application_id, campaign_id, org_path, level, action, from_status, to_status,
        opinion, verdict, reviewer_account_id, reviewer_name, org_node_id, org_name, seal_name, decided_on, created_at)
      select a.id, a.campaign_id, a.org_path, v.level::review_stage, 'approve'::review_action,
        v.from_status::application_status, v.to_status::application_status, v.opinion, 'eligible',
        ${provinceAccount.id}, v.reviewer, ${zz.id}, v.org, v.seal, ('2031-03-0' || v.n)::date, now()
      from applications a, (values
        (1, 'unit', 'submitted', 'unit_approved', '情况属实，同意申报', '张经办', '示例单位', '示例单位人事处'),
        (2, 'jurisdiction', 'department_approved', 'jurisdiction_approved', '符合申报条件，同意', '李审核', '郑州市人社局', '郑州市工考办')
      ) as v(n, level, from_status, to_status, opinion, reviewer, org, seal)
      where a.id = ${first}`);
    await tx.execute(sql`
      insert into score_results (application_id, subject, campaign_id, status, score, source, ticket_number,
        org_path, jurisdiction_id, unit_id, job_type_id, grade, updated_at)
      select a.id, s.subject::item_subject, a.campaign_id, 'scored', s.score, 'exam',
        (select min(ticket_number) from seat_assignments where application_id = a.id),
        a.org_path, a.jurisdiction_id, a.unit_id, a.applied_job_type_id, a.applied_grade, now()
      from applications a, (values ('skill', 87.5), ('ethics', 92), ('ability', 75)) as s(subject, score)
      where a.campaign_id = ${campaignId}`);
    await tx.execute(sql`
      insert into exam_room_numbers (campaign_id, session_id, room_id, centre_id, number, created_at)
      values (${campaignId}, ${fixture.sessionId}, ${fixture.roomId}, ${fixture.centreId}, '01', now())`);
    await tx.execute(
      sql`insert into score_states (campaign_id, compiled_at, released_at) values (${campaignId}, now(), now())`,
    );
    // The fixture's year (3000 + n) keeps its numbers apart; the campaign's contract wants a year of this century.
    await tx
      .update(campaigns)
      .set({ status: 'open', year: 2031, eligibilitySettings: defaultEligibilitySettings(2031) })
      .where(eq(campaigns.id, campaignId));
  });
});
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function buildZip(client: Client, nodeId: number) {
  const started = await client.post(`/api/campaigns/${fixture.campaignId}/archives`, { nodeId });
  expect(started.statusCode, started.body).toBe(202);
  const { jobId } = started.json();
  let job = (await client.get(`/api/jobs/${jobId}`)).json();
  for (let i = 0; i < 300 && job.status !== 'done' && job.status !== 'failed'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = (await client.get(`/api/jobs/${jobId}`)).json();
  }
  expect(job).toMatchObject({ kind: 'archive.zip', status: 'done' });
  const res = await client.get(job.result.downloadUrl);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('application/zip');
  const zip = await JSZip.loadAsync(res.rawPayload);
  return { job, zip, names: Object.keys(zip.files).sort() };
}

describe('archives', () => {
  it("prints one candidate's form, every opinion, the ticket and the scores with the verdict", async () => {
    const c = fixture.candidates[0]!;
    const res = await zzAdmin.get(`/api/archives/applications/${c.applicationId}.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload, 'one.pdf');
    const name = await nameOf(c.applicationId);
    for (const expected of [
      '考生归档材料',
      name,
      c.idNumber,
      // The form (its title, fields) and the opinions (level, decision, opinion, seal, who, when).
      '河南省机关事业单位工勤技能岗位等级考核申请表',
      '汽车驾驶员',
      '单位审核',
      '情况属实，同意申报',
      '示例单位人事处（盖章）',
      '张经办',
      '2031-03-01',
      '符合申报条件，同意',
      '郑州市工考办（盖章）',
      '李审核',
      // The ticket: number, session, centre, room and seat.
      c.ticketNumber,
      '第一场',
      '第一机房',
      'A01',
      // The scores and the verdict; the certificate slot.
      '87.5分',
      '92分',
      '75分',
      '考核结论：合格',
      '尚未发证',
      '准考证',
    ]) {
      expect(text, expected).toContain(expected.replace(/\s+/g, ''));
    }
    // Another jurisdiction's official does not reach it.
    expect((await lyAdmin.get(`/api/archives/applications/${c.applicationId}.pdf`)).statusCode).toBe(404);
  });

  it('prints the certificate once issued (the certificates module fills the slot)', async () => {
    const c = fixture.candidates[0]!;
    const started = await province.post(`/api/campaigns/${fixture.campaignId}/certificates/issue`);
    expect(started.statusCode, started.body).toBe(202);
    let job = (await province.get(`/api/jobs/${started.json().jobId}`)).json();
    for (let i = 0; i < 300 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await province.get(`/api/jobs/${job.id}`)).json();
    }
    expect(job.status, JSON.stringify(job)).toBe('done');
    const listed = (await province.get(`/api/campaigns/${fixture.campaignId}/certificates?pageSize=50`)).json();
    const name = await nameOf(c.applicationId);
    const mine = listed.items.find((i: { holderName: string }) => i.holderName === name);
    expect(mine, JSON.stringify(listed.items)).toBeDefined();
    const res = await zzAdmin.get(`/api/archives/applications/${c.applicationId}.pdf`);
    expect(res.statusCode).toBe(200);
    const text = pdfText(res.rawPayload, 'certificate.pdf').replace(/\s+/g, '');
    expect(text).not.toContain('尚未发证');
    expect(text).toContain(mine.number);
  });

  it("zips one PDF per candidate of the jurisdiction, named by ticket number and name, none of another's", async () => {
    const { job, names } = await buildZip(zzAdmin, zz.id);
    const expected = await Promise.all(
      fixture.candidates.map(async (c) => `${c.ticketNumber}-${await nameOf(c.applicationId)}.pdf`),
    );
    expect(names).toEqual([...expected].sort());
    expect(job).toMatchObject({ total: 3, processed: 3, result: { count: 3 } });
    expect(names.some((n) => n.includes('洛阳考生'))).toBe(false);
    // A jurisdiction builds only its own; the province any.
    const foreign = await zzAdmin.post(`/api/campaigns/${fixture.campaignId}/archives`, { nodeId: ly.id });
    expect(foreign.statusCode).toBe(404);
    const lyZip = await buildZip(province, ly.id);
    expect(lyZip.names).toEqual([`未编排-${await nameOf(lyIds[0]!)}-${lyIds[0]}.pdf`]);
    // Another account cannot download the job's file.
    expect((await lyAdmin.get(`/api/archives/${job.id}.zip`)).statusCode).toBe(404);
  });
});

describe('campaign close', () => {
  it('closes a released campaign; then the API and the database refuse changes, and reads still work', async () => {
    const campaignId = fixture.campaignId;
    const [first, second] = fixture.candidates;
    const campaign = await province.get(`/api/campaigns/${campaignId}`);
    const wrongName = await province.post(`/api/campaigns/${campaignId}/close`, { confirmName: '别的名字' });
    expect(wrongName.statusCode).toBe(400);
    expect((await zzAdmin.post(`/api/campaigns/${campaignId}/close`, {})).statusCode).toBe(403);
    const closed = await province.post(`/api/campaigns/${campaignId}/close`, { confirmName: campaign.json().name });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed' });

    const refusedWith = (res: { statusCode: number; json(): { error: { code: string; message: string } } }) => {
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('CAMPAIGN_CLOSED');
      expect(res.json().error.message).toMatch(/已结束/);
    };
    // An application edit (the unit's officer), a review decision, a score import, a seat move.
    const unitPath = (
      await inSystemTx(t.database.db, (tx) =>
        tx
          .select({ unitId: applications.unitId, version: applications.version })
          .from(applications)
          .where(eq(applications.id, first!.applicationId)),
      )
    )[0]!;
    const unitNode = await inSystemTx(t.database.db, async (tx) => {
      const [row] = await tx.select().from(orgNodes).where(eq(orgNodes.id, unitPath.unitId));
      return row!;
    });
    const officer = await signIn(t, (await buildAccount(t, unitNode, 'unit_officer')).username);
    refusedWith(
      await officer.patch(`/api/applications/${first!.applicationId}`, {
        remarks: '结束后修改',
        version: unitPath.version,
      }),
    );
    refusedWith(
      await province.post(`/api/review/applications/${first!.applicationId}/decide`, {
        action: 'return',
        reasonCode: 'OTHER',
        opinion: '退回',
      }),
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('成绩');
    ws.addRow(['身份证号', '准考证号', '科目', '成绩']);
    ws.addRow([first!.idNumber, first!.ticketNumber, '岗位技能', 60]);
    const boundary = '----gongkaoArchives';
    const upload = await t.app.inject({
      method: 'POST',
      url: `/api/campaigns/${campaignId}/scores/import`,
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="mode"\r\n\r\ngood_rows\r\n`),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        Buffer.from(await wb.xlsx.writeBuffer()),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: province.cookie,
        'x-csrf-token': province.csrf,
      },
    });
    refusedWith(upload);
    refusedWith(
      await zzAdmin.post('/api/seating/move', {
        applicationId: second!.applicationId,
        sessionId: fixture.sessionId,
        roomId: fixture.roomId,
        seatLabel: 'A09',
        reason: '结束后调整座位',
        confirmNotified: true,
      }),
    );

    // Directly in SQL: as the app role (the province's own scope reaches every row) and as the owner.
    const provinceActor = actorOf(provinceAccount, provinceNode, 'province_admin');
    for (const statement of [
      sql`update applications set remarks = '直接修改' where id = ${first!.applicationId}`,
      sql`update score_results set score = 100 where application_id = ${first!.applicationId}`,
      sql`update seat_assignments set seat_label = 'A10' where application_id = ${second!.applicationId}`,
      sql`update exam_sessions set name = name where id = ${fixture.sessionId}`,
    ]) {
      const error = await inScopedTx(t.database.db, provinceActor, (tx) => tx.execute(statement)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(findPgError(error)?.code, String(error)).toBe('GKC01');
    }
    const asOwner = await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`update exam_sessions set name = '改名' where id = ${fixture.sessionId}`),
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(findPgError(asOwner)?.code).toBe('GKC01');
    // Another campaign's rows are untouched by the guard.
    await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`update applications set remarks = remarks where campaign_id <> ${campaignId}`),
    );

    // Reads still work: the scores, the application, the archive and its ZIP.
    expect((await province.get(`/api/campaigns/${campaignId}/scores`)).statusCode).toBe(200);
    expect((await zzAdmin.get(`/api/applications/${first!.applicationId}`)).statusCode).toBe(200);
    const archive = await zzAdmin.get(`/api/archives/applications/${first!.applicationId}.pdf`);
    expect(archive.statusCode).toBe(200);
    expect(pdfText(archive.rawPayload, 'closed.pdf')).toContain('考核结论：合格');
    expect((await buildZip(zzAdmin, zz.id)).names).toHaveLength(3);
    // And closing twice is a conflict, not a change.
    expect((await province.post(`/api/campaigns/${campaignId}/close`, {})).json().error.code).toBe('CAMPAIGN_CLOSED');
  });
});
