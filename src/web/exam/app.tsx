// The seat's screens: sign-in, the lobby (admission, rules, countdowns, breaks, results), the answering screen, and
// the room's pause and stop over all of them. The clock is the server's (clock.ts); every change goes through the
// journal (sync.ts) before the network.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Subject } from '../../domain/items.js';
import type {
  CompactState,
  PaperResponse,
  SignInResponse,
  StateResponse,
  SubjectView,
} from '../../server/modules/delivery/delivery.schemas.js';
import { Answering } from './answering.js';
import { ExamApi, ExamApiError, OfflineError } from './api.js';
import { beijingClock, ServerClock } from './clock.js';
import { foldSaved, type ItemMark, mergeAnswers, seqFloor } from './journal.js';
import { Lobby } from './lobby.js';
import { ExamStore, type Seat } from './store.js';
import { AnswerSync } from './sync.js';

/** How often the seat asks for the state while it waits (admission, a takeover, a hand-in by the server). */
const POLL_MS = 5000;
/** The heartbeat (docs/api-exam-day.md): time given and the room's pause reach the seat with it. */
const HEARTBEAT_MS = 15_000;
/** How often the seat checks whether a beat is due (15 s after its last save or beat). */
const BEAT_TICK_MS = 2_000;

/** What the seat holds once a candidate is signed in. */
interface SeatContext {
  store: ExamStore;
  api: ExamApi;
  clock: ServerClock;
  seat: Seat;
}

export interface ExamContext extends SeatContext {
  sync: AnswerSync;
}

type Screen =
  | { kind: 'boot' }
  | { kind: 'signin'; error?: string }
  | { kind: 'fatal'; message: string }
  | { kind: 'exam'; ctx: SeatContext };

/** The server's time, re-read four times a second for the countdowns. */
export function useServerNow(clock: ServerClock): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    const id = setInterval(() => setNow(clock.now()), 250);
    return () => clearInterval(id);
  }, [clock]);
  return now;
}

/** The subject the seat is at: the first not yet submitted (subjects run in order). */
export function currentSubject(state: Pick<StateResponse, 'subjects'>): SubjectView | undefined {
  return [...state.subjects].sort((a, b) => a.position - b.position).find((s) => s.state !== 'submitted');
}

export function ExamApp() {
  const [screen, setScreen] = useState<Screen>({ kind: 'boot' });
  const [large, setLarge] = useState(() => localStorage.getItem('gongkao-exam-large') === '1');
  const clock = useRef(new ServerClock()).current;

  useEffect(() => {
    document.documentElement.classList.toggle('exam-large', large);
    localStorage.setItem('gongkao-exam-large', large ? '1' : '0');
  }, [large]);

  const start = useCallback(
    async (store: ExamStore, api: ExamApi, seat: Seat) => {
      api.token = seat.token;
      setScreen({ kind: 'exam', ctx: { store, api, clock, seat } });
    },
    [clock],
  );

  useEffect(() => {
    let cancelled = false;
    (async () => {
      let store: ExamStore;
      try {
        store = await ExamStore.open();
      } catch {
        setScreen({
          kind: 'fatal',
          message: '本机浏览器无法保存作答记录（IndexedDB 不可用），请联系监考员更换考试机。',
        });
        return;
      }
      const api = new ExamApi(clock);
      const seat = await store.seat();
      try {
        await api.measureClock();
      } catch {
        if (seat?.wallOffset != null) clock.assume(Date.now() + seat.wallOffset - performance.now());
      }
      if (cancelled) return;
      if (seat) await start(store, api, seat);
      else setScreen({ kind: 'signin' });
      storeRef.current = store;
      apiRef.current = api;
    })();
    return () => {
      cancelled = true;
    };
  }, [clock, start]);

  const storeRef = useRef<ExamStore | null>(null);
  const apiRef = useRef<ExamApi | null>(null);

  const signIn = async (ticketNumber: string, idNumber: string) => {
    const store = storeRef.current;
    const api = apiRef.current;
    if (!store || !api) return;
    try {
      api.token = null;
      const r = await api.call<SignInResponse>('POST', '/api/exam/sign-in', {
        ticketNumber,
        idNumber,
        clientToken: clientTokenFor(ticketNumber),
      });
      api.token = r.token;
      // The key is fetched now, while the network is there: a recovery file is needed exactly when it is not.
      const key = await api
        .call<{ publicKey: string }>('GET', '/api/exam/recovery-key')
        .then((k) => k.publicKey)
        .catch(() => null);
      const seat: Seat = {
        token: r.token,
        ticketNumber: ticketNumber.trim(),
        recoveryPublicKey: key,
        state: null,
        wallOffset: clock.ready ? clock.wallOffset() : null,
      };
      await store.saveSeat(seat);
      await start(store, api, seat);
    } catch (error) {
      const message =
        error instanceof ExamApiError || error instanceof OfflineError ? error.message : '登录失败，请重试';
      setScreen({ kind: 'signin', error: message });
    }
  };

  const signOut = async () => {
    await storeRef.current?.forgetSeat();
    if (apiRef.current) apiRef.current.token = null;
    setScreen({ kind: 'signin' });
  };

  return (
    <div className="exam-root">
      {screen.kind === 'boot' && <p className="exam-centre-note">正在连接考试服务器…</p>}
      {screen.kind === 'fatal' && (
        <p className="exam-centre-note" role="alert">
          {screen.message}
        </p>
      )}
      {screen.kind === 'signin' && <SignIn error={screen.error} onSignIn={signIn} />}
      {screen.kind === 'exam' && (
        <Exam
          key={screen.ctx.seat.token}
          base={screen.ctx}
          large={large}
          onLarge={() => setLarge((v) => !v)}
          onSignOut={signOut}
        />
      )}
    </div>
  );
}

