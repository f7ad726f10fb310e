/**
 * 归档材料 (issue 16 part 6): a candidate's archive PDF (archives.pdf.ts) and a unit's or jurisdiction's ZIP of them,
 * built as a background job written to disk.
 *
 * Who: officials with application.read whose subtree holds the candidate (a unit officer their own staff, a
 * jurisdiction its own units, the province everyone). Row-level security decides the reach of every read — the
 * application, its review rows, its scores — in the caller's scoped transaction; the printed ticket is the tickets
 * module's (its seat read in the caller's scope first, like printTicket). Archives are reads: they work on a closed
 * campaign (the database's guard refuses changes, not reads; the audit rows and the job rows are no campaign data).
 *
 * Each module's data comes through its service: the form (applications.pdf.ts), the decisions (review.service),
 * the ticket (tickets.service), the scores (scores.service), the certificate (certificates.service).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { trackOfGrade } from '../../../domain/result-tracks.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { jobDiskFileDir, jobDiskFilePath } from '../../platform/job-disk-files.js';
import { getJob, type JobContext, type JobOutcome, yieldToRequests } from '../../platform/jobs.js';
import { hasPermission } from '../../platform/permissions.js';
import { inScopedTx } from '../../platform/tx.js';
import { ZipWriter } from '../../platform/zip.js';
import { loadPrintableApplications, resolvePdfFont } from '../applications/applications.pdf.js';
import * as campaignsService from '../campaigns/campaigns.service.js';
import { certificatesForArchive } from '../certificates/certificates.service.js';
import * as orgService from '../org/org.service.js';
import * as reviewService from '../review/review.service.js';
import * as scoresService from '../scores/scores.service.js';
import * as ticketsService from '../tickets/tickets.service.js';
import { type ArchiveInput, renderArchivePdf } from './archives.pdf.js';
import * as repo from './archives.repository.js';

export const ARCHIVE_JOB_KIND = 'archive.zip';
/** Candidates loaded (one scoped transaction) and rendered per step of the job. */
const CHUNK = 25;

function requireReader(actor: Actor): string {
  if (!hasPermission(actor.role, 'application.read') || !actor.orgPath) {
    throw new AppError('FORBIDDEN', '只有单位经办人和各级审核人员可以查看归档材料');
  }
  return actor.orgPath;
}

/** The last id of a materialised path (`/1/2/35/` → 35). */
function nodeIdOf(path: string): number | null {
  const parts = path.split('/').filter(Boolean);
  const last = Number(parts[parts.length - 1]);
  return Number.isInteger(last) && last > 0 ? last : null;
}

/** Everything the archives of these candidates print, read in the caller's scope. */
async function loadInputs(
  deps: AppDeps,
  actor: Actor,
  campaignId: number,
  candidates: readonly repo.ArchiveCandidate[],
): Promise<ArchiveInput[]> {
  const ids = candidates.map((c) => c.applicationId);
  const loaded = await inScopedTx(deps.db, actor, async (tx) => {
    const campaign = await campaignsService.findCampaignRow(tx, campaignId);
    return {
      campaignName: campaign?.name ?? '',
      forms: await loadPrintableApplications(tx, ids),
      decisions: await reviewService.listDecisionsOf(tx, ids),
      scores: await scoresService.candidateScoresOf(tx, campaignId, ids),
      certificates: await certificatesForArchive(tx, campaignId, ids),
    };
  });
  const tickets = await ticketsService.archivedTicketsOf(deps, actor, ids);
  const now = deps.clock.now();
  return candidates.map((c) => ({
    campaignName: loaded.campaignName,
    generatedAt: now,
    candidate: {
      name: c.name,
      idNumber: c.idNumber,
      unitName: c.unitName,
      appliedJobType: c.appliedJobType,
      appliedGrade: c.appliedGrade,
    },
    application: loaded.forms.get(c.applicationId) ?? null,
    decisions: loaded.decisions.get(c.applicationId) ?? [],
    tickets: tickets.get(c.applicationId) ?? [],
    scores: {
      row: loaded.scores.byApplication.get(c.applicationId) ?? null,
      passLines: loaded.scores.passLines,
      // The release of the candidate's own result track (五级至二级 or 一级), not the campaign's first.
      releasedAt: loaded.scores.releasedAt[trackOfGrade(c.appliedGrade)],
    },
    certificate: loaded.certificates.get(c.applicationId) ?? null,
  }));
}

/** A name fit for a file in the ZIP: path separators, characters Windows refuses and control characters become _. */
const safeName = (text: string) =>
  [...text]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .trim() || '未命名';

/** `<准考证号>-<姓名>.pdf` (未编排-<姓名>-<id>.pdf without a seat), the name of a candidate's PDF. */
export function archiveFileName(c: Pick<repo.ArchiveCandidate, 'ticketNumber' | 'name' | 'applicationId'>): string {
  return c.ticketNumber
    ? `${safeName(c.ticketNumber)}-${safeName(c.name)}.pdf`
    : `未编排-${safeName(c.name)}-${c.applicationId}.pdf`;
}

// ─── One candidate ───────────────────────────────────────────────────────────────────────────────────────

