import { describe, expect, it } from 'vitest';
import { allApplicationMoves, CREATIONS, moveKey } from './application-moves.js';
import { levelOfRole } from './review.js';

const moves = allApplicationMoves();
const keys = moves.map(moveKey);

describe('the application lifecycle’s legal moves', () => {
  it('are each listed once, in a stable order', () => {
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(keys);
  });

  it('start where applications are created and include the whole chain up to the province', () => {
    expect(CREATIONS.map((c) => `${c.role}:${c.status}`)).toEqual([
      'unit_officer:draft',
      'unit_officer:submitted',
      'applicant:draft',
      'applicant:awaiting_unit',
    ]);
    for (const key of [
      'unit_officer|0|draft/-/00>submitted/-/00',
      'unit_officer|1|awaiting_unit/-/00>submitted/-/00',
      'applicant|1|returned/applicant/00>awaiting_unit/-/00',
      'unit_officer|0|submitted/-/00>unit_approved/-/00',
      'department_reviewer|0|unit_approved/-/00>department_approved/-/00',
      'department_reviewer|0|department_approved/-/00>department_approved/-/10',
      'jurisdiction_admin|0|department_approved/-/10>jurisdiction_approved/-/10',
      'jurisdiction_admin|0|jurisdiction_approved/-/10>jurisdiction_approved/-/11',
      'province_admin|0|jurisdiction_approved/-/11>province_confirmed/-/11',
      // 省直单位: from the department's batch straight to the province.
      'province_admin|0|department_approved/-/10>province_confirmed/-/10',
    ]) {
      expect(keys, key).toContain(key);
    }
  });

  it('never let a level approve into another level’s status, nor leave a finished application', () => {
    const approvedBy: Record<string, string> = {
      unit_approved: 'unit',
      department_approved: 'department',
      jurisdiction_approved: 'jurisdiction',
      province_confirmed: 'province',
    };
    for (const m of moves) {
      const approvedAt = m.from.status !== m.to.status ? approvedBy[m.to.status] : undefined;
      if (approvedAt) expect(levelOfRole(m.role), moveKey(m)).toBe(approvedAt);
      expect(['province_confirmed', 'rejected'], moveKey(m)).not.toContain(m.from.status);
    }
  });

  it('give the applicant and the proctor nothing but the applicant’s own submissions', () => {
    const applicantMoves = moves.filter((m) => m.role === 'applicant').map(moveKey);
    expect(applicantMoves).toEqual([
      'applicant|1|draft/-/00>awaiting_unit/-/00',
      'applicant|1|returned/applicant/00>awaiting_unit/-/00',
    ]);
    expect(moves.some((m) => m.role === 'proctor')).toBe(false);
  });
});
