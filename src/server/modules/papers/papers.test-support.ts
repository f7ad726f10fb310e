// Fast fixtures for the papers' tests and `npm run bench:papers`: banks of approved items, sealed exactly as the
// banks service seals them, and blueprints, written directly as the owner (the banks and blueprints modules are
// tested on their own).

import { sql } from 'drizzle-orm';
import type { Blueprint } from '../../../domain/blueprint.js';
import type { ItemType, Subject } from '../../../domain/items.js';
import { OPTION_LETTERS } from '../../../domain/items.js';
import { type Db, resultRows, type Tx } from '../../db/client.js';
import { bankItems, bankItemVersions, blueprints, questionBanks } from '../../db/schema.js';
import { type ContentKey, sealJson } from '../../platform/sealed.js';
import { inSystemTx } from '../../platform/tx.js';
import { itemContext, type SealedItem } from '../banks/banks.service.js';

export interface FixtureItem {
  type: ItemType;
  difficulty: number;
  knowledgePoint: string;
  /** Choice items: 2–6 (single) or 3–6 (multiple); ignored for true/false. */
  optionCount?: number;
}

/** The stem every fixture item carries, so a test can look for it in places it must not be. */
export const fixtureStem = (bankId: number, n: number) =>
  `题库${bankId}第${n}题：以下关于安全生产责任制的说法，哪一项正确`;

function sealedItem(bankId: number, n: number, item: FixtureItem): { content: SealedItem; optionCount: number } {
  const optionCount = item.type === 'true_false' ? 0 : (item.optionCount ?? 4);
  const options = Array.from({ length: optionCount }, (_, i) => ({
    text: `第${n}题选项${OPTION_LETTERS[i]}的内容`,
    image: null,
  }));
  const answer =
    item.type === 'true_false'
      ? n % 2 === 0
        ? 'T'
        : 'F'
      : item.type === 'single'
        ? OPTION_LETTERS[n % optionCount]!
        : 'AC';
  return {
    content: {
      stem: fixtureStem(bankId, n),
      stemImage: null,
      options,
      answer,
      explanation: `第${n}题的解析`,
      source: '测试教材',
    },
    optionCount,
  };
}

async function nextItemIds(tx: Tx, n: number): Promise<number[]> {
  const result = await tx.execute(
    sql`select nextval(pg_get_serial_sequence('bank_items', 'id'))::int as id from generate_series(1, ${n}) order by 1`,
  );
  return resultRows<{ id: number }>(result).map((r) => Number(r.id));
}

/** A bank with the given items, every one approved (version 1, authored and approved by two people). */
export async function insertBankWithItems(
  db: Db,
  key: ContentKey,
  spec: {
    subject: Subject;
    name: string;
    jobTypeId?: number | null;
    grade?: number | null;
    items: readonly FixtureItem[];
    authorId: number;
    approverId: number;
    now: Date;
    /** Rows per INSERT (the bench writes thousands). */
    chunk?: number;
  },
): Promise<{ bankId: number; itemIds: number[] }> {
  const chunk = spec.chunk ?? 2000;
  return inSystemTx(db, async (tx) => {
    const [bank] = await tx
      .insert(questionBanks)
      .values({
        subject: spec.subject,
        name: spec.name,
        jobTypeId: spec.jobTypeId ?? null,
        grade: spec.grade ?? null,
        createdBy: spec.authorId,
        createdAt: spec.now,
        updatedAt: spec.now,
      })
      .returning({ id: questionBanks.id });
    const bankId = bank!.id;
    const ids = await nextItemIds(tx, spec.items.length);
    for (let i = 0; i < ids.length; i += chunk) {
      const slice = ids.slice(i, i + chunk);
      await tx.insert(bankItems).values(
        slice.map((id) => ({
          id,
          bankId,
          currentVersion: 1,
          createdBy: spec.authorId,
          createdAt: spec.now,
          updatedAt: spec.now,
        })),
      );
      await tx.insert(bankItemVersions).values(
        slice.map((id, j) => {
          const n = i + j + 1;
          const item = spec.items[i + j]!;
          const { content, optionCount } = sealedItem(bankId, n, item);
          return {
            itemId: id,
            version: 1,
            status: 'approved' as const,
            type: item.type,
            knowledgePoint: item.knowledgePoint,
            difficulty: item.difficulty,
            optionCount,
            content: sealJson(key, itemContext(id, 1), content),
            authorId: spec.authorId,
            authorName: '出题人',
            approverId: spec.approverId,
            approverName: '审核人',
            approvedAt: spec.now,
            createdAt: spec.now,
            updatedAt: spec.now,
          };
        }),
      );
    }
    return { bankId, itemIds: ids };
  });
}

/** A blueprint row: the domain Blueprint's definition without its scope columns. */
export async function insertBlueprint(
  db: Db,
  spec: {
    campaignId: number;
    blueprint: Blueprint;
    status?: 'draft' | 'published';
    createdBy: number;
    now: Date;
  },
): Promise<number> {
  const { subject, jobTypeId, grade, ...definition } = spec.blueprint;
  const status = spec.status ?? 'published';
  return inSystemTx(db, async (tx) => {
    const [row] = await tx
      .insert(blueprints)
      .values({
        campaignId: spec.campaignId,
        subject,
        jobTypeId,
        grade,
        status,
        definition,
        publishedAt: status === 'published' ? spec.now : null,
        publishedBy: status === 'published' ? spec.createdBy : null,
        publishedByName: status === 'published' ? '题库管理员' : null,
        createdBy: spec.createdBy,
        createdAt: spec.now,
        updatedAt: spec.now,
      })
      .returning({ id: blueprints.id });
    return row!.id;
  });
}

/** Items of every difficulty 1–5 in turn, of the given types and counts, over a few knowledge points. */
export function spreadItems(counts: Partial<Record<ItemType, number>>, points = ['安全生产', '职业规范', '岗位知识']) {
  const items: FixtureItem[] = [];
  for (const type of ['single', 'multiple', 'true_false'] as const) {
    for (let i = 0; i < (counts[type] ?? 0); i++) {
      items.push({
        type,
        difficulty: (i % 5) + 1,
        knowledgePoint: points[i % points.length]!,
        optionCount: 4 + (i % 3),
      });
    }
  }
  return items;
}
