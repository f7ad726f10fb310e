// 生成恢复文件: the unsaved journal, sealed for the server, as a download the proctor takes on a USB stick.
import { useState } from 'react';
import type { StateResponse } from '../../server/modules/delivery/delivery.schemas.js';
import type { ExamContext } from './app.js';
import { recoveryFileName, sealRecoveryFile } from './recovery.js';

/** Unsaved entries older than this make the seat urge a recovery file. */
export const RECOVERY_PROMPT_MS = 60_000;

export function RecoveryButton({ ctx, state, urgent }: { ctx: ExamContext; state: StateResponse; urgent?: boolean }) {
  const [message, setMessage] = useState<string | null>(null);
  const pending = ctx.sync.pending();
  if (pending.length === 0 && !message) return null;

  const build = async () => {
    const seat = await ctx.store.seat();
    const key = seat?.recoveryPublicKey ?? ctx.seat.recoveryPublicKey;
    if (!key) {
      setMessage('本机没有恢复文件所需的密钥，请联系监考员。');
      return;
    }
    const createdAt = new Date(ctx.clock.now()).toISOString();
    const file = sealRecoveryFile(
      {
        ticketNumber: ctx.seat.ticketNumber,
        sessionId: state.session.id,
        createdAt,
        journal: ctx.sync
          .pending()
          .map(({ subject, position, answer, flagged, seq }) => ({ subject, position, answer, flagged, seq })),
      },
      key,
    );
    const url = URL.createObjectURL(new Blob([JSON.stringify(file)], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = recoveryFileName(ctx.seat.ticketNumber, createdAt);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setMessage(`已生成恢复文件（${file.ticketNumber}，${pending.length} 条改动），请交监考员上传。`);
  };

  return (
    <div className={urgent ? 'exam-recovery exam-recovery-urgent' : 'exam-recovery'}>
      {urgent && <p role="alert">网络长时间中断，有答案尚未保存到服务器。请举手示意监考员，并生成恢复文件。</p>}
      <button type="button" onClick={() => void build()} data-testid="exam-recovery">
        生成恢复文件
      </button>
      {message && (
        <p role="status" data-testid="exam-recovery-done">
          {message}
        </p>
      )}
    </div>
  );
}
