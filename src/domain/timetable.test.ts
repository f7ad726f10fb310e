import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  campaignTemplate,
  completeTimetable,
  daysBetween,
  defaultEligibilitySettings,
  defaultExamSettings,
  demoCampaignTemplate,
  describeWindow,
  isOpen,
  isWithinWindow,
  PHASE_LABELS,
  PHASES,
  phaseWindow,
  registrationPhaseOf,
  returnedEditPhaseOf,
  reviewTrackOf,
  type TimetablePhase,
  templatePhases,
  timetableFromRegistration,
  validateExamSettings,
  validateExtension,
  validateTimetable,
  windowState,
} from './timetable.js';

const T2017 = templatePhases(2017);
const LUOYANG = 3;
const ZHENGZHOU = 2;

const withPhase = (phases: TimetablePhase[], phase: TimetablePhase['phase'], patch: Partial<TimetablePhase>) =>
  phases.map((p) => (p.phase === phase ? { ...p, ...patch } : p));

describe('the 2017 template', () => {
  it('has the notice’s six windows (豫人社办函〔2017〕11号, 四) and the 准考证打印 window', () => {
    expect(T2017).toEqual([
      { phase: 'registration', startsOn: '2017-02-06', endsOn: '2017-02-28' },
      { phase: 'jurisdiction_review', startsOn: '2017-03-01', endsOn: '2017-03-20' },
      { phase: 'province_review', startsOn: '2017-03-15', endsOn: '2017-03-31' },
      { phase: 'training', startsOn: '2017-04-01', endsOn: '2017-07-31' },
      { phase: 'ticket_printing', startsOn: '2017-05-20', endsOn: '2017-09-30' },
      { phase: 'exam', startsOn: '2017-06-01', endsOn: '2017-09-30' },
      { phase: 'grade1_registration', startsOn: '2017-09-01', endsOn: '2017-09-15' },
      { phase: 'grade1_review', startsOn: '2017-09-16', endsOn: '2017-09-30' },
      { phase: 'grade1_evaluation', startsOn: '2017-09-01', endsOn: '2017-11-30' },
    ]);
    expect(validateTimetable(2017, T2017)).toEqual([]);
  });

  it('moves to any year, leap years included, and stays valid', () => {
    expect(templatePhases(2024)[0]).toEqual({ phase: 'registration', startsOn: '2024-02-06', endsOn: '2024-02-28' });
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2200 }), (year) => {
        expect(validateTimetable(year, templatePhases(year))).toEqual([]);
      }),
    );
  });

  it('labels every phase in Chinese', () => {
    expect(PHASES.map((p) => PHASE_LABELS[p])).toEqual([
      '单位报名和资格初审',
      '市县资格审查',
      '省级审查汇总',
      '培训',
      '准考证打印',
      '人机对话考试',
      '一级申报和单位初审',
      '一级资格审查',
      '一级考评',
    ]);
  });

  it('gives the default settings of rules.md §2 and §7', () => {
    expect(defaultEligibilitySettings(2017)).toEqual({
      workYearsCutoffYear: 2017,
      gradeObtainedByYear: 2012,
      regularizedBy: '2017-09-30',
    });
    const exam = defaultExamSettings();
    expect(exam.subjects.map((s) => [s.code, s.name])).toEqual([
      ['skill', '岗位技能'],
      ['ethics', '职业道德'],
      ['ability', '职业能力'],
      ['basics', '专业基础知识'],
    ]);
    expect(exam.subjects.every((s) => s.fullScore === 100 && s.passScore === 60 && s.durationMinutes === 60)).toBe(
      true,
    );
    expect(exam.subjects.every((s) => s.singleChoice === 50 && s.multipleChoice === 50)).toBe(true);
    expect([exam.lateEntryMinutes, exam.earliestHandInMinutes]).toEqual([15, 30]);
    expect(validateExamSettings(exam)).toEqual([]);
  });

  it('builds a campaign template for year Y', () => {
    const t = campaignTemplate(2021);
    expect(t).toMatchObject({
      year: 2021,
      name: '2021年全省机关事业单位工勤技能岗位等级考核',
      noticeDate: '2021-01-20',
      eligibilitySettings: { workYearsCutoffYear: 2021, gradeObtainedByYear: 2016, regularizedBy: '2021-09-30' },
    });
    expect(t.phases).toEqual(templatePhases(2021));
  });
});

