// Fast fixtures for the exam-day tests (and benches): a campaign with one session of two subjects (职业道德 and
// 职业能力) on a given day, a centre with one room, seated and published candidates, and a paper per candidate and
// subject drawn from a small bank whose keys the test knows. Written directly as the owner (seating, banks and
// papers are tested on their own).
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { TestApp } from '../../../../test/setup/harness.js';
import { buildNode, findJurisdiction } from '../../../../test/setup/harness.js';
import type { Blueprint } from '../../../domain/blueprint.js';
import type { ItemType, Subject } from '../../../domain/items.js';
import { originalToDisplayed, type PaperItem } from '../../../domain/paper.js';
import { defaultEligibilitySettings, defaultExamSettings } from '../../../domain/timetable.js';
import {
  applicationFiles,
  applications as applicationsTable,
  bankImages,
  bankItems,
  bankItemVersions,
  campaigns,
  examRooms,
  examSessions,
  jobTypes,
  paperPools,
  papers,
  questionBanks,
  seatAssignments,
  testCentres,
} from '../../db/schema.js';
import { ensureSampleCatalogue } from '../../db/seed-campaign.js';
import { seal, sealJson } from '../../platform/sealed.js';
import { inSystemTx } from '../../platform/tx.js';
import { imageContext } from '../banks/bank-images.service.js';
import { itemContext, type SealedItem } from '../banks/banks.service.js';
import { paperContext } from '../papers/papers.service.js';
import { insertBlueprint } from '../papers/papers.test-support.js';
import { insertApplications } from '../review/review.test-support.js';

/** A 1×1 PNG: the picture of the second item's stem. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface ItemSpec {
  type: ItemType;
  options: number;
  /** The answer in the bank's letters. */
  answer: string;
  /** The original letters in the order shown. */
  optionOrder: string;
  points: number;
  image?: boolean;
}

/** Every paper: these six items in this order (its keys, in the letters shown: B D AC ? T F). */
const ITEMS: readonly ItemSpec[] = [
  { type: 'single', options: 4, answer: 'B', optionOrder: 'ABCD', points: 1 },
  { type: 'single', options: 4, answer: 'A', optionOrder: 'DCBA', points: 1, image: true },
  { type: 'multiple', options: 5, answer: 'AC', optionOrder: 'ABCDE', points: 2 },
  { type: 'multiple', options: 4, answer: 'BD', optionOrder: 'BADC', points: 2 },
  { type: 'true_false', options: 0, answer: 'T', optionOrder: '', points: 1 },
  { type: 'true_false', options: 0, answer: 'F', optionOrder: '', points: 1.5 },
];
export const PAPER_ITEM_COUNT = ITEMS.length;
/** The keys in the letters shown, position 1 first. */
export const PAPER_KEYS: readonly string[] = ITEMS.map((i) =>
  i.type === 'true_false' ? i.answer : (originalToDisplayed(i.optionOrder, i.answer) ?? ''),
);
export const PAPER_POINTS = ITEMS.reduce((s, i) => s + i.points, 0);
export const SESSION_SUBJECTS: readonly Subject[] = ['ethics', 'ability'];

export interface ExamBank {
  /** Item ids per subject, in ITEMS order. */
  items: Map<Subject, number[]>;
  imageId: string;
  authorId: number;
}

/**
 * The banks of the two subjects (once per test app: a subject's bank without grade is unique); other subjects when
 * asked (专业基础知识 needs the job type, and is a 一级 bank).
 */
export async function insertExamBanks(
  t: TestApp,
  options: { subjects?: readonly Subject[]; jobTypeId?: number; withImage?: boolean } = {},
): Promise<ExamBank> {
  const key = t.deps.contentKey!;
  const now = t.clock.now();
  return inSystemTx(t.database.db, async (tx) => {
    const imageId = `img-${createHash('sha256').update(TINY_PNG).digest('hex').slice(0, 16)}`;
    await tx
      .insert(bankImages)
      .values({
        id: imageId,
        sha256: createHash('sha256').update(TINY_PNG).digest('hex'),
        mimeType: 'image/png',
        byteSize: TINY_PNG.length,
        width: 1,
        height: 1,
        content: seal(key, imageContext(imageId), TINY_PNG),
        createdBy: 1,
        createdAt: now,
      })
      .onConflictDoNothing();
    const items = new Map<Subject, number[]>();
    for (const subject of options.subjects ?? SESSION_SUBJECTS) {
      const jobTyped = subject === 'skill' || subject === 'basics';
      const [bank] = await tx
        .insert(questionBanks)
        .values({
          subject,
          name: `考试题库-${subject}${jobTyped ? `-${options.jobTypeId}` : ''}`,
          jobTypeId: jobTyped ? (options.jobTypeId ?? null) : null,
          grade: subject === 'basics' ? 1 : subject === 'skill' ? 4 : null,
          createdBy: 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: questionBanks.id });
      const ids: number[] = [];
      for (const [n, spec] of ITEMS.entries()) {
        const [item] = await tx
          .insert(bankItems)
          .values({ bankId: bank!.id, currentVersion: 1, createdBy: 1, createdAt: now, updatedAt: now })
          .returning({ id: bankItems.id });
        const content: SealedItem = {
          stem: `${subject}第${n + 1}题的题干`,
          stemImage: spec.image ? imageId : null,
          options: Array.from({ length: spec.options }, (_, i) => ({
            text: `第${n + 1}题选项${'ABCDEF'[i]}`,
            image: null,
          })),
          answer: spec.answer,
          explanation: `第${n + 1}题的解析（绝密）`,
          source: '测试教材',
        };
        await tx.insert(bankItemVersions).values({
          itemId: item!.id,
          version: 1,
          status: 'approved',
          type: spec.type,
          knowledgePoint: '安全生产',
          difficulty: 3,
          optionCount: spec.options,
          content: sealJson(key, itemContext(item!.id, 1), content),
          authorId: 1,
          authorName: '出题人',
          approverId: 2,
          approverName: '审核人',
          approvedAt: now,
          createdAt: now,
          updatedAt: now,
        });
        ids.push(item!.id);
      }
      items.set(subject, ids);
    }
    return { items, imageId, authorId: 1 };
  });
}

