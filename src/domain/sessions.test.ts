import { describe, expect, it } from 'vitest';
import {
  defaultSessionSubjects,
  formatTime,
  isGrade1Session,
  parseTime,
  type SessionContext,
  type SessionPlan,
  sessionGrades,
  sessionTimeline,
  validateSession,
} from './sessions.js';

const plan = (over: Partial<SessionPlan> = {}): SessionPlan => ({
  date: '2017-06-10',
  startTime: '08:30',
  subjects: [
    { subject: 'skill', durationMinutes: 60, breakAfterMinutes: 20 },
    { subject: 'ethics', durationMinutes: 60, breakAfterMinutes: 20 },
    { subject: 'ability', durationMinutes: 60, breakAfterMinutes: 15 },
  ],
  lateEntryMinutes: 15,
  earliestHandInMinutes: 30,
  ...over,
});
const context: SessionContext = { examWindow: { startsOn: '2017-06-01', endsOn: '2017-09-30' }, others: [] };
const codes = (p: SessionPlan, c = context) => validateSession(p, c).map((x) => x.code);

describe('times', () => {
  it('parses and formats HH:MM', () => {
    expect(parseTime('08:30')).toBe(510);
    expect(parseTime('23:59')).toBe(1439);
    expect(parseTime('24:00')).toBeNull();
    expect(parseTime('8:30')).toBeNull();
    expect(formatTime(510)).toBe('08:30');
    expect(formatTime(1500)).toBe('次日01:00');
  });
});

describe('sessionTimeline', () => {
  it('gives each subject its start and end and ignores the last break', () => {
    expect(sessionTimeline(plan())).toEqual({
      startsAt: '08:30',
      endsAt: '12:10',
      subjects: [
        { subject: 'skill', label: '岗位技能', startsAt: '08:30', endsAt: '09:30', breakAfterMinutes: 20 },
        { subject: 'ethics', label: '职业道德', startsAt: '09:50', endsAt: '10:50', breakAfterMinutes: 20 },
        { subject: 'ability', label: '职业能力', startsAt: '11:10', endsAt: '12:10', breakAfterMinutes: 0 },
      ],
    });
  });
  it('refuses a start that is no time', () => {
    expect(() => sessionTimeline(plan({ startTime: '25:00' }))).toThrow(RangeError);
  });
});

describe('validateSession', () => {
  it('accepts a sound plan', () => {
    expect(validateSession(plan(), context)).toEqual([]);
  });
  it('refuses a bad start time, duplicate subjects, negative breaks and no subjects', () => {
    expect(codes(plan({ startTime: '8点' }))).toEqual(['SESSION_TIME_INVALID']);
    expect(codes(plan({ subjects: [] }))).toEqual(['SESSION_SUBJECTS_INVALID']);
    const dup = plan().subjects.map((s) => ({ ...s, subject: 'skill' as const }));
    expect(codes(plan({ subjects: dup }))).toContain('SESSION_SUBJECTS_INVALID');
    const negative = plan().subjects.map((s, i) => (i === 0 ? { ...s, breakAfterMinutes: -5 } : s));
    expect(validateSession(plan({ subjects: negative }), context)[0]?.message).toBe(
      '科目「岗位技能」之后的休息时间须为 0 至 240 分钟',
    );
  });
  it('keeps late entry and earliest hand-in shorter than every subject', () => {
    expect(codes(plan({ lateEntryMinutes: 60 }))).toEqual(Array(3).fill('SESSION_LIMITS_INVALID'));
    const short = plan().subjects.map((s, i) => (i === 1 ? { ...s, durationMinutes: 30 } : s));
    expect(codes(plan({ subjects: short }))).toEqual(['SESSION_LIMITS_INVALID']);
    expect(codes(plan({ earliestHandInMinutes: -1 }))).toEqual(['SESSION_LIMITS_INVALID']);
  });
  it('keeps the session inside the exam phase and the day', () => {
    expect(codes(plan({ date: '2017-05-31' }))).toEqual(['SESSION_OUTSIDE_EXAM_PHASE']);
    expect(codes(plan({ date: '2017-09-30' }))).toEqual([]);
    expect(codes(plan({ startTime: '22:00' }))).toEqual(['SESSION_PAST_MIDNIGHT']);
  });
  it('refuses an overlap on the same date but allows back-to-back sessions and other dates', () => {
    const other = { name: '第一场', date: '2017-06-10', startTime: '08:30', subjects: plan().subjects };
    const c = { ...context, others: [other] };
    expect(codes(plan({ startTime: '11:00' }), c)).toEqual(['SESSION_OVERLAP']);
    expect(validateSession(plan({ startTime: '11:00' }), c)[0]?.message).toContain('第一场');
    expect(codes(plan({ startTime: '12:10' }), c)).toEqual([]);
    expect(codes(plan({ startTime: '07:00', subjects: [plan().subjects[0]!] }), c)).toEqual([]);
    expect(
      codes(
        plan({ startTime: '07:00', subjects: [{ subject: 'skill', durationMinutes: 91, breakAfterMinutes: 0 }] }),
        c,
      ),
    ).toEqual(['SESSION_OVERLAP']);
    expect(codes(plan({ date: '2017-06-11' }), c)).toEqual([]);
  });
});

