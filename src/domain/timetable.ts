// The yearly timetable (考务工作日程) of an assessment campaign, its default settings, and the window checks.
// Pure functions over ISO dates; "today" is always passed in (the server takes it from its injected clock).

import { compareIso, formatIsoDate, parseIsoDate, requireIsoDate } from './calendar.js';

/** The phases of a campaign, in the order of the 2017 notice (豫人社办函〔2017〕11号, 四、考务工作日程安排). */
export const PHASES = [
  'registration',
  'jurisdiction_review',
  'province_review',
  'training',
  'ticket_printing',
  'exam',
  'grade1_registration',
  'grade1_review',
  'grade1_evaluation',
] as const;
export type Phase = (typeof PHASES)[number];

/** A campaign's status (考核年度): draft until opened, open while it runs, closed after. */
export const CAMPAIGN_STATUS_LABELS = { draft: '草稿', open: '进行中', closed: '已结束' } as const;

export const PHASE_LABELS: Record<Phase, string> = {
  registration: '单位报名和资格初审',
  jurisdiction_review: '市县资格审查',
  province_review: '省级审查汇总',
  training: '培训',
  ticket_printing: '准考证打印',
  exam: '人机对话考试',
  grade1_registration: '一级申报和单位初审',
  grade1_review: '一级资格审查',
  grade1_evaluation: '一级考评',
};

/** A window of Beijing dates, inclusive at both ends. */
export interface PhaseWindow {
  startsOn: string;
  endsOn: string;
}

export interface TimetablePhase extends PhaseWindow {
  phase: Phase;
}

/** The province extends one phase's end for one jurisdiction. */
export interface WindowExtension {
  jurisdictionId: number;
  phase: Phase;
  endsOn: string;
}

/** The 2017 windows as month-days (rules.md §8). */
export const TEMPLATE_2017: Record<Phase, { starts: string; ends: string }> = {
  registration: { starts: '02-06', ends: '02-28' },
  jurisdiction_review: { starts: '03-01', ends: '03-20' },
  province_review: { starts: '03-15', ends: '03-31' },
  training: { starts: '04-01', ends: '07-31' },
  // 准考证打印 (issue 14): from about ten days before the first exam date until the exam phase ends.
  ticket_printing: { starts: '05-20', ends: '09-30' },
  exam: { starts: '06-01', ends: '09-30' },
  // 一级 (豫人社办〔2021〕27号; rules.md §6, §8): evaluated September to November. Its applications go through the
  // same chain in windows of their own at the start of that period: the unit registers and pre-reviews in the
  // first half of September, the departments, jurisdictions and the province review in the second half, so the
  // province has confirmed the candidates before the theory papers and the panel review of October–November.
  grade1_registration: { starts: '09-01', ends: '09-15' },
  grade1_review: { starts: '09-16', ends: '09-30' },
  grade1_evaluation: { starts: '09-01', ends: '11-30' },
};

/** The two tracks of the review chain: 五级–二级 in the spring windows, 一级 in its own (rules.md §6). */
export type ReviewTrack = 'regular' | 'grade1';

export function reviewTrackOf(appliedGrade: number): ReviewTrack {
  return appliedGrade === 1 ? 'grade1' : 'regular';
}

/** The phase in which applications for this grade are created, changed and submitted. */
export function registrationPhaseOf(appliedGrade: number): Phase {
  return appliedGrade === 1 ? 'grade1_registration' : 'registration';
}

/** The phase to whose end a returned application of this grade may be corrected (the reviewers' deadline). */
export function returnedEditPhaseOf(appliedGrade: number): Phase {
  return appliedGrade === 1 ? 'grade1_review' : 'jurisdiction_review';
}

/**
 * Phases kept out of the start-order check: 准考证打印 depends only on the seating being published (tickets print
 * only when a seat is notified), so its window may open whenever the province likes within the years. The 一级
 * registration and review lie within (or before) the 一级考评 and are checked against it instead.
 */
export const UNORDERED_PHASES: readonly Phase[] = ['ticket_printing', 'grade1_registration', 'grade1_review'];

/** The 2017 timetable moved to year Y (every month-day exists in every year: none is 02-29). */
export function templatePhases(year: number): TimetablePhase[] {
  return PHASES.map((phase) => ({
    phase,
    startsOn: `${year}-${TEMPLATE_2017[phase].starts}`,
    endsOn: `${year}-${TEMPLATE_2017[phase].ends}`,
  }));
}

/**
 * A stored timetable completed with the template's window (moved to the campaign's year) for every phase it has
 * no row for: campaigns created before a phase existed (准考证打印, migration 0024) read as if they had it.
 */
