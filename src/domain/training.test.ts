import { describe, expect, it } from 'vitest';
import { defaultTrainingSettings, requiredSittings, trainingStatus } from './training.js';

describe('requiredSittings', () => {
  it('rounds an inexact share up and keeps an exact one', () => {
    expect(requiredSittings(5, 0.8)).toBe(4);
    expect(requiredSittings(10, 0.8)).toBe(8);
    expect(requiredSittings(3, 0.8)).toBe(3);
    expect(requiredSittings(2, 0.5)).toBe(1);
    expect(requiredSittings(4, 1)).toBe(4);
  });
});

describe('trainingStatus', () => {
  const sittings = [1, 2, 3, 4, 5];
  it('completes at the required share of sittings attended', () => {
    const attendance = [1, 2, 3, 4].map((sittingId) => ({ sittingId, status: 'present' as const }));
    expect(trainingStatus(attendance, sittings, 0.8)).toEqual({
      completed: true,
      attended: 4,
      sittings: 5,
      required: 4,
      reason: null,
      reasonText: null,
    });
  });
  it('counts neither 请假 nor 缺勤 nor another class’s sittings', () => {
    const status = trainingStatus(
      [
        { sittingId: 1, status: 'present' },
        { sittingId: 2, status: 'present' },
        { sittingId: 3, status: 'present' },
        { sittingId: 4, status: 'excused' },
        { sittingId: 5, status: 'absent' },
        { sittingId: 99, status: 'present' },
      ],
      sittings,
      0.8,
    );
    expect(status).toMatchObject({ completed: false, attended: 3, required: 4, reason: 'TOO_FEW_ATTENDED' });
    expect(status.reasonText).toBe('培训出勤 3/5 次，未达到要求的 4 次');
  });
  it('names a candidate in no class and a class without sittings', () => {
    expect(trainingStatus([], null, 0.8)).toMatchObject({ completed: false, reason: 'NOT_ENROLLED' });
    expect(trainingStatus([], [], 0.8)).toMatchObject({ completed: false, reason: 'NO_SITTINGS' });
  });
  it('defaults to 80 % with the switch off', () => {
    expect(defaultTrainingSettings()).toEqual({ trainingRequiredForSeating: false, requiredShare: 0.8 });
  });
});
