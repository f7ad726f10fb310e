import type { PoolItem } from '../../../domain/blueprint.js';
import {
  editPlan,
  ITEM_STATUS_LABELS,
  type ItemContent,
  type ItemOption,
  isJobTypeSubject,
  itemTransition,
  JOB_TYPE_SUBJECT_GRADES,
  SUBJECT_LABELS,
  type Subject,
  validateItem,
} from '../../../domain/items.js';
import type { Db, Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hasPermission, type Permission } from '../../platform/permissions.js';
import { type ContentKey, sealJson, unsealJson } from '../../platform/sealed.js';
import { inScopedTx } from '../../platform/tx.js';
import { findCatalogJobType } from '../catalog/catalog.service.js';
import { assertItemImagesExist } from './bank-images.service.js';
import type { BankListRow, ItemFilter, ItemVersionWithBank } from './banks.repository.js';
import * as repo from './banks.repository.js';
import type { itemContentBody } from './banks.schemas.js';

type ItemInput = import('zod').output<typeof itemContentBody>;

/** What `content` seals: everything an item says that a candidate must not see before the exam. */
export interface SealedItem {
  stem: string;
  stemImage: string | null;
  options: ItemOption[];
  answer: string;
  explanation: string;
  source: string;
}

/** The context a version's content is bound to: a ciphertext copied onto another row does not open there. */
export const itemContext = (itemId: number, version: number) => `item:${itemId}:v${version}`;

export function assertPermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor.role, permission)) throw new AppError('FORBIDDEN', '只有题库管理员可以查看和维护题库');
}

/** The content key, checked before any transaction opens (a PostgreSQL server without BANK_KEY: 503). */
export function contentKeyOf(deps: AppDeps): ContentKey {
  if (!deps.contentKey) throw new AppError('CONTENT_KEY_MISSING');
  return deps.contentKey;
}

/** The domain decides; the first problem answers with its own code and words, and the list rides along. */
function checkedContent(input: ItemInput): ItemContent {
  const content: ItemContent = {
    type: input.type,
    stem: input.stem.trim(),
    stemImage: input.stemImage,
    options: input.options.map((o) => ({ text: o.text.trim(), image: o.image })),
    answer: input.answer.trim(),
    difficulty: input.difficulty,
    knowledgePoint: input.knowledgePoint.trim(),
    source: input.source.trim(),
    explanation: input.explanation.trim(),
  };
  const problems = validateItem(content);
  const first = problems[0];
  if (first) throw new AppError(first.code, first.message, { field: first.field, problems });
  return content;
}

