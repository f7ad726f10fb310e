import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptsSaves,
  answerPattern,
  beijingDate,
  beijingInstant,
  candidateSubmitRefusal,
  examDaySettings,
  giveTime,
  isDue,
  isValidAnswer,
  mayStopForOutage,
  remainingMs,
  scoreAnswers,
  subjectState,
  subjectWindows,
} from './exam.js';

const at = (iso: string) => new Date(iso);
const SESSION = {
  date: '2027-06-12',
  startTime: '09:00',
  subjects: [
    { subject: 'skill' as const, durationMinutes: 60, breakAfterMinutes: 20 },
    { subject: 'ethics' as const, durationMinutes: 60, breakAfterMinutes: 20 },
    { subject: 'ability' as const, durationMinutes: 60, breakAfterMinutes: 0 },
  ],
};

describe('clocks', () => {
  it('reads Beijing time as UTC+8', () => {
    expect(beijingInstant('2027-06-12', 9 * 60).toISOString()).toBe('2027-06-12T01:00:00.000Z');
    expect(beijingDate(at('2027-06-12T16:30:00Z'))).toBe('2027-06-13');
  });

  it('opens each subject after the durations and breaks before it, shifted by time already given', () => {
    const w = subjectWindows(SESSION);
    expect(w.map((s) => [s.subject, s.position, s.opensAt.toISOString(), s.deadlineAt.toISOString()])).toEqual([
      ['skill', 1, '2027-06-12T01:00:00.000Z', '2027-06-12T02:00:00.000Z'],
      ['ethics', 2, '2027-06-12T02:20:00.000Z', '2027-06-12T03:20:00.000Z'],
      ['ability', 3, '2027-06-12T03:40:00.000Z', '2027-06-12T04:40:00.000Z'],
    ]);
    expect(subjectWindows(SESSION, 300)[0]!.opensAt.toISOString()).toBe('2027-06-12T01:05:00.000Z');
  });

  it('gives time to the open subject and moves the later ones whole, never the submitted', () => {
    const clocks = subjectWindows(SESSION).map((w) => ({ ...w, submittedAt: null as Date | null }));
    const now = at('2027-06-12T01:30:00Z');
    const given = giveTime(clocks, 600, now);
    expect(given[0]!.opensAt).toEqual(clocks[0]!.opensAt);
    expect(given[0]!.deadlineAt.toISOString()).toBe('2027-06-12T02:10:00.000Z');
    expect(given[1]!.opensAt.toISOString()).toBe('2027-06-12T02:30:00.000Z');
    expect(given[1]!.deadlineAt.toISOString()).toBe('2027-06-12T03:30:00.000Z');
    const submitted = [{ ...clocks[0]!, submittedAt: now }, ...clocks.slice(1)];
    expect(giveTime(submitted, 600, now)[0]).toEqual(submitted[0]);
    expect(() => giveTime(clocks, 0, now)).toThrow(RangeError);
    expect(() => giveTime(clocks, -60, now)).toThrow(RangeError);
  });

  it('never shortens any window and keeps the breaks (property)', () => {
    const clocks = subjectWindows(SESSION).map((w) => ({ ...w, submittedAt: null as Date | null }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 14_400 }), fc.integer({ min: 0, max: 5 * 3600 }), (seconds, offset) => {
        const now = new Date(clocks[0]!.opensAt.getTime() - 1800_000 + offset * 1000);
        const given = giveTime(clocks, seconds, now);
        given.forEach((g, i) => {
          const before = clocks[i]!;
          expect(g.deadlineAt.getTime() - g.opensAt.getTime()).toBeGreaterThanOrEqual(
            before.deadlineAt.getTime() - before.opensAt.getTime(),
          );
          expect(remainingMs(g, now)).toBeGreaterThanOrEqual(remainingMs(before, now));
          if (i > 0) expect(g.opensAt.getTime() - given[i - 1]!.deadlineAt.getTime()).toBeGreaterThanOrEqual(0);
        });
      }),
    );
  });

  it('freezes the remaining time while the room is paused', () => {
    const s = { ...subjectWindows(SESSION)[0]!, submittedAt: null };
    const pausedAt = at('2027-06-12T01:40:00Z');
    expect(remainingMs(s, at('2027-06-12T01:50:00Z'), pausedAt)).toBe(20 * 60_000);
    expect(remainingMs(s, at('2027-06-12T01:50:00Z'))).toBe(10 * 60_000);
    expect(remainingMs(s, at('2027-06-12T00:50:00Z'))).toBe(60 * 60_000);
    expect(subjectState(s, at('2027-06-12T00:59:59Z'))).toBe('upcoming');
    expect(subjectState(s, at('2027-06-12T03:00:00Z'))).toBe('open');
    expect(subjectState({ ...s, submittedAt: pausedAt }, pausedAt)).toBe('submitted');
  });

  it('takes saves until the grace ends and is due for submit after it, unless paused', () => {
    const s = { ...subjectWindows(SESSION)[0]!, submittedAt: null };
    expect(acceptsSaves(s, at('2027-06-12T00:59:59Z'), 30)).toBe(false);
    expect(acceptsSaves(s, at('2027-06-12T02:00:29Z'), 30)).toBe(true);
    expect(acceptsSaves(s, at('2027-06-12T02:00:30Z'), 30)).toBe(false);
    expect(isDue(s, at('2027-06-12T02:00:29Z'), 30, null)).toBe(false);
    expect(isDue(s, at('2027-06-12T02:00:30Z'), 30, null)).toBe(true);
    expect(isDue(s, at('2027-06-12T02:00:30Z'), 30, at('2027-06-12T01:59:00Z'))).toBe(false);
  });

  it('refuses a hand-in before the subject opens, before the earliest hand-in and while paused', () => {
    const s = { ...subjectWindows(SESSION)[0]!, submittedAt: null };
    expect(candidateSubmitRefusal(s, at('2027-06-12T00:59:00Z'), 30, null)).toBe('EXAM_SUBJECT_NOT_OPEN');
    expect(candidateSubmitRefusal(s, at('2027-06-12T01:29:59Z'), 30, null)).toBe('EXAM_TOO_EARLY');
    expect(candidateSubmitRefusal(s, at('2027-06-12T01:30:00Z'), 30, null)).toBeNull();
    expect(candidateSubmitRefusal(s, at('2027-06-12T01:40:00Z'), 30, at('2027-06-12T01:35:00Z'))).toBe('EXAM_PAUSED');
    expect(candidateSubmitRefusal({ ...s, submittedAt: s.opensAt }, s.opensAt, 30, null)).toBeNull();
  });

  it('lets a session stop only after the outage limit', () => {
    const pausedAt = at('2027-06-12T01:00:00Z');
    expect(mayStopForOutage(null, pausedAt, 45)).toBe(false);
    expect(mayStopForOutage(pausedAt, at('2027-06-12T01:44:59Z'), 45)).toBe(false);
    expect(mayStopForOutage(pausedAt, at('2027-06-12T01:45:00Z'), 45)).toBe(true);
  });
});