function SignIn({ error, onSignIn }: { error?: string; onSignIn: (ticket: string, id: string) => Promise<void> }) {
  const [ticket, setTicket] = useState('');
  const [id, setId] = useState('');
  const [busy, setBusy] = useState(false);
  const ticketRef = useRef<HTMLInputElement>(null);
  useEffect(() => ticketRef.current?.focus(), []);
  return (
    <main className="exam-signin">
      <h1>人机对话考试</h1>
      <p className="exam-subtitle">河南省机关事业单位工勤技能岗位等级考核</p>
      <form
        className="exam-card"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          await onSignIn(ticket, id);
          setBusy(false);
        }}
      >
        <h2>考生登录</h2>
        <label htmlFor="exam-ticket">准考证号</label>
        <input
          id="exam-ticket"
          data-testid="exam-ticket"
          value={ticket}
          autoComplete="off"
          inputMode="numeric"
          ref={ticketRef}
          required
          onChange={(e) => setTicket(e.target.value)}
        />
        <label htmlFor="exam-id">身份证号</label>
        <input
          id="exam-id"
          data-testid="exam-id"
          value={id}
          autoComplete="off"
          required
          onChange={(e) => setId(e.target.value)}
        />
        {error && (
          <p className="exam-error" role="alert" data-testid="exam-signin-error">
            {error}
          </p>
        )}
        <button type="submit" className="exam-primary" disabled={busy} data-testid="exam-signin">
          {busy ? '正在登录…' : '登录'}
        </button>
        <p className="exam-hint">请核对座位上的准考证号。登录遇到问题请举手示意监考员。</p>
      </form>
    </main>
  );
}

/** A compact state (heartbeat) applied to the full one: clocks, pause, stop and status; the rest stays. */
function applyCompact(state: StateResponse, compact: CompactState): StateResponse {
  return {
    ...state,
    status: compact.status,
    clientStatus: compact.clientStatus,
    pausedAt: compact.pausedAt,
    stoppedAt: compact.stoppedAt,
    serverTime: compact.serverTime,
    subjects: state.subjects.map((s) => {
      const c = compact.subjects.find((x) => x.subject === s.subject);
      return c ? { ...s, opensAt: c.opensAt, deadlineAt: c.deadlineAt, state: c.state } : s;
    }),
  };
}

export interface LoadedPaper {
  paper: PaperResponse;
  marks: Map<number, ItemMark>;
}

