import {
  judgeSeat,
  MAX_CLOCK_OFFSET_MS,
  MAX_ROUND_TRIP_MS,
  MIN_BROWSER_VERSIONS,
  MIN_SCREEN,
  parseUserAgent,
} from '../../../domain/seat-check.js';
import {
  capacity,
  defaultSpareSeats,
  normaliseSeatMap,
  type SeatMap,
  seatIn,
  spareCount,
  usableSeats,
} from '../../../domain/seat-map.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError, uniqueViolation } from '../../platform/errors.js';
import { hasPermission } from '../../platform/permissions.js';
import { inScopedTx } from '../../platform/tx.js';
import { findNode } from '../org/org.service.js';
import type { CentreRow, RoomRow, SeatCheckRow } from './centres.repository.js';
import * as repo from './centres.repository.js';

const NOT_FOUND_CENTRE = '考点不存在或不在您的管辖范围内';
const NOT_FOUND_ROOM = '考场不存在或不在您的管辖范围内';

const ownCentreId = repo.ownCentreId;

/** A centre as the caller's transaction sees it (accounts binds a 考点管理员 to one), or null. */
export function findCentre(tx: Tx, id: number): Promise<CentreRow | null> {
  return repo.findCentre(tx, id);
}

interface Powers {
  update: boolean;
  manageRooms: boolean;
  check: boolean;
}

/** What the actor may do with a centre (the RLS policies say the same below the service). */
function powersOver(actor: Actor, centre: Pick<CentreRow, 'id' | 'orgPath'>, ownCentre: number | null): Powers {
  // The province keeps centres of its own (for 省直 and 中央驻豫 candidates, who sit at the province): its admin
  // manages those (org_path = the province's path) and only reads the jurisdictions'.
  const jurisdiction =
    (actor.role === 'jurisdiction_admin' || actor.role === 'province_admin') && actor.orgPath === centre.orgPath;
  const own = actor.role === 'centre_manager' && ownCentre === centre.id;
  const manage = hasPermission(actor.role, 'centre.manage');
  return {
    update: jurisdiction && manage,
    manageRooms: (jurisdiction || own) && manage,
    check: (jurisdiction || own) && hasPermission(actor.role, 'seat.check'),
  };
}

function roomSeatMap(room: RoomRow): SeatMap {
  return {
    rows: room.seatRows,
    columns: room.seatColumns,
    outOfUse: room.outOfUse,
    spareShare: room.sparePerMille / 1000,
  };
}

function presentCheck(row: SeatCheckRow) {
  return {
    id: row.id,
    seatLabel: row.seatLabel,
    checkedAt: row.checkedAt.toISOString(),
    result: row.result,
    reasons: row.reasons,
    browser: row.browser,
    screenWidth: row.screenWidth,
    screenHeight: row.screenHeight,
    clockOffsetMs: row.clockOffsetMs,
    roundTripMs: row.roundTripMs,
    checkedByName: row.checkedByName,
  };
}

function presentRoom(room: RoomRow, latest: readonly SeatCheckRow[]) {
  const map = roomSeatMap(room);
  const usable = usableSeats(map);
  const byLabel = new Map(latest.filter((c) => c.roomId === room.id).map((c) => [c.seatLabel, c]));
  let ok = 0;
  let failed = 0;
  for (const seat of usable) {
    const check = byLabel.get(seat.label);
    if (check?.result === 'ok') ok++;
    else if (check) failed++;
  }
  return {
    id: room.id,
    centreId: room.centreId,
    code: room.code,
    name: room.name,
    active: room.active,
    seatMap: { ...map, outOfUse: [...map.outOfUse] },
    usable: usable.length,
    spare: spareCount(map),
    spareSeats: defaultSpareSeats(map),
    capacity: capacity(map),
    checks: { ok, failed, unchecked: usable.length - ok - failed },
  };
}

function presentCentre(actor: Actor, centre: CentreRow, rooms: readonly RoomRow[], ownCentre: number | null) {
  const mine = rooms.filter((r) => r.centreId === centre.id);
  return {
    id: centre.id,
    orgNodeId: centre.orgNodeId,
    orgNodeName: centre.orgNodeName,
    name: centre.name,
    code: centre.code,
    address: centre.address,
    contactName: centre.contactName,
    contactPhone: centre.contactPhone,
    active: centre.active,
    roomCount: mine.length,
    capacity: mine.filter((r) => r.active).reduce((sum, r) => sum + capacity(roomSeatMap(r)), 0),
    abilities: powersOver(actor, centre, ownCentre),
  };
}

