// The IndexedDB adapter: the bearer token, the recovery key, the papers (for a reload without network), the saved
// answers as last acknowledged, the sequence counter and the journal itself. A change is in IndexedDB, with its
// sequence number, before anything is sent: a reload or a power cut loses nothing that was shown as entered.

import type { Subject } from '../../domain/items.js';
import type { PaperResponse, SavedAnswer, StateResponse } from '../../server/modules/delivery/delivery.schemas.js';
import { applyAck, foldSaved, type JournalEntry } from './journal.js';

const DB_NAME = 'gongkao-exam';
const DB_VERSION = 1;

/** What the seat remembers of the candidate signed in at it. */
export interface Seat {
  token: string;
  ticketNumber: string;
  /** The server's recovery public key (base64url), fetched at sign-in so that it is there offline. */
  recoveryPublicKey: string | null;
  state: StateResponse | null;
  /** The server's clock minus the PC's wall clock, as last known (used only when a reload finds no network). */
  wallOffset: number | null;
}

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export class ExamStore {
  private constructor(private readonly idb: IDBDatabase) {}

  static async open(): Promise<ExamStore> {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('kv')) db.createObjectStore('kv');
      if (!db.objectStoreNames.contains('journal')) db.createObjectStore('journal', { keyPath: 'seq' });
    };
    return new ExamStore(await promised(request));
  }

  private async get<T>(key: string): Promise<T | undefined> {
    const tx = this.idb.transaction('kv', 'readonly');
    return (await promised(tx.objectStore('kv').get(key))) as T | undefined;
  }

  private async set(key: string, value: unknown): Promise<void> {
    const tx = this.idb.transaction('kv', 'readwrite');
    tx.objectStore('kv').put(value, key);
    await done(tx);
  }

  seat(): Promise<Seat | undefined> {
    return this.get<Seat>('seat');
  }

  saveSeat(seat: Seat): Promise<void> {
    return this.set('seat', seat);
  }

  async updateSeat(change: Partial<Seat>): Promise<void> {
    const seat = await this.seat();
    if (seat) await this.saveSeat({ ...seat, ...change });
  }

  /** Forgets the token (the journal stays: entries are the candidate's and leave only acknowledged or in a file). */
  async forgetSeat(): Promise<void> {
    const tx = this.idb.transaction('kv', 'readwrite');
    tx.objectStore('kv').delete('seat');
    await done(tx);
  }

  paper(ticketNumber: string, subject: Subject): Promise<PaperResponse | undefined> {
    return this.get<PaperResponse>(`paper:${ticketNumber}:${subject}`);
  }

  savePaper(ticketNumber: string, paper: PaperResponse): Promise<void> {
    return this.set(`paper:${ticketNumber}:${paper.subject}`, paper);
  }

  /** The answers the server holds as far as this PC knows (the paper's, plus every acknowledgement since). */
  async saved(ticketNumber: string, subject: Subject): Promise<SavedAnswer[]> {
    return (await this.get<SavedAnswer[]>(`saved:${ticketNumber}:${subject}`)) ?? [];
  }

  async saveSaved(ticketNumber: string, subject: Subject, answers: readonly SavedAnswer[]): Promise<void> {
    const current = await this.saved(ticketNumber, subject);
    const merged = foldSaved(current, answers);
    await this.set(`saved:${ticketNumber}:${subject}`, merged);
  }

  /** Every journal entry of the candidate, in seq order. */
  async entries(ticketNumber: string): Promise<JournalEntry[]> {
    const tx = this.idb.transaction('journal', 'readonly');
    const all = (await promised(tx.objectStore('journal').getAll())) as JournalEntry[];
    return all.filter((e) => e.ticketNumber === ticketNumber);
  }

  /** Raises the sequence counter to at least `floor` (the server holds seqs from another PC or an earlier load). */
  async raiseSeq(floor: number): Promise<void> {
    const tx = this.idb.transaction('kv', 'readwrite');
    const kv = tx.objectStore('kv');
    const counter = ((await promised(kv.get('seq'))) as number | undefined) ?? 0;
    if (floor > counter) kv.put(floor, 'seq');
    await done(tx);
  }

  /** Writes a change with the next sequence number, counter and entry in one transaction. */
  async append(change: Omit<JournalEntry, 'seq'>): Promise<JournalEntry> {
    const tx = this.idb.transaction(['kv', 'journal'], 'readwrite');
    const kv = tx.objectStore('kv');
    const seq = (((await promised(kv.get('seq'))) as number | undefined) ?? 0) + 1;
    const entry: JournalEntry = { ...change, seq };
    kv.put(seq, 'seq');
    tx.objectStore('journal').put(entry);
    await done(tx);
    return entry;
  }

  /** Clears what the server acknowledged and keeps it as saved, in one transaction. */
  async acknowledge(ticketNumber: string, subject: Subject, ackSeq: number): Promise<void> {
    const tx = this.idb.transaction(['kv', 'journal'], 'readwrite');
    const kv = tx.objectStore('kv');
    const journal = tx.objectStore('journal');
    const all = ((await promised(journal.getAll())) as JournalEntry[]).filter((e) => e.ticketNumber === ticketNumber);
    const { acked } = applyAck(all, subject, ackSeq);
    const key = `saved:${ticketNumber}:${subject}`;
    const saved = ((await promised(kv.get(key))) as SavedAnswer[] | undefined) ?? [];
    kv.put(foldSaved(saved, acked), key);
    for (const e of all) if (e.subject === subject && e.seq <= ackSeq) journal.delete(e.seq);
    await done(tx);
  }
}
