// The answer journal (答题日志), its pure part: what a change is, what to send next, what an acknowledgement clears,
// and how a resumed client merges the server's saved answers with what it still holds. The IndexedDB adapter
// (store.ts) and the sender (sync.ts) are built on these; the unit tests run them in Node.

import type { Subject } from '../../domain/items.js';
import type { AnswerChange, SavedAnswer } from '../../server/modules/delivery/delivery.schemas.js';

/** One change of one item (answer or flag), written to IndexedDB before it is sent. */
export interface JournalEntry extends AnswerChange {
  subject: Subject;
  /** The candidate's ticket: a PC serves many candidates, and one's entries never go out under another's token. */
  ticketNumber: string;
  /** The PC's clock when written: used only to age unsaved entries (recovery file prompt), never for the exam. */
  writtenAt: number;
}

/** Most changes in one save (the contract's MAX_CHANGES). */
export const MAX_BATCH = 200;

/** What an item shows: its answer and flag, the seq that set them, and whether the server holds them yet. */
export interface ItemMark {
  answer: string;
  flagged: boolean;
  seq: number;
  saved: boolean;
}

/**
 * The answers a resumed client shows: the server's saved answers, overridden by every journal entry of the subject
 * whose seq is higher (a change the server has not acknowledged, or has not yet got).
 */
export function mergeAnswers(
  saved: readonly SavedAnswer[],
  entries: readonly JournalEntry[],
  subject: Subject,
): Map<number, ItemMark> {
  const marks = new Map<number, ItemMark>();
  for (const s of saved) {
    const had = marks.get(s.position);
    if (!had || s.seq > had.seq)
      marks.set(s.position, { answer: s.answer, flagged: s.flagged, seq: s.seq, saved: true });
  }
  for (const e of entries) {
    if (e.subject !== subject) continue;
    const had = marks.get(e.position);
    if (!had || e.seq > had.seq)
      marks.set(e.position, { answer: e.answer, flagged: e.flagged, seq: e.seq, saved: false });
  }
  return marks;
}

/**
 * The next save of a subject: the newest entry of each item (older ones of the same item are superseded), oldest
 * first, at most `max`. Acknowledging the highest seq sent then also clears the superseded entries below it.
 */
export function nextBatch(entries: readonly JournalEntry[], subject: Subject, max = MAX_BATCH): AnswerChange[] {
  const newest = new Map<number, JournalEntry>();
  for (const e of entries) {
    if (e.subject !== subject) continue;
    const had = newest.get(e.position);
    if (!had || e.seq > had.seq) newest.set(e.position, e);
  }
  return [...newest.values()]
    .sort((a, b) => a.seq - b.seq)
    .slice(0, max)
    .map(({ position, answer, flagged, seq }) => ({ position, answer, flagged, seq }));
}

/**
 * An acknowledgement (`ackSeq`) of a subject: every entry of it with seq ≤ ackSeq is stored or superseded on the
 * server. `acked` holds the newest of those per item (what the server now has, for an offline reload), `remaining`
 * every other entry.
 */
export function applyAck(
  entries: readonly JournalEntry[],
  subject: Subject,
  ackSeq: number,
): { acked: JournalEntry[]; remaining: JournalEntry[] } {
  const cleared: JournalEntry[] = [];
  const remaining: JournalEntry[] = [];
  for (const e of entries) (e.subject === subject && e.seq <= ackSeq ? cleared : remaining).push(e);
  const newest = new Map<number, JournalEntry>();
  for (const e of cleared) {
    const had = newest.get(e.position);
    if (!had || e.seq > had.seq) newest.set(e.position, e);
  }
  return { acked: [...newest.values()], remaining };
}

/** Folds acknowledged entries into the saved answers kept for an offline reload (higher seq wins). */
export function foldSaved(saved: readonly SavedAnswer[], acked: readonly AnswerChange[]): SavedAnswer[] {
  const byPosition = new Map<number, SavedAnswer>(saved.map((s) => [s.position, s]));
  for (const e of acked) {
    const had = byPosition.get(e.position);
    if (!had || e.seq > had.seq) {
      byPosition.set(e.position, { position: e.position, answer: e.answer, flagged: e.flagged, seq: e.seq });
    }
  }
  return [...byPosition.values()].sort((a, b) => a.position - b.position);
}

/** The subjects with entries still to send, in the order of their oldest entry. */
export function pendingSubjects(entries: readonly JournalEntry[]): Subject[] {
  const order: Subject[] = [];
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) if (!order.includes(e.subject)) order.push(e.subject);
  return order;
}

/**
 * The wait before the n-th retry (n from 1) of a failed save: doubling from one second up to thirty, with up to a
 * fifth of jitter so that a room of PCs coming back together does not hit the server in one beat.
 */
export function backoffMs(failures: number, random = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (1 + 0.2 * random()));
}

/** The sequence numbers go on from the highest one the PC or the server has seen (a new PC continues an attempt). */
export function seqFloor(counter: number, saved: readonly SavedAnswer[]): number {
  return saved.reduce((m, s) => Math.max(m, s.seq), counter);
}

/** A multiple choice answer after pressing `letter`: toggled, kept as distinct letters in alphabetical order. */
export function toggleLetter(answer: string, letter: string): string {
  const letters = new Set(answer.split('').filter(Boolean));
  if (letters.has(letter)) letters.delete(letter);
  else letters.add(letter);
  return [...letters].sort().join('');
}