export function completeTimetable<T extends PhaseWindow & { phase: Phase }>(
  year: number,
  phases: readonly T[],
): (T | TimetablePhase)[] {
  const have = new Set(phases.map((p) => p.phase));
  const missing = templatePhases(year).filter((p) => !have.has(p.phase));
  const all: (T | TimetablePhase)[] = [...phases, ...missing];
  return all.sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));
}

// ─── Date arithmetic (UTC day numbers, exact for calendar dates) ─────────────────────────────────────────

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  const d = requireIsoDate(iso, 'date');
  return Date.UTC(d.year, d.month - 1, d.day) / DAY_MS;
}

function fromDayNumber(n: number): string {
  const d = new Date(n * DAY_MS);
  return formatIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** An ISO date plus `days` (negative goes back). */
export function addDays(iso: string, days: number): string {
  return fromDayNumber(dayNumber(iso) + days);
}

/** Days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

const maxIso = (a: string, b: string) => (compareIso(a, b) >= 0 ? a : b);

/** '2017-02-06' → '2017年2月6日'. */
export function formatChineseDate(iso: string): string {
  const d = requireIsoDate(iso, 'date');
  return `${d.year}年${d.month}月${d.day}日`;
}

export function describeWindow(window: PhaseWindow): string {
  return `${formatChineseDate(window.startsOn)}至${formatChineseDate(window.endsOn)}`;
}

// ─── Windows ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * One phase's window for one jurisdiction: the campaign's window, its end pushed out by the jurisdiction's
 * extension when there is one (an extension never shortens a window).
 */
export function phaseWindow(
  phases: readonly TimetablePhase[],
  extensions: readonly WindowExtension[],
  jurisdictionId: number | null,
  phase: Phase,
): PhaseWindow {
  const base = phases.find((p) => p.phase === phase);
  if (!base) throw new RangeError(`the timetable has no ${phase} phase`);
  const extension =
    jurisdictionId === null
      ? undefined
      : extensions.find((e) => e.jurisdictionId === jurisdictionId && e.phase === phase);
  return { startsOn: base.startsOn, endsOn: extension ? maxIso(base.endsOn, extension.endsOn) : base.endsOn };
}

/** Whether today lies in the window, both ends included. */
export function isWithinWindow(window: PhaseWindow, today: string): boolean {
  return compareIso(window.startsOn, today) <= 0 && compareIso(today, window.endsOn) <= 0;
}

/** The contract's name for isWithinWindow. */
export const isOpen = isWithinWindow;

export type WindowState = 'upcoming' | 'open' | 'ended';

export function windowState(window: PhaseWindow, today: string): WindowState {
  if (compareIso(today, window.startsOn) < 0) return 'upcoming';
  return compareIso(today, window.endsOn) <= 0 ? 'open' : 'ended';
}

// ─── Validation ──────────────────────────────────────────────────────────────────────────────────────────

const label = (phase: Phase) => `「${PHASE_LABELS[phase]}」`;

/**
 * Checks a timetable for year Y and returns Chinese messages (empty when valid): every phase once, real dates,
 * start ≤ end, dates within Y or Y+1 (a timetable may run into the next year), phases starting in order,
 * registration over before the jurisdictions' review starts, the province's review ending last among the
 * reviews, and the exam starting only after the province has aggregated the applications.
 */
export function validateTimetable(year: number, phases: readonly TimetablePhase[]): string[] {
  const errors: string[] = [];
  const byPhase = new Map<Phase, TimetablePhase>();
  for (const p of phases) {
    if (!PHASES.includes(p.phase)) {
      errors.push(`未知的阶段「${String(p.phase)}」`);
      continue;
    }
    if (byPhase.has(p.phase)) errors.push(`${label(p.phase)}重复填写`);
    else byPhase.set(p.phase, p);
  }
  for (const phase of PHASES) if (!byPhase.has(phase)) errors.push(`缺少${label(phase)}的时间`);

  const first = `${year}-01-01`;
  const last = `${year + 1}-12-31`;
  const valid = new Map<Phase, TimetablePhase>();
  for (const [phase, p] of byPhase) {
    let ok = true;
    if (!parseIsoDate(p.startsOn)) {
      errors.push(`${label(phase)}的开始日期「${p.startsOn}」不是有效日期`);
      ok = false;
    }
    if (!parseIsoDate(p.endsOn)) {
      errors.push(`${label(phase)}的结束日期「${p.endsOn}」不是有效日期`);
      ok = false;
    }
    if (!ok) continue;
    if (compareIso(p.startsOn, p.endsOn) > 0) {
      errors.push(`${label(phase)}的开始日期（${p.startsOn}）晚于结束日期（${p.endsOn}）`);
      ok = false;
    }
    if (compareIso(p.startsOn, first) < 0 || compareIso(p.endsOn, last) > 0) {
      errors.push(`${label(phase)}的日期须在${year}年1月1日至${year + 1}年12月31日之间`);
      ok = false;
    }
    if (ok) valid.set(phase, p);
  }

  let previous: TimetablePhase | undefined;
  for (const phase of PHASES) {
    if (UNORDERED_PHASES.includes(phase)) continue;
    const p = valid.get(phase);
    if (!p) continue;
    if (previous && compareIso(p.startsOn, previous.startsOn) < 0) {
      errors.push(`${label(phase)}的开始日期（${p.startsOn}）不能早于${label(previous.phase)}的开始日期`);
    }
    previous = p;
  }
  const reg = valid.get('registration');
  const jr = valid.get('jurisdiction_review');
  const pr = valid.get('province_review');
  const exam = valid.get('exam');
  if (reg && jr && compareIso(reg.endsOn, jr.startsOn) >= 0) {
    errors.push(`${label('registration')}须在${label('jurisdiction_review')}开始（${jr.startsOn}）之前结束`);
  }
  if (jr && pr && compareIso(jr.endsOn, pr.endsOn) > 0) {
    errors.push(`${label('jurisdiction_review')}的结束日期不能晚于${label('province_review')}的结束日期`);
  }
  if (pr && exam && compareIso(exam.startsOn, pr.endsOn) <= 0) {
    errors.push(`${label('exam')}须在${label('province_review')}结束（${pr.endsOn}）之后开始`);
  }
  const g1reg = valid.get('grade1_registration');
  const g1rev = valid.get('grade1_review');
  const g1 = valid.get('grade1_evaluation');
  if (g1reg && g1rev && compareIso(g1reg.endsOn, g1rev.startsOn) >= 0) {
    errors.push(`${label('grade1_registration')}须在${label('grade1_review')}开始（${g1rev.startsOn}）之前结束`);
  }
  if (g1rev && g1 && compareIso(g1rev.endsOn, g1.endsOn) > 0) {
    errors.push(`${label('grade1_review')}的结束日期不能晚于${label('grade1_evaluation')}的结束日期`);
  }
  return errors;
}

/** An extension's end must lie after the phase's own end and within the timetable's two years. */
export function validateExtension(
  year: number,
  phases: readonly TimetablePhase[],
  phase: Phase,
  endsOn: string,
): string[] {
  if (!parseIsoDate(endsOn)) return [`延长后的结束日期「${endsOn}」不是有效日期`];
  const base = phases.find((p) => p.phase === phase);
  if (!base) return [`缺少${label(phase)}的时间`];
  if (compareIso(endsOn, base.endsOn) <= 0) {
    return [`延长后的结束日期须晚于${label(phase)}原定的结束日期（${base.endsOn}）`];
  }
  if (compareIso(endsOn, `${year + 1}-12-31`) > 0) return [`延长后的结束日期不能晚于${year + 1}年12月31日`];
  return [];
}

// ─── Default settings ────────────────────────────────────────────────────────────────────────────────────

/** rules.md §2: work years up to Y, five years at the grade means obtained by Y−5, regularised by Y-09-30. */
export interface CampaignEligibilitySettings {
  workYearsCutoffYear: number;
  gradeObtainedByYear: number;
  regularizedBy: string;
}

export function defaultEligibilitySettings(year: number): CampaignEligibilitySettings {
  return { workYearsCutoffYear: year, gradeObtainedByYear: year - 5, regularizedBy: `${year}-09-30` };
}

export interface ExamSubject {
  code: string;
  name: string;
  fullScore: number;
  passScore: number;
  durationMinutes: number;
  singleChoice: number;
  multipleChoice: number;
}

export interface ExamSettings {
  subjects: ExamSubject[];
  /** No entry later than this many minutes after the start. */
  lateEntryMinutes: number;
  /** No hand-in earlier than this many minutes after the start. */
  earliestHandInMinutes: number;
  /** Exam day (domain/exam.ts examDaySettings fills the defaults). */
  autoAdmit?: boolean;
  showScoreOnSubmit?: boolean;
  outageLimitMinutes?: number;
  submitGraceSeconds?: number;
  /**
   * Pass lines by result subject where they differ from the exam subjects' 合格分数; 综合评审 (panel, 一级) has no
   * exam subject, so its line lives only here (domain/scores.ts passLinesOf: default 60).
   */
  passLines?: Partial<Record<string, number>>;
}

/**
 * rules.md §7: three computer-based subjects of 100 points, pass 60, 60 minutes, 50 + 50 items; rules.md §6: 一级's
 * 专业基础知识 the same by default (its 职业道德 is the common subject's).
 */
export function defaultExamSettings(): ExamSettings {
  const subject = (code: string, name: string): ExamSubject => ({
    code,
    name,
    fullScore: 100,
    passScore: 60,
    durationMinutes: 60,
    singleChoice: 50,
    multipleChoice: 50,
  });
  return {
    subjects: [
      subject('skill', '岗位技能'),
      subject('ethics', '职业道德'),
      subject('ability', '职业能力'),
      subject('basics', '专业基础知识'),
    ],
    lateEntryMinutes: 15,
    earliestHandInMinutes: 30,
  };
}

/** Checks exam settings beyond their shape; Chinese messages, empty when valid. */
export function validateExamSettings(settings: ExamSettings): string[] {
  const errors: string[] = [];
  if (settings.subjects.length === 0) errors.push('考试科目至少要有一科');
  const codes = new Set<string>();
  for (const s of settings.subjects) {
    if (codes.has(s.code)) errors.push(`考试科目代码「${s.code}」重复`);
    codes.add(s.code);
    if (s.passScore > s.fullScore) errors.push(`科目「${s.name}」的合格分数不能高于满分`);
    if (settings.earliestHandInMinutes > s.durationMinutes) {
      errors.push(`最早交卷时间不能晚于科目「${s.name}」的考试时长`);
    }
    if (settings.lateEntryMinutes > s.durationMinutes) errors.push(`迟到限制不能超过科目「${s.name}」的考试时长`);
  }
  return errors;
}

// ─── Campaign templates ──────────────────────────────────────────────────────────────────────────────────

export interface CampaignTemplate {
  year: number;
  name: string;
  noticeNumber: string;
  noticeDate: string;
  eligibilitySettings: CampaignEligibilitySettings;
  examSettings: ExamSettings;
  phases: TimetablePhase[];
}

export function campaignName(year: number): string {
  return `${year}年全省机关事业单位工勤技能岗位等级考核`;
}

/** A new campaign for year Y: the 2017 notice's timetable and defaults moved to Y; the notice number is typed. */
export function campaignTemplate(year: number): CampaignTemplate {
  return {
    year,
    name: campaignName(year),
    noticeNumber: '',
    noticeDate: `${year}-01-20`,
    eligibilitySettings: defaultEligibilitySettings(year),
    examSettings: defaultExamSettings(),
    phases: templatePhases(year),
  };
}

/**
 * A timetable whose registration runs over the given dates and whose later phases follow it with the 2017
 * notice's gaps and lengths (the jurisdictions' review starts the day after registration ends, and so on).
 */
export function timetableFromRegistration(startsOn: string, endsOn: string): TimetablePhase[] {
  const template = templatePhases(2017);
  const templateEnd = template[0]!.endsOn;
  return template.map((p) =>
    p.phase === 'registration'
      ? { phase: p.phase, startsOn, endsOn }
      : {
          phase: p.phase,
          startsOn: addDays(endsOn, daysBetween(templateEnd, p.startsOn)),
          endsOn: addDays(endsOn, daysBetween(templateEnd, p.endsOn)),
        },
  );
}

/**
 * The demo campaign for the year of `today`: registration open from a week ago (not before 1 January) until
 * 60 days from today, so that the demo can be used on any day of the year; later phases follow it.
 */
export function demoCampaignTemplate(today: string): CampaignTemplate {
  const year = requireIsoDate(today, 'today').year;
  const start = maxIso(addDays(today, -7), `${year}-01-01`);
  const following = timetableFromRegistration(start, addDays(today, 60));
  // The demo's sample candidates print their 准考证 today: the printing window runs from registration's start to
  // the exam phase's end.
  const examEnd = following.find((p) => p.phase === 'exam')!.endsOn;
  const windowOf = (phase: Phase) => following.find((p) => p.phase === phase)!;
  // 一级 runs beside the other grades in the demo, so that a 一级 application can be registered and reviewed today
  // too: its registration is registration's window, its review spans the jurisdictions' and the province's.
  const phases = following.map((p): TimetablePhase => {
    switch (p.phase) {
      case 'ticket_printing':
        return { phase: p.phase, startsOn: start, endsOn: examEnd };
      case 'grade1_registration':
        return { ...windowOf('registration'), phase: p.phase };
      case 'grade1_review':
        return {
          phase: p.phase,
          startsOn: windowOf('jurisdiction_review').startsOn,
          endsOn: windowOf('province_review').endsOn,
        };
      default:
        return p;
    }
  });
  return {
    ...campaignTemplate(year),
    name: `${campaignName(year)}（演示）`,
    noticeNumber: `豫人社办函〔${year}〕11号（演示）`,
    phases,
  };
}
