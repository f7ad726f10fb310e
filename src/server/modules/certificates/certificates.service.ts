/**
 * Certificates (证书), issue 16 part 5: batch issue per jurisdiction once scores are released (the province for all,
 * a jurisdiction admin for its own subtree), the officials' list, printing (A4, one per page, a signed QR), revocation
 * with a reason and the reissue of a lost certificate under a new number; and the public verification by number.
 * Eligibility lives in one function, `qualifiedCandidates` below (the repository's, less those struck from 公示). Numbers: domain/certificate-number.ts.
 */

import {
  type CertificateStatus,
  decodeCertificateNumber,
  encodeCertificateNumber,
  maskHolderName,
  normalizeCertificateNumber,
  REISSUE_REASON,
} from '../../../domain/certificate-number.js';
import { beijingDate } from '../../../domain/exam.js';
import { maskIdNumberPublic } from '../../../domain/masking.js';
import { RESULT_TRACK_LABELS, RESULT_TRACKS, type ResultTrack, trackOfGrade } from '../../../domain/result-tracks.js';
import { passLinesOf } from '../../../domain/scores.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hasPermission } from '../../platform/permissions.js';
import { publishedKey } from '../../platform/signing.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import { isProvinceActor } from '../catalog/catalog.service.js';
import { publicityHoldsCertificates, struckFromPublicity } from '../publicity/publicity.service.js';
import { signCertificate } from './certificate-token.js';
import { renderCertificates } from './certificates.pdf.js';
import * as repo from './certificates.repository.js';
import type { CertificateListQuery } from './certificates.schemas.js';

/** Certificates inserted (and progress reported) per round. */
const ISSUE_CHUNK = 200;

async function campaignOf(tx: Tx, campaignId: number): Promise<repo.CampaignRef> {
  const campaign = await repo.findCampaign(tx, campaignId);
  if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
  return campaign;
}

function assertOpen(campaign: repo.CampaignRef) {
  if (campaign.status === 'closed') throw new AppError('CAMPAIGN_CLOSED', `「${campaign.name}」已结束，不能再修改`);
}

function assertManager(actor: Actor) {
  if (!hasPermission(actor.role, 'certificates.manage') || !actor.orgPath) {
    throw new AppError('FORBIDDEN', '您没有管理证书的权限');
  }
}

/**
 * The subtree a request covers: the named jurisdiction (it must lie in the actor's subtree: CERTIFICATE_SCOPE
 * otherwise), else the actor's own (the province: everything). Row-level security bounds it again.
 */
async function scopeOf(tx: Tx, actor: Actor, jurisdictionId: number | undefined): Promise<string | undefined> {
  const own = actor.orgPath ?? undefined;
  if (!own) throw new AppError('FORBIDDEN', '您没有查看证书的权限');
  if (jurisdictionId === undefined) return isProvinceActor(actor) ? undefined : own;
  const node = await repo.findNode(tx, jurisdictionId);
  if (!node?.path.startsWith(own)) throw new AppError('CERTIFICATE_SCOPE');
  return node.path;
}

const KEY_MISSING = '服务器未配置签名密钥（SIGNING_KEY），暂时无法签发或核验证书，请联系系统管理员';

function needKey(deps: AppDeps) {
  if (!deps.signingKey) throw new AppError('SIGNING_KEY_MISSING', KEY_MISSING);
  return deps.signingKey;
}

const auditOf = (actor: Actor, entityId: number) => ({
  orgNodeId: actor.orgNodeId,
  orgPath: actor.orgPath,
  entityType: 'certificate',
  entityId,
});

// ─── Result tracks ──────────────────────────────────────────────────────────────────────────────────────

interface TrackGate {
  track: ResultTrack;
  releasedAt: Date | null;
  /** Why the track's 公示 holds its certificates, or null. */
  held: string | null;
  /** Released and not held: its qualified candidates may be issued now. */
  issuable: boolean;
}

/**
 * Each result track's gate (五级至二级 and 一级 are released and publicised on their own): a candidate may be issued
 * when their track is released and their track's publicity does not hold certificates.
 */
async function trackGates(tx: Tx, campaign: repo.CampaignRef, today: string): Promise<TrackGate[]> {
  const gates: TrackGate[] = [];
  for (const track of RESULT_TRACKS) {
    const releasedAt = campaign.released[track];
    const held = releasedAt ? await publicityHoldsCertificates(tx, campaign.id, track, today) : null;
    gates.push({ track, releasedAt, held, issuable: releasedAt !== null && held === null });
  }
  return gates;
}

