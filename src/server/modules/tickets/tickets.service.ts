/**
 * Printing the 准考证 (the candidate's, a unit's batch) and the staff's papers (门贴, 签到表, a centre's whole set).
 *
 * Who prints what:
 * - a 准考证: the applicant themselves, and officials with application.read whose subtree holds the candidate's
 *   unit (a unit officer their own staff); only once the seat is notified (published) and while today (the
 *   injected clock, Beijing) lies in the campaign's 准考证打印 window (the jurisdiction's extension applied);
 * - 门贴 and 签到表 of a room in a session, and a centre's set: seating.read over the room's centre (the province,
 *   the centre's jurisdiction, the centre's own manager).
 *
 * Every print writes one audit row. Reads go through the caller's scoped transaction first (row-level security on
 * seats, rooms and centres); the details the papers need and the caller's role cannot read itself (a centre's
 * address for a candidate, a candidate's photo for a centre manager) are then loaded in a system transaction for
 * exactly the ids that scoped read returned (tickets.repository.ts).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { type SessionSubject, sessionTimeline } from '../../../domain/sessions.js';
import { describeWindow, type PhaseWindow, windowState } from '../../../domain/timetable.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import { chinaDate } from '../../platform/clock.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { jobDiskFileDir, jobDiskFilePath } from '../../platform/job-disk-files.js';
import { getJob, type JobContext, type JobOutcome } from '../../platform/jobs.js';
import { hasPermission } from '../../platform/permissions.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import * as campaignsService from '../campaigns/campaigns.service.js';
import * as orgService from '../org/org.service.js';
import { signTicket } from './ticket-token.js';
import {
  DEFAULT_CANDIDATE_RULES,
  type PrintableRoom,
  type PrintableTicket,
  renderCentreSet,
  renderDoorList,
  renderSignInSheet,
  renderTicketPdf,
  renderTicketsPdf,
} from './tickets.pdf.js';
import * as repo from './tickets.repository.js';

/** A unit's batch is rendered in the request (heavy): beyond this many, print per unit. */
export const MAX_UNIT_TICKETS = 300;
export const PRINT_SET_JOB_KIND = 'ticket.print_set';

// ─── What is printable ──────────────────────────────────────────────────────────────────────────────────

export type TicketState = 'printable' | 'not_published' | 'upcoming' | 'ended';

/** Whether a seat's ticket prints today: published, and today within the window. */
export function ticketState(notified: boolean, window: PhaseWindow, today: string): TicketState {
  if (!notified) return 'not_published';
  const state = windowState(window, today);
  return state === 'open' ? 'printable' : state;
}

export function ticketRefusal(state: Exclude<TicketState, 'printable'>, window: PhaseWindow): AppError {
  if (state === 'not_published') return new AppError('TICKET_NOT_PUBLISHED');
  const when = state === 'upcoming' ? '尚未开始' : '已经结束';
  return new AppError(
    'TICKET_OUTSIDE_WINDOW',
    `准考证打印时间为${describeWindow(window)}，现在${when}，不能打印准考证`,
    { window },
  );
}

const STATE_MESSAGES: Record<TicketState, (w: PhaseWindow) => string> = {
  printable: (w) => `可以打印（打印时间${describeWindow(w)}）`,
  not_published: () => '考场编排尚未发布，发布后即可打印',
  upcoming: (w) => `准考证打印时间为${describeWindow(w)}，尚未开始`,
  ended: (w) => `准考证打印时间为${describeWindow(w)}，已经结束`,
};

const today = (deps: AppDeps) => chinaDate(deps.clock.now());

function printWindow(tx: Tx, seat: { campaignId: number; jurisdictionId: number | null }): Promise<PhaseWindow> {
  return campaignsService.phaseWindowFor(tx, seat.campaignId, 'ticket_printing', seat.jurisdictionId);
}

