import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  batchNumber,
  deadlinePhase,
  defaultOpinion,
  defaultSealName,
  describePosition,
  holderOf,
  levelAbove,
  levelBelow,
  levelOfRole,
  overruleRefusal,
  REJECT_REASONS,
  RETURN_REASONS,
  REVIEW_ACTIONS,
  REVIEW_LEVELS,
  type ReviewAction,
  type ReviewLevel,
  type ReviewState,
  reasonsFor,
  STAGES,
  type Stage,
  strongerOverrule,
  transition,
} from './review.js';

const base: ReviewState = {
  status: 'submitted',
  returnedTo: null,
  source: 'unit',
  departmentBatchId: null,
  jurisdictionBatchId: null,
  reviewedByProvince: false,
};
const state = (patch: Partial<ReviewState>): ReviewState => ({ ...base, ...patch });

function move(s: ReviewState, level: ReviewLevel, action: ReviewAction): ReviewState {
  const result = transition(s, level, action);
  if (!result.ok) throw new Error(`${level} ${action} refused: ${result.code} ${result.message}`);
  return { ...s, status: result.status, returnedTo: result.returnedTo, ...batches(result) };
}
const batches = (r: { departmentBatchId: number | null; jurisdictionBatchId: number | null }) => ({
  departmentBatchId: r.departmentBatchId,
  jurisdictionBatchId: r.jurisdictionBatchId,
});

describe('the happy path through four levels', () => {
  it('goes submitted → unit → department → (batch) jurisdiction → (batch) province confirmed', () => {
    let s = state({});
    expect(holderOf(s)).toBe('unit');
    s = move(s, 'unit', 'approve');
    expect(s.status).toBe('unit_approved');
    expect(holderOf(s)).toBe('department');
    s = move(s, 'department', 'approve');
    expect(s.status).toBe('department_approved');
    // Approved but not yet sent up: the department still holds it, the jurisdiction may not decide.
    expect(holderOf(s)).toBe('department');
    expect(transition(s, 'jurisdiction', 'approve')).toMatchObject({ ok: false, code: 'REVIEW_NOT_YOUR_TURN' });
    s = { ...s, departmentBatchId: 7 };
    expect(holderOf(s)).toBe('jurisdiction');
    s = move(s, 'jurisdiction', 'approve');
    expect(s).toMatchObject({ status: 'jurisdiction_approved', departmentBatchId: 7, jurisdictionBatchId: null });
    expect(holderOf(s)).toBe('jurisdiction');
    expect(transition(s, 'province', 'approve')).toMatchObject({ ok: false, code: 'REVIEW_NOT_YOUR_TURN' });
    s = { ...s, jurisdictionBatchId: 9 };
    expect(holderOf(s)).toBe('province');
    s = move(s, 'province', 'approve');
    expect(s).toMatchObject({ status: 'province_confirmed', departmentBatchId: 7, jurisdictionBatchId: 9 });
    expect(holderOf(s)).toBeNull();
  });

  it('skips the jurisdiction for 省直单位 and 中央驻豫单位 (rules.md §9)', () => {
    let s = state({ reviewedByProvince: true });
    s = move(move(s, 'unit', 'approve'), 'department', 'approve');
    s = { ...s, departmentBatchId: 3 };
    expect(holderOf(s)).toBe('province');
    expect(transition(s, 'jurisdiction', 'approve')).toMatchObject({ ok: false, code: 'REVIEW_NOT_YOUR_TURN' });
    s = move(s, 'province', 'approve');
    expect(s.status).toBe('province_confirmed');
    expect(levelAbove('department', true)).toBe('province');
    expect(levelAbove('department', false)).toBe('jurisdiction');
    expect(levelAbove('province', false)).toBeNull();
  });
});

