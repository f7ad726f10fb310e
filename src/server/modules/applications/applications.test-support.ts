// Test factories for the applications and registration tests: a catalogue, job types and an open campaign
// written directly as the system (the campaigns module is built separately), plus requests and files.

import {
  buildAccount,
  buildNode,
  type Client,
  findJurisdiction,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { makeIdNumber } from '../../../domain/index.js';
import { defaultEligibilitySettings, defaultExamSettings, templatePhases } from '../../../domain/timetable.js';
import {
  campaignJurisdictions,
  campaignPhases,
  campaigns,
  campaignWindowExtensions,
  catalogVersions,
  jobTypes,
} from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';

let counter = 0;
const next = () => ++counter;

export interface CampaignFixture {
  campaignId: number;
  catalogVersionId: number;
  driverId: number;
  electricianId: number;
  /** A job type of another catalogue version (not usable in the campaign). */
  foreignJobTypeId: number;
}

/**
 * One open 2017 campaign per test database (only one may be open): registration 2017-02-06..02-28, notice date
 * 2017-01-20; online registration on in 郑州市 and off in 洛阳市.
 */
export async function openCampaign2017(t: TestApp): Promise<CampaignFixture> {
  const zz = await findJurisdiction(t, '郑州市');
  const ly = await findJurisdiction(t, '洛阳市');
  return inSystemTx(t.database.db, async (tx) => {
    const now = t.clock.now();
    const n = next();
    const [version] = await tx
      .insert(catalogVersions)
      .values({
        name: `豫人社工考〔2014〕2号-测试${n}`,
        title: '测试目录',
        isSample: true,
        jobTypeCount: 2,
        createdAt: now,
      })
      .returning();
    const [other] = await tx
      .insert(catalogVersions)
      .values({
        name: `豫人社办〔2019〕107号-测试${n}`,
        title: '另一目录',
        isSample: true,
        jobTypeCount: 1,
        createdAt: now,
      })
      .returning();
    const [driver, electrician] = await tx
      .insert(jobTypes)
      .values([
        { versionId: version!.id, code: '14-001', name: '汽车驾驶员', category: '交通运输类', grades: [5, 4, 3, 2, 1] },
        { versionId: version!.id, code: '06-001', name: '电工', category: '电力类', grades: [5, 4, 3] },
      ])
      .returning();
    const [foreign] = await tx
      .insert(jobTypes)
      .values({
        versionId: other!.id,
        code: '14-001',
        name: '汽车驾驶员',
        category: '交通运输类',
        grades: [5, 4, 3, 2],
      })
      .returning();
    const [campaign] = await tx
      .insert(campaigns)
      .values({
        year: 2017,
        name: '2017年全省机关事业单位工勤技能岗位等级考核',
        noticeNumber: '豫人社办函〔2017〕11号',
        noticeDate: '2017-01-20',
        status: 'open',
        catalogVersionId: version!.id,
        eligibilitySettings: { workYearsCutoffYear: 2017, gradeObtainedByYear: 2012, regularizedBy: '2017-09-30' },
        // As the campaigns service stores them: complete, so the campaign reads back through the API.
        examSettings: defaultExamSettings(),
        openedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(campaignPhases).values(templatePhases(2017).map((p) => ({ campaignId: campaign!.id, ...p })));
    await tx.insert(campaignJurisdictions).values([
      { campaignId: campaign!.id, jurisdictionId: zz.id, onlineRegistration: true },
      { campaignId: campaign!.id, jurisdictionId: ly.id, onlineRegistration: false },
    ]);
    return {
      campaignId: campaign!.id,
      catalogVersionId: version!.id,
      driverId: driver!.id,
      electricianId: electrician!.id,
      foreignJobTypeId: foreign!.id,
    };
  });
}

/** A campaign that is not open (draft), for CAMPAIGN_NOT_OPEN. */
export async function draftCampaign(t: TestApp, year: number, catalogVersionId: number): Promise<number> {
  return inSystemTx(t.database.db, async (tx) => {
    const now = t.clock.now();
    const [row] = await tx
      .insert(campaigns)
      .values({
        year,
        name: `${year}年全省机关事业单位工勤技能岗位等级考核`,
        noticeNumber: `测试〔${year}〕1号`,
        noticeDate: `${year}-01-20`,
        status: 'draft',
        catalogVersionId,
        eligibilitySettings: defaultEligibilitySettings(year),
        examSettings: defaultExamSettings(),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(campaignPhases).values(templatePhases(year).map((p) => ({ campaignId: row!.id, ...p })));
    return row!.id;
  });
}

export async function extendRegistration(t: TestApp, campaignId: number, jurisdictionId: number, endsOn: string) {
  await inSystemTx(t.database.db, async (tx) => {
    await tx.insert(campaignWindowExtensions).values({
      campaignId,
      jurisdictionId,
      phase: 'registration',
      endsOn,
      reason: '测试延期',
      createdAt: t.clock.now(),
    });
  });
}

/** A valid ID number, unique within a test run: Zhengzhou address code, the birth date, a running sequence. */
export function idNumber(birth = '19800315', sex: 'male' | 'female' = 'male'): string {
  const n = next();
  const seq = String((n * 2 + (sex === 'male' ? 1 : 0)) % 1000).padStart(3, '0');
  return makeIdNumber(`410105${birth}${seq}`);
}

/** A form for 四级 by work years (13 years: started 2005): eligible in 2017. */
export function form(fixture: CampaignFixture, overrides: Record<string, unknown> = {}) {
  return {
    idNumber: idNumber(),
    name: '张伟',
    education: 'senior_high',
    workStartMonth: '2005-07',
    regularizedMonth: '2006-07',
    currentJobType: '汽车驾驶员',
    currentGrade: null,
    appliedJobTypeId: fixture.driverId,
    appliedGrade: 4,
    phone: '13800000000',
    ...overrides,
  };
}

/** A unit with its department in a jurisdiction, and an officer account for it. */
export async function unitWithOfficer(t: TestApp, jurisdictionName: string, unitName?: string) {
  const jurisdiction = await findJurisdiction(t, jurisdictionName);
  const department = await buildNode(t, jurisdiction, 'department');
  const unit = await buildNode(t, department, 'unit', unitName);
  const officer = await buildAccount(t, unit, 'unit_officer');
  return { jurisdiction, department, unit, officer };
}

/** Moves the clock for the duration of fn (Beijing time). */
export async function at<T>(t: TestApp, instant: string, fn: () => Promise<T>): Promise<T> {
  const saved = t.clock.now();
  t.clock.set(instant);
  try {
    return await fn();
  } finally {
    t.clock.set(saved);
  }
}

// ─── Files ─────────────────────────────────────────────────────────────────────────────────────────────────

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];

/** A JPEG the dimension reader accepts: SOI, APP0, a baseline frame header, SOS, padding, EOI. */
export function jpegBytes(width: number, height: number, totalSize = 2048): Buffer {
  const app0 = [0xff, 0xe0, ...u16(16), 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof = [0xff, 0xc0, ...u16(17), 8, ...u16(height), ...u16(width), 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0];
  const sos = [0xff, 0xda, ...u16(12), 3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0];
  const head = [0xff, 0xd8, ...app0, ...sof, ...sos];
  const padding = Math.max(0, totalSize - head.length - 2);
  return Buffer.concat([Buffer.from(head), Buffer.alloc(padding, 0x55), Buffer.from([0xff, 0xd9])]);
}

export function pngBytes(width: number, height: number): Buffer {
  const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const ihdr = Buffer.alloc(17);
  ihdr.write('IHDR', 0, 'latin1');
  ihdr.writeUInt32BE(width, 4);
  ihdr.writeUInt32BE(height, 8);
  ihdr.set([8, 2, 0, 0, 0], 12);
  return Buffer.concat([header, ihdr, Buffer.alloc(4), Buffer.alloc(64)]);
}

export function pdfBytes(size = 1024): Buffer {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 0x20)]);
}

/** POSTs a multipart upload with the client's session and CSRF token. */
export function upload(
  t: TestApp,
  client: Client,
  applicationId: number,
  parts: { kind?: string; fileName?: string; mime?: string; data?: Buffer },
) {
  const boundary = '----gongkaoFiles';
  const chunks: Buffer[] = [];
  if (parts.kind !== undefined) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${parts.kind}\r\n`));
  }
  if (parts.data !== undefined) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${parts.fileName ?? 'a.jpg'}"\r\nContent-Type: ${parts.mime ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      parts.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST',
    url: `/api/applications/${applicationId}/files`,
    payload: Buffer.concat(chunks),
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: client.cookie,
      'x-csrf-token': client.csrf,
    },
  });
}