/** An official of the candidate's unit chain (not merely of the centre's jurisdiction), or the applicant. */
function mayPrintFor(actor: Actor, seat: Pick<repo.SeatRow, 'orgPath' | 'applicantAccountId'>): boolean {
  if (actor.role === 'applicant') return seat.applicantAccountId === actor.accountId;
  return (
    hasPermission(actor.role, 'application.read') && actor.orgPath !== null && seat.orgPath.startsWith(actor.orgPath)
  );
}

// ─── The applicant's own seats ──────────────────────────────────────────────────────────────────────────

export async function listMyTickets(deps: AppDeps, ctx: ServiceContext) {
  if (ctx.actor.role !== 'applicant') throw new AppError('FORBIDDEN', '只有申报人本人可以查看自己的准考证');
  const day = today(deps);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const seats = await repo.listOwnSeats(tx, ctx.actor.accountId);
    const items = [];
    for (const seat of seats) {
      const window = await printWindow(tx, seat);
      const state = ticketState(seat.notifiedAt !== null, window, day);
      const published = seat.notifiedAt !== null;
      items.push({
        applicationId: seat.applicationId,
        campaignId: seat.campaignId,
        campaignName: seat.campaignName,
        name: seat.applicantName ?? '',
        sessionName: seat.sessionName,
        sessionDate: seat.sessionDate,
        startTime: seat.startTime,
        // The seat may still move before publication: its number is shown only once published.
        ticketNumber: published ? seat.ticketNumber : null,
        seatLabel: published ? seat.seatLabel : null,
        notifiedAt: seat.notifiedAt?.toISOString() ?? null,
        window,
        state,
        printable: state === 'printable',
        message: STATE_MESSAGES[state](window),
        pdfUrl: `/api/tickets/${seat.applicationId}.pdf`,
      });
    }
    return { today: day, items };
  });
}

// ─── Building a ticket ──────────────────────────────────────────────────────────────────────────────────

const beijing = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

/** 考生须知 with the session's own late-entry and earliest hand-in minutes (rules.md §7). */
export function candidateRules(session: Pick<repo.SessionRef, 'lateEntryMinutes' | 'earliestHandInMinutes'>) {
  return DEFAULT_CANDIDATE_RULES.map((line) =>
    line.startsWith('3.')
      ? `3. 考试开始${session.lateEntryMinutes}分钟后，考生不得进入考场；考试开始${session.earliestHandInMinutes}分钟内不得交卷离场。`
      : line,
  );
}

/** 第03考场（教学楼301）: the 考场号 the seating gave the room in this session, and the room's own name. */
export function roomTitle(examRoomNumber: string | null, roomName: string): string {
  return examRoomNumber ? `第${examRoomNumber}考场（${roomName}）` : roomName;
}

function sessionOf(session: repo.SessionRef) {
  const timeline = sessionTimeline({
    startTime: session.startTime,
    subjects: session.subjects as SessionSubject[],
  });
  return {
    name: session.name,
    subjects: timeline.subjects.map((s) => ({
      subject: s.label,
      start: beijing(session.sessionDate, s.startsAt),
      end: beijing(session.sessionDate, s.endsAt),
    })),
  };
}

function printableTicket(deps: AppDeps, d: repo.TicketDetail, photo: Buffer | null, now: Date): PrintableTicket {
  const roomCode = d.examRoomNumber ?? d.roomCode;
  const token = signTicket(
    deps.signingKey,
    {
      ticketNumber: d.ticketNumber,
      applicationId: d.applicationId,
      name: d.name,
      idNumber: d.idNumber,
      sessionId: d.session.id,
      sessionStart: beijing(d.session.sessionDate, d.session.startTime).toISOString(),
      centreCode: d.centreCode,
      roomCode,
      seatLabel: d.seatLabel,
    },
    now,
  );
  return {
    campaignYear: d.campaignYear,
    name: d.name,
    idNumber: d.idNumber,
    ticketNumber: d.ticketNumber,
    jobType: d.jobType,
    grade: d.grade,
    centreName: d.centreName,
    centreAddress: d.centreAddress,
    roomName: roomTitle(d.examRoomNumber, d.roomName),
    seatLabel: `${d.seatLabel}（${d.seat}号）`,
    sessions: [sessionOf(d.session)],
    photo,
    token,
    rules: candidateRules(d.session),
  };
}

