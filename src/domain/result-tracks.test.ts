import { describe, expect, it } from 'vitest';
import { gradesOfTrack, isResultTrack, RESULT_TRACK_LABELS, RESULT_TRACKS, trackOfGrade } from './result-tracks.js';

describe('result tracks', () => {
  it('puts 一级 on its own track and 五级 to 二级 on the regular one', () => {
    expect(trackOfGrade(1)).toBe('grade1');
    expect([5, 4, 3, 2].map(trackOfGrade)).toEqual(['regular', 'regular', 'regular', 'regular']);
  });

  it('lists the grades of each track, every grade on exactly one', () => {
    expect(gradesOfTrack('grade1')).toEqual([1]);
    expect(gradesOfTrack('regular')).toEqual([5, 4, 3, 2]);
    for (const grade of [1, 2, 3, 4, 5]) {
      expect(RESULT_TRACKS.filter((t) => gradesOfTrack(t).includes(grade))).toEqual([trackOfGrade(grade)]);
    }
  });

  it('labels both tracks and recognises only them', () => {
    expect(RESULT_TRACK_LABELS).toEqual({ regular: '五级至二级', grade1: '一级（高级技师）' });
    expect(isResultTrack('grade1')).toBe(true);
    expect(isResultTrack('regular')).toBe(true);
    expect(isResultTrack('all')).toBe(false);
    expect(isResultTrack(1)).toBe(false);
  });
});
