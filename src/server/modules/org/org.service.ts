import { validateCreditCode } from '../../../domain/credit-code.js';
import { ORG_KIND_LABELS } from '../../../domain/labels.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError, uniqueViolation } from '../../platform/errors.js';
import { hasPermission } from '../../platform/permissions.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import type { OrgKind, OrgNodeRow } from './org.repository.js';
import * as repo from './org.repository.js';

/** The words for the tree's levels are the domain's (省, 辖区, 主管部门, 单位). */
export const KIND_LABELS = ORG_KIND_LABELS;

/** Which kind of node may be created under which: jurisdiction → 主管部门 → 单位. */
export const CHILD_KIND: Partial<Record<OrgKind, OrgKind>> = { jurisdiction: 'department', department: 'unit' };

export interface NodeAbilities {
  update: boolean;
  createChild: boolean;
  deactivate: boolean;
  import: boolean;
}

const isWithin = (path: string, scope: string | null) => scope !== null && path.startsWith(scope);
const isStrictlyBelow = (path: string, scope: string | null) => isWithin(path, scope) && path !== scope;

/** What the viewer may do with a node; the database's row-level security enforces the same rules. */
export function nodeAbilities(actor: Actor, node: OrgNodeRow): NodeAbilities {
  const manage = hasPermission(actor.role, 'org.manage');
  const below = manage && isStrictlyBelow(node.path, actor.orgPath);
  const createChild =
    manage && node.active && isWithin(node.path, actor.orgPath) && CHILD_KIND[node.kind] !== undefined;
  return { update: below, createChild, deactivate: below && node.active, import: createChild };
}

export function presentNode(node: OrgNodeRow, extra: { childCount: number; abilities: NodeAbilities }) {
  return {
    id: node.id,
    parentId: node.parentId,
    kind: node.kind,
    name: node.name,
    code: node.code,
    jurisdictionType: node.jurisdictionType,
    reviewedByProvince: node.reviewedByProvince,
    contactName: node.contactName,
    contactPhone: node.contactPhone,
    active: node.active,
    childCount: extra.childCount,
    abilities: extra.abilities,
  };
}

function ancestorIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number).slice(0, -1);
}

export async function getNode(deps: AppDeps, ctx: ServiceContext, id: number) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const node = await repo.findNode(tx, id);
    if (!node) throw new AppError('NOT_FOUND', '机构不存在或不在您的管辖范围内');
    const ancestors = (await repo.findNodesByIds(tx, ancestorIds(node.path))).sort((a, b) => a.depth - b.depth);
    const counts = await repo.countActiveChildren(tx, [node.id]);
    return {
      ...presentNode(node, { childCount: counts.get(node.id) ?? 0, abilities: nodeAbilities(ctx.actor, node) }),
      ancestors: ancestors.map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
    };
  });
}

export interface ListNodesInput {
  parentId?: number;
  subtree?: boolean;
  kind?: OrgKind;
  q?: string;
  includeInactive?: boolean;
  page: number;
  pageSize: number;
}

/** Children of a node (or, with subtree, every node below it); without a parent, the viewer's own node. */
export async function listNodes(deps: AppDeps, ctx: ServiceContext, input: ListNodesInput) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    let result: { items: OrgNodeRow[]; total: number };
    if (input.parentId === undefined) {
      const own = ctx.actor.orgPath ? await repo.findNodeByPath(tx, ctx.actor.orgPath) : null;
      result = { items: own ? [own] : [], total: own ? 1 : 0 };
    } else {
      const parent = await repo.findNode(tx, input.parentId);
      if (!parent || !isWithin(parent.path, ctx.actor.orgPath)) {
        throw new AppError('NOT_FOUND', '机构不存在或不在您的管辖范围内');
      }
      result = await repo.listNodes(tx, {
        parentId: input.subtree ? undefined : parent.id,
        underPath: input.subtree ? parent.path : undefined,
        kind: input.kind,
        q: input.q?.trim() || undefined,
        includeInactive: input.includeInactive ?? false,
        page: input.page,
        pageSize: input.pageSize,
      });
    }
    const counts = await repo.countActiveChildren(
      tx,
      result.items.map((n) => n.id),
    );
    return {
      items: result.items.map((n) =>
        presentNode(n, { childCount: counts.get(n.id) ?? 0, abilities: nodeAbilities(ctx.actor, n) }),
      ),
      total: result.total,
    };
  });
}