/**
 * What a batch of the scope issues: the missing qualified of the issuable tracks; how many passers of the other
 * tracks wait (released but held by their 公示, or not released yet). Refused when nothing is released
 * (CERTIFICATES_NOT_RELEASED), or when nothing is issuable and someone waits for a running 公示
 * (CERTIFICATES_PUBLICITY_RUNNING with that track's reason).
 */
async function issuePlan(tx: Tx, campaign: repo.CampaignRef, prefix: string | undefined, today: string) {
  const gates = await trackGates(tx, campaign, today);
  if (gates.every((g) => g.releasedAt === null)) throw new AppError('CERTIFICATES_NOT_RELEASED');
  const lines = passLinesOf(campaign.examSettings);
  const issuableTracks = gates.filter((g) => g.issuable).map((g) => g.track);
  const waitingTracks = gates.filter((g) => !g.issuable).map((g) => g.track);
  const qualified =
    issuableTracks.length === 0
      ? []
      : await qualifiedCandidates(tx, campaign.id, lines, { pathPrefix: prefix, tracks: issuableTracks });
  const waiting =
    waitingTracks.length === 0
      ? []
      : (
          await qualifiedCandidates(tx, campaign.id, lines, {
            pathPrefix: prefix,
            tracks: waitingTracks,
            ignoreRelease: true,
          })
        ).filter((q) => !q.hasCertificate);
  const missing = qualified.filter((q) => !q.hasCertificate);
  // Nobody to issue now and someone of a track whose 公示 runs waits: the refusal says why.
  const held = gates.find((g) => g.held !== null && waiting.some((q) => trackOfGrade(q.grade) === g.track));
  if (missing.length === 0 && held) throw new AppError('CERTIFICATES_PUBLICITY_RUNNING', held.held!);
  return { gates, qualified, missing, waiting, waitingTracks };
}

// ─── Reads ──────────────────────────────────────────────────────────────────────────────────────────────

export async function certificateOverview(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  jurisdictionId?: number,
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    const prefix = await scopeOf(tx, ctx.actor, jurisdictionId);
    const lines = passLinesOf(campaign.examSettings);
    const qualified = await qualifiedCandidates(tx, campaignId, lines, { pathPrefix: prefix });
    const gates = await trackGates(tx, campaign, beijingDate(deps.clock.now()));
    const counts = await repo.countCertificates(tx, campaignId, prefix);
    const manage = hasPermission(ctx.actor.role, 'certificates.manage') && campaign.status !== 'closed';
    const ofTrack = (track: ResultTrack) => qualified.filter((q) => trackOfGrade(q.grade) === track);
    return {
      campaign: { id: campaign.id, name: campaign.name, year: campaign.year },
      releasedAt: campaign.released.regular?.toISOString() ?? null,
      tracks: gates.map((g) => ({
        track: g.track,
        label: RESULT_TRACK_LABELS[g.track],
        releasedAt: g.releasedAt?.toISOString() ?? null,
        publicityHold: g.held,
        issuable: g.issuable,
        qualified: ofTrack(g.track).length,
        missing: ofTrack(g.track).filter((q) => !q.hasCertificate).length,
      })),
      qualified: qualified.length,
      valid: counts.valid,
      revoked: counts.revoked,
      missing: qualified.filter((q) => !q.hasCertificate).length,
      abilities: {
        issue: manage && gates.some((g) => g.issuable),
        print: hasPermission(ctx.actor.role, 'certificates.manage') && counts.valid > 0,
        revoke: manage,
      },
    };
  });
}

export async function listCertificates(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  query: CertificateListQuery,
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    await campaignOf(tx, campaignId);
    const prefix = await scopeOf(tx, ctx.actor, query.jurisdictionId);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { total, rows } = await repo.listCertificates(
      tx,
      campaignId,
      { pathPrefix: prefix, status: query.status, grade: query.grade, q: query.q?.trim() || undefined },
      { offset: (page - 1) * pageSize, limit: pageSize },
    );
    return {
      total,
      page,
      pageSize,
      items: rows.map((r) => ({
        id: r.id,
        number: r.number,
        holderName: r.holderName,
        idNumberMasked: maskIdNumberPublic(r.idNumber),
        jobTypeName: r.jobTypeName,
        grade: r.grade,
        issuedOn: r.issuedOn,
        status: r.status as CertificateStatus,
        revokeReason: r.revokeReason,
        revokedAt: r.revokedAt?.toISOString() ?? null,
        replacesId: r.replacesId,
        replacedById: r.replacedById,
        jurisdictionName: r.jurisdictionName,
        unitName: r.unitName,
      })),
    };
  });
}

