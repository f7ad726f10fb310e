/** 监考与巡视 (the proctor's console and inspection) of docs/api-exam-day.md. */
import type {
  ActionResponse,
  AdmitBody,
  AssignableProctors,
  AssignResponse,
  CandidateBody,
  EndIncidentBody,
  ExamEventView,
  ForceSubmitBody,
  IncidentBody,
  Inspection,
  LiveSeat,
  MoveBody,
  MyRooms,
  ProctoringSessions,
  ProctorRoomItem,
  ReasonBody,
  RoomView,
  SessionRooms,
  TimeBody,
  ViolationBody,
} from '../../server/modules/proctoring/proctoring.schemas';
import { api, request } from './client';

export type {
  AssignableProctors,
  ExamEventView,
  Inspection,
  LiveSeat,
  MyRooms,
  ProctoringSessions,
  ProctorRoomItem,
  RoomView,
  SessionRooms,
};

export const proctorKeys = {
  all: ['proctoring'] as const,
  sessions: ['proctoring', 'sessions'] as const,
  mine: ['proctoring', 'mine'] as const,
  sessionRooms: (sessionId: number) => ['proctoring', 'session-rooms', sessionId] as const,
  assignable: (sessionId: number, roomId: number) => ['proctoring', 'assignable', sessionId, roomId] as const,
  room: (sessionId: number, roomId: number) => ['proctoring', 'room', sessionId, roomId] as const,
  inspection: (sessionId: number) => ['proctoring', 'inspection', sessionId] as const,
};

const roomPath = (sessionId: number, roomId: number) => `/api/proctoring/sessions/${sessionId}/rooms/${roomId}`;

export const proctorApi = {
  sessions: () => api.get<ProctoringSessions>('/api/proctoring/sessions'),
  mine: () => api.get<MyRooms>('/api/proctoring/my-rooms'),
  sessionRooms: (sessionId: number) => api.get<SessionRooms>(`/api/proctoring/sessions/${sessionId}/rooms`),
  assignable: (sessionId: number, roomId: number) =>
    api.get<AssignableProctors>(`${roomPath(sessionId, roomId)}/assignable-proctors`),
  assign: (sessionId: number, roomId: number, accountId: number) =>
    api.post<AssignResponse>(`${roomPath(sessionId, roomId)}/proctors`, { accountId }),
  unassign: (sessionId: number, roomId: number, accountId: number) =>
    request<AssignResponse>(`${roomPath(sessionId, roomId)}/proctors/${accountId}`, { method: 'DELETE' }),
  room: (sessionId: number, roomId: number) => api.get<RoomView>(roomPath(sessionId, roomId)),
  photoUrl: (sessionId: number, roomId: number, applicationId: number) =>
    `${roomPath(sessionId, roomId)}/candidates/${applicationId}/photo`,
  reportUrl: (sessionId: number, roomId: number) => `${roomPath(sessionId, roomId)}/report.pdf`,
  admit: (s: number, r: number, body: AdmitBody) => api.post<ActionResponse>(`${roomPath(s, r)}/admit`, body),
  takeover: (s: number, r: number, body: CandidateBody) => api.post<ActionResponse>(`${roomPath(s, r)}/takeover`, body),
  move: (s: number, r: number, body: MoveBody) => api.post<ActionResponse>(`${roomPath(s, r)}/move`, body),
  time: (s: number, r: number, body: TimeBody) => api.post<ActionResponse>(`${roomPath(s, r)}/time`, body),
  pause: (s: number, r: number, body: ReasonBody) => api.post<ActionResponse>(`${roomPath(s, r)}/pause`, body),
  resume: (s: number, r: number, body: ReasonBody) => api.post<ActionResponse>(`${roomPath(s, r)}/resume`, body),
  stop: (s: number, r: number, body: ReasonBody) => api.post<ActionResponse>(`${roomPath(s, r)}/stop`, body),
  absent: (s: number, r: number, body: CandidateBody) => api.post<ActionResponse>(`${roomPath(s, r)}/absent`, body),
  forceSubmit: (s: number, r: number, body: ForceSubmitBody) =>
    api.post<ActionResponse>(`${roomPath(s, r)}/force-submit`, body),
  violation: (s: number, r: number, body: ViolationBody) =>
    api.post<ActionResponse>(`${roomPath(s, r)}/violations`, body),
  incident: (s: number, r: number, body: IncidentBody) => api.post<ActionResponse>(`${roomPath(s, r)}/incidents`, body),
  endIncident: (s: number, r: number, eventId: number, body: EndIncidentBody) =>
    api.post<ActionResponse>(`${roomPath(s, r)}/incidents/${eventId}/end`, body),
  recovery: (s: number, r: number, file: File, reason: string) => {
    const form = new FormData();
    form.append('reason', reason);
    form.append('file', file);
    return request<ActionResponse>(`${roomPath(s, r)}/recovery`, { method: 'POST', form });
  },
  inspection: (sessionId: number) => api.get<Inspection>(`/api/inspection/sessions/${sessionId}/rooms`),
};
