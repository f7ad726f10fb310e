// Result tracks (结果批次): one yearly campaign has two result cycles (notice-2017.txt (五) and (六); rules.md §8):
// 五级至二级 sit the computer-based exams in June to September, their results are released, publicised (公示) and
// notified first; 一级（高级技师） is evaluated in September to November (two theory papers and a panel review, rules.md
// §6) and released, publicised and certified on its own. Each track has its own release, publicity and certificate
// gate, so the first track's release never freezes the second's results. Pure: server and web read it.

export const RESULT_TRACKS = ['regular', 'grade1'] as const;
export type ResultTrack = (typeof RESULT_TRACKS)[number];

export const RESULT_TRACK_LABELS: Readonly<Record<ResultTrack, string>> = {
  regular: '五级至二级',
  grade1: '一级（高级技师）',
};

/** Short labels for switches and tabs. */
export const RESULT_TRACK_SHORT_LABELS: Readonly<Record<ResultTrack, string>> = {
  regular: '五级至二级',
  grade1: '一级',
};

/** The track a grade's results belong to: 一级 its own, every other grade (五 to 二) the regular one. */
export function trackOfGrade(grade: number): ResultTrack {
  return grade === 1 ? 'grade1' : 'regular';
}

/** The grades of a track (5 … 2, or 1). */
export function gradesOfTrack(track: ResultTrack): readonly number[] {
  return track === 'grade1' ? [1] : [5, 4, 3, 2];
}

export function isResultTrack(value: unknown): value is ResultTrack {
  return value === 'regular' || value === 'grade1';
}
