/** 考场编排 (seating) of docs/api-seating.md: the run and its report, rooms × sessions, assignments, moves. */
import { api, type QueryValue } from './client';

export interface SeatingCounts {
  candidates: number;
  eligible: number;
  seated: number;
  unseated: number;
  pinnedKept: number;
  previousKept: number;
  placed: number;
  unitNeighbours: number;
  splitGroups: number;
}

export interface SeatingRunOptions {
  moveNotified?: boolean;
  fresh?: boolean;
}

export interface SeatingJobResult {
  kind: 'seating';
  runId: number;
  counts: SeatingCounts;
}

export interface SeatingCapacityRow {
  jurisdictionId: number;
  jurisdictionName: string;
  needed: number;
  available: number;
  seated: number;
  shortfall: number;
  sessions: { sessionId: number; sessionName: string; available: number; seated: number }[];
}

export interface SeatingUnseated {
  applicationId: number;
  name: string;
  idNumberMasked: string;
  unitName: string;
  jobTypeName: string;
  grade: number;
  jurisdictionName: string;
  code: string;
  message: string;
  ineligibleReason?: string | null;
}

export interface SeatingPinnedProblem {
  applicationId: number;
  name: string;
  unitName: string;
  code: string;
  message: string;
  reseated: boolean;
}

export interface SeatingRun {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  startedByName: string | null;
  options: { moveNotified: boolean; fresh: boolean };
  counts: SeatingCounts;
}

/** `run` null before the first run; the lists come with a run. */
export interface SeatingLatest {
  run: SeatingRun | null;
  capacity?: SeatingCapacityRow[];
  unseated?: SeatingUnseated[];
  pinnedProblems?: SeatingPinnedProblem[];
}

export interface SeatingSession {
  id: number;
  name: string;
  sessionDate: string;
  startTime: string;
}

export interface SeatingRoomRow {
  sessionId: number;
  roomId: number;
  roomName: string;
  roomCode: string;
  centreId: number;
  centreName: string;
  centreCode: string;
  jurisdictionName: string;
  examRoomNumber: string | null;
  seated: number;
  capacity: number;
  spare: number;
  notified: number;
}

export interface SeatingRooms {
  totals: { confirmed: number; seated: number; notified: number; unseated: number };
  sessions: SeatingSession[];
  rooms: SeatingRoomRow[];
}

export interface SeatingAssignment {
  applicationId: number;
  name: string;
  idNumberMasked: string;
  unitName: string;
  jobTypeName: string;
  grade: number;
  sessionId: number;
  sessionName: string;
  centreId: number;
  centreName: string;
  roomId: number;
  roomName: string;
  examRoomNumber: string | null;
  seat: number;
  seatLabel: string;
  ticketNumber: string;
  source: 'auto' | 'manual';
  notifiedAt: string | null;
}

export interface SeatingAssignmentQuery {
  page: number;
  pageSize: number;
  q?: string;
  sessionId?: number;
  centreId?: number;
  roomId?: number;
  notified?: boolean;
}

export interface SeatingRoomSeat {
  seat: number;
  seatLabel: string;
  applicationId: number;
  name: string;
  unitName: string;
  jobTypeName: string;
  grade: number;
  ticketNumber: string;
  notified: boolean;
}

export interface SeatingRoomView {
  room: {
    id: number;
    name: string;
    code: string;
    rows: number;
    columns: number;
    outOfUse: string[];
    spare: string[];
    centre: { id: number; name: string; code: string; address: string | null };
  };
  session: SeatingSession;
  examRoomNumber: string | null;
  seats: SeatingRoomSeat[];
}

export interface SeatingMoveBody {
  applicationId: number;
  sessionId: number;
  roomId: number;
  seatLabel: string;
  reason: string;
  /** Must be true when the candidate was notified: the move means notifying them again. */
  confirmNotified?: boolean;
  /** Allows a spare seat (a PC failed). */
  allowSpare?: boolean;
}

export interface SeatingSwapBody {
  applicationIdA: number;
  applicationIdB: number;
  reason: string;
  confirmNotified?: boolean;
  allowSpare?: boolean;
}

export const seatingKeys = {
  all: ['seating'] as const,
  latest: (campaignId: number) => ['seating', 'latest', campaignId] as const,
  rooms: (campaignId: number) => ['seating', 'rooms', campaignId] as const,
  assignments: (campaignId: number, query: SeatingAssignmentQuery) =>
    ['seating', 'assignments', campaignId, query] as const,
  room: (roomId: number, sessionId: number) => ['seating', 'room', roomId, sessionId] as const,
};

const roomPath = (roomId: number, sessionId: number) => `/api/seating/rooms/${roomId}/sessions/${sessionId}`;

export const seatingApi = {
  run: (campaignId: number, options: SeatingRunOptions) =>
    api.post<{ jobId: string }>(`/api/campaigns/${campaignId}/seating/runs`, options),
  latest: (campaignId: number) => api.get<SeatingLatest>(`/api/campaigns/${campaignId}/seating/runs/latest`),
  rooms: (campaignId: number) => api.get<SeatingRooms>(`/api/campaigns/${campaignId}/seating/rooms`),
  assignments: (campaignId: number, query: SeatingAssignmentQuery) =>
    api.get<{ items: SeatingAssignment[]; total: number }>(
      `/api/campaigns/${campaignId}/seating/assignments`,
      query as unknown as Record<string, QueryValue>,
    ),
  room: (roomId: number, sessionId: number) => api.get<SeatingRoomView>(roomPath(roomId, sessionId)),
  move: (body: SeatingMoveBody) => api.post<{ assignment: SeatingAssignment }>('/api/seating/move', body),
  swap: (body: SeatingSwapBody) => api.post<{ a: SeatingAssignment; b: SeatingAssignment }>('/api/seating/swap', body),
  publish: (campaignId: number, expectedCount: number) =>
    api.post<{ notified: number }>(`/api/campaigns/${campaignId}/seating/publish`, { expectedCount }),
  doorListUrl: (roomId: number, sessionId: number) => `${roomPath(roomId, sessionId)}/door-list.pdf`,
  signInSheetUrl: (roomId: number, sessionId: number) => `${roomPath(roomId, sessionId)}/sign-in-sheet.pdf`,
};
