/** 考点、考场和机位检测 of docs/api-centres.md. */
import type {
  Centre,
  CentreDetail,
  CentreListQuery,
  CentreListResponse,
  CreateCentreBody,
  CreateRoomBody,
  RecordSeatCheckBody,
  RoomDetail,
  SeatCheck,
  SeatCheckRequirements,
  UpdateCentreBody,
  UpdateRoomBody,
} from '../../server/modules/centres/centres.schemas';
import { api, type QueryValue } from './client';

export type { Centre, CentreDetail, CentreListResponse, RoomDetail, SeatCheck, SeatCheckRequirements };

export const centreKeys = {
  all: ['centres'] as const,
  list: (params: CentreListQuery) => ['centres', 'list', params] as const,
  detail: (id: number) => ['centres', 'detail', id] as const,
  room: (id: number) => ['centres', 'room', id] as const,
};

export const centreApi = {
  list: (params: CentreListQuery) => api.get<CentreListResponse>('/api/centres', params as Record<string, QueryValue>),
  get: (id: number) => api.get<CentreDetail>(`/api/centres/${id}`),
  create: (body: CreateCentreBody) => api.post<CentreDetail>('/api/centres', body),
  update: (id: number, body: UpdateCentreBody) => api.patch<CentreDetail>(`/api/centres/${id}`, body),
  createRoom: (centreId: number, body: CreateRoomBody) => api.post<RoomDetail>(`/api/centres/${centreId}/rooms`, body),
  room: (id: number) => api.get<RoomDetail>(`/api/rooms/${id}`),
  updateRoom: (id: number, body: UpdateRoomBody) => api.patch<RoomDetail>(`/api/rooms/${id}`, body),
  recordCheck: (roomId: number, body: RecordSeatCheckBody) =>
    api.post<SeatCheck>(`/api/rooms/${roomId}/seat-checks`, body),
  serverTime: () => api.get<{ serverTime: number }>('/api/seat-check/time'),
  requirements: () => api.get<SeatCheckRequirements>('/api/seat-check/requirements'),
};