function sealedPart(content: ItemContent): SealedItem {
  return {
    stem: content.stem,
    stemImage: content.stemImage,
    options: content.options,
    answer: content.answer,
    explanation: content.explanation,
    source: content.source,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function presentBank(row: BankListRow) {
  return {
    id: row.id,
    subject: row.subject,
    name: row.name,
    jobTypeId: row.jobTypeId,
    jobTypeName: row.jobTypeName,
    catalogVersionId: row.catalogVersionId,
    grade: row.grade,
    itemCount: row.itemCount,
    approvedCount: row.approvedCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A version's metadata, never its content. */
export function presentMeta(actor: Actor, row: Omit<ItemVersionWithBank, 'content'>) {
  const manage = hasPermission(actor.role, 'bank.manage');
  return {
    itemId: row.itemId,
    bankId: row.bankId,
    version: row.version,
    revision: row.revision,
    status: row.status,
    type: row.type,
    knowledgePoint: row.knowledgePoint,
    difficulty: row.difficulty,
    authorId: row.authorId,
    authorName: row.authorName,
    approverId: row.approverId,
    approverName: row.approverName,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    approvedAt: iso(row.approvedAt),
    retiredAt: iso(row.retiredAt),
    usedAt: iso(row.usedAt),
    abilities: {
      edit: manage && row.version === row.currentVersion && row.status !== 'retired',
      approve: manage && itemTransition(row, 'approve', actor.accountId).ok,
      retire: manage && itemTransition(row, 'retire', actor.accountId).ok,
    },
  };
}

/** Audit rows of the banks belong to the actor's node (the province), never carry content. */
export function auditPlace(actor: Actor) {
  return { orgNodeId: actor.orgNodeId, orgPath: actor.orgPath };
}

const metaForAudit = (row: {
  version: number;
  status: string;
  type: string;
  knowledgePoint: string;
  difficulty: number;
}) => ({
  version: row.version,
  status: row.status,
  type: row.type,
  knowledgePoint: row.knowledgePoint,
  difficulty: row.difficulty,
});

// ─── Banks ──────────────────────────────────────────────────────────────────────────────────────────────

export async function listBanks(deps: AppDeps, ctx: ServiceContext) {
  assertPermission(ctx.actor, 'bank.read');
  return inScopedTx(deps.db, ctx.actor, async (tx) => ({ items: (await repo.listBanks(tx)).map(presentBank) }));
}

async function bankRow(tx: Parameters<typeof repo.listBanks>[0], id: number): Promise<BankListRow> {
  const row = (await repo.listBanks(tx)).find((b) => b.id === id);
  if (!row) throw new AppError('NOT_FOUND', '题库不存在');
  return row;
}

export async function createBank(
  deps: AppDeps,
  ctx: ServiceContext,
  input: { subject: Subject; name: string; jobTypeId?: number | null; grade?: number | null },
) {
  assertPermission(ctx.actor, 'bank.manage');
  const jobTypeId = input.jobTypeId ?? null;
  // 专业基础知识 is a 一级 subject: its bank is one job type × 一级 (the grade may be left out).
  const grade = input.subject === 'basics' ? (input.grade ?? 1) : (input.grade ?? null);
  if (isJobTypeSubject(input.subject) ? jobTypeId === null || grade === null : jobTypeId !== null) {
    throw new AppError('BANK_SCOPE_INVALID');
  }
  if (isJobTypeSubject(input.subject) && !JOB_TYPE_SUBJECT_GRADES[input.subject].includes(grade as number)) {
    throw new AppError(
      'BANK_SCOPE_INVALID',
      input.subject === 'basics' ? '专业基础知识题库只设一级（高级技师）' : '岗位技能题库的等级应为五级至二级',
    );
  }
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    if (jobTypeId !== null) {
      const jobType = await findCatalogJobType(tx, jobTypeId);
      if (!jobType) throw new AppError('NOT_FOUND', '工种不存在');
      if (grade !== null && !jobType.grades.includes(grade)) {
        throw new AppError('BANK_SCOPE_INVALID', `工种「${jobType.name}」不设该等级`);
      }
    }
    const bank = { subject: input.subject, name: input.name, jobTypeId, grade };
    if (await repo.findClashingBank(tx, bank)) throw new AppError('BANK_TAKEN');
    const row = await repo.insertBank(tx, { ...bank, createdBy: ctx.actor.accountId, createdAt: now, updatedAt: now });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'question_bank',
        entityId: row.id,
        action: 'bank.create',
        summary: `新建${SUBJECT_LABELS[row.subject]}题库「${row.name}」`,
        ...auditPlace(ctx.actor),
        after: { subject: row.subject, name: row.name, jobTypeId: row.jobTypeId, grade: row.grade },
      },
      now,
    );
    return presentBank(await bankRow(tx, row.id));
  });
}