// ─── Issue ──────────────────────────────────────────────────────────────────────────────────────────────

/** A new certificate's row: the next number of its (year, region), today's date, the signed QR. */
function newCertificate(
  deps: AppDeps,
  c: Omit<repo.QualifiedCandidate, 'hasCertificate'>,
  campaign: { id: number; year: number },
  serial: number,
  issuer: string,
  now: Date,
  by: number,
  replacesId: number | null = null,
): repo.NewCertificate {
  const number = encodeCertificateNumber({
    year: campaign.year,
    regionCode: c.regionCode,
    grade: c.grade,
    serial,
  });
  const issuedOn = beijingDate(now);
  const qr = signCertificate(deps.signingKey, {
    number,
    name: c.name,
    idNumber: c.idNumber,
    jobType: c.jobTypeName,
    grade: c.grade,
    issuedOn,
    issuer,
  });
  return {
    number,
    campaignId: campaign.id,
    applicationId: c.applicationId,
    year: campaign.year,
    regionCode: c.regionCode,
    serial,
    holderName: c.name,
    idNumber: c.idNumber,
    jobTypeId: c.jobTypeId,
    jobTypeName: c.jobTypeName,
    grade: c.grade,
    issuedOn,
    issuer,
    qr,
    status: 'valid',
    replacesId,
    orgPath: c.orgPath,
    jurisdictionId: c.jurisdictionId,
    unitId: c.unitId,
    issuedBy: by,
    createdAt: now,
  };
}

async function takeSerials(tx: Tx, year: number, regionCode: string, count: number): Promise<number> {
  const first = await repo.takeSerials(tx, year, regionCode, count);
  if (first === null) throw new AppError('CERTIFICATE_SERIALS_EXHAUSTED');
  return first;
}

/** What a batch would refuse, checked before its job starts; answers how many it would issue. */
export async function checkIssue(deps: AppDeps, ctx: ServiceContext, campaignId: number, jurisdictionId?: number) {
  assertManager(ctx.actor);
  needKey(deps);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    assertOpen(campaign);
    const prefix = await scopeOf(tx, ctx.actor, jurisdictionId);
    return (await issuePlan(tx, campaign, prefix, beijingDate(deps.clock.now()))).missing.length;
  });
}

/**
 * 批量发证: a certificate for every qualified candidate of the scope (a jurisdiction, or the actor's subtree) who has
 * none yet, in the result tracks that may issue now (released, their 公示 not running); the passers of the other
 * track are counted as waiting. Idempotent: a second run issues only the missing ones (and batches of one campaign
 * run one after the other). One scoped transaction, one audit row for the batch.
 */
export async function issueCertificates(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  jurisdictionId: number | undefined,
  onProgress: (done: number, total: number) => void = () => undefined,
) {
  assertManager(ctx.actor);
  needKey(deps);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    assertOpen(campaign);
    const prefix = await scopeOf(tx, ctx.actor, jurisdictionId);
    await repo.lockCampaignIssue(tx, campaignId);
    const { qualified, missing, waiting, waitingTracks } = await issuePlan(
      tx,
      campaign,
      prefix,
      beijingDate(deps.clock.now()),
    );
    const issuer = await repo.provinceName(tx);
    const now = deps.clock.now();
    // Serials per region, taken once for the whole batch (candidates come ordered by region, unit path, id).
    const next = new Map<string, number>();
    const perRegion = new Map<string, number>();
    for (const m of missing) perRegion.set(m.regionCode, (perRegion.get(m.regionCode) ?? 0) + 1);
    for (const [region, count] of perRegion) next.set(region, await takeSerials(tx, campaign.year, region, count));
    let issued = 0;
    onProgress(0, missing.length);
    for (let i = 0; i < missing.length; i += ISSUE_CHUNK) {
      const rows = missing.slice(i, i + ISSUE_CHUNK).map((c) => {
        const serial = next.get(c.regionCode)!;
        next.set(c.regionCode, serial + 1);
        return newCertificate(deps, c, campaign, serial, issuer, now, ctx.actor.accountId);
      });
      await repo.insertCertificates(tx, rows);
      issued += rows.length;
      onProgress(issued, missing.length);
    }
    const result = {
      qualified: qualified.length,
      issued,
      alreadyIssued: qualified.length - missing.length,
      waiting: waiting.length,
      waitingTracks: waiting.length > 0 ? waitingTracks : [],
    };
    const waitText =
      waiting.length > 0
        ? `；${waiting.length} 人待${waitingTracks.map((t) => RESULT_TRACK_LABELS[t]).join('、')}成绩发布或公示结束后发证`
        : '';
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditOf(ctx.actor, campaignId),
        action: 'certificate.issue',
        summary: `「${campaign.name}」批量发证：新发 ${issued} 张（合格 ${qualified.length} 人，此前已发 ${result.alreadyIssued} 人${waitText}）`,
        after: { ...result, jurisdictionId: jurisdictionId ?? null },
      },
      now,
    );
    return result;
  });
}