export interface NodeInput {
  name: string;
  code?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

export function normaliseCreditCode(kind: OrgKind, raw: string | null | undefined): string | null {
  const value = raw?.trim().toUpperCase() ?? '';
  if (!value) {
    if (kind === 'unit') throw new AppError('CREDIT_CODE_INVALID', '单位须填写统一社会信用代码');
    return null;
  }
  const checked = validateCreditCode(value);
  if (!checked.ok) throw new AppError('CREDIT_CODE_INVALID', checked.message);
  return checked.code;
}

function snapshot(node: OrgNodeRow) {
  return {
    name: node.name,
    kind: node.kind,
    code: node.code,
    contactName: node.contactName,
    contactPhone: node.contactPhone,
    active: node.active,
  };
}

/**
 * Credit codes are unique province-wide, including subtrees the viewer cannot see, so this one check runs
 * outside row-level security; it answers only whether a code is taken. Call it before opening a transaction.
 */
export async function takenCodes(deps: AppDeps, codes: string[], exceptNodeId?: number): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const held = await inSystemTx(deps.db, (tx) => repo.findByCodes(tx, codes));
  return new Set(held.filter((h) => h.id !== exceptNodeId).map((h) => h.code));
}

async function assertCodeFree(deps: AppDeps, code: string | null, exceptNodeId?: number): Promise<void> {
  if (code && (await takenCodes(deps, [code], exceptNodeId)).size > 0) {
    throw new AppError('ORG_CODE_TAKEN', `统一社会信用代码 ${code} 已被其他机构使用`);
  }
}

function mapUniqueError(error: unknown): never {
  const constraint = uniqueViolation(error);
  if (constraint === 'org_nodes_parent_name_key') throw new AppError('ORG_NAME_TAKEN');
  if (constraint === 'org_nodes_credit_code_key') throw new AppError('ORG_CODE_TAKEN');
  throw error;
}

export async function createNode(
  deps: AppDeps,
  ctx: ServiceContext,
  input: NodeInput & { parentId: number; kind: OrgKind },
) {
  const code = normaliseCreditCode(input.kind, input.code);
  await assertCodeFree(deps, code);
  try {
    return await inScopedTx(deps.db, ctx.actor, async (tx) => {
      const parent = await repo.findNode(tx, input.parentId);
      if (!parent || !isWithin(parent.path, ctx.actor.orgPath)) {
        throw new AppError('NOT_FOUND', '上级机构不存在或不在您的管辖范围内');
      }
      if (!nodeAbilities(ctx.actor, parent).createChild) {
        if (!parent.active) throw new AppError('ORG_INACTIVE');
        throw new AppError('FORBIDDEN', '您不能在此机构下新建下级机构');
      }
      if (CHILD_KIND[parent.kind] !== input.kind) {
        throw new AppError(
          'ORG_KIND_NOT_ALLOWED',
          `${KIND_LABELS[parent.kind]}「${parent.name}」下只能建立${KIND_LABELS[CHILD_KIND[parent.kind] ?? 'unit']}`,
        );
      }
      if (await repo.findChildByName(tx, parent.id, input.name)) {
        throw new AppError('ORG_NAME_TAKEN', `「${parent.name}」下已有名为「${input.name}」的机构`);
      }
      const node = await insertChild(tx, parent, { ...input, code }, deps.clock.now());
      await recordAudit(
        tx,
        ctx.actor,
        ctx.meta,
        {
          entityType: 'org_node',
          entityId: node.id,
          orgNodeId: node.id,
          orgPath: node.path,
          action: 'org.create',
          summary: `新增${KIND_LABELS[node.kind]}「${node.name}」（上级：${parent.name}）`,
          after: snapshot(node),
        },
        deps.clock.now(),
      );
      return presentNode(node, { childCount: 0, abilities: nodeAbilities(ctx.actor, node) });
    });
  } catch (error) {
    mapUniqueError(error);
  }
}

export async function insertChild(
  tx: Tx,
  parent: OrgNodeRow,
  input: NodeInput & { kind: OrgKind; code: string | null },
  now: Date,
): Promise<OrgNodeRow> {
  const id = await repo.nextNodeId(tx);
  return repo.insertNode(tx, {
    id,
    parentId: parent.id,
    kind: input.kind,
    name: input.name,
    code: input.code,
    path: `${parent.path}${id}/`,
    depth: parent.depth + 1,
    contactName: input.contactName || null,
    contactPhone: input.contactPhone || null,
    createdAt: now,
    updatedAt: now,
  });
}