/** One candidate's archive PDF (`GET /api/archives/applications/:applicationId.pdf`); one audit row. */
export async function candidateArchive(
  deps: AppDeps,
  ctx: ServiceContext,
  applicationId: number,
): Promise<{ pdf: Buffer; fileName: string }> {
  const scope = requireReader(ctx.actor);
  const font = resolvePdfFont();
  const candidate = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const found = await repo.findCandidate(tx, applicationId);
    if (!found?.orgPath.startsWith(scope)) throw new AppError('NOT_FOUND', '考生不存在或不在您的管辖范围内');
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'application',
        entityId: applicationId,
        action: 'archive.print',
        summary: `下载考生归档材料：${found.name}${found.ticketNumber ? `（准考证号 ${found.ticketNumber}）` : ''}`,
        orgNodeId: nodeIdOf(found.orgPath),
        orgPath: found.orgPath,
        after: { campaignId: found.campaignId },
      },
      deps.clock.now(),
    );
    return found;
  });
  const [input] = await loadInputs(deps, ctx.actor, candidate.campaignId, [candidate]);
  const pdf = await renderArchivePdf(input!, { font });
  return { pdf, fileName: `归档材料-${archiveFileName(candidate)}` };
}

// ─── A unit's or a jurisdiction's ZIP, as a background job written to disk ───────────────────────────────

export interface ArchivePlan {
  campaignId: number;
  node: { id: number; name: string; path: string };
  candidates: repo.ArchiveCandidate[];
}

/** Checks the scope and lists the candidates (in the request, before the job); one audit row. */
export async function planArchiveZip(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  nodeId: number,
): Promise<ArchivePlan> {
  const scope = requireReader(ctx.actor);
  resolvePdfFont();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignsService.findCampaignRow(tx, campaignId);
    if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
    const node = await orgService.findNode(tx, nodeId);
    if (!node?.path.startsWith(scope)) throw new AppError('NOT_FOUND', '单位不存在或不在您的管辖范围内');
    const candidates = await repo.listCandidates(tx, campaignId, node.path);
    if (candidates.length === 0) {
      throw new AppError('ARCHIVE_EMPTY', `「${node.name}」在「${campaign.name}」没有经省级确认的考生`);
    }
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'org_node',
        entityId: node.id,
        action: 'archive.build',
        summary: `生成「${node.name}」的归档材料压缩包：${campaign.name}，${candidates.length} 人`,
        orgNodeId: node.id,
        orgPath: node.path,
        after: { campaignId, count: candidates.length },
      },
      deps.clock.now(),
    );
    return { campaignId, node: { id: node.id, name: node.name, path: node.path }, candidates };
  });
}

/**
 * The job's work: each candidate's archive PDF into one ZIP streamed to `<DATA_DIR>.job-files/<jobId>.zip` (a
 * `.part` file until complete), CHUNK candidates in memory at a time; progress per candidate.
 */
export async function writeArchiveZip(
  deps: AppDeps,
  actor: Actor,
  plan: ArchivePlan,
  job: JobContext,
): Promise<JobOutcome> {
  const font = resolvePdfFont();
  const target = jobDiskFilePath(deps.config.dataDir, job.jobId, 'zip');
  const part = `${target}.part`;
  await mkdir(jobDiskFileDir(deps.config.dataDir), { recursive: true, mode: 0o700 });
  const out = createWriteStream(part, { mode: 0o600 });
  const zip = new ZipWriter(out, deps.clock.now());
  const total = plan.candidates.length;
  const entries: string[] = [];
  const used = new Set<string>();
  job.progress.report({ processed: 0, total });
  try {
    for (let i = 0; i < total; i += CHUNK) {
      const chunk = plan.candidates.slice(i, i + CHUNK);
      const inputs = await loadInputs(deps, actor, plan.campaignId, chunk);
      for (const [k, input] of inputs.entries()) {
        const candidate = chunk[k]!;
        let name = archiveFileName(candidate);
        if (used.has(name)) name = name.replace(/\.pdf$/, `-${candidate.applicationId}.pdf`);
        used.add(name);
        await zip.add(name, await renderArchivePdf(input, { font }));
        entries.push(name);
        job.progress.report({ processed: entries.length, total });
        await yieldToRequests();
      }
    }
    await zip.finish();
    await rename(part, target);
  } catch (error) {
    out.destroy();
    await rm(part, { force: true });
    throw error;
  }
  const size = (await stat(target)).size;
  const fileName = `归档材料-${safeName(plan.node.name)}.zip`;
  return {
    result: { fileName, size, count: entries.length, entries, downloadUrl: `/api/archives/${job.jobId}.zip` },
    processed: total,
  };
}

/** The finished ZIP of the caller's own job, as a stream from disk. */
export async function openArchiveZip(
  deps: AppDeps,
  actor: Actor,
  jobId: string,
): Promise<{ stream: Readable; size: number; fileName: string }> {
  requireReader(actor);
  // Owner-only by row-level security: anybody else's job is NOT_FOUND.
  const job = await getJob(deps.db, actor, jobId);
  if (job.kind !== ARCHIVE_JOB_KIND) throw new AppError('NOT_FOUND', '任务不存在');
  if (job.status !== 'done') throw new AppError('JOB_NOT_READY');
  const path = jobDiskFilePath(deps.config.dataDir, jobId, 'zip');
  const size = await stat(path).then(
    (s) => s.size,
    () => null,
  );
  if (size === null) throw new AppError('ARCHIVE_FILE_GONE');
  const fileName = (job.result as { fileName?: string } | null)?.fileName ?? '归档材料.zip';
  return { stream: createReadStream(path), size, fileName };
}