export async function updateBank(deps: AppDeps, ctx: ServiceContext, id: number, input: { name: string }) {
  assertPermission(ctx.actor, 'bank.manage');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const before = await repo.findBank(tx, id);
    if (!before) throw new AppError('NOT_FOUND', '题库不存在');
    if (before.name !== input.name) {
      if (await repo.findClashingBank(tx, { ...before, name: input.name }, id)) throw new AppError('BANK_TAKEN');
      await repo.updateBankName(tx, id, input.name, now);
      await recordAudit(
        tx,
        ctx.actor,
        ctx.meta,
        {
          entityType: 'question_bank',
          entityId: id,
          action: 'bank.update',
          summary: `题库「${before.name}」改名为「${input.name}」`,
          ...auditPlace(ctx.actor),
          before: { name: before.name },
          after: { name: input.name },
        },
        now,
      );
    }
    return presentBank(await bankRow(tx, id));
  });
}

// ─── Items ──────────────────────────────────────────────────────────────────────────────────────────────

export async function listItems(deps: AppDeps, ctx: ServiceContext, bankId: number, filter: ItemFilter) {
  assertPermission(ctx.actor, 'bank.read');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    if (!(await repo.findBank(tx, bankId))) throw new AppError('NOT_FOUND', '题库不存在');
    const page = await repo.listItems(tx, bankId, { ...filter, knowledgePoint: filter.knowledgePoint || undefined });
    return { items: page.items.map((row) => presentMeta(ctx.actor, row)), total: page.total };
  });
}

/**
 * Writes new items into a bank as version-1 drafts by the actor: each content sealed under its own id
 * (`item:<id>:v1`), its option count in the clear. The one path by which items come into being (the editor's
 * createItem, the imports); the caller has checked the content (validateItem) and writes its own audit row.
 */
export async function insertDraftItems(
  tx: Tx,
  key: ContentKey,
  actor: Actor,
  bankId: number,
  contents: readonly ItemContent[],
  now: Date,
): Promise<ItemVersionWithBank[]> {
  const ids = await repo.nextItemIds(tx, contents.length);
  const written = await repo.insertItemsWithVersions(
    tx,
    ids.map((id) => ({ id, bankId, currentVersion: 1, createdBy: actor.accountId, createdAt: now, updatedAt: now })),
    contents.map((content, i) => ({
      itemId: ids[i]!,
      version: 1,
      status: 'draft' as const,
      type: content.type,
      knowledgePoint: content.knowledgePoint,
      difficulty: content.difficulty,
      optionCount: content.options.length,
      content: sealJson(key, itemContext(ids[i]!, 1), sealedPart(content)),
      authorId: actor.accountId,
      authorName: actor.displayName,
      createdAt: now,
      updatedAt: now,
    })),
  );
  const byId = new Map(written.map((row) => [row.itemId, row]));
  return ids.map((id) => ({ ...byId.get(id)!, bankId, currentVersion: 1 }));
}

export async function createItem(deps: AppDeps, ctx: ServiceContext, bankId: number, input: ItemInput) {
  assertPermission(ctx.actor, 'bank.manage');
  const key = contentKeyOf(deps);
  const content = checkedContent(input);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const bank = await repo.findBank(tx, bankId);
    if (!bank) throw new AppError('NOT_FOUND', '题库不存在');
    await assertItemImagesExist(tx, content);
    const [row] = await insertDraftItems(tx, key, ctx.actor, bankId, [content], now);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'bank_item',
        entityId: row!.itemId,
        action: 'bank_item.create',
        summary: `在题库「${bank.name}」新建试题 #${row!.itemId}（草稿）`,
        ...auditPlace(ctx.actor),
        after: { bankId, ...metaForAudit(row!) },
      },
      now,
    );
    return { item: presentMeta(ctx.actor, row!), mode: 'created' as const, supersededVersion: null };
  });
}

/**
 * Edits an item's newest version (the client names it, so an edit made on a stale screen is refused). The domain's
 * editPlan decides: a version no paper drew is overwritten and goes back to draft; a drawn one stays as it is, and
 * the edit becomes version + 1, a draft, while the drawn one keeps serving until the new one is approved.
 */