// ─── Print ──────────────────────────────────────────────────────────────────────────────────────────────

export async function countToPrint(deps: AppDeps, ctx: ServiceContext, campaignId: number, jurisdictionId?: number) {
  assertManager(ctx.actor);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    await campaignOf(tx, campaignId);
    const prefix = await scopeOf(tx, ctx.actor, jurisdictionId);
    const { valid } = await repo.countCertificates(tx, campaignId, prefix);
    if (valid === 0) throw new AppError('CERTIFICATES_NONE_TO_PRINT');
    return valid;
  });
}

/** The valid certificates of the scope as one A4 PDF, one per page (the print job's file). */
export async function printCertificates(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  jurisdictionId: number | undefined,
  onProgress: (done: number) => void = () => undefined,
) {
  assertManager(ctx.actor);
  const { rows, name } = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    const prefix = await scopeOf(tx, ctx.actor, jurisdictionId);
    const node = jurisdictionId === undefined ? null : await repo.findNode(tx, jurisdictionId);
    return {
      rows: await repo.certificatesToPrint(tx, campaignId, prefix),
      name: `${campaign.name}${node ? node.name : ''}证书`,
    };
  });
  if (rows.length === 0) throw new AppError('CERTIFICATES_NONE_TO_PRINT');
  const file = await renderCertificates(rows, { title: name, onProgress });
  return { file, fileName: `${name}.pdf`, count: rows.length };
}

// ─── Revoke and reissue ─────────────────────────────────────────────────────────────────────────────────

async function validCertificate(tx: Tx, id: number): Promise<repo.CertificateRow> {
  const cert = await repo.findCertificate(tx, id, true);
  if (!cert) throw new AppError('CERTIFICATE_NOT_FOUND', '证书不存在或不在您的管辖范围内');
  if (cert.status !== 'valid') throw new AppError('CERTIFICATE_REVOKED', `证书 ${cert.number} 已撤销`);
  assertOpen(await campaignOf(tx, cert.campaignId));
  return cert;
}

/** 撤销: the certificate becomes revoked with the reason (its QR keeps verifying as a signature; the status says no). */
export async function revokeCertificate(deps: AppDeps, ctx: ServiceContext, id: number, reason: string) {
  assertManager(ctx.actor);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const cert = await validCertificate(tx, id);
    const now = deps.clock.now();
    await repo.revokeCertificate(tx, id, reason, now, ctx.actor.accountId);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditOf(ctx.actor, id),
        action: 'certificate.revoke',
        summary: `撤销证书 ${cert.number}（${cert.holderName}）：${reason}`,
        before: { status: 'valid' },
        after: { status: 'revoked', reason },
      },
      now,
    );
    return { id, status: 'revoked' as const };
  });
}

/**
 * 遗失补发: the lost certificate is revoked with the reason 遗失补发 and a new one is issued for the same holder and
 * grade under a new number (the next serial of its year and jurisdiction), dated today, naming the old one.
 */
