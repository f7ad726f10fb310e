import { createPublicKey, verify } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { decodeCertificateNumber } from '../../../domain/certificate-number.js';
import { defaultEligibilitySettings, defaultExamSettings } from '../../../domain/timetable.js';
import { resultRows } from '../../db/client.js';
import { auditLog, campaigns, jobTypes } from '../../db/schema.js';
import { ensureSampleCatalogue } from '../../db/seed-campaign.js';
import { inSystemTx } from '../../platform/tx.js';
import { buildChain, type Chain, insertApplications } from '../review/review.test-support.js';

let t: TestApp;
let zz: Chain;
let kf: Chain;
let province: Client;
let zzAdmin: Client;
let kfAdmin: Client;
let year = 2040;

beforeAll(async () => {
  t = await buildTestApp({ publicRatePerMinute: 1000 });
  zz = await buildChain(t, '郑州市');
  kf = await buildChain(t, '开封市');
  province = await signIn(t, zz.accounts.province);
  zzAdmin = await signIn(t, zz.accounts.jurisdiction);
  kfAdmin = await signIn(t, kf.accounts.jurisdiction);
});
afterAll(async () => {
  await t?.close();
});

interface Fixture {
  campaignId: number;
  year: number;
  /** 郑州: three passed, one failed (职业能力 59.99). */
  zzPassed: number[];
  zzFailed: number;
  /** 开封: two passed. */
  kfPassed: number[];
}

/** A campaign with confirmed candidates in 郑州 and 开封 and their three subjects' scores; released unless told. */
async function campaignWithScores(options: { released?: boolean } = {}): Promise<Fixture> {
  const y = ++year;
  const now = t.clock.now();
  const { campaignId, jobTypeId } = await inSystemTx(t.database.db, async (tx) => {
    const catalog = await ensureSampleCatalogue(tx, now);
    const [job] = await tx.select({ id: jobTypes.id }).from(jobTypes).where(eq(jobTypes.versionId, catalog.id));
    const [campaign] = await tx
      .insert(campaigns)
      .values({
        year: y,
        name: `${y}年考核（证书测试）`,
        noticeNumber: `测试〔${y}〕1号`,
        noticeDate: `${y}-01-20`,
        catalogVersionId: catalog.id,
        eligibilitySettings: defaultEligibilitySettings(y),
        examSettings: defaultExamSettings(),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: campaigns.id });
    return { campaignId: campaign!.id, jobTypeId: job!.id };
  });
  const apps = async (chain: Chain, count: number) =>
    insertApplications(t, {
      campaignId,
      unit: chain.unit,
      departmentId: chain.department.id,
      jurisdictionId: chain.jurisdiction.id,
      jobTypeId,
      count,
      status: 'province_confirmed',
      namePrefix: '周丽',
    });
  const zzIds = await apps(zz, 4);
  const kfIds = await apps(kf, 2);
  const failed = zzIds[3]!;
  await inSystemTx(t.database.db, async (tx) => {
    await tx.execute(sql`
      insert into score_results (application_id, subject, campaign_id, status, score, source, org_path,
        jurisdiction_id, unit_id, job_type_id, grade, updated_at)
      select a.id, s.subject::item_subject, a.campaign_id, 'scored',
        case when a.id = ${failed} and s.subject = 'ability' then 59.99 else 80 end, 'exam', a.org_path,
        a.jurisdiction_id, a.unit_id, a.applied_job_type_id, a.applied_grade, now()
      from applications a cross join (values ('skill'), ('ethics'), ('ability')) s(subject)
      where a.campaign_id = ${campaignId}`);
    await tx.execute(sql`
      insert into score_states (campaign_id, compiled_at, released_at)
      values (${campaignId}, now(), ${options.released === false ? null : now.toISOString()}::timestamptz)`);
  });
  return { campaignId, year: y, zzPassed: zzIds.slice(0, 3), zzFailed: failed, kfPassed: kfIds };
}

async function waitJob(client: Client, jobId: string) {
  let job = { status: 'queued', result: null as unknown, message: null as string | null, processed: 0 };
  for (let i = 0; i < 200 && job.status !== 'done' && job.status !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = (await client.get(`/api/jobs/${jobId}`)).json();
  }
  return job;
}