describe('windows', () => {
  const reg = phaseWindow(T2017, [], LUOYANG, 'registration');

  it('is open from the first day to the last day, both included', () => {
    expect(reg).toEqual({ startsOn: '2017-02-06', endsOn: '2017-02-28' });
    expect(isWithinWindow(reg, '2017-02-05')).toBe(false);
    expect(isWithinWindow(reg, '2017-02-06')).toBe(true);
    expect(isWithinWindow(reg, '2017-02-28')).toBe(true);
    expect(isWithinWindow(reg, '2017-03-01')).toBe(false);
    expect(isOpen(reg, '2017-02-15')).toBe(true);
    expect(['2017-02-05', '2017-02-06', '2017-03-01'].map((d) => windowState(reg, d))).toEqual([
      'upcoming',
      'open',
      'ended',
    ]);
  });

  it('extends the end for the one jurisdiction only', () => {
    const extensions = [{ jurisdictionId: LUOYANG, phase: 'registration' as const, endsOn: '2017-03-05' }];
    const ly = phaseWindow(T2017, extensions, LUOYANG, 'registration');
    const zz = phaseWindow(T2017, extensions, ZHENGZHOU, 'registration');
    expect(ly).toEqual({ startsOn: '2017-02-06', endsOn: '2017-03-05' });
    expect(zz).toEqual(reg);
    expect(isWithinWindow(ly, '2017-03-05')).toBe(true);
    expect(isWithinWindow(ly, '2017-03-06')).toBe(false);
    expect(isWithinWindow(zz, '2017-03-01')).toBe(false);
    // An extension of another phase, or without a jurisdiction, changes nothing.
    expect(phaseWindow(T2017, extensions, LUOYANG, 'exam')).toEqual({ startsOn: '2017-06-01', endsOn: '2017-09-30' });
    expect(phaseWindow(T2017, extensions, null, 'registration')).toEqual(reg);
  });

  it('never shortens a window through an extension that the timetable has overtaken', () => {
    const later = withPhase(T2017, 'registration', { endsOn: '2017-03-10' });
    const extensions = [{ jurisdictionId: LUOYANG, phase: 'registration' as const, endsOn: '2017-03-05' }];
    expect(phaseWindow(later, extensions, LUOYANG, 'registration').endsOn).toBe('2017-03-10');
  });

  it('refuses a timetable without the phase', () => {
    expect(() => phaseWindow([], [], LUOYANG, 'registration')).toThrow(RangeError);
  });

  it('describes a window in Chinese', () => {
    expect(describeWindow(reg)).toBe('2017年2月6日至2017年2月28日');
  });
});