async function loadPrintables(deps: AppDeps, ids: readonly number[]): Promise<PrintableTicket[]> {
  const now = deps.clock.now();
  const { details, photos } = await inSystemTx(deps.db, async (tx) => ({
    details: await repo.loadTicketDetails(tx, ids),
    photos: await repo.loadPhotos(tx, ids),
  }));
  return details.map((d) => printableTicket(deps, d, photos.get(d.applicationId) ?? null, now));
}

const auditPlace = (seat: { orgPath: string }) => ({ orgNodeId: nodeIdOf(seat.orgPath), orgPath: seat.orgPath });

/** The last id of a materialised path (`/1/2/35/` → 35). */
function nodeIdOf(path: string): number | null {
  const parts = path.split('/').filter(Boolean);
  const last = Number(parts[parts.length - 1]);
  return Number.isInteger(last) && last > 0 ? last : null;
}

/** One candidate's 准考证 (one A4 page). */
export async function printTicket(
  deps: AppDeps,
  ctx: ServiceContext,
  applicationId: number,
): Promise<{ pdf: Buffer; fileName: string }> {
  const day = today(deps);
  await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const seat = await repo.findSeat(tx, applicationId);
    if (!seat || !mayPrintFor(ctx.actor, seat)) {
      throw new AppError('TICKET_NOT_SEATED', '没有找到该考生的考场编排，或不在您的管辖范围内');
    }
    const window = await printWindow(tx, seat);
    const state = ticketState(seat.notifiedAt !== null, window, day);
    if (state !== 'printable') throw ticketRefusal(state, window);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'application',
        entityId: applicationId,
        action: 'ticket.print',
        summary: `打印准考证：${seat.applicantName ?? ''}（准考证号 ${seat.ticketNumber}）`,
        ...auditPlace(seat),
        after: { ticketNumber: seat.ticketNumber, sessionId: seat.sessionId, seatLabel: seat.seatLabel },
      },
      deps.clock.now(),
    );
  });
  const [ticket] = await loadPrintables(deps, [applicationId]);
  if (!ticket) throw new AppError('TICKET_NOT_SEATED');
  return { pdf: await renderTicketPdf(ticket), fileName: `准考证-${ticket.name}-${ticket.ticketNumber}.pdf` };
}

/**
 * The 准考证 of a unit's (or a department's, a jurisdiction's) notified candidates in one PDF, one page each:
 * `unitId` defaults to the caller's own node. Refused as a whole when nothing is published or the window is shut.
 */
export async function printUnitTickets(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  unitId: number | undefined,
): Promise<{ pdf: Buffer; fileName: string; count: number }> {
  if (!hasPermission(ctx.actor.role, 'application.read') || !ctx.actor.orgPath) {
    throw new AppError('FORBIDDEN', '只有单位经办人和各级审核人员可以批量打印准考证');
  }
  const day = today(deps);
  const scope = ctx.actor.orgPath;
  const { ids, nodeName } = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const node = await orgService.findNode(tx, unitId ?? ctx.actor.orgNodeId ?? 0);
    if (!node?.path.startsWith(scope)) {
      throw new AppError('NOT_FOUND', '单位不存在或不在您的管辖范围内');
    }
    const seats = await repo.listUnitSeats(tx, campaignId, node.path);
    if (seats.length === 0) throw new AppError('TICKET_NOT_PUBLISHED', `「${node.name}」没有已发布考场编排的考生`);
    if (seats.length > MAX_UNIT_TICKETS) {
      throw new AppError(
        'TICKET_BATCH_TOO_LARGE',
        `共 ${seats.length} 人，一次最多打印 ${MAX_UNIT_TICKETS} 人的准考证，请按单位分批打印`,
      );
    }
    // One window per campaign × jurisdiction (a unit's staff share theirs).
    const checked = new Set<string>();
    for (const seat of seats) {
      const key = `${seat.campaignId}:${seat.jurisdictionId}`;
      if (checked.has(key)) continue;
      checked.add(key);
      const window = await printWindow(tx, seat);
      const state = ticketState(true, window, day);
      if (state !== 'printable') throw ticketRefusal(state, window);
    }
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'org_node',
        entityId: node.id,
        action: 'ticket.print_unit',
        summary: `批量打印「${node.name}」的准考证 ${seats.length} 份`,
        orgNodeId: node.id,
        orgPath: node.path,
        after: { campaignId, count: seats.length, applicationIds: seats.map((s) => s.applicationId) },
      },
      deps.clock.now(),
    );
    return { ids: seats.map((s) => s.applicationId), nodeName: node.name };
  });
  const tickets = await loadPrintables(deps, ids);
  return {
    pdf: await renderTicketsPdf(tickets, { title: `准考证（${nodeName}）` }),
    fileName: `准考证-${nodeName}.pdf`,
    count: tickets.length,
  };
}

