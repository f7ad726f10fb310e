// The answering screen of one subject: an item at a time, free navigation, flags, the answer sheet, the server's
// countdown, each item's save state, the keyboard, the hand-in.
import { useEffect, useRef, useState } from 'react';
import type {
  DeliveryItem,
  StateResponse,
  SubjectView,
  SubmitResponse,
} from '../../server/modules/delivery/delivery.schemas.js';
import { ExamApiError, OfflineError } from './api.js';
import type { ExamContext, LoadedPaper } from './app.js';
import { beijingClock, crossedThreshold, formatCountdown, timeLeft } from './clock.js';
import { type ItemMark, toggleLetter } from './journal.js';
import { RECOVERY_PROMPT_MS, RecoveryButton } from './recovery-button.js';

const TYPE_LABELS: Record<DeliveryItem['type'], string> = {
  single: '单选题',
  multiple: '多选题',
  true_false: '判断题',
};
const TRUE_FALSE = [
  { value: 'T', label: '正确', keys: 'T 或 1' },
  { value: 'F', label: '错误', keys: 'F 或 2' },
] as const;
const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];

export const KEY_HELP =
  '键盘操作：← / → 上一题 / 下一题 · A–F 或 1–6 选择 · 判断题 T 正确 / F 错误 · Delete 清除答案 · M 标记 · K 答题卡（Esc 返回）';