describe('timetable validation', () => {
  it('names a phase that starts after it ends', () => {
    const errors = validateTimetable(2017, withPhase(T2017, 'training', { startsOn: '2017-08-01' }));
    expect(errors).toContain('「培训」的开始日期（2017-08-01）晚于结束日期（2017-07-31）');
  });

  it('requires registration to end before the jurisdictions’ review starts', () => {
    const errors = validateTimetable(2017, withPhase(T2017, 'registration', { endsOn: '2017-03-01' }));
    expect(errors).toEqual(['「单位报名和资格初审」须在「市县资格审查」开始（2017-03-01）之前结束']);
  });

  it('keeps dates within Y and Y+1', () => {
    expect(validateTimetable(2017, withPhase(T2017, 'registration', { startsOn: '2016-12-31' }))).toEqual([
      '「单位报名和资格初审」的日期须在2017年1月1日至2018年12月31日之间',
    ]);
    expect(validateTimetable(2017, withPhase(T2017, 'grade1_evaluation', { endsOn: '2018-12-31' }))).toEqual([]);
    expect(validateTimetable(2017, withPhase(T2017, 'grade1_evaluation', { endsOn: '2019-01-01' }))).toHaveLength(1);
  });

  it('reports missing, repeated and impossible dates', () => {
    const errors = validateTimetable(2017, [
      ...T2017.filter((p) => p.phase !== 'exam'),
      { phase: 'training', startsOn: '2017-04-01', endsOn: '2017-07-31' },
      { phase: 'exam', startsOn: '2017-02-30', endsOn: '2017-09-30' },
    ]);
    expect(errors).toContain('「培训」重复填写');
    expect(errors).toContain('「人机对话考试」的开始日期「2017-02-30」不是有效日期');
    expect(validateTimetable(2017, T2017.slice(1))).toEqual(['缺少「单位报名和资格初审」的时间']);
  });

  it('keeps the phases in order', () => {
    const errors = validateTimetable(2017, withPhase(T2017, 'exam', { startsOn: '2017-03-25' }));
    expect(errors).toContain('「人机对话考试」的开始日期（2017-03-25）不能早于「培训」的开始日期');
    expect(errors).toContain('「人机对话考试」须在「省级审查汇总」结束（2017-03-31）之后开始');
    expect(validateTimetable(2017, withPhase(T2017, 'jurisdiction_review', { endsOn: '2017-04-05' }))).toEqual([
      '「市县资格审查」的结束日期不能晚于「省级审查汇总」的结束日期',
    ]);
  });

  it('checks an extension against the phase’s own end', () => {
    expect(validateExtension(2017, T2017, 'registration', '2017-03-05')).toEqual([]);
    expect(validateExtension(2017, T2017, 'registration', '2017-02-28')).toEqual([
      '延长后的结束日期须晚于「单位报名和资格初审」原定的结束日期（2017-02-28）',
    ]);
    expect(validateExtension(2017, T2017, 'registration', '2019-01-01')).toEqual([
      '延长后的结束日期不能晚于2018年12月31日',
    ]);
    expect(validateExtension(2017, T2017, 'registration', '2017-13-01')).toHaveLength(1);
  });

  it('checks exam settings', () => {
    const exam = defaultExamSettings();
    exam.subjects[0]!.passScore = 120;
    exam.subjects.push({ ...exam.subjects[1]! });
    expect(validateExamSettings(exam)).toEqual([
      '科目「岗位技能」的合格分数不能高于满分',
      '考试科目代码「ethics」重复',
    ]);
    expect(validateExamSettings({ ...defaultExamSettings(), subjects: [] })).toEqual(['考试科目至少要有一科']);
  });
});