export async function reissueCertificate(deps: AppDeps, ctx: ServiceContext, id: number, note?: string) {
  assertManager(ctx.actor);
  needKey(deps);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const old = await validCertificate(tx, id);
    const campaign = await campaignOf(tx, old.campaignId);
    const now = deps.clock.now();
    const reason = note ? `${REISSUE_REASON}：${note}` : REISSUE_REASON;
    await repo.revokeCertificate(tx, id, reason, now, ctx.actor.accountId);
    const serial = await takeSerials(tx, old.year, old.regionCode, 1);
    const [created] = await repo.insertCertificates(tx, [
      newCertificate(
        deps,
        {
          applicationId: old.applicationId,
          name: old.holderName,
          idNumber: old.idNumber,
          jobTypeId: old.jobTypeId,
          jobTypeName: old.jobTypeName,
          grade: old.grade,
          jurisdictionId: old.jurisdictionId,
          unitId: old.unitId,
          orgPath: old.orgPath,
          regionCode: old.regionCode,
        },
        campaign,
        serial,
        old.issuer,
        now,
        ctx.actor.accountId,
        old.id,
      ),
    ]);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditOf(ctx.actor, created!.id),
        action: 'certificate.reissue',
        summary: `补发证书（${old.holderName}）：原证书 ${old.number} 以“${reason}”撤销，新证书 ${created!.number}`,
        before: { number: old.number, status: 'valid' },
        after: { number: created!.number, replaces: old.number, reason },
      },
      now,
    );
    return { id: created!.id, number: created!.number, replacesId: old.id };
  });
}

// ─── Public ─────────────────────────────────────────────────────────────────────────────────────────────

/** 证书核验 (public): a certificate by number, the name partly masked; an unknown number is CERTIFICATE_NOT_FOUND. */
export async function publicCertificate(deps: AppDeps, raw: string) {
  const number = normalizeCertificateNumber(raw);
  if (!decodeCertificateNumber(number)) throw new AppError('CERTIFICATE_NOT_FOUND');
  const cert = await inSystemTx(deps.db, (tx) => repo.findByNumber(tx, number));
  if (!cert) throw new AppError('CERTIFICATE_NOT_FOUND');
  return {
    number: cert.number,
    holderName: maskHolderName(cert.holderName),
    jobType: cert.jobTypeName,
    grade: cert.grade,
    issuedOn: cert.issuedOn,
    issuer: cert.issuer,
    status: cert.status as CertificateStatus,
    qr: cert.qr,
  };
}

export function certificatePublicKey(deps: AppDeps) {
  const key = publishedKey(needKey(deps));
  return { algorithm: key.algorithm, publicKeyPem: key.pem, keyId: key.keyId };
}

/**
 * Who may hold a certificate: the repository's qualified candidates (their result track released, the grade passed),
 * less those struck from the publicity (公示) after an upheld objection. Every issue path reads this.
 */
async function qualifiedCandidates(
  tx: Tx,
  campaignId: number,
  lines: Parameters<typeof repo.qualifiedCandidates>[2],
  options: Parameters<typeof repo.qualifiedCandidates>[3] = {},
) {
  const qualified = await repo.qualifiedCandidates(tx, campaignId, lines, options);
  const struck = await struckFromPublicity(tx, campaignId);
  return struck.size === 0 ? qualified : qualified.filter((q) => !struck.has(q.applicationId));
}

// ─── For other modules ────────────────────────────────────────────────────────────────────────────────

/** A candidate's certificate as the archive prints it (modules/archives). */
export interface ArchivedCertificate {
  number: string;
  issuedOn: string;
  status: 'valid' | 'revoked';
  issuer: string;
  jobType: string;
  grade: number;
  revokedReason: string | null;
  reissueOf: string | null;
}

/**
 * Each application's current certificate in a campaign (the valid one, else the last revoked one), read in the
 * caller's transaction: for the archive (modules/archives), in the archive builder's scope.
 */
export async function certificatesForArchive(
  tx: Tx,
  campaignId: number,
  applicationIds: readonly number[],
): Promise<Map<number, ArchivedCertificate>> {
  const out = new Map<number, ArchivedCertificate>();
  for (const row of await repo.certificatesOfApplications(tx, campaignId, applicationIds)) {
    const current = out.get(row.applicationId);
    // Rows come oldest first: a later row wins unless the kept one is valid and this one is not.
    if (current && current.status === 'valid' && row.status !== 'valid') continue;
    out.set(row.applicationId, {
      number: row.number,
      issuedOn: row.issuedOn,
      status: row.status === 'valid' ? 'valid' : 'revoked',
      issuer: row.issuer,
      jobType: row.jobTypeName,
      grade: row.grade,
      revokedReason: row.revokeReason,
      reissueOf: row.replacesNumber,
    });
  }
  return out;
}