describe('answers', () => {
  it.each([
    ['single', 4, '', true],
    ['single', 4, 'D', true],
    ['single', 4, 'E', false],
    ['single', 4, 'AB', false],
    ['multiple', 4, 'ACD', true],
    ['multiple', 4, 'CA', false],
    ['multiple', 4, 'AA', false],
    ['multiple', 5, 'ABCDE', true],
    ['multiple', 4, 'ABCDE', false],
    ['true_false', 0, 'T', true],
    ['true_false', 0, 'A', false],
  ] as const)('%s with %i options takes %j: %s', (type, count, answer, ok) => {
    expect(isValidAnswer(type, count, answer)).toBe(ok);
  });

  it('answer patterns take exactly the answers isValidAnswer takes', () => {
    const types = ['single', 'multiple', 'true_false'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.integer({ min: 2, max: 6 }),
        fc.stringMatching(/^[A-FTX]{0,7}$/),
        (type, count, answer) => {
          const options = type === 'true_false' ? 0 : count;
          expect(new RegExp(answerPattern(type, options)).test(answer)).toBe(isValidAnswer(type, options, answer));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('scores exact answers only, in hundredths', () => {
    const items = [
      { points: 0.5, key: 'B' },
      { points: 1.5, key: 'ACD' },
      { points: 1, key: 'T' },
      { points: 0.1, key: 'A' },
      { points: 0.2, key: 'A' },
    ];
    const answers = new Map([
      [1, 'B'],
      [2, 'AC'],
      [3, 'T'],
      [4, 'A'],
      [5, 'A'],
    ]);
    expect(scoreAnswers(items, answers)).toEqual({ score: 1.8, correct: 4, answered: 5, itemCount: 5 });
    expect(scoreAnswers(items, new Map([[2, '']]))).toEqual({ score: 0, correct: 0, answered: 0, itemCount: 5 });
  });
});

describe('campaign settings', () => {
  it('fills the defaults of the exam-day settings and keeps what is set', () => {
    expect(examDaySettings({ subjects: [] })).toEqual({
      autoAdmit: false,
      showScoreOnSubmit: true,
      outageLimitMinutes: 45,
      submitGraceSeconds: 30,
    });
    expect(
      examDaySettings({ autoAdmit: true, showScoreOnSubmit: false, outageLimitMinutes: 60, submitGraceSeconds: 0 }),
    ).toEqual({ autoAdmit: true, showScoreOnSubmit: false, outageLimitMinutes: 60, submitGraceSeconds: 0 });
    expect(examDaySettings(null).submitGraceSeconds).toBe(30);
  });
});
