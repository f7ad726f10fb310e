/** 考场编排 (seating) of docs/api-seating.md: the run and its report, rooms × sessions, assignments, moves. */
import type {
  AssignmentItem,
  AssignmentsPage,
  AssignmentsQuery,
  LatestRun,
  MoveBody,
  PinnedProblemRow,
  RoomSeats,
  RunBody,
  SeatingCapacityRow,
  SeatingCountsView,
  SeatingRooms,
  SeatingRunResult,
  SwapBody,
  UnseatedRow,
} from '../../server/modules/seating/seating.schemas';
import { api, type QueryValue } from './client';

export type SeatingCounts = SeatingCountsView;
export type SeatingRunOptions = RunBody;
export type SeatingJobResult = SeatingRunResult;
export type SeatingLatest = LatestRun;
export type SeatingRun = NonNullable<LatestRun['run']>;
export type SeatingUnseated = UnseatedRow;
export type SeatingPinnedProblem = PinnedProblemRow;
export type SeatingRoomRow = SeatingRooms['rooms'][number];
export type SeatingAssignment = AssignmentItem;
/** The query as the page builds it (the server reads the same names from the address). */
export type SeatingAssignmentQuery = Partial<AssignmentsQuery> & { page: number; pageSize: number };
export type SeatingRoomView = RoomSeats;
export type SeatingRoomSeat = RoomSeats['seats'][number];
export type SeatingMoveBody = MoveBody;
export type SeatingSwapBody = SwapBody;
export type { SeatingCapacityRow, SeatingRooms };

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
    api.get<AssignmentsPage>(
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