describe('returns go to the level below and come back up', () => {
  it('a department return goes to the unit, which corrects and resubmits', () => {
    const s = move(move(state({}), 'unit', 'approve'), 'department', 'return');
    expect(s).toMatchObject({ status: 'returned', returnedTo: 'unit' });
    expect(holderOf(s)).toBe('unit');
    // The unit must correct and resubmit; it may not approve it as it stands, but it may refuse it for good.
    expect(transition(s, 'unit', 'approve')).toMatchObject({ ok: false, code: 'REVIEW_AWAITING_CORRECTION' });
    expect(transition(s, 'unit', 'return')).toMatchObject({ ok: false, code: 'REVIEW_AWAITING_CORRECTION' });
    expect(transition(s, 'unit', 'reject')).toMatchObject({ ok: true, status: 'rejected' });
    expect(transition(s, 'department', 'approve')).toMatchObject({ ok: false, code: 'REVIEW_AWAITING_CORRECTION' });
  });

  it('a jurisdiction return goes to the department and clears its batch; the department may approve again', () => {
    let s = move(move(state({}), 'unit', 'approve'), 'department', 'approve');
    s = move({ ...s, departmentBatchId: 4 }, 'jurisdiction', 'return');
    expect(s).toMatchObject({ status: 'returned', returnedTo: 'department', departmentBatchId: null });
    s = move(s, 'department', 'approve');
    expect(s).toMatchObject({ status: 'department_approved', departmentBatchId: null, returnedTo: null });
  });

  it('a returned-to-department application may be passed further down', () => {
    let s = move(move(state({}), 'unit', 'approve'), 'department', 'approve');
    s = move({ ...s, departmentBatchId: 4 }, 'jurisdiction', 'return');
    s = move(s, 'department', 'return');
    expect(s).toMatchObject({ status: 'returned', returnedTo: 'unit' });
  });

  it('a province return goes to the jurisdiction keeping the department batch, or to the department for 省直', () => {
    const up = (reviewedByProvince: boolean) => {
      let s = move(move(state({ reviewedByProvince }), 'unit', 'approve'), 'department', 'approve');
      s = { ...s, departmentBatchId: 4 };
      if (!reviewedByProvince) s = { ...move(s, 'jurisdiction', 'approve'), jurisdictionBatchId: 5 };
      return s;
    };
    expect(move(up(false), 'province', 'return')).toMatchObject({
      returnedTo: 'jurisdiction',
      departmentBatchId: 4,
      jurisdictionBatchId: null,
    });
    expect(move(up(true), 'province', 'return')).toMatchObject({
      returnedTo: 'department',
      departmentBatchId: null,
    });
  });

  it('the unit returns an online registration to the applicant, its own entry to itself', () => {
    expect(levelBelow('unit', { source: 'online', reviewedByProvince: false })).toBe('applicant');
    expect(levelBelow('unit', { source: 'import', reviewedByProvince: false })).toBe('unit');
    const online = state({ status: 'awaiting_unit', source: 'online' });
    expect(transition(online, 'unit', 'approve')).toMatchObject({ ok: false });
    const back = move(online, 'unit', 'return');
    expect(back).toMatchObject({ status: 'returned', returnedTo: 'applicant' });
    expect(holderOf(back)).toBe('applicant');
    // Nobody reviews it until the applicant resubmits.
    for (const level of REVIEW_LEVELS) {
      expect(transition(back, level, 'approve')).toMatchObject({ ok: false, code: 'REVIEW_AWAITING_CORRECTION' });
    }
  });
});

describe('refusals', () => {
  it('refuses drafts, finished applications and other levels with a code and a Chinese message', () => {
    for (const level of REVIEW_LEVELS) {
      for (const action of REVIEW_ACTIONS) {
        expect(transition(state({ status: 'draft' }), level, action)).toMatchObject({
          ok: false,
          code: 'REVIEW_NOT_SUBMITTED',
        });
        for (const status of ['province_confirmed', 'rejected'] as const) {
          const r = transition(state({ status }), level, action);
          expect(r).toMatchObject({ ok: false, code: 'REVIEW_FINISHED' });
          if (!r.ok) expect(r.message).toMatch(/审核已经结束/);
        }
      }
    }
    const r = transition(state({ status: 'submitted' }), 'department', 'approve');
    expect(r).toMatchObject({ ok: false, code: 'REVIEW_NOT_YOUR_TURN' });
    if (!r.ok) expect(r.message).toContain('应由单位处理');
  });

  it('allows a level to act exactly when it holds the application (property)', () => {
    const states = fc.record({
      status: fc.constantFrom(...APPLICATION_STATUSES),
      returnedTo: fc.constantFrom<Stage | null>(null, ...STAGES),
      source: fc.constantFrom<'unit' | 'import' | 'online'>('unit', 'import', 'online'),
      departmentBatchId: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
      jurisdictionBatchId: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
      reviewedByProvince: fc.boolean(),
    });
    fc.assert(
      fc.property(states, fc.constantFrom(...REVIEW_LEVELS), fc.constantFrom(...REVIEW_ACTIONS), (s, level, action) => {
        const result = transition(s, level, action);
        // Exactly when: the holder may act unless the application is not yet submitted or already finished, is
        // waiting for its own correction (a unit may then only refuse it), or awaits the unit's confirmation
        // (which must come before an approval), or has been approved at the holder's level and waits only for
        // the holder to report it up in a batch (a batch submission, not a decision).
        const awaitingBatch =
          (s.status === 'department_approved' && s.departmentBatchId === null) ||
          (s.status === 'jurisdiction_approved' && s.jurisdictionBatchId === null);
        const mayAct =
          holderOf(s) === level &&
          !['draft', 'province_confirmed', 'rejected'].includes(s.status) &&
          !(s.status === 'returned' && level === 'unit' && action !== 'reject') &&
          !(s.status === 'awaiting_unit' && action === 'approve') &&
          !awaitingBatch;
        expect(result.ok).toBe(mayAct);
        if (result.ok) {
          // Only the holder acts, and a move never lands on a status before submission.
          expect(holderOf(s)).toBe(level);
          expect(['draft', 'awaiting_unit', 'submitted'] as ApplicationStatus[]).not.toContain(result.status);
          if (result.status === 'returned') expect(result.returnedTo).not.toBeNull();
          else expect(result.returnedTo).toBeNull();
        } else {
          expect(result.message.length).toBeGreaterThan(4);
        }
      }),
      // The space is finite (about 30,000 cases); enough runs that a rare state is not left to chance.
      { numRuns: 20_000 },
    );
  });
});