describe('demo timetable', () => {
  it('shifts the later phases with the 2017 gaps after the registration window', () => {
    const phases = timetableFromRegistration('2017-02-06', '2017-02-28');
    expect(phases).toEqual(T2017);
  });

  it('keeps registration open today on every day of a year, and stays valid', () => {
    for (const year of [2024, 2025]) {
      for (let day = 0; day < 366; day++) {
        const today = addDays(`${year}-01-01`, day);
        if (!today.startsWith(String(year))) continue;
        const t = demoCampaignTemplate(today);
        expect(t.year).toBe(year);
        const reg = phaseWindow(t.phases, [], null, 'registration');
        expect(isWithinWindow(reg, today), today).toBe(true);
        expect(daysBetween(today, reg.endsOn)).toBe(60);
        expect(isWithinWindow(phaseWindow(t.phases, [], null, 'ticket_printing'), today), today).toBe(true);
        expect(phaseWindow(t.phases, [], null, 'grade1_registration'), today).toEqual(reg);
        expect(daysBetween(today, phaseWindow(t.phases, [], null, 'grade1_review').endsOn)).toBeGreaterThan(60);
        expect(validateTimetable(year, t.phases), today).toEqual([]);
      }
    }
  });

  it('gives campaigns without a 准考证打印 row the template window of their year', () => {
    const stored = T2017.filter((p) => p.phase !== 'ticket_printing').map((p) => ({ ...p, id: 1 }));
    const complete = completeTimetable(2017, stored);
    expect(complete.map((p) => p.phase)).toEqual([...PHASES]);
    expect(complete.find((p) => p.phase === 'ticket_printing')).toEqual({
      phase: 'ticket_printing',
      startsOn: '2017-05-20',
      endsOn: '2017-09-30',
    });
    // A stored row wins over the template.
    const own = withPhase(T2017, 'ticket_printing', { startsOn: '2017-05-01' });
    expect(completeTimetable(2017, own)).toEqual(own);
  });

  it('keeps 准考证打印 out of the start order, but checks its own dates', () => {
    const early = withPhase(T2017, 'ticket_printing', { startsOn: '2017-02-10', endsOn: '2017-10-10' });
    expect(validateTimetable(2017, early)).toEqual([]);
    const reversed = withPhase(T2017, 'ticket_printing', { startsOn: '2017-10-10', endsOn: '2017-10-01' });
    expect(validateTimetable(2017, reversed)).toEqual([
      '「准考证打印」的开始日期（2017-10-10）晚于结束日期（2017-10-01）',
    ]);
    expect(
      validateTimetable(
        2017,
        T2017.filter((p) => p.phase !== 'ticket_printing'),
      ),
    ).toEqual(['缺少「准考证打印」的时间']);
  });

  it('keeps the 一级 registration and review out of the start order, but in their own order within 一级考评', () => {
    const early = withPhase(T2017, 'grade1_registration', { startsOn: '2017-07-01', endsOn: '2017-07-31' });
    expect(validateTimetable(2017, early)).toEqual([]);
    expect(validateTimetable(2017, withPhase(T2017, 'grade1_registration', { endsOn: '2017-09-16' }))).toEqual([
      '「一级申报和单位初审」须在「一级资格审查」开始（2017-09-16）之前结束',
    ]);
    expect(validateTimetable(2017, withPhase(T2017, 'grade1_review', { endsOn: '2017-12-01' }))).toEqual([
      '「一级资格审查」的结束日期不能晚于「一级考评」的结束日期',
    ]);
  });

  it('sends 一级 to its own windows and the other grades to the spring ones', () => {
    expect(registrationPhaseOf(1)).toBe('grade1_registration');
    expect(registrationPhaseOf(2)).toBe('registration');
    expect(returnedEditPhaseOf(1)).toBe('grade1_review');
    expect(returnedEditPhaseOf(5)).toBe('jurisdiction_review');
    expect(reviewTrackOf(1)).toBe('grade1');
    expect(reviewTrackOf(3)).toBe('regular');
  });

  it('names the demo and its notice', () => {
    const t = demoCampaignTemplate('2026-05-10');
    expect(t).toMatchObject({
      year: 2026,
      name: '2026年全省机关事业单位工勤技能岗位等级考核（演示）',
      noticeNumber: '豫人社办函〔2026〕11号（演示）',
      noticeDate: '2026-01-20',
    });
    expect(t.phases[0]).toEqual({ phase: 'registration', startsOn: '2026-05-03', endsOn: '2026-07-09' });
    expect(demoCampaignTemplate('2026-01-03').phases[0]!.startsOn).toBe('2026-01-01');
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2016-02-28', 1)).toBe('2016-02-29');
    expect(addDays('2017-02-28', 1)).toBe('2017-03-01');
    expect(addDays('2017-12-31', 1)).toBe('2018-01-01');
    expect(addDays('2017-01-01', -1)).toBe('2016-12-31');
    expect(daysBetween('2017-02-28', '2017-11-30')).toBe(275);
  });
});