function uniqueError(error: unknown, names: { code?: string; name?: string }): never {
  const constraint = uniqueViolation(error);
  if (constraint === 'test_centres_code_key') {
    throw new AppError('CENTRE_CODE_TAKEN', `本地区已有代码为「${names.code}」的考点`);
  }
  if (constraint === 'test_centres_name_key') {
    throw new AppError('CENTRE_NAME_TAKEN', `本地区已有名为「${names.name}」的考点`);
  }
  if (constraint === 'exam_rooms_code_key') {
    throw new AppError('ROOM_CODE_TAKEN', `本考点已有代码为「${names.code}」的考场`);
  }
  throw error;
}

function checkedSeatMap(input: { rows: number; columns: number; outOfUse: string[]; spareShare: number }): SeatMap {
  const result = normaliseSeatMap(input);
  if (!result.ok) throw new AppError(result.problem.code, result.problem.message);
  return result.map;
}

// ─── Centres ──────────────────────────────────────────────────────────────────────────────────────────────

export function listCentres(
  deps: AppDeps,
  ctx: ServiceContext,
  input: { orgNodeId?: number; q?: string; page: number; pageSize: number },
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    let underPath: string | undefined;
    if (input.orgNodeId !== undefined) {
      const node = await findNode(tx, input.orgNodeId);
      if (!node) throw new AppError('NOT_FOUND', '地区不存在或不在您的管辖范围内');
      underPath = node.path;
    }
    const result = await repo.listCentres(tx, { ...input, q: input.q?.trim() || undefined, underPath });
    const rooms = await repo.roomsOf(
      tx,
      result.items.map((c) => c.id),
    );
    const own = await ownCentreId(tx);
    return { items: result.items.map((c) => presentCentre(ctx.actor, c, rooms, own)), total: result.total };
  });
}

export function getCentre(deps: AppDeps, ctx: ServiceContext, id: number) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => centreDetail(tx, ctx.actor, id));
}

async function centreDetail(tx: Tx, actor: Actor, id: number) {
  const centre = await repo.findCentre(tx, id);
  if (!centre) throw new AppError('NOT_FOUND', NOT_FOUND_CENTRE);
  const rooms = await repo.roomsOf(tx, [id]);
  const latest = await repo.latestChecks(
    tx,
    rooms.map((r) => r.id),
  );
  const own = await ownCentreId(tx);
  return { ...presentCentre(actor, centre, rooms, own), rooms: rooms.map((r) => presentRoom(r, latest)) };
}

interface CentreInput {
  name: string;
  code: string;
  address: string;
  contactName?: string | null;
  contactPhone?: string | null;
}

/**
 * A jurisdiction's 工考办 adds a centre of its own; the province adds its own centres (where 省直 and 中央驻豫
 * candidates sit) and reads all the others.
 */