let serial = 0;

export interface ExamFixture {
  campaignId: number;
  sessionId: number;
  centreId: number;
  roomId: number;
  /** 'YYYY-MM-DD', Beijing. */
  date: string;
  /** The session's start (the first subject opens). */
  startsAt: Date;
  candidates: { applicationId: number; ticketNumber: string; idNumber: string }[];
  /** The session's subjects in order. */
  subjects: readonly Subject[];
  jobTypeId: number;
}

/**
 * A campaign (its own year) with one session on `date` at `startTime`: 职业道德 60 minutes, a 20-minute break,
 * 职业能力 60 minutes; late entry 15 minutes, earliest hand-in 30 minutes. `count` candidates seated in one room
 * and published, each with a paper per subject unless `papers` is false.
 */
export async function seatedExam(
  t: TestApp,
  /** null: no papers (a test that draws them through the generation job). */
  bank: ExamBank | null,
  options: {
    count: number;
    date: string;
    startTime?: string;
    settings?: Record<string, unknown>;
    papers?: boolean;
    published?: boolean;
    photo?: Buffer;
    /** The candidates' applied grade (default 四级); 1: a job type offering 一级. */
    grade?: number;
    /** The session's subjects, 60 minutes each with a 20-minute break (default 职业道德, 职业能力). */
    subjects?: readonly Subject[];
  },
): Promise<ExamFixture> {
  const subjects = options.subjects ?? SESSION_SUBJECTS;
  const n = ++serial;
  const now = t.clock.now();
  const startTime = options.startTime ?? '09:00';
  // Each test file has a database of its own: the counter keeps years, centre codes and 准考证号 apart.
  const year = 3000 + n;
  const jurisdiction = await findJurisdiction(t, '郑州市');
  const department = await buildNode(t, jurisdiction, 'department');
  const unit = await buildNode(t, department, 'unit');
  const { campaignId, jobTypeId } = await inSystemTx(t.database.db, async (tx) => {
    const catalog = await ensureSampleCatalogue(tx, now);
    const types = await tx
      .select({ id: jobTypes.id, grades: jobTypes.grades })
      .from(jobTypes)
      .where(eq(jobTypes.versionId, catalog.id))
      .orderBy(jobTypes.id);
    const job = options.grade === undefined ? types[0] : types.find((j) => j.grades.includes(options.grade!));
    const [campaign] = await tx
      .insert(campaigns)
      .values({
        year,
        name: `${year}年考核（考试作答测试）`,
        noticeNumber: `测试〔${year}〕1号`,
        noticeDate: `${year}-01-20`,
        catalogVersionId: catalog.id,
        eligibilitySettings: defaultEligibilitySettings(year),
        examSettings: { ...defaultExamSettings(), ...options.settings },
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: campaigns.id });
    return { campaignId: campaign!.id, jobTypeId: job!.id };
  });
  const applicationIds = await insertApplications(t, {
    campaignId,
    unit,
    departmentId: department.id,
    jurisdictionId: jurisdiction.id,
    jobTypeId,
    count: options.count,
    status: 'province_confirmed',
  });
  if (options.grade !== undefined) {
    await inSystemTx(t.database.db, (tx) =>
      tx
        .update(applicationsTable)
        .set({ appliedGrade: options.grade! })
        .where(inArray(applicationsTable.id, applicationIds)),
    );
  }
  return inSystemTx(t.database.db, async (tx) => {
    const [centre] = await tx
      .insert(testCentres)
      .values({
        orgNodeId: jurisdiction.id,
        orgPath: jurisdiction.path,
        name: `作答测试考点${n}-${year}`,
        code: String(n % 100).padStart(2, '0'),
        address: '某路 1 号',
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: testCentres.id });
    if (!centre) throw new Error('centre code clash: run the fixture again');
    const columns = 10;
    const [room] = await tx
      .insert(examRooms)
      .values({
        centreId: centre.id,
        orgPath: jurisdiction.path,
        code: '01',
        name: '第一机房',
        seatRows: Math.max(1, Math.ceil(options.count / columns)),
        seatColumns: columns,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: examRooms.id });
    const [session] = await tx
      .insert(examSessions)
      .values({
        campaignId,
        name: '第一场',
        sessionDate: options.date,
        startTime,
        subjects: subjects.map((subject, i) => ({
          subject,
          durationMinutes: 60,
          breakAfterMinutes: i < subjects.length - 1 ? 20 : 0,
        })),
        lateEntryMinutes: 15,
        earliestHandInMinutes: 30,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: examSessions.id });
    const apps = await tx
      .select({ id: applicationsTable.id, idNumber: applicationsTable.idNumber, orgPath: applicationsTable.orgPath })
      .from(applicationsTable)
      .where(and(eq(applicationsTable.campaignId, campaignId)));
    const byId = new Map(apps.map((a) => [a.id, a]));
    const candidates = applicationIds.map((applicationId, i) => ({
      applicationId,
      ticketNumber: `41${year}${String(i + 1).padStart(11, '0')}7`,
      idNumber: byId.get(applicationId)!.idNumber,
    }));
    await tx.insert(seatAssignments).values(
      candidates.map((c, i) => ({
        applicationId: c.applicationId,
        campaignId,
        sessionId: session!.id,
        roomId: room!.id,
        centreId: centre.id,
        seat: i + 1,
        seatLabel: `${String.fromCharCode(65 + Math.floor(i / columns))}${String((i % columns) + 1).padStart(2, '0')}`,
        ticketNumber: c.ticketNumber,
        orgPath: byId.get(c.applicationId)!.orgPath,
        centrePath: jurisdiction.path,
        source: 'auto',
        notifiedAt: options.published === false ? null : now,
        createdAt: now,
        updatedAt: now,
      })),
    );
    if (options.photo && candidates[0]) {
      await tx.insert(applicationFiles).values({
        applicationId: candidates[0].applicationId,
        kind: 'photo',
        fileName: 'photo.jpg',
        mime: 'image/jpeg',
        size: options.photo.length,
        sha256: createHash('sha256').update(options.photo).digest('hex'),
        data: options.photo,
        createdAt: now,
      });
    }
    return {
      campaignId,
      sessionId: session!.id,
      centreId: centre.id,
      roomId: room!.id,
      date: options.date,
      startsAt: new Date(`${options.date}T${startTime}:00+08:00`),
      candidates,
      subjects,
      jobTypeId,
    };
  }).then(async (fixture) => {
    if (options.papers !== false && bank) await insertPapers(t, bank, fixture);
    return fixture;
  });
}