// ─── Staff papers: per room and session ─────────────────────────────────────────────────────────────────

function requireSeatingRead(actor: Actor): void {
  if (!hasPermission(actor.role, 'seating.read')) {
    throw new AppError('FORBIDDEN', '只有省、市工考办和考点管理员可以打印考务材料');
  }
}

const roomNotFound = () => new AppError('NOT_FOUND', '考场不存在或不在您的管辖范围内');

/** One room × session as the staff papers print it (seats in seat order, photos included). */
async function loadRoom(
  deps: AppDeps,
  actor: Actor,
  room: repo.RoomRef,
  session: repo.SessionRef,
  options: { tickets?: boolean } = {},
): Promise<PrintableRoom & { tickets: PrintableTicket[] }> {
  const { seats, number } = await inScopedTx(deps.db, actor, async (tx) => ({
    seats: await repo.listRoomSeats(tx, room.id, session.id),
    number: await repo.findExamRoomNumber(tx, session.id, room.id),
  }));
  const ids = seats.map((s) => s.applicationId);
  const { details, photos } = await inSystemTx(deps.db, async (tx) => ({
    details: await repo.loadTicketDetails(tx, ids),
    photos: await repo.loadPhotos(tx, ids),
  }));
  const timeline = sessionOf(session);
  const first = timeline.subjects[0];
  const last = timeline.subjects[timeline.subjects.length - 1];
  const now = deps.clock.now();
  return {
    centreName: room.centreName,
    roomName: roomTitle(number, room.name),
    sessionName: session.name,
    start: first?.start ?? beijing(session.sessionDate, session.startTime),
    end: last?.end ?? beijing(session.sessionDate, session.startTime),
    seats: details.map((d) => ({
      seatLabel: d.seatLabel,
      ticketNumber: d.ticketNumber,
      name: d.name,
      idNumber: d.idNumber,
      jobType: d.jobType,
      grade: d.grade,
      photo: photos.get(d.applicationId) ?? null,
    })),
    // A centre's set also holds the tickets of the published seats (spares for who forgot theirs).
    tickets: options.tickets
      ? details
          .filter((d) => d.notifiedAt !== null)
          .map((d) => printableTicket(deps, d, photos.get(d.applicationId) ?? null, now))
      : [],
  };
}

type StaffPaper = 'door_list' | 'sign_in_sheet';
const PAPER_LABELS: Record<StaffPaper, string> = { door_list: '考场门贴', sign_in_sheet: '考生签到表' };

