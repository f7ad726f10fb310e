import { describe, expect, it } from 'vitest';
import { countStates, disconnectedSeconds, durationText, liveState, openSubjectOf } from './proctoring.js';

const at = (iso: string) => new Date(iso);
const subjects = [
  { opensAt: at('2027-06-12T01:00:00Z'), deadlineAt: at('2027-06-12T02:00:00Z'), submittedAt: null as Date | null },
  { opensAt: at('2027-06-12T02:20:00Z'), deadlineAt: at('2027-06-12T03:20:00Z'), submittedAt: null as Date | null },
];

describe('a seat as the proctor sees it', () => {
  it('reads the state from the attempt and its subjects', () => {
    expect(liveState(null, [], at('2027-06-12T01:10:00Z'), null)).toBe('not_signed_in');
    expect(liveState('waiting', subjects, at('2027-06-12T01:10:00Z'), null)).toBe('waiting');
    expect(liveState('admitted', subjects, at('2027-06-12T00:50:00Z'), null)).toBe('admitted');
    expect(liveState('admitted', subjects, at('2027-06-12T01:10:00Z'), null)).toBe('answering');
    const first = [{ ...subjects[0]!, submittedAt: at('2027-06-12T01:40:00Z') }, subjects[1]!];
    expect(liveState('admitted', first, at('2027-06-12T02:00:00Z'), null)).toBe('admitted');
    const both = first.map((s) => ({ ...s, submittedAt: at('2027-06-12T03:00:00Z') }));
    expect(liveState('admitted', both, at('2027-06-12T03:10:00Z'), null)).toBe('finished');
    expect(liveState('absent', [], at('2027-06-12T03:10:00Z'), null)).toBe('absent');
    expect(liveState('stopped', subjects, at('2027-06-12T03:10:00Z'), null)).toBe('stopped');
  });

  it('keeps the state at the pause while the room is paused', () => {
    // Paused before the first subject opened: still not answering at 01:10.
    expect(liveState('admitted', subjects, at('2027-06-12T01:10:00Z'), at('2027-06-12T00:55:00Z'))).toBe('admitted');
    expect(openSubjectOf(subjects, at('2027-06-12T01:10:00Z'), null)).toBe(subjects[0]);
  });

  it('calls a client gone only after 45 s and only while it should be reporting', () => {
    const now = at('2027-06-12T01:10:00Z');
    expect(disconnectedSeconds(at('2027-06-12T01:09:20Z'), 'answering', now)).toBeNull();
    expect(disconnectedSeconds(at('2027-06-12T01:09:15Z'), 'answering', now)).toBe(45);
    expect(disconnectedSeconds(at('2027-06-12T01:00:00Z'), 'finished', now)).toBeNull();
    expect(disconnectedSeconds(null, 'waiting', now)).toBeNull();
  });

  it('words durations and counts states', () => {
    expect(durationText(5)).toBe('5秒');
    expect(durationText(192)).toBe('3分12秒');
    expect(durationText(3900)).toBe('1小时5分');
    expect(countStates(['waiting', 'waiting', 'absent'])).toMatchObject({ waiting: 2, absent: 1, answering: 0 });
  });
});
