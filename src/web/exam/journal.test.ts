import { describe, expect, it } from 'vitest';
import {
  applyAck,
  backoffMs,
  foldSaved,
  type JournalEntry,
  mergeAnswers,
  nextBatch,
  pendingSubjects,
  seqFloor,
  toggleLetter,
} from './journal.js';

const entry = (seq: number, position: number, answer: string, over: Partial<JournalEntry> = {}): JournalEntry => ({
  seq,
  position,
  answer,
  flagged: false,
  subject: 'skill',
  ticketNumber: 'T1',
  writtenAt: 0,
  ...over,
});

describe('mergeAnswers (resume)', () => {
  it('takes the journal entry when its seq is higher, the saved answer otherwise', () => {
    const saved = [
      { position: 1, answer: 'A', flagged: false, seq: 5 },
      { position: 2, answer: 'B', flagged: true, seq: 9 },
      { position: 3, answer: 'C', flagged: false, seq: 2 },
    ];
    const marks = mergeAnswers(saved, [entry(7, 1, 'D'), entry(8, 2, 'C'), entry(10, 4, 'T')], 'skill');
    expect(marks.get(1)).toEqual({ answer: 'D', flagged: false, seq: 7, saved: false });
    // Another PC saved a newer answer of item 2 than this journal holds: the server's wins.
    expect(marks.get(2)).toEqual({ answer: 'B', flagged: true, seq: 9, saved: true });
    expect(marks.get(3)).toEqual({ answer: 'C', flagged: false, seq: 2, saved: true });
    expect(marks.get(4)?.answer).toBe('T');
  });

  it('ignores other subjects and keeps the newest of several entries of an item', () => {
    const marks = mergeAnswers(
      [],
      [entry(3, 1, 'A'), entry(5, 1, ''), entry(4, 1, 'B'), entry(6, 1, 'C', { subject: 'ethics' })],
      'skill',
    );
    expect(marks.get(1)).toMatchObject({ answer: '', seq: 5 });
    expect(marks.size).toBe(1);
  });
});

describe('nextBatch and applyAck (the send queue)', () => {
  const entries = [
    entry(1, 1, 'A'),
    entry(2, 2, 'B'),
    entry(3, 1, 'C'),
    entry(4, 3, 'D', { subject: 'ethics' }),
    entry(5, 2, 'AB'),
  ];

  it('sends the newest entry of each item of the subject, oldest first', () => {
    expect(nextBatch(entries, 'skill')).toEqual([
      { position: 1, answer: 'C', flagged: false, seq: 3 },
      { position: 2, answer: 'AB', flagged: false, seq: 5 },
    ]);
    expect(nextBatch(entries, 'skill', 1)).toEqual([{ position: 1, answer: 'C', flagged: false, seq: 3 }]);
    expect(nextBatch(entries, 'ability')).toEqual([]);
  });

  it('an acknowledgement clears the subject’s entries up to ackSeq, superseded ones too', () => {
    const { acked, remaining } = applyAck(entries, 'skill', 3);
    expect(remaining.map((e) => e.seq)).toEqual([4, 5]);
    expect(acked.map((e) => [e.position, e.answer])).toEqual([
      [1, 'C'],
      [2, 'B'],
    ]);
    // A change made while the save was in flight (seq 5) stays until its own acknowledgement.
    expect(nextBatch(remaining, 'skill')).toEqual([{ position: 2, answer: 'AB', flagged: false, seq: 5 }]);
    expect(applyAck(remaining, 'skill', 5).remaining.map((e) => e.seq)).toEqual([4]);
  });

  it('folds what was acknowledged into the saved answers kept for an offline reload', () => {
    const saved = [
      { position: 1, answer: 'A', flagged: false, seq: 1 },
      { position: 2, answer: 'F', flagged: false, seq: 9 },
    ];
    expect(foldSaved(saved, [entry(3, 1, 'C'), entry(4, 2, 'B'), entry(5, 4, 'T')])).toEqual([
      { position: 1, answer: 'C', flagged: false, seq: 3 },
      { position: 2, answer: 'F', flagged: false, seq: 9 },
      { position: 4, answer: 'T', flagged: false, seq: 5 },
    ]);
  });

  it('orders the subjects to send by their oldest entry', () => {
    expect(
      pendingSubjects([
        entry(7, 1, 'A'),
        entry(3, 1, 'A', { subject: 'ethics' }),
        entry(9, 2, 'B', { subject: 'ethics' }),
      ]),
    ).toEqual(['ethics', 'skill']);
  });
});

describe('backoff, sequence numbers, multiple choice', () => {
  it('doubles from one second to thirty, with at most a fifth of jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffMs(n, () => 0))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
    expect(backoffMs(1, () => 0.999)).toBeLessThanOrEqual(1200);
  });

  it('continues after the highest seq the server holds', () => {
    expect(seqFloor(4, [{ position: 1, answer: 'A', flagged: false, seq: 12 }])).toBe(12);
    expect(seqFloor(40, [{ position: 1, answer: 'A', flagged: false, seq: 12 }])).toBe(40);
  });

  it('keeps multiple choice letters distinct and alphabetical', () => {
    expect(toggleLetter('', 'C')).toBe('C');
    expect(toggleLetter('C', 'A')).toBe('AC');
    expect(toggleLetter('AC', 'B')).toBe('ABC');
    expect(toggleLetter('ABC', 'B')).toBe('AC');
  });
});