export function Answering({
  ctx,
  state,
  subject,
  loaded,
  now,
  offline,
  large,
  onLarge,
  onSubmitted,
  onDeadline,
}: {
  ctx: ExamContext;
  state: StateResponse;
  subject: SubjectView;
  loaded: LoadedPaper;
  now: number;
  offline: boolean;
  large: boolean;
  onLarge: () => void;
  onSubmitted: () => void;
  onDeadline: () => void;
}) {
  const { paper } = loaded;
  const items = paper.items;
  const positionKey = `gongkao-exam-at:${ctx.seat.ticketNumber}:${subject.subject}`;
  const [index, setIndex] = useState(() =>
    Math.min(items.length - 1, Math.max(0, Number(localStorage.getItem(positionKey) ?? 0) || 0)),
  );
  const marksRef = useRef<Map<number, ItemMark>>(loaded.marks);
  const [writing] = useState(() => new Set<number>());
  const [, rerender] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [writeError, setWriteError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const dialogRef = useRef<HTMLDialogElement>(null);
  const itemRef = useRef<HTMLElement>(null);
  const sheetRef = useRef<HTMLElement>(null);

  const remaining = timeLeft(subject, now, state.pausedAt);
  const paused = state.pausedAt !== null;
  const locked = remaining <= 0 && !paused;
  const earliest = Date.parse(subject.earliestHandInAt);
  const mayHandIn = now >= earliest && !paused;

  useEffect(() => localStorage.setItem(positionKey, String(index)), [positionKey, index]);

  // Screen readers hear the thresholds only, never every second.
  const previous = useRef(remaining);
  useEffect(() => {
    const crossed = crossedThreshold(previous.current, remaining);
    if (crossed !== null) setAnnouncement(`距本科目结束还剩 ${crossed / 60_000} 分钟`);
    if (previous.current > 0 && remaining <= 0 && !paused) setAnnouncement('考试时间到，已停止作答');
    previous.current = remaining;
  }, [remaining, paused]);

  // At the deadline: no more input, the journal goes out, and the seat waits for the server's hand-in.
  const onDeadlineRef = useRef(onDeadline);
  onDeadlineRef.current = onDeadline;
  useEffect(() => {
    if (!locked) return;
    setConfirming(false);
    void ctx.sync.flush(subject.subject, 30_000).then(() => onDeadlineRef.current());
    const id = setInterval(() => onDeadlineRef.current(), 5000);
    return () => clearInterval(id);
  }, [locked, ctx.sync, subject.subject]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (confirming && !dialog.open) {
      dialog.showModal();
      // The safe choice first: Enter right after opening returns to the paper.
      dialog.querySelector<HTMLElement>('[data-testid="exam-confirm-back"]')?.focus();
    }
    if (!confirming && dialog.open) dialog.close();
  }, [confirming]);

  const item = items[index];
  const pendingSet = ctx.sync.pendingPositions(subject.subject);
  const isPending = (p: number) => pendingSet.has(p) || writing.has(p);
  const markOf = (p: number) => marksRef.current.get(p);
  const answered = (p: number) => (markOf(p)?.answer ?? '') !== '';
  const flaggedOf = (p: number) => markOf(p)?.flagged ?? false;
  const unanswered = items.filter((i) => !answered(i.position)).map((i) => i.position);
  const flagged = items.filter((i) => flaggedOf(i.position)).map((i) => i.position);
  const pendingCount = ctx.sync.pending().length;
  const oldest = ctx.sync.oldestPendingAt();
  const urgent = oldest !== null && Date.now() - oldest > RECOVERY_PROMPT_MS;

  const change = (position: number, next: { answer?: string; flagged?: boolean }) => {
    if (locked || paused || submitting) return;
    const current = markOf(position) ?? { answer: '', flagged: false, seq: 0, saved: true };
    const answer = next.answer ?? current.answer;
    const flag = next.flagged ?? current.flagged;
    if (answer === current.answer && flag === current.flagged) return;
    marksRef.current.set(position, { answer, flagged: flag, seq: current.seq, saved: false });
    writing.add(position);
    rerender((v) => v + 1);
    ctx.sync
      .record(subject.subject, position, answer, flag)
      .then((entry) => {
        const mark = marksRef.current.get(position);
        if (mark && mark.answer === answer && mark.flagged === flag) mark.seq = entry.seq;
      })
      .catch(() => setWriteError('本机无法写入作答记录，请立即举手示意监考员。'))
      .finally(() => {
        writing.delete(position);
        rerender((v) => v + 1);
      });
  };

  const choose = (it: DeliveryItem, value: string) => {
    const current = markOf(it.position)?.answer ?? '';
    if (it.type === 'multiple') change(it.position, { answer: toggleLetter(current, value) });
    else change(it.position, { answer: value });
  };

  // The item takes the focus on every move: a button of the item before must not look chosen in the next.
  const go = (i: number) => {
    setIndex(Math.max(0, Math.min(items.length - 1, i)));
    setTimeout(() => itemRef.current?.focus(), 0);
  };

  const keyHandler = useRef<(e: KeyboardEvent) => void>(() => {});
  keyHandler.current = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.altKey || e.metaKey || confirming || !item) return;
    const target = e.target as HTMLElement | null;
    if (target?.closest('input, textarea, select')) return;
    if (target?.closest('.exam-sheet')) {
      if (e.key === 'Escape') {
        e.preventDefault();
        itemRef.current?.focus();
      }
      return;
    }
    const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
    if (key === 'ArrowLeft' || key === 'PageUp') go(index - 1);
    else if (key === 'ArrowRight' || key === 'PageDown') go(index + 1);
    else if (key === 'M') change(item.position, { flagged: !flaggedOf(item.position) });
    else if (key === 'K') {
      const cell = sheetRef.current?.querySelector<HTMLElement>(`[data-position="${item.position}"]`);
      cell?.focus();
    } else if (key === 'Delete' || key === 'Backspace') change(item.position, { answer: '' });
    else if (item.type === 'true_false') {
      if (key === 'T' || key === '1') choose(item, 'T');
      else if (key === 'F' || key === '2') choose(item, 'F');
      else return;
    } else {
      const i = /^[1-6]$/.test(key) ? Number(key) - 1 : LETTERS.indexOf(key);
      const option = i >= 0 ? item.options[i] : undefined;
      if (!option) return;
      choose(item, option.letter);
    }
    e.preventDefault();
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keyHandler.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const submit = async () => {
    setSubmitting(true);
    setSubmitError(null);
    try {
      await ctx.sync.flush(subject.subject, 5000);
      const changes = ctx.sync.forSubmit(subject.subject);
      await ctx.api.call<SubmitResponse>(
        'POST',
        `/api/exam/subjects/${subject.subject}/submit`,
        changes.length ? { changes } : {},
      );
      await ctx.sync.submitted(subject.subject, changes);
      setConfirming(false);
      onSubmitted();
    } catch (error) {
      if (error instanceof ExamApiError && error.code === 'EXAM_SUBJECT_CLOSED') onSubmitted();
      else if (error instanceof OfflineError)
        setSubmitError('网络中断，暂时不能交卷。答案已保存在本机，请稍后重试或举手示意监考员。');
      else setSubmitError(error instanceof Error ? error.message : '交卷失败，请重试');
    } finally {
      setSubmitting(false);
    }
  };

  const saveState = (p: number): { text: string; cls: string } => {
    if (isPending(p)) return offline ? { text: '离线保存中', cls: 'offline' } : { text: '未保存', cls: 'unsaved' };
    if (markOf(p)) return { text: '已保存', cls: 'saved' };
    return { text: '未作答', cls: 'none' };
  };

  const summary =
    pendingCount === 0
      ? '答案已全部保存'
      : offline
        ? `网络中断：${pendingCount} 处改动已存本机，恢复后自动提交`
        : `${pendingCount} 处改动正在保存`;

  if (!item) return <p className="exam-centre-note">本科目试卷没有题目，请联系监考员。</p>;
  const mark = markOf(item.position);
  const status = saveState(item.position);

  return (
    <div className="exam-answering">
      <header className="exam-bar">
        <div className="exam-bar-title">
          <strong>{subject.label}</strong>
          <span>
            {state.candidate.name} · 座位 {state.seat.label}
          </span>
        </div>
        <div className="exam-timer" role="timer" aria-label="剩余时间" data-testid="exam-timer">
          <span className="exam-timer-label">{paused ? '已暂停' : '剩余时间'}</span>
          <span className={remaining < 5 * 60_000 ? 'exam-timer-value exam-timer-low' : 'exam-timer-value'}>
            {formatCountdown(remaining)}
          </span>
        </div>
        <div className="exam-bar-tools">
          <span
            className={pendingCount ? 'exam-save-summary exam-save-pending' : 'exam-save-summary'}
            data-testid="exam-save-summary"
          >
            {summary}
          </span>
          <button type="button" aria-pressed={large} onClick={onLarge} data-testid="exam-large">
            {large ? '标准字号' : '大字号'}
          </button>
          <button
            type="button"
            className="exam-primary"
            disabled={!mayHandIn || locked}
            onClick={() => {
              setSubmitError(null);
              setConfirming(true);
            }}
            data-testid="exam-submit"
          >
            交卷
          </button>
        </div>
      </header>
      {!mayHandIn && !locked && (
        <p className="exam-banner" data-testid="exam-earliest">
          {paused
            ? '考场暂停中，暂不能交卷。'
            : `${beijingClock(earliest)} 后可以交卷（开考后一定时间内不能提前交卷）。`}
        </p>
      )}
      {locked && (
        <p className="exam-banner exam-banner-warn" role="status" data-testid="exam-deadline">
          考试时间到，已停止作答。答案正在提交，系统将自动交卷，请稍候。
        </p>
      )}
      {writeError && (
        <p className="exam-banner exam-banner-error" role="alert">
          {writeError}
        </p>
      )}
      {ctx.sync.lastError && (
        <p className="exam-banner exam-banner-error" role="alert">
          保存被拒绝：{ctx.sync.lastError}
        </p>
      )}
      {(urgent || (pendingCount > 0 && offline)) && (
        <div className="exam-banner exam-banner-warn">
          <RecoveryButton ctx={ctx} state={state} urgent={urgent} />
        </div>
      )}
      <div className="exam-body">
        <main
          className="exam-item"
          ref={itemRef}
          tabIndex={-1}
          aria-labelledby="exam-item-title"
          data-testid="exam-item"
        >
          <div className="exam-item-head">
            <h2 id="exam-item-title">
              第 {item.position} 题<span className="exam-of"> / 共 {items.length} 题</span>
            </h2>
            <span className="exam-tag">
              {TYPE_LABELS[item.type]} · {item.points} 分
            </span>
            {mark?.flagged && <span className="exam-tag exam-tag-flag">已标记</span>}
            <span className={`exam-save exam-save-${status.cls}`} data-testid="exam-item-save">
              {status.text}
            </span>
          </div>
          <p className="exam-stem">{item.stem}</p>
          {item.stemImage && <img className="exam-image" src={item.stemImage} alt={`第 ${item.position} 题附图`} />}
          {item.type === 'multiple' && <p className="exam-hint">多选题：可选择多个选项，再按一次取消。</p>}
          <fieldset className="exam-options">
            <legend className="exam-sr-only">
              第 {item.position} 题的{item.type === 'multiple' ? '选项（可多选）' : '选项'}
            </legend>
            {item.type === 'true_false'
              ? TRUE_FALSE.map((o) => (
                  <button
                    key={o.value}
                    type="button"
                    aria-pressed={mark?.answer === o.value}
                    className="exam-option"
                    disabled={locked || paused}
                    onClick={() => choose(item, o.value)}
                    data-testid={`exam-option-${o.value}`}
                  >
                    <span className="exam-option-letter">{o.value}</span>
                    <span className="exam-option-text">
                      {o.label}
                      <span className="exam-option-key">（{o.keys}）</span>
                    </span>
                  </button>
                ))
              : item.options.map((o) => (
                  <button
                    key={o.letter}
                    type="button"
                    aria-pressed={(mark?.answer ?? '').includes(o.letter)}
                    className="exam-option"
                    disabled={locked || paused}
                    onClick={() => choose(item, o.letter)}
                    data-testid={`exam-option-${o.letter}`}
                  >
                    <span className="exam-option-letter">{o.letter}</span>
                    <span className="exam-option-text">
                      {o.text}
                      {o.image && <img className="exam-image" src={o.image} alt={`选项 ${o.letter} 附图`} />}
                    </span>
                  </button>
                ))}
          </fieldset>
          <nav className="exam-item-nav" aria-label="题目导航">
            <button type="button" disabled={index === 0} onClick={() => go(index - 1)} data-testid="exam-prev">
              ← 上一题
            </button>
            <button
              type="button"
              aria-pressed={mark?.flagged ?? false}
              disabled={locked || paused}
              onClick={() => change(item.position, { flagged: !mark?.flagged })}
              data-testid="exam-flag"
            >
              {mark?.flagged ? '取消标记（M）' : '标记（M）'}
            </button>
            <button
              type="button"
              disabled={index === items.length - 1}
              onClick={() => go(index + 1)}
              data-testid="exam-next"
            >
              下一题 →
            </button>
          </nav>
        </main>
        <aside className="exam-sheet" ref={sheetRef} aria-label="答题卡" data-testid="exam-sheet">
          <h2>答题卡（K）</h2>
          <p className="exam-sheet-counts">
            已答 {items.length - unanswered.length} · 未答 {unanswered.length} · 标记 {flagged.length}
          </p>
          <div className="exam-sheet-grid">
            {items.map((it, i) => {
              const a = answered(it.position);
              const f = flaggedOf(it.position);
              const p = isPending(it.position);
              const label = `第 ${it.position} 题，${a ? '已答' : '未答'}${f ? '，已标记' : ''}${p ? '，未保存' : ''}`;
              return (
                <button
                  key={it.position}
                  type="button"
                  data-position={it.position}
                  className={[
                    'exam-cell',
                    a ? 'exam-cell-answered' : '',
                    f ? 'exam-cell-flagged' : '',
                    i === index ? 'exam-cell-current' : '',
                    p ? 'exam-cell-pending' : '',
                  ].join(' ')}
                  aria-label={label}
                  title={label}
                  aria-current={i === index ? 'true' : undefined}
                  onClick={() => go(i)}
                >
                  {it.position}
                </button>
              );
            })}
          </div>
          <ul className="exam-legend" aria-hidden="true">
            <li>
              <span className="exam-cell exam-cell-answered" /> 已答
            </li>
            <li>
              <span className="exam-cell" /> 未答
            </li>
            <li>
              <span className="exam-cell exam-cell-flagged" /> 标记
            </li>
          </ul>
        </aside>
      </div>
      <footer className="exam-keys" data-testid="exam-keys">
        {KEY_HELP}
      </footer>
      <div className="exam-sr-only" aria-live="polite" data-testid="exam-announce">
        {announcement}
      </div>
      <dialog
        ref={dialogRef}
        className="exam-dialog"
        aria-labelledby="exam-confirm-title"
        onClose={() => setConfirming(false)}
        data-testid="exam-confirm"
      >
        <h2 id="exam-confirm-title">确认交卷「{subject.label}」</h2>
        <p>
          本科目共 {items.length} 题，已答 {items.length - unanswered.length} 题。交卷后不能再修改本科目的答案。
        </p>
        {unanswered.length > 0 ? (
          <div data-testid="exam-confirm-unanswered">
            <p className="exam-warn">未答 {unanswered.length} 题：</p>
            <PositionList positions={unanswered} onPick={(p) => go(p - 1)} close={() => setConfirming(false)} />
          </div>
        ) : (
          <p>所有题目均已作答。</p>
        )}
        {flagged.length > 0 && (
          <div data-testid="exam-confirm-flagged">
            <p className="exam-warn">已标记 {flagged.length} 题：</p>
            <PositionList positions={flagged} onPick={(p) => go(p - 1)} close={() => setConfirming(false)} />
          </div>
        )}
        {pendingCount > 0 && <p>交卷时将一并提交 {pendingCount} 处尚未保存的改动。</p>}
        {submitError && (
          <p className="exam-error" role="alert" data-testid="exam-submit-error">
            {submitError}
          </p>
        )}
        <div className="exam-dialog-actions">
          <button type="button" onClick={() => setConfirming(false)} data-testid="exam-confirm-back">
            返回检查
          </button>
          <button
            type="button"
            className="exam-primary"
            disabled={submitting}
            onClick={() => void submit()}
            data-testid="exam-confirm-ok"
          >
            {submitting ? '正在交卷…' : '确认交卷'}
          </button>
        </div>
      </dialog>
    </div>
  );
}

function PositionList({
  positions,
  onPick,
  close,
}: {
  positions: readonly number[];
  onPick: (p: number) => void;
  close: () => void;
}) {
  return (
    <ul className="exam-position-list">
      {positions.map((p) => (
        <li key={p}>
          <button
            type="button"
            onClick={() => {
              close();
              onPick(p);
            }}
          >
            第 {p} 题
          </button>
        </li>
      ))}
    </ul>
  );
}