describe('overrules, reasons, deadlines, wording', () => {
  it('needs a written reason to approve over needs_review or ineligible', () => {
    expect(overruleRefusal('eligible', null)).toBeNull();
    expect(overruleRefusal('needs_review', '')).toMatch(/需人工核实/);
    expect(overruleRefusal('needs_review', '已核对档案原件')).toBeNull();
    expect(overruleRefusal('ineligible', '  短 ')).toMatch(/统计中标注/);
    expect(overruleRefusal('ineligible', '破格条件经市人社局认定')).toBeNull();
    expect(strongerOverrule(null, 'eligible')).toBeNull();
    expect(strongerOverrule(null, 'needs_review')).toBe('needs_review');
    expect(strongerOverrule('ineligible', 'needs_review')).toBe('ineligible');
    expect(strongerOverrule('needs_review', 'ineligible')).toBe('ineligible');
  });

  it('lists reasons for returns and rejections, none for approvals', () => {
    expect(reasonsFor('approve')).toBeNull();
    expect(reasonsFor('return')).toBe(RETURN_REASONS);
    expect(reasonsFor('reject')).toBe(REJECT_REASONS);
    expect(Object.keys(RETURN_REASONS)).toContain('OTHER');
    expect(Object.keys(REJECT_REASONS)).toContain('OTHER');
  });

  it('takes each level’s deadline from its phase (2017: 02-28, 03-20, 03-31)', () => {
    expect(deadlinePhase('unit', false)).toBe('registration');
    expect(deadlinePhase('unit', true)).toBe('jurisdiction_review');
    expect(deadlinePhase('department', false)).toBe('jurisdiction_review');
    expect(deadlinePhase('jurisdiction', false)).toBe('jurisdiction_review');
    expect(deadlinePhase('province', false)).toBe('province_review');
    // 一级: its own windows (rules.md §6).
    expect(deadlinePhase('unit', false, 'grade1')).toBe('grade1_registration');
    expect(deadlinePhase('unit', true, 'grade1')).toBe('grade1_review');
    expect(deadlinePhase('department', false, 'grade1')).toBe('grade1_review');
    expect(deadlinePhase('jurisdiction', true, 'grade1')).toBe('grade1_review');
    expect(deadlinePhase('province', false, 'grade1')).toBe('grade1_review');
  });

  it('maps roles to levels and words positions and default opinions', () => {
    expect(levelOfRole('unit_officer')).toBe('unit');
    expect(levelOfRole('department_reviewer')).toBe('department');
    expect(levelOfRole('jurisdiction_admin')).toBe('jurisdiction');
    expect(levelOfRole('province_admin')).toBe('province');
    expect(levelOfRole('proctor')).toBeNull();
    expect(levelOfRole('applicant')).toBeNull();
    expect(describePosition(state({ status: 'returned', returnedTo: 'unit' }))).toBe('已退回单位修改');
    expect(describePosition(state({ status: 'department_approved', departmentBatchId: 1 }))).toContain('资格审查');
    expect(
      describePosition(state({ status: 'department_approved', departmentBatchId: 1, reviewedByProvince: true })),
    ).toContain('省工考办');
    for (const status of APPLICATION_STATUSES) expect(describePosition(state({ status })).length).toBeGreaterThan(2);
    for (const level of REVIEW_LEVELS) {
      for (const action of REVIEW_ACTIONS) expect(defaultOpinion(level, action)).toMatch(/。$/);
    }
  });

  it('seals a jurisdiction’s review with its HR bureau, every other level with its own name', () => {
    expect(defaultSealName('jurisdiction', '郑州市')).toBe('郑州市人力资源和社会保障局');
    expect(defaultSealName('jurisdiction', '巩义市人力资源和社会保障局')).toBe('巩义市人力资源和社会保障局');
    expect(defaultSealName('unit', '郑州市第一中学')).toBe('郑州市第一中学');
    expect(defaultSealName('province', '河南省人力资源和社会保障厅')).toBe('河南省人力资源和社会保障厅');
  });
});

describe('batchNumber', () => {
  it('is one shape for every sender: year, the jurisdiction region code (the province code when none), serial', () => {
    expect(batchNumber(2017, '410100', 3)).toBe('2017-410100-00003');
    expect(batchNumber(2017, null, 12)).toBe('2017-410000-00012');
    expect(batchNumber(2017, '  ', 123456)).toBe('2017-410000-123456');
  });
});