/** A paper per candidate and subject: the bank's six items in ITEMS order and option orders. */
async function insertPapers(t: TestApp, bank: ExamBank, fixture: ExamFixture): Promise<void> {
  const key = t.deps.contentKey!;
  const now = t.clock.now();
  for (const subject of fixture.subjects) {
    const blueprintId = await insertBlueprint(t.database.db, {
      campaignId: fixture.campaignId,
      blueprint: { subject, jobTypeId: null, grade: null, durationMinutes: 60, passLine: 60 } as unknown as Blueprint,
      createdBy: bank.authorId,
      now,
    });
    await inSystemTx(t.database.db, async (tx) => {
      const [pool] = await tx
        .insert(paperPools)
        .values({
          campaignId: fixture.campaignId,
          blueprintId,
          blueprintRevision: 1,
          grade: 4,
          algorithmVersion: 1,
          blueprint: { durationMinutes: 60, passLine: 60 },
          items: [],
          itemCount: 0,
          digest: `test-${fixture.campaignId}-${subject}`,
          createdAt: now,
        })
        .returning({ id: paperPools.id });
      const itemIds = bank.items.get(subject)!;
      const content: PaperItem[] = ITEMS.map((spec, i) => ({
        itemId: itemIds[i]!,
        version: 1,
        type: spec.type,
        cell: 0,
        points: spec.points,
        difficulty: 3,
        optionOrder: spec.optionOrder,
      }));
      await tx.insert(papers).values(
        fixture.candidates.map((c) => ({
          campaignId: fixture.campaignId,
          applicationId: c.applicationId,
          subject,
          sitting: 1,
          poolId: pool!.id,
          seed: 1,
          algorithmVersion: 1,
          attempt: 0,
          itemCount: content.length,
          meanDifficulty: 3,
          content: sealJson(key, paperContext(c.applicationId, subject, 1), content),
          createdBy: bank.authorId,
          createdAt: now,
        })),
      );
    });
  }
}