describe('defaultSessionSubjects', () => {
  it('takes the durations given, else 60 minutes, with breaks between', () => {
    expect(defaultSessionSubjects({ ethics: 90 })).toEqual([
      { subject: 'skill', durationMinutes: 60, breakAfterMinutes: 30 },
      { subject: 'ethics', durationMinutes: 90, breakAfterMinutes: 30 },
      { subject: 'ability', durationMinutes: 60, breakAfterMinutes: 0 },
    ]);
  });
});

describe('一级 sessions (rules.md §6, §8)', () => {
  const grade1 = plan({
    date: '2017-09-20',
    subjects: [
      { subject: 'ethics', durationMinutes: 60, breakAfterMinutes: 20 },
      { subject: 'basics', durationMinutes: 60, breakAfterMinutes: 0 },
    ],
  });
  const withGrade1: SessionContext = { ...context, grade1Window: { startsOn: '2017-09-01', endsOn: '2017-11-30' } };

  it('serves the grades that sit every subject it holds', () => {
    expect(sessionGrades(plan().subjects)).toEqual([2, 3, 4, 5]);
    expect(sessionGrades(grade1.subjects)).toEqual([1]);
    expect(sessionGrades([{ subject: 'ethics' }])).toEqual([1, 2, 3, 4, 5]);
    expect(isGrade1Session(grade1.subjects)).toBe(true);
    expect(isGrade1Session([{ subject: 'ethics' }])).toBe(false);
  });

  it('refuses 专业基础知识 beside 岗位技能 or 职业能力', () => {
    const mixed = plan({
      subjects: [
        { subject: 'skill', durationMinutes: 60, breakAfterMinutes: 20 },
        { subject: 'basics', durationMinutes: 60, breakAfterMinutes: 0 },
      ],
    });
    expect(codes(mixed, withGrade1)).toEqual(['SESSION_SUBJECTS_INVALID']);
    expect(validateSession(mixed, withGrade1)[0]!.message).toContain('专业基础知识');
  });

  it('falls in the 一级考评 phase, not the 人机对话考试 phase', () => {
    expect(codes(grade1, withGrade1)).toEqual([]);
    expect(codes({ ...grade1, date: '2017-06-20' }, withGrade1)).toEqual(['SESSION_OUTSIDE_EXAM_PHASE']);
    expect(validateSession({ ...grade1, date: '2017-06-20' }, withGrade1)[0]!.message).toContain('一级考评阶段');
    // A 五–二 session in September is outside the exam phase's window here (06-01 … 09-30 allows it; 10-10 not).
    expect(codes({ ...plan(), date: '2017-10-10' }, withGrade1)).toEqual(['SESSION_OUTSIDE_EXAM_PHASE']);
  });

  it('offers 职业道德 and 专业基础知识 as a 一级 session’s default subjects', () => {
    expect(defaultSessionSubjects({ basics: 90 }, 20, 1)).toEqual([
      { subject: 'ethics', durationMinutes: 60, breakAfterMinutes: 20 },
      { subject: 'basics', durationMinutes: 90, breakAfterMinutes: 0 },
    ]);
  });
});