export async function updateItem(
  deps: AppDeps,
  ctx: ServiceContext,
  itemId: number,
  input: ItemInput & { version: number; revision: number },
) {
  assertPermission(ctx.actor, 'bank.manage');
  const key = contentKeyOf(deps);
  const content = checkedContent(input);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const item = await repo.lockItem(tx, itemId);
    if (!item) throw new AppError('NOT_FOUND', '试题不存在');
    if (input.version !== item.currentVersion) throw new AppError('ITEM_VERSION_STALE');
    const current = await repo.findVersion(tx, itemId, item.currentVersion);
    if (!current) throw new AppError('NOT_FOUND', '试题不存在');
    // Someone changed this version since the editor loaded it (an edit in place keeps the version number).
    if (input.revision !== current.revision) throw new AppError('ITEM_VERSION_STALE');
    const plan = editPlan(current, current.usedAt !== null);
    if (!plan.ok) throw new AppError(plan.code, plan.message);
    await assertItemImagesExist(tx, content);
    const fields = {
      status: plan.status,
      type: content.type,
      knowledgePoint: content.knowledgePoint,
      difficulty: content.difficulty,
      optionCount: content.options.length,
      content: sealJson(key, itemContext(itemId, plan.version), sealedPart(content)),
      authorId: ctx.actor.accountId,
      authorName: ctx.actor.displayName,
      approverId: null,
      approverName: null,
      approvedAt: null,
      updatedAt: now,
    };
    const written =
      plan.mode === 'in_place'
        ? await repo.updateVersion(tx, itemId, plan.version, fields)
        : await repo.insertVersion(tx, { ...fields, itemId, version: plan.version, createdAt: now });
    if (plan.mode === 'new_version') await repo.setCurrentVersion(tx, itemId, plan.version, now);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'bank_item',
        entityId: itemId,
        action: plan.mode === 'in_place' ? 'bank_item.update' : 'bank_item.new_version',
        summary:
          plan.mode === 'in_place'
            ? `修改试题 #${itemId} 第${plan.version}版（未被试卷使用，原版本上修改，回到草稿）`
            : `修改试题 #${itemId}：第${current.version}版已被试卷使用，保持不变，生成第${plan.version}版（草稿）`,
        ...auditPlace(ctx.actor),
        before: metaForAudit(current),
        after: metaForAudit(written),
      },
      now,
    );
    const row = { ...written, bankId: item.bankId, currentVersion: plan.version };
    return { item: presentMeta(ctx.actor, row), mode: plan.mode, supersededVersion: null };
  });
}

/** Approve (a second person, never the version's author) or retire one version. */
export async function decideItem(
  deps: AppDeps,
  ctx: ServiceContext,
  itemId: number,
  version: number,
  action: 'approve' | 'retire',
) {
  assertPermission(ctx.actor, 'bank.manage');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const item = await repo.lockItem(tx, itemId);
    const current = item ? await repo.findVersion(tx, itemId, version) : null;
    if (!item || !current) throw new AppError('NOT_FOUND', '试题或版本不存在');
    const result = itemTransition(current, action, ctx.actor.accountId);
    if (!result.ok) throw new AppError(result.code, result.message);
    const written = await repo.updateVersion(
      tx,
      itemId,
      version,
      action === 'approve'
        ? {
            status: result.status,
            approverId: ctx.actor.accountId,
            approverName: ctx.actor.displayName,
            approvedAt: now,
            updatedAt: now,
          }
        : { status: result.status, retiredAt: now, updatedAt: now },
    );
    const superseded = result.supersedesPrevious ? await repo.retireEarlierApproved(tx, itemId, version, now) : [];
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'bank_item',
        entityId: itemId,
        action: action === 'approve' ? 'bank_item.approve' : 'bank_item.retire',
        summary:
          `试题 #${itemId} 第${version}版${ITEM_STATUS_LABELS[result.status]}` +
          (superseded.length > 0 ? `，原第${superseded.join('、')}版停用` : ''),
        ...auditPlace(ctx.actor),
        before: { status: current.status },
        after: { status: written.status, supersededVersions: superseded },
      },
      now,
    );
    const row = { ...written, bankId: item.bankId, currentVersion: item.currentVersion };
    return {
      item: presentMeta(ctx.actor, row),
      mode: action === 'approve' ? ('approved' as const) : ('retired' as const),
      supersededVersion: superseded.at(-1) ?? null,
    };
  });
}