/** A visible node the viewer may change, locked for the rest of the transaction (404 unseen, 403 read-only). */
async function lockManageableNode(tx: Tx, ctx: ServiceContext, id: number, refusal: string): Promise<OrgNodeRow> {
  const visible = await repo.findNode(tx, id);
  if (!visible) throw new AppError('NOT_FOUND', '机构不存在或不在您的管辖范围内');
  if (!nodeAbilities(ctx.actor, visible).update) throw new AppError('FORBIDDEN', refusal);
  const locked = await repo.findNodeForUpdate(tx, id);
  if (!locked) throw new AppError('NOT_FOUND');
  return locked;
}

export async function updateNodeDetails(deps: AppDeps, ctx: ServiceContext, id: number, input: Partial<NodeInput>) {
  // An empty code is allowed for departments only; that needs the node's kind, checked inside.
  const code =
    input.code === undefined ? undefined : input.code?.trim() ? normaliseCreditCode('department', input.code) : null;
  await assertCodeFree(deps, code ?? null, id);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const node = await lockManageableNode(tx, ctx, id, '您不能修改此机构');
    if (code === null && node.kind === 'unit') throw new AppError('CREDIT_CODE_INVALID', '单位须填写统一社会信用代码');
    if (input.name && input.name !== node.name && node.parentId !== null) {
      const clash = await repo.findChildByName(tx, node.parentId, input.name);
      if (clash) throw new AppError('ORG_NAME_TAKEN', `同一上级下已有名为「${input.name}」的机构`);
    }
    const updated = await repo.updateNode(tx, id, {
      name: input.name ?? node.name,
      code: code === undefined ? node.code : code,
      contactName: input.contactName === undefined ? node.contactName : input.contactName || null,
      contactPhone: input.contactPhone === undefined ? node.contactPhone : input.contactPhone || null,
      updatedAt: deps.clock.now(),
    });
    if (!updated) throw new AppError('NOT_FOUND');
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'org_node',
        entityId: node.id,
        orgNodeId: node.id,
        orgPath: node.path,
        action: 'org.update',
        summary: `修改${KIND_LABELS[node.kind]}「${updated.name}」的信息`,
        before: snapshot(node),
        after: snapshot(updated),
      },
      deps.clock.now(),
    );
    const counts = await repo.countActiveChildren(tx, [id]);
    return presentNode(updated, { childCount: counts.get(id) ?? 0, abilities: nodeAbilities(ctx.actor, updated) });
  }).catch(mapUniqueError);
}

export async function setNodeActive(deps: AppDeps, ctx: ServiceContext, id: number, active: boolean) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const node = await lockManageableNode(tx, ctx, id, '您不能停用或启用此机构');
    const counts = await repo.countActiveChildren(tx, [id]);
    if (!active && (counts.get(id) ?? 0) > 0) {
      throw new AppError(
        'ORG_HAS_ACTIVE_CHILDREN',
        `「${node.name}」下还有 ${counts.get(id)} 个启用中的下级机构，请先停用它们`,
      );
    }
    if (active && node.parentId !== null) {
      const parent = await repo.findNode(tx, node.parentId);
      if (parent && !parent.active)
        throw new AppError('ORG_INACTIVE', `上级机构「${parent.name}」已停用，请先启用上级`);
    }
    if (node.active === active) {
      return presentNode(node, { childCount: counts.get(id) ?? 0, abilities: nodeAbilities(ctx.actor, node) });
    }
    const updated = (await repo.updateNode(tx, id, { active, updatedAt: deps.clock.now() }))!;
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'org_node',
        entityId: node.id,
        orgNodeId: node.id,
        orgPath: node.path,
        action: active ? 'org.activate' : 'org.deactivate',
        summary: `${active ? '启用' : '停用'}${KIND_LABELS[node.kind]}「${node.name}」`,
        before: { active: node.active },
        after: { active },
      },
      deps.clock.now(),
    );
    return presentNode(updated, { childCount: counts.get(id) ?? 0, abilities: nodeAbilities(ctx.actor, updated) });
  });
}

// ─── For other modules (accounts, applications, review), in the caller's transaction ──────────────────────

export type { OrgKind, OrgNodeRow } from './org.repository.js';

/** An org node the caller's transaction can see, or null. */
export async function findNode(tx: Tx, id: number): Promise<OrgNodeRow | null> {
  return repo.findNode(tx, id);
}
