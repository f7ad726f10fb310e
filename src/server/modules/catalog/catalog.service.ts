import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hasPermission, type Permission } from '../../platform/permissions.js';
import { inScopedTx } from '../../platform/tx.js';
import type { CatalogVersionRow, JobTypeFilter, JobTypeRow } from './catalog.repository.js';
import * as repo from './catalog.repository.js';

/** The province's own node has a one-segment path ('/1/'); only 省工考办 manages catalogues and campaigns. */
export function isProvinceActor(actor: Actor): boolean {
  return actor.orgPath !== null && /^\/\d+\/$/.test(actor.orgPath);
}

export function isProvinceManager(actor: Actor, permission: Permission): boolean {
  return hasPermission(actor.role, permission) && isProvinceActor(actor);
}

/**
 * Precise 403 before the database's row-level security (writes only from the province's scope) would refuse.
 */
export function assertProvinceManager(actor: Actor, permission: Permission, refusal: string): void {
  if (!isProvinceManager(actor, permission)) throw new AppError('FORBIDDEN', refusal);
}

export function presentVersion(row: CatalogVersionRow) {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    isSample: row.isSample,
    jobTypeCount: row.jobTypeCount,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentJobType(row: JobTypeRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    category: row.category,
    grades: [...row.grades].sort((a, b) => b - a),
    localExam: row.localExam,
  };
}

export async function listVersions(deps: AppDeps, ctx: ServiceContext) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => ({
    items: (await repo.listVersions(tx)).map(presentVersion),
  }));
}

export async function listJobTypes(deps: AppDeps, ctx: ServiceContext, versionId: number, filter: JobTypeFilter) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const version = await repo.findVersion(tx, versionId);
    if (!version) throw new AppError('NOT_FOUND', '工种目录版本不存在');
    const page = await repo.listJobTypes(tx, versionId, {
      ...filter,
      q: filter.q || undefined,
      category: filter.category || undefined,
    });
    const categories = await repo.versionCategories(tx, versionId);
    return { items: page.items.map(presentJobType), total: page.total, categories };
  });
}

// ─── For other modules (campaigns, applications), in the caller's transaction ─────────────────────────────

/** A catalogue version, or null. */
export async function findCatalogVersion(tx: Tx, id: number): Promise<CatalogVersionRow | null> {
  return repo.findVersion(tx, id);
}

/** Every catalogue version, newest first. */
export async function listCatalogVersions(tx: Tx): Promise<CatalogVersionRow[]> {
  return repo.listVersions(tx);
}

/** A page of one version's job types. */
export function listVersionJobTypes(
  tx: Tx,
  versionId: number,
  filter: JobTypeFilter,
): ReturnType<typeof repo.listJobTypes> {
  return repo.listJobTypes(tx, versionId, filter);
}

/** One job type by id, or null (a 岗位技能 bank names one). */
export async function findCatalogJobType(tx: Tx, id: number): Promise<JobTypeRow | null> {
  return repo.findJobType(tx, id);
}