/** The 门贴 or the 签到表 of one room in one session. */
export async function printRoomPaper(
  deps: AppDeps,
  ctx: ServiceContext,
  roomId: number,
  sessionId: number,
  paper: StaffPaper,
): Promise<{ pdf: Buffer; fileName: string }> {
  requireSeatingRead(ctx.actor);
  const { room, session } = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const room = await repo.findRoom(tx, roomId);
    if (!room) throw roomNotFound();
    const session = await repo.findSession(tx, sessionId);
    if (!session) throw new AppError('NOT_FOUND', '场次不存在');
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'exam_room',
        entityId: room.id,
        action: paper === 'door_list' ? 'ticket.door_list' : 'ticket.sign_in_sheet',
        summary: `打印${PAPER_LABELS[paper]}：${room.centreName} ${room.name}（${session.name}）`,
        orgNodeId: nodeIdOf(room.centrePath),
        orgPath: room.centrePath,
        after: { roomId, sessionId },
      },
      deps.clock.now(),
    );
    return { room, session };
  });
  const printable = await loadRoom(deps, ctx.actor, room, session);
  const pdf = paper === 'door_list' ? await renderDoorList(printable) : await renderSignInSheet(printable);
  return { pdf, fileName: `${PAPER_LABELS[paper]}-${room.centreName}-${printable.roomName}-${session.name}.pdf` };
}

// ─── A centre's whole set, as a background job written to disk ────────────────────────────────────────

export interface PrintSetPlan {
  centre: repo.CentreRef;
  campaignId: number;
  rooms: { room: repo.RoomRef; session: repo.SessionRef; seated: number }[];
}

/**
 * Checks rights and gathers the rooms × sessions of the set (the open campaign's when none is named); one audit row
 * (in the request, before the job).
 */
export async function planPrintSet(
  deps: AppDeps,
  ctx: ServiceContext,
  centreId: number,
  requestedCampaignId: number | undefined,
): Promise<PrintSetPlan> {
  requireSeatingRead(ctx.actor);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const centre = await repo.findCentre(tx, centreId);
    if (!centre) throw new AppError('NOT_FOUND', '考点不存在或不在您的管辖范围内');
    // A centre manager reads no campaign list: the open campaign unless one is named.
    const campaignId = requestedCampaignId ?? (await campaignsService.getOpenCampaign(tx))?.id;
    if (campaignId === undefined) throw new AppError('NOT_FOUND', '当前没有开放的考核年度');
    const pairs = await repo.listCentreRoomSessions(tx, centreId, campaignId);
    if (pairs.length === 0) throw new AppError('NOT_FOUND', `「${centre.name}」在该考核年度还没有编排考生`);
    const rooms = [];
    const roomCache = new Map<number, repo.RoomRef>();
    const sessionCache = new Map<number, repo.SessionRef>();
    for (const p of pairs) {
      let room = roomCache.get(p.roomId);
      if (!room) {
        room = (await repo.findRoom(tx, p.roomId)) ?? undefined;
        if (!room) throw roomNotFound();
        roomCache.set(p.roomId, room);
      }
      let session = sessionCache.get(p.sessionId);
      if (!session) {
        session = (await repo.findSession(tx, p.sessionId)) ?? undefined;
        if (!session) throw new AppError('NOT_FOUND', '场次不存在');
        sessionCache.set(p.sessionId, session);
      }
      rooms.push({ room, session, seated: p.seated });
    }
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'test_centre',
        entityId: centre.id,
        action: 'ticket.print_set',
        summary: `生成「${centre.name}」的全套考务材料：${rooms.length} 个考场·场次，${rooms.reduce((n, r) => n + r.seated, 0)} 人`,
        orgNodeId: centre.orgNodeId,
        orgPath: centre.orgPath,
        after: { campaignId, rooms: rooms.length },
      },
      deps.clock.now(),
    );
    return { centre, campaignId, rooms };
  });
}

/**
 * The job's work: every room × session's 门贴, 签到表 and its published candidates' 准考证 in one PDF, streamed to
 * `<DATA_DIR>.job-files/<jobId>.pdf` (a `.part` file until complete), one room's photos in memory at a time. The
 * file is too big for `background_job_files` (40 rooms × 50 candidates: 41–411 MB); the download route streams it
 * to the job's owner and the maintenance sweep deletes it with the job files (JOB_FILE_TTL_MS).
 */
