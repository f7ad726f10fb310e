// The sender: whatever the journal holds goes to POST /api/exam/answers in batches, each acknowledgement clears what
// it covers, a failure is retried with backoff until the server takes it (after a reload too: the journal is loaded
// from IndexedDB first). A subject the server has closed is no longer sent (its entries stay for a recovery file).

import type { Subject } from '../../domain/items.js';
import type { AnswerChange, AnswersResponse } from '../../server/modules/delivery/delivery.schemas.js';
import { type ExamApi, ExamApiError, OfflineError } from './api.js';
import { applyAck, backoffMs, type JournalEntry, nextBatch, pendingSubjects } from './journal.js';
import type { ExamStore } from './store.js';

export interface SyncHandlers {
  /** The server refuses saves of the subject (submitted, or past its deadline and grace). */
  onClosed(subject: Subject): void;
  /** Another PC took over the attempt (换机). */
  onReplaced(): void;
  /** A save was acknowledged: what it says of the subject's deadline and the room's pause now. */
  onSaved?(subject: Subject, response: AnswersResponse): void;
  /** Anything the screen shows changed (pending entries, online). */
  onChange(): void;
}

export class AnswerSync {
  private entries: JournalEntry[] = [];
  private readonly closed = new Set<Subject>();
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private again = false;
  private stopped = false;
  /** False from a failed save (or the browser's offline event) until a save succeeds. */
  online = typeof navigator === 'undefined' ? true : navigator.onLine;
  /** The last refusal that was neither a closed subject nor a replaced client, shown to the candidate. */
  lastError: string | null = null;
  /** performance.now() of the last acknowledged save (a save is a sign of life: no heartbeat needed after it). */
  lastAckAt: number | null = null;

  constructor(
    private readonly store: ExamStore,
    private readonly api: ExamApi,
    private readonly ticketNumber: string,
    private readonly handlers: SyncHandlers,
  ) {}

  async load(): Promise<void> {
    this.entries = await this.store.entries(this.ticketNumber);
    this.kick();
  }

  /** Unacknowledged entries (all subjects, in seq order). */
  pending(): readonly JournalEntry[] {
    return this.entries;
  }

  pendingPositions(subject: Subject): Set<number> {
    return new Set(this.entries.filter((e) => e.subject === subject).map((e) => e.position));
  }

  /** The PC's wall-clock instant of the oldest unsaved entry (for the recovery-file prompt), or null. */
  oldestPendingAt(): number | null {
    return this.entries.length ? Math.min(...this.entries.map((e) => e.writtenAt)) : null;
  }

  /** Journals a change (IndexedDB first), then sends it. */
  async record(subject: Subject, position: number, answer: string, flagged: boolean): Promise<JournalEntry> {
    const entry = await this.store.append({
      subject,
      position,
      answer,
      flagged,
      ticketNumber: this.ticketNumber,
      writtenAt: Date.now(),
    });
    this.entries.push(entry);
    this.handlers.onChange();
    this.kick();
    return entry;
  }

  /** Sends now (a new change, the network came back), cutting any backoff short. */
  kick(): void {
    if (this.stopped) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.handlers.onChange();
  }

  /** Sends until the subject has nothing pending, or `timeoutMs` passes; answers whether it is all saved. */
  async flush(subject: Subject, timeoutMs: number): Promise<boolean> {
    const until = performance.now() + timeoutMs;
    this.kick();
    while (this.entries.some((e) => e.subject === subject) && !this.closed.has(subject)) {
      if (performance.now() > until) return false;
      await new Promise((r) => setTimeout(r, 200));
    }
    return !this.entries.some((e) => e.subject === subject);
  }

  /** The subject's last changes, to go with its submit. */
  forSubmit(subject: Subject): AnswerChange[] {
    return nextBatch(this.entries, subject);
  }

  /** The submit stored `sent` (its changes): they are acknowledged like a save's; the subject takes no more. */
  async submitted(subject: Subject, sent: readonly AnswerChange[]): Promise<void> {
    const ackSeq = sent.reduce((m, c) => Math.max(m, c.seq), 0);
    if (ackSeq > 0) await this.acknowledge(subject, ackSeq);
    this.closed.add(subject);
    this.handlers.onChange();
  }

  private async acknowledge(subject: Subject, ackSeq: number): Promise<void> {
    await this.store.acknowledge(this.ticketNumber, subject, ackSeq);
    this.entries = applyAck(this.entries, subject, ackSeq).remaining;
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        for (const subject of pendingSubjects(this.entries)) {
          if (this.closed.has(subject) || this.stopped) continue;
          const changes = nextBatch(this.entries, subject);
          try {
            const r = await this.api.call<AnswersResponse>('POST', '/api/exam/answers', {
              subject,
              changes,
              unsaved: stillUnsaved(this.entries, subject, changes),
            });
            await this.acknowledge(subject, r.ackSeq);
            this.lastAckAt = performance.now();
            this.handlers.onSaved?.(subject, r);
            this.failures = 0;
            this.lastError = null;
            this.setOnline(true);
            this.handlers.onChange();
            this.again = true;
          } catch (error) {
            if (error instanceof ExamApiError && error.code === 'EXAM_SUBJECT_CLOSED') {
              this.closed.add(subject);
              this.handlers.onClosed(subject);
              continue;
            }
            if (error instanceof ExamApiError && error.code === 'EXAM_CLIENT_REPLACED') {
              this.stop();
              this.handlers.onReplaced();
              return;
            }
            if (error instanceof OfflineError) this.setOnline(false);
            else this.lastError = error instanceof Error ? error.message : String(error);
            this.failures++;
            this.handlers.onChange();
            this.timer = setTimeout(() => {
              this.timer = null;
              void this.run();
            }, backoffMs(this.failures));
            return;
          }
        }
      } while (this.again && !this.stopped);
    } finally {
      this.running = false;
    }
  }
}

/** What stays unacknowledged once `changes` (the batch of `subject`) is: reported with the save to the proctor. */
function stillUnsaved(entries: readonly JournalEntry[], subject: Subject, changes: readonly AnswerChange[]): number {
  const ackSeq = changes.reduce((m, c) => Math.max(m, c.seq), 0);
  return entries.filter((e) => e.subject !== subject || e.seq > ackSeq).length;
}