export async function listItemVersions(deps: AppDeps, ctx: ServiceContext, itemId: number) {
  assertPermission(ctx.actor, 'bank.read');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const rows = await repo.listVersions(tx, itemId);
    if (rows.length === 0) throw new AppError('NOT_FOUND', '试题不存在');
    return { items: rows.map((row) => presentMeta(ctx.actor, row)) };
  });
}

/** One version's content, answer included; every view is an audit row (who, when, from where), in the same tx. */
export async function viewItemVersion(deps: AppDeps, ctx: ServiceContext, itemId: number, version: number) {
  assertPermission(ctx.actor, 'bank.read');
  const key = contentKeyOf(deps);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const row = await repo.findVersion(tx, itemId, version);
    if (!row) throw new AppError('NOT_FOUND', '试题或版本不存在');
    const sealed = unsealJson<SealedItem>(key, itemContext(itemId, version), row.content);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'bank_item',
        entityId: itemId,
        action: 'bank_item.view',
        summary: `查看试题 #${itemId} 第${version}版的内容`,
        ...auditPlace(ctx.actor),
        after: { version },
      },
      now,
    );
    return { ...presentMeta(ctx.actor, row), ...sealed };
  });
}

// ─── Pools: what blueprints are checked against and papers drawn from ────────────────────────────────────

/**
 * The approved items a paper of `scope` may draw (domain PoolItem, sorted by id). For use inside a bank manager's
 * transaction (blueprints, papers); a version from before option counts were stored is opened to count them.
 */
export async function approvedPool(key: ContentKey, tx: Tx, scope: repo.PoolScope): Promise<PoolItem[]> {
  const rows = await repo.listApprovedPool(tx, scope);
  return rows.map((row) => ({
    id: row.itemId,
    version: row.version,
    type: row.type,
    knowledgePoint: row.knowledgePoint,
    difficulty: row.difficulty,
    optionCount:
      row.optionCount ??
      unsealJson<SealedItem>(key, itemContext(row.itemId, row.version), Buffer.from(row.content ?? [])).options.length,
  }));
}

// ─── For other modules (papers), in the caller's bank-manager transaction ───────────────────────────────

export type { VersionRef } from './banks.repository.js';

/**
 * Marks the versions a generation drew as used (an edit then makes a new version). Refuses with
 * PAPERS_POOL_CHANGED when one of them is no longer approved (edited in place or retired while the papers were
 * drawn), so that the caller's transaction, papers and all, is rolled back rather than pointing at changed content.
 */
export async function markVersionsUsed(tx: Tx, refs: readonly repo.VersionRef[], now: Date): Promise<number> {
  const { marked, alreadyUsed } = await repo.markVersionsUsed(tx, refs, now);
  if (marked + alreadyUsed !== refs.length) throw new AppError('PAPERS_POOL_CHANGED');
  return marked;
}

/** What a paper shows of an item version: its metadata and opened content, keyed `itemId:version`. */
export async function openItemVersions(
  key: ContentKey,
  tx: Db | Tx,
  refs: readonly repo.VersionRef[],
): Promise<
  Map<string, SealedItem & { type: ItemVersionWithBank['type']; knowledgePoint: string; difficulty: number }>
> {
  const rows = await repo.findVersionsByRef(tx, refs);
  return new Map(
    rows.map((row) => [
      `${row.itemId}:${row.version}`,
      {
        ...unsealJson<SealedItem>(key, itemContext(row.itemId, row.version), row.content),
        type: row.type,
        knowledgePoint: row.knowledgePoint,
        difficulty: row.difficulty,
      },
    ]),
  );
}