export async function writePrintSet(
  deps: AppDeps,
  actor: Actor,
  plan: PrintSetPlan,
  job: JobContext,
): Promise<JobOutcome> {
  const target = jobDiskFilePath(deps.config.dataDir, job.jobId);
  const part = `${target}.part`;
  await mkdir(jobDiskFileDir(deps.config.dataDir), { recursive: true, mode: 0o700 });
  const out = createWriteStream(part, { mode: 0o600 });
  const total = plan.rooms.length;
  job.progress.report({ processed: 0, total });
  async function* rooms() {
    for (const r of plan.rooms) yield await loadRoom(deps, actor, r.room, r.session, { tickets: true });
  }
  try {
    await renderCentreSet({ centreName: plan.centre.name, rooms: rooms(), roomCount: total }, out, {
      onProgress: (done) => job.progress.report({ processed: done, total }),
    });
    await rename(part, target);
  } catch (error) {
    out.destroy();
    await rm(part, { force: true });
    throw error;
  }
  const size = (await stat(target)).size;
  const fileName = `考务材料-${plan.centre.name}.pdf`;
  return {
    result: {
      fileName,
      size,
      count: plan.rooms.reduce((n, r) => n + r.seated, 0),
      rooms: total,
      downloadUrl: `/api/print-sets/${job.jobId}.pdf`,
    },
    processed: total,
  };
}

/** The finished set of the caller's own job, as a stream from disk. */
export async function openPrintSet(
  deps: AppDeps,
  actor: Actor,
  jobId: string,
): Promise<{ stream: Readable; size: number; fileName: string }> {
  requireSeatingRead(actor);
  // Owner-only by row-level security: anybody else's job is NOT_FOUND.
  const job = await getJob(deps.db, actor, jobId);
  if (job.kind !== PRINT_SET_JOB_KIND) throw new AppError('NOT_FOUND', '任务不存在');
  if (job.status !== 'done') throw new AppError('JOB_NOT_READY');
  const path = jobDiskFilePath(deps.config.dataDir, jobId);
  const size = await stat(path).then(
    (s) => s.size,
    () => null,
  );
  if (size === null) throw new AppError('PRINT_SET_FILE_GONE');
  const fileName = (job.result as { fileName?: string } | null)?.fileName ?? '考务材料.pdf';
  return { stream: createReadStream(path), size, fileName };
}

// ─── For other modules (archives) ─────────────────────────────────────────────────────────────────────────

/**
 * The 准考证 of these applications as filed in the archive, per application (one per seat; none when never seated):
 * the seats read in the caller's scope first (the candidate's unit chain, as printTicket), then the printed details
 * in a system transaction for exactly those. No print window applies: the archive records the ticket as issued.
 */
export async function archivedTicketsOf(
  deps: AppDeps,
  actor: Actor,
  applicationIds: readonly number[],
): Promise<Map<number, PrintableTicket[]>> {
  const seats = await inScopedTx(deps.db, actor, (tx) => repo.listSeatsOf(tx, applicationIds));
  const ids = [...new Set(seats.filter((s) => mayPrintFor(actor, s)).map((s) => s.applicationId))];
  const byApplication = new Map<number, PrintableTicket[]>();
  if (ids.length === 0) return byApplication;
  for (const ticket of await loadPrintablesWithIds(deps, ids)) {
    const list = byApplication.get(ticket.applicationId) ?? [];
    list.push(ticket.printable);
    byApplication.set(ticket.applicationId, list);
  }
  return byApplication;
}

async function loadPrintablesWithIds(deps: AppDeps, ids: readonly number[]) {
  const now = deps.clock.now();
  const { details, photos } = await inSystemTx(deps.db, async (tx) => ({
    details: await repo.loadTicketDetails(tx, ids),
    photos: await repo.loadPhotos(tx, ids),
  }));
  return details.map((d) => ({
    applicationId: d.applicationId,
    printable: printableTicket(deps, d, photos.get(d.applicationId) ?? null, now),
  }));
}

export type { PrintableTicket } from './tickets.pdf.js';
