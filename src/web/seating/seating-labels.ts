/** Small words and addresses the seating pages share. */

const GRADE_WORDS = ['一级', '二级', '三级', '四级', '五级'];

/** 一级 … 五级 (the applied grade 1–5). */
export function gradeShort(grade: number): string {
  return GRADE_WORDS[grade - 1] ?? `${grade}级`;
}

/** The per-room view (考场座次) of one room in one session. */
export function roomPath(roomId: number, sessionId: number): string {
  return `/seating/rooms/${roomId}/sessions/${sessionId}`;
}