async function issue(client: Client, campaignId: number, jurisdictionId?: number) {
  const res = await client.post(
    `/api/campaigns/${campaignId}/certificates/issue${jurisdictionId ? `?jurisdictionId=${jurisdictionId}` : ''}`,
  );
  if (res.statusCode !== 202) return { statusCode: res.statusCode, body: res.json() };
  const job = await waitJob(client, res.json().jobId);
  expect(job.status, JSON.stringify(job)).toBe('done');
  return { statusCode: 202, body: job.result as { qualified: number; issued: number; alreadyIssued: number } };
}

type Item = { id: number; number: string; status: string; holderName: string; idNumberMasked: string };
async function list(client: Client, campaignId: number, query = ''): Promise<{ total: number; items: Item[] }> {
  const res = await client.get(`/api/campaigns/${campaignId}/certificates${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const pub = (url: string) => t.app.inject({ method: 'GET', url });

describe('issue', () => {
  it('issues the qualified only, numbered by the rule, and a second run issues nothing more', async () => {
    const f = await campaignWithScores();
    const overview = (await province.get(`/api/campaigns/${f.campaignId}/certificates/overview`)).json();
    expect(overview).toMatchObject({ qualified: 5, valid: 0, missing: 5, abilities: { issue: true } });

    const first = await issue(province, f.campaignId);
    expect(first.body).toEqual({ qualified: 5, issued: 5, alreadyIssued: 0, waiting: 0, waitingTracks: [] });
    const all = await list(province, f.campaignId, '?pageSize=100');
    expect(all.total).toBe(5);
    const numbers = all.items.map((i) => i.number);
    expect(new Set(numbers).size).toBe(5);
    for (const n of numbers) expect(n).toMatch(/^\d{16}$/);
    // 郑州 410100 serials 1–3, 开封 410200 serials 1–2, grade 4 (the fixture's 四级).
    expect(numbers.filter((n) => n.slice(4, 10) === '410100').sort()).toEqual([
      `${f.year}410100400001`,
      `${f.year}410100400002`,
      `${f.year}410100400003`,
    ]);
    expect(numbers.filter((n) => n.slice(4, 10) === '410200').map((n) => decodeCertificateNumber(n)?.serial)).toEqual([
      1, 2,
    ]);
    // The failed candidate has none; every listed ID number is masked.
    const holders = await inSystemTx(t.database.db, async (tx) =>
      resultRows<{ application_id: number }>(
        await tx.execute(sql`select application_id from certificates where campaign_id = ${f.campaignId}`),
      ).map((r) => Number(r.application_id)),
    );
    expect(holders).not.toContain(f.zzFailed);
    for (const i of all.items) expect(i.idNumberMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);

    const again = await issue(province, f.campaignId);
    expect(again.body).toEqual({ qualified: 5, issued: 0, alreadyIssued: 5, waiting: 0, waitingTracks: [] });
    expect((await list(province, f.campaignId)).total).toBe(5);
    const audits = await inSystemTx(t.database.db, (tx) =>
      tx
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(sql`${auditLog.entityType} = 'certificate' and ${auditLog.entityId} = ${String(f.campaignId)}`),
    );
    expect(audits.map((a) => a.action)).toEqual(['certificate.issue', 'certificate.issue']);
    // The database holds the rule too: a second valid certificate of an application, or a taken serial, is refused.
    await expect(
      inSystemTx(t.database.db, (tx) =>
        tx.execute(sql`
          insert into certificates (number, campaign_id, application_id, year, region_code, serial, holder_name,
            id_number, job_type_id, job_type_name, grade, issued_on, issuer, qr, status, org_path, jurisdiction_id,
            unit_id, issued_by, created_at)
          select '${sql.raw(String(f.year))}410100499999', campaign_id, application_id, year, region_code, 99999,
            holder_name, id_number, job_type_id, job_type_name, grade, issued_on, issuer, qr, 'valid', org_path,
            jurisdiction_id, unit_id, issued_by, created_at
          from certificates where number = ${numbers[0]!}`),
      ),
    ).rejects.toThrow();
  });

  it('refuses before the scores are released', async () => {
    const f = await campaignWithScores({ released: false });
    const res = await issue(province, f.campaignId);
    expect(res.statusCode).toBe(409);
    expect(res.body.error.code).toBe('CERTIFICATES_NOT_RELEASED');
    const overview = (await province.get(`/api/campaigns/${f.campaignId}/certificates/overview`)).json();
    expect(overview).toMatchObject({ qualified: 0, abilities: { issue: false } });
  });

  it('keeps a jurisdiction admin to its own subtree', async () => {
    const f = await campaignWithScores();
    // 郑州's admin issues 郑州's three; asking for 开封 is refused, and nothing of 开封's is issued.
    expect((await issue(zzAdmin, f.campaignId)).body).toEqual({
      qualified: 3,
      issued: 3,
      alreadyIssued: 0,
      waiting: 0,
      waitingTracks: [],
    });
    const foreign = await issue(zzAdmin, f.campaignId, kf.jurisdiction.id);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.body.error.code).toBe('CERTIFICATE_SCOPE');
    expect((await list(zzAdmin, f.campaignId)).total).toBe(3);
    expect((await list(kfAdmin, f.campaignId)).total).toBe(0);
    // The province issues the rest for 开封 by name.
    expect((await issue(province, f.campaignId, kf.jurisdiction.id)).body).toMatchObject({ issued: 2 });
    const kfList = await list(kfAdmin, f.campaignId);
    expect(kfList.total).toBe(2);
    // 开封's admin cannot revoke or reissue 郑州's certificate (it is not even visible).
    const zzCert = (await list(zzAdmin, f.campaignId)).items[0]!;
    const revoke = await kfAdmin.post(`/api/certificates/${zzCert.id}/revoke`, { reason: '测试' });
    expect(revoke.statusCode).toBe(404);
    expect((await kfAdmin.post(`/api/certificates/${zzCert.id}/reissue`, {})).statusCode).toBe(404);
    // A unit officer holds no certificate permission.
    const unit = await signIn(t, zz.accounts.unit);
    expect((await unit.get(`/api/campaigns/${f.campaignId}/certificates`)).statusCode).toBe(403);
    expect((await unit.post(`/api/campaigns/${f.campaignId}/certificates/issue`)).statusCode).toBe(403);
  });
});

describe('concurrency', () => {
  it('two batches and two reissues at once take distinct serials and issue each candidate once', async () => {
    const f = await campaignWithScores();
    const [a, b] = await Promise.all([issue(province, f.campaignId), issue(zzAdmin, f.campaignId)]);
    expect(a.body.issued + b.body.issued).toBe(5);
    const items = (await list(province, f.campaignId, '?pageSize=50')).items;
    expect(items).toHaveLength(5);
    const [x, y] = items.filter((i) => i.number.slice(4, 10) === '410100') as [Item, Item];
    const [rx, ry] = await Promise.all([
      province.post(`/api/certificates/${x.id}/reissue`, {}),
      zzAdmin.post(`/api/certificates/${y.id}/reissue`, {}),
    ]);
    expect([rx.statusCode, ry.statusCode]).toEqual([200, 200]);
    const serials = [rx.json().number, ry.json().number].map((n: string) => decodeCertificateNumber(n)?.serial).sort();
    expect(serials).toEqual([4, 5]);
  });
});

describe('the QR and the public verification', () => {
  it('verifies with the published key alone, refuses a tampered one, and masks every public field', async () => {
    const f = await campaignWithScores();
    await issue(province, f.campaignId);
    const cert = (await list(province, f.campaignId)).items[0]!;

    const keyRes = await pub('/api/public/certificates/public-key');
    expect(keyRes.statusCode).toBe(200);
    expect(keyRes.json()).toMatchObject({ algorithm: 'Ed25519' });
    const publicKey = createPublicKey(keyRes.json().publicKeyPem);

    const res = await pub(`/api/public/certificates/${cert.number}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(
      ['grade', 'holderName', 'issuedOn', 'issuer', 'jobType', 'number', 'qr', 'status'].sort(),
    );
    expect(body).toMatchObject({
      number: cert.number,
      status: 'valid',
      issuer: '河南省人力资源和社会保障厅',
      grade: 4,
    });
    // 周丽 + 一 … : the name keeps its first and last characters.
    expect(body.holderName).toMatch(/^周\*+.$/);
    expect(body.holderName).not.toBe(cert.holderName);

    // What a third party does: split, verify the signature over the payload string, then read the payload.
    const [prefix, payload, signature] = body.qr.split('.');
    expect(prefix).toBe('GKC1');
    expect(verify(null, Buffer.from(payload, 'utf8'), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    expect(Object.keys(claims)[0]).toBe('purpose');
    expect(claims).toMatchObject({
      purpose: 'certificate',
      number: cert.number,
      name: cert.holderName,
      jobType: body.jobType,
      grade: 4,
      issuedOn: body.issuedOn,
      issuer: body.issuer,
    });
    expect(claims.idNumberMasked).toMatch(/^410105\*{8}[\dX]{4}$/);
    expect(JSON.stringify(claims)).not.toMatch(/\d{17}[\dX]/);
    expect(body.qr).not.toMatch(/\d{17}[\dX]/);

    // A payload changed by one claim, or a signature changed by one byte, does not verify.
    const forged = Buffer.from(JSON.stringify({ ...claims, grade: 2 }), 'utf8').toString('base64url');
    expect(verify(null, Buffer.from(forged, 'utf8'), publicKey, Buffer.from(signature, 'base64url'))).toBe(false);
    const sig = Buffer.from(signature, 'base64url');
    sig[10] = sig[10]! ^ 1;
    expect(verify(null, Buffer.from(payload, 'utf8'), publicKey, sig)).toBe(false);

    // Unknown and malformed numbers: 404 with a stable code and Chinese words.
    for (const n of [`${f.year}410100499998`, 'abc']) {
      const missing = await pub(`/api/public/certificates/${n}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('CERTIFICATE_NOT_FOUND');
      expect(missing.json().error.message).toMatch(/证书/);
    }
  });
});

describe('revoke and reissue', () => {
  it('revokes with a reason, reissues a lost one under a new number, each audited', async () => {
    const f = await campaignWithScores();
    await issue(zzAdmin, f.campaignId);
    const [a, b] = (await list(zzAdmin, f.campaignId)).items as [Item, Item];

    expect((await zzAdmin.post(`/api/certificates/${a.id}/revoke`, { reason: '' })).statusCode).toBe(400);
    const revoked = await zzAdmin.post(`/api/certificates/${a.id}/revoke`, { reason: '以不正当手段取得' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await pub(`/api/public/certificates/${a.number}`)).json().status).toBe('revoked');
    const twice = await zzAdmin.post(`/api/certificates/${a.id}/revoke`, { reason: '再次' });
    expect(twice.json().error.code).toBe('CERTIFICATE_REVOKED');
    // A revoked certificate is not issued again by a batch.
    expect((await issue(zzAdmin, f.campaignId)).body).toMatchObject({ issued: 0, alreadyIssued: 3 });

    const reissued = await zzAdmin.post(`/api/certificates/${b.id}/reissue`, { note: '本人申请' });
    expect(reissued.statusCode, reissued.body).toBe(200);
    const { number, replacesId } = reissued.json();
    expect(replacesId).toBe(b.id);
    expect(number).not.toBe(b.number);
    expect(decodeCertificateNumber(number)).toMatchObject({ year: f.year, regionCode: '410100', grade: 4, serial: 4 });
    const after = await list(zzAdmin, f.campaignId, '?pageSize=50');
    const old = after.items.find((i) => i.id === b.id) as Item & { revokeReason: string; replacedById: number };
    expect(old).toMatchObject({ status: 'revoked', revokeReason: '遗失补发：本人申请' });
    expect((await pub(`/api/public/certificates/${number}`)).json()).toMatchObject({ status: 'valid' });
    expect((await list(zzAdmin, f.campaignId, '?status=valid')).total).toBe(2);

    const actions = await inSystemTx(t.database.db, (tx) =>
      tx
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(
          sql`${auditLog.action} in ('certificate.revoke', 'certificate.reissue')
            and ${auditLog.entityId} in (${String(a.id)}, ${String(reissued.json().id)})`,
        ),
    );
    expect(actions.map((x) => x.action).sort()).toEqual(['certificate.reissue', 'certificate.revoke']);
  });

  it('prints a jurisdiction as one PDF, one page per valid certificate', async () => {
    const f = await campaignWithScores();
    await issue(province, f.campaignId);
    const started = await province.post(
      `/api/campaigns/${f.campaignId}/certificates/print?jurisdictionId=${zz.jurisdiction.id}`,
    );
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitJob(province, started.json().jobId);
    expect(job).toMatchObject({ status: 'done', result: { count: 3 } });
    const file = await province.get(`/api/jobs/${started.json().jobId}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.rawPayload.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(3);
  });
});