function Exam({
  base,
  large,
  onLarge,
  onSignOut,
}: {
  base: SeatContext;
  large: boolean;
  onLarge: () => void;
  onSignOut: () => void;
}) {
  const { store, api, clock, seat } = base;
  const [state, setState] = useState<StateResponse | null>(seat.state);
  const [offline, setOffline] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [replaced, setReplaced] = useState(false);
  const [paper, setPaper] = useState<LoadedPaper | null>(null);
  const [, setVersion] = useState(0);
  const syncRef = useRef<AnswerSync | null>(null);
  /** Sends a heartbeat now (a save said the deadline or the pause changed). */
  const beatRef = useRef<(() => Promise<void>) | null>(null);
  const stateRef = useRef(state);
  stateRef.current = state;

  const keepState = useCallback(
    (next: StateResponse) => {
      setState(next);
      void store.updateSeat({ state: next, wallOffset: clock.wallOffset() });
    },
    [store, clock],
  );

  const signOutRef = useRef(onSignOut);
  signOutRef.current = onSignOut;
  const handleRefusal = useCallback((error: ExamApiError) => {
    if (error.code === 'EXAM_CLIENT_REPLACED') setReplaced(true);
    else if (error.status === 401) signOutRef.current();
    else setNotice(error.message);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const next = await api.call<StateResponse>('GET', '/api/exam/state');
      keepState(next);
      setOffline(false);
      return next;
    } catch (error) {
      if (error instanceof OfflineError) setOffline(true);
      else if (error instanceof ExamApiError) handleRefusal(error);
      return null;
    }
  }, [api, keepState, handleRefusal]);

  // The journal's sender lives as long as the candidate is signed in at the seat.
  if (!syncRef.current) {
    syncRef.current = new AnswerSync(store, api, seat.ticketNumber, {
      onChange: () => setVersion((v) => v + 1),
      onClosed: () => void refresh(),
      onReplaced: () => setReplaced(true),
      // The save answers the subject's deadline and the room's pause: time given or a pause is fetched at once.
      onSaved: (subject, r) => {
        const current = stateRef.current;
        const known = current?.subjects.find((s) => s.subject === subject);
        if (current && known && (known.deadlineAt !== r.deadlineAt || current.pausedAt !== r.pausedAt)) {
          void beatRef.current?.();
        }
      },
    });
  }
  const sync = syncRef.current;
  const ctx: ExamContext = { ...base, sync };

  useEffect(() => {
    void sync.load();
    const online = () => {
      sync.kick();
      void refresh();
    };
    const offlineEvent = () => sync.setOnline(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offlineEvent);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offlineEvent);
    };
  }, [sync, refresh]);

  useEffect(() => {
    void refresh();
    // A key the sign-in could not fetch is fetched while the network is there: a recovery file needs it offline.
    if (!seat.recoveryPublicKey) {
      void api
        .call<{ publicKey: string }>('GET', '/api/exam/recovery-key')
        .then((k) => store.updateSeat({ recoveryPublicKey: k.publicKey }))
        .catch(() => undefined);
    }
  }, [refresh, api, store, seat.recoveryPublicKey]);

  // Polling while waiting, the heartbeat once admitted.
  const status = state?.status;
  const clientStatus = state?.clientStatus;
  useEffect(() => {
    if (replaced || !status || status === 'finished' || status === 'absent' || status === 'stopped') return;
    const admitted = status === 'admitted' && clientStatus === 'active';
    const beat = async () => {
      try {
        const compact = await api.call<CompactState>('POST', '/api/exam/heartbeat', {
          unsaved: sync.pending().length,
          online: sync.online,
        });
        setOffline(false);
        const current = stateRef.current;
        if (!current) return;
        const next = applyCompact(current, compact);
        // A subject handed in (by the server or a proctor) brings its result: read the full state.
        const changed = current.subjects.some(
          (s) => s.state !== next.subjects.find((n) => n.subject === s.subject)?.state,
        );
        if (changed || next.status !== current.status) await refresh();
        else keepState(next);
      } catch (error) {
        if (error instanceof OfflineError) setOffline(true);
        else if (error instanceof ExamApiError) handleRefusal(error);
      }
    };
    if (admitted) beatRef.current = beat;
    let lastBeat = Number.NEGATIVE_INFINITY;
    const id = setInterval(
      async () => {
        if (!admitted) {
          await refresh();
          return;
        }
        // A beat 15 s after the last contact: a save acknowledged since said the candidate is there (and carried
        // the unsaved count), and its answer brought the deadline and the pause. Saves come every few seconds
        // while someone works, so at a centre of thousands most beats are not sent; an idle seat still hears of a
        // pause within a beat and a tick.
        const last = Math.max(lastBeat, sync.lastAckAt ?? Number.NEGATIVE_INFINITY);
        if (performance.now() - last < HEARTBEAT_MS) return;
        lastBeat = performance.now();
        await beat();
      },
      admitted ? BEAT_TICK_MS : POLL_MS,
    );
    return () => {
      clearInterval(id);
      if (beatRef.current === beat) beatRef.current = null;
    };
  }, [status, clientStatus, replaced, api, sync, refresh, keepState, handleRefusal]);

  const subject = state ? currentSubject(state) : undefined;
  const now = useServerNow(clock);
  const opened = !!subject && (subject.state === 'open' || now >= Date.parse(subject.opensAt));
  const canAnswer =
    !!state && state.status === 'admitted' && state.clientStatus === 'active' && !state.stoppedAt && opened;

  // The paper of the open subject: from the server, else (no network at a reload) as stored at the seat.
  const wanted = canAnswer ? subject?.subject : undefined;
  useEffect(() => {
    if (!wanted) return;
    let cancelled = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      let p: PaperResponse | undefined;
      try {
        p = await api.call<PaperResponse>('GET', `/api/exam/subjects/${wanted}/paper`);
        await store.savePaper(seat.ticketNumber, p);
        await store.saveSaved(seat.ticketNumber, wanted, p.answers);
        await store.raiseSeq(seqFloor(0, p.answers));
      } catch (error) {
        if (error instanceof ExamApiError) {
          if (error.code === 'EXAM_SUBJECT_NOT_OPEN' && !cancelled) retry = setTimeout(load, jittered(2000));
          else if (error.code === 'EXAM_SUBJECT_CLOSED') void refresh();
          else handleRefusal(error);
          return;
        }
        p = await store.paper(seat.ticketNumber, wanted);
        if (!p) {
          if (!cancelled) retry = setTimeout(load, jittered(3000));
          setOffline(true);
          return;
        }
      }
      const saved = foldSaved(await store.saved(seat.ticketNumber, wanted), p.answers);
      await sync.load();
      if (!cancelled) setPaper({ paper: p, marks: mergeAnswers(saved, sync.pending(), wanted) });
    };
    // Every seat of the province asks for its paper at the same opening second: a random moment within the first
    // second spreads them (the time that counts is the server's opening, not the fetch), and retries are spread too.
    retry = setTimeout(load, Math.random() * 1000);
    return () => {
      cancelled = true;
      if (retry) clearTimeout(retry);
    };
  }, [wanted, api, store, seat.ticketNumber, sync, refresh, handleRefusal]);

  if (replaced) {
    return (
      <main className="exam-centre-note" role="alert">
        <h1>本考试机已停止作答</h1>
        <p>监考员已将您的作答转到另一台考试机。本机未保存的答案已保存在本机，请按监考员指示操作。</p>
      </main>
    );
  }
  if (!state) {
    return (
      <main className="exam-centre-note">
        <p>{offline ? '网络中断，正在重试连接考试服务器…' : '正在读取考试信息…'}</p>
      </main>
    );
  }

  const paused = state.pausedAt !== null && !state.stoppedAt;
  const answering = canAnswer && paper && paper.paper.subject === subject?.subject ? paper : null;
  return (
    <>
      {answering && subject ? (
        <Answering
          key={subject.subject}
          ctx={ctx}
          state={state}
          subject={subject}
          loaded={answering}
          now={now}
          offline={offline || !sync.online}
          large={large}
          onLarge={onLarge}
          onSubmitted={() => void refresh()}
          onDeadline={() => void refresh()}
        />
      ) : (
        <Lobby ctx={ctx} state={state} now={now} offline={offline} large={large} onLarge={onLarge} />
      )}
      {notice && (
        <div className="exam-toast" role="alert">
          {notice}
          <button type="button" onClick={() => setNotice(null)}>
            知道了
          </button>
        </div>
      )}
      {paused && (
        <div className="exam-overlay" role="alertdialog" aria-modal="true" aria-labelledby="exam-paused-title">
          <div className="exam-overlay-box" data-testid="exam-paused">
            <h1 id="exam-paused-title">考场暂停</h1>
            <p>考试计时已停止，暂停的时间将在恢复后补足。请在座位上等待监考员通知。</p>
            <p>暂停时间：{beijingClock(Date.parse(state.pausedAt ?? ''), true)}</p>
          </div>
        </div>
      )}
    </>
  );
}

export type { Subject };

/**
 * This PC's token for a 准考证号, made once and kept (localStorage): a sign-in retried after its answer was lost
 * sends the same token and stays this PC's, instead of waiting for the proctor as a second PC would. One token per
 * 准考证号, so the next candidate at this PC gets a token of their own.
 */
function clientTokenFor(ticketNumber: string): string | undefined {
  const key = `gk-exam-client-token:${ticketNumber.trim().toUpperCase()}`;
  try {
    const kept = localStorage.getItem(key);
    if (kept && /^[A-Za-z0-9_-]{43}$/.test(kept)) return kept;
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const token = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    localStorage.setItem(key, token);
    return token;
  } catch {
    // No storage (a locked-down browser): the server makes the token, and a lost answer needs the proctor.
    return undefined;
  }
}

/** `ms` to twice `ms`: retries of thousands of seats must not come back in step. */
function jittered(ms: number): number {
  return ms + Math.random() * ms;
}
