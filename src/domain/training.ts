// Training (培训, April to July, rules.md §8): classes per jurisdiction, their sittings (课次) and attendance (考勤).
// Pure rules: whether a candidate completed a class. Seating reads the campaign's trainingRequiredForSeating switch
// and, when it is on, leaves out whoever trainingStatus says has not completed, naming the reason.

export const ATTENDANCE_STATUSES = ['present', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_LABELS: Readonly<Record<AttendanceStatus, string>> = {
  present: '出勤',
  absent: '缺勤',
  excused: '请假',
};

/** The campaign's default: attend at least 80 % of a class's sittings. */
export const DEFAULT_REQUIRED_SHARE = 0.8;

export interface TrainingSettings {
  /** Seating leaves out candidates who have not completed training. */
  trainingRequiredForSeating: boolean;
  /** Share of sittings to attend, 0 < share ≤ 1. */
  requiredShare: number;
}

export const defaultTrainingSettings = (): TrainingSettings => ({
  trainingRequiredForSeating: false,
  requiredShare: DEFAULT_REQUIRED_SHARE,
});

export interface AttendanceRecord {
  sittingId: number;
  status: AttendanceStatus;
}

export type TrainingReason = 'NOT_ENROLLED' | 'NO_SITTINGS' | 'TOO_FEW_ATTENDED';

export interface TrainingStatus {
  completed: boolean;
  attended: number;
  sittings: number;
  /** Sittings needed: ⌈share × sittings⌉. */
  required: number;
  reason: TrainingReason | null;
  /** Chinese, for the seating report and the class page; null when completed. */
  reasonText: string | null;
}

/** Sittings one must attend out of `sittings` at `share` (an exact share rounds up, 80 % of 5 is 4). */
export function requiredSittings(sittings: number, share: number): number {
  // The epsilon keeps 0.8 × 5 (4.000000000000001 in binary) at 4 rather than rounding it up to 5.
  return Math.ceil(share * sittings - 1e-9);
}

/**
 * Completed when the candidate attended (出勤) at least the required share of the class's sittings; 请假 and 缺勤 do
 * not count. `attendance` is the candidate's records; `sittingIds` the class's sittings, or null when the
 * candidate is in no class.
 */
export function trainingStatus(
  attendance: readonly AttendanceRecord[],
  sittingIds: readonly number[] | null,
  requiredShare: number,
): TrainingStatus {
  if (sittingIds === null) {
    return {
      completed: false,
      attended: 0,
      sittings: 0,
      required: 0,
      reason: 'NOT_ENROLLED',
      reasonText: '未参加培训班',
    };
  }
  const ids = new Set(sittingIds);
  const present = new Set(
    attendance.filter((a) => a.status === 'present' && ids.has(a.sittingId)).map((a) => a.sittingId),
  );
  const required = requiredSittings(ids.size, requiredShare);
  if (ids.size === 0) {
    return {
      completed: false,
      attended: 0,
      sittings: 0,
      required: 0,
      reason: 'NO_SITTINGS',
      reasonText: '培训班尚未安排课次',
    };
  }
  const completed = present.size >= required;
  return {
    completed,
    attended: present.size,
    sittings: ids.size,
    required,
    reason: completed ? null : 'TOO_FEW_ATTENDED',
    reasonText: completed ? null : `培训出勤 ${present.size}/${ids.size} 次，未达到要求的 ${required} 次`,
  };
}