export async function createCentre(deps: AppDeps, ctx: ServiceContext, input: CentreInput) {
  const { actor } = ctx;
  const creator = actor.role === 'jurisdiction_admin' || actor.role === 'province_admin';
  if (!creator || actor.orgNodeId === null || !actor.orgPath) {
    throw new AppError('FORBIDDEN', '考点由所在地区的工考办新建');
  }
  try {
    return await inScopedTx(deps.db, actor, async (tx) => {
      const node = await findNode(tx, actor.orgNodeId!);
      if (node?.kind !== (actor.role === 'province_admin' ? 'province' : 'jurisdiction')) {
        throw new AppError('FORBIDDEN', '考点由所在地区的工考办新建');
      }
      const now = deps.clock.now();
      const values = {
        name: input.name,
        code: input.code,
        address: input.address,
        contactName: input.contactName || null,
        contactPhone: input.contactPhone || null,
      };
      const id = await repo.insertCentre(tx, {
        ...values,
        orgNodeId: node.id,
        orgPath: node.path,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(
        tx,
        actor,
        ctx.meta,
        {
          entityType: 'test_centre',
          entityId: id,
          orgNodeId: node.id,
          orgPath: node.path,
          action: 'centre.create',
          summary: `新建考点「${input.code} ${input.name}」`,
          after: values,
        },
        now,
      );
      return centreDetail(tx, actor, id);
    });
  } catch (error) {
    uniqueError(error, input);
  }
}

export async function updateCentre(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
  input: Partial<CentreInput> & { active?: boolean },
) {
  try {
    return await inScopedTx(deps.db, ctx.actor, async (tx) => {
      const centre = await repo.findCentre(tx, id);
      if (!centre) throw new AppError('NOT_FOUND', NOT_FOUND_CENTRE);
      if (!powersOver(ctx.actor, centre, await ownCentreId(tx)).update) {
        throw new AppError('FORBIDDEN', '考点信息由所在地区的工考办修改');
      }
      const before = {
        name: centre.name,
        code: centre.code,
        address: centre.address,
        contactName: centre.contactName,
        contactPhone: centre.contactPhone,
        active: centre.active,
      };
      const after = {
        name: input.name ?? centre.name,
        code: input.code ?? centre.code,
        address: input.address ?? centre.address,
        contactName: input.contactName === undefined ? centre.contactName : input.contactName || null,
        contactPhone: input.contactPhone === undefined ? centre.contactPhone : input.contactPhone || null,
        active: input.active ?? centre.active,
      };
      const now = deps.clock.now();
      await repo.updateCentre(tx, id, { ...after, updatedAt: now });
      await recordAudit(
        tx,
        ctx.actor,
        ctx.meta,
        {
          entityType: 'test_centre',
          entityId: id,
          orgNodeId: centre.orgNodeId,
          orgPath: centre.orgPath,
          action: 'centre.update',
          summary: `修改考点「${after.code} ${after.name}」`,
          before,
          after,
        },
        now,
      );
      return centreDetail(tx, ctx.actor, id);
    });
  } catch (error) {
    uniqueError(error, input);
  }
}

// ─── Rooms ────────────────────────────────────────────────────────────────────────────────────────────────

async function roomDetail(tx: Tx, actor: Actor, id: number) {
  const room = await repo.findRoom(tx, id);
  if (!room) throw new AppError('NOT_FOUND', NOT_FOUND_ROOM);
  const centre = await repo.findCentre(tx, room.centreId);
  if (!centre) throw new AppError('NOT_FOUND', NOT_FOUND_ROOM);
  const latest = await repo.latestChecks(tx, [id]);
  const powers = powersOver(actor, centre, await ownCentreId(tx));
  return {
    ...presentRoom(room, latest),
    centreName: centre.name,
    centreCode: centre.code,
    abilities: { update: powers.manageRooms, check: powers.check && room.active && centre.active },
    latestChecks: latest.map(presentCheck),
  };
}

export function getRoom(deps: AppDeps, ctx: ServiceContext, id: number) {
  return inScopedTx(deps.db, ctx.actor, (tx) => roomDetail(tx, ctx.actor, id));
}

interface SeatMapInput {
  rows: number;
  columns: number;
  outOfUse: string[];
  spareShare: number;
}

export async function createRoom(
  deps: AppDeps,
  ctx: ServiceContext,
  centreId: number,
  input: { code: string; name: string; seatMap: SeatMapInput },
) {
  const map = checkedSeatMap(input.seatMap);
  try {
    return await inScopedTx(deps.db, ctx.actor, async (tx) => {
      const centre = await repo.findCentre(tx, centreId);
      if (!centre) throw new AppError('NOT_FOUND', NOT_FOUND_CENTRE);
      if (!powersOver(ctx.actor, centre, await ownCentreId(tx)).manageRooms) {
        throw new AppError('FORBIDDEN', '只能为本地区（或本考点）新建考场');
      }
      const now = deps.clock.now();
      const id = await repo.insertRoom(tx, {
        centreId,
        orgPath: centre.orgPath,
        code: input.code,
        name: input.name,
        seatRows: map.rows,
        seatColumns: map.columns,
        outOfUse: [...map.outOfUse],
        sparePerMille: Math.round(map.spareShare * 1000),
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(
        tx,
        ctx.actor,
        ctx.meta,
        {
          entityType: 'exam_room',
          entityId: id,
          orgNodeId: centre.orgNodeId,
          orgPath: centre.orgPath,
          action: 'room.create',
          summary: `为考点「${centre.name}」新建考场「${input.code} ${input.name}」（${map.rows}×${map.columns}，可容纳 ${capacity(map)} 人）`,
          after: { code: input.code, name: input.name, ...map },
        },
        now,
      );
      return roomDetail(tx, ctx.actor, id);
    });
  } catch (error) {
    uniqueError(error, input);
  }
}

export async function updateRoom(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
  input: { code?: string; name?: string; seatMap?: SeatMapInput; active?: boolean },
) {
  const map = input.seatMap ? checkedSeatMap(input.seatMap) : null;
  try {
    return await inScopedTx(deps.db, ctx.actor, async (tx) => {
      const room = await repo.findRoom(tx, id);
      const centre = room && (await repo.findCentre(tx, room.centreId));
      if (!room || !centre) throw new AppError('NOT_FOUND', NOT_FOUND_ROOM);
      if (!powersOver(ctx.actor, centre, await ownCentreId(tx)).manageRooms) {
        throw new AppError('FORBIDDEN', '只能修改本地区（或本考点）的考场');
      }
      const beforeMap = roomSeatMap(room);
      const afterMap = map ?? beforeMap;
      const before = { code: room.code, name: room.name, active: room.active, ...beforeMap };
      const after = {
        code: input.code ?? room.code,
        name: input.name ?? room.name,
        active: input.active ?? room.active,
        ...afterMap,
      };
      const now = deps.clock.now();
      await repo.updateRoom(tx, id, {
        code: after.code,
        name: after.name,
        active: after.active,
        seatRows: afterMap.rows,
        seatColumns: afterMap.columns,
        outOfUse: [...afterMap.outOfUse],
        sparePerMille: Math.round(afterMap.spareShare * 1000),
        updatedAt: now,
      });
      await recordAudit(
        tx,
        ctx.actor,
        ctx.meta,
        {
          entityType: 'exam_room',
          entityId: id,
          orgNodeId: centre.orgNodeId,
          orgPath: centre.orgPath,
          action: 'room.update',
          summary: `修改考点「${centre.name}」的考场「${after.code} ${after.name}」（可容纳 ${capacity(afterMap)} 人）`,
          before,
          after,
        },
        now,
      );
      return roomDetail(tx, ctx.actor, id);
    });
  } catch (error) {
    uniqueError(error, { code: input.code });
  }
}

// ─── Seat readiness checks ────────────────────────────────────────────────────────────────────────────────

export function seatCheckRequirements() {
  return {
    browsers: { ...MIN_BROWSER_VERSIONS },
    minScreen: { ...MIN_SCREEN },
    maxClockOffsetMs: MAX_CLOCK_OFFSET_MS,
    maxRoundTripMs: MAX_ROUND_TRIP_MS,
  };
}

/**
 * Records a check of one seat's PC: the page measured screen, clock offset and round trip; the browser is read
 * here from the request's user agent; the verdict is the domain's (judgeSeat).
 */
export function recordSeatCheck(
  deps: AppDeps,
  ctx: ServiceContext,
  roomId: number,
  input: { seatLabel: string; screenWidth: number; screenHeight: number; clockOffsetMs: number; roundTripMs: number },
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const room = await repo.findRoom(tx, roomId);
    const centre = room && (await repo.findCentre(tx, room.centreId));
    if (!room || !centre) throw new AppError('NOT_FOUND', NOT_FOUND_ROOM);
    if (!powersOver(ctx.actor, centre, await ownCentreId(tx)).check) {
      throw new AppError('FORBIDDEN', '只能检测本地区（或本考点）的机位');
    }
    if (!room.active || !centre.active) throw new AppError('ROOM_INACTIVE', '考场或考点已停用，不能检测');
    const map = roomSeatMap(room);
    const seat = seatIn(map, input.seatLabel);
    if (!seat) throw new AppError('SEAT_OUTSIDE_ROOM', `座位「${input.seatLabel}」不在考场「${room.name}」的座位图内`);
    if (map.outOfUse.includes(seat.label)) {
      throw new AppError('SEAT_OUT_OF_USE', `座位 ${seat.label} 已停用；如已修好，请先在考场座位图中启用`);
    }
    const browser = parseUserAgent(ctx.meta.userAgent);
    const reasons = judgeSeat({ ...input, browser });
    const now = deps.clock.now();
    const row = await repo.insertSeatCheck(tx, {
      roomId,
      centreId: centre.id,
      orgPath: centre.orgPath,
      seatLabel: seat.label,
      checkedAt: now,
      result: reasons.length === 0 ? 'ok' : 'failed',
      reasons,
      browser: browser.label,
      userAgent: ctx.meta.userAgent?.slice(0, 500) ?? null,
      screenWidth: input.screenWidth,
      screenHeight: input.screenHeight,
      clockOffsetMs: input.clockOffsetMs,
      roundTripMs: input.roundTripMs,
      checkedBy: ctx.actor.accountId,
      checkedByName: ctx.actor.displayName,
    });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'exam_room',
        entityId: roomId,
        orgNodeId: centre.orgNodeId,
        orgPath: centre.orgPath,
        action: 'seat_check.record',
        summary: `机位检测 ${centre.name} ${room.name} ${seat.label}：${reasons.length === 0 ? '通过' : `未通过（${reasons.join('；')}）`}`,
        after: {
          seatLabel: seat.label,
          result: row.result,
          browser: browser.label,
          screen: `${input.screenWidth}x${input.screenHeight}`,
          clockOffsetMs: input.clockOffsetMs,
          roundTripMs: input.roundTripMs,
        },
      },
      now,
    );
    return presentCheck(row);
  });
}
