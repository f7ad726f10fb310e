import { PrinterOutlined, SwapOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Descriptions, Input, Modal, Space, Tag, Typography } from 'antd';
import { type CSSProperties, type KeyboardEvent, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { allSeats, seatLabel } from '../../domain/seat-map';
import { errorMessage, isSessionError } from '../api/client';
import { type SeatingRoomSeat, type SeatingRoomView, seatingApi, seatingKeys } from '../api/seating';
import { NOTIFIED_CONFIRM, NOTIFIED_MOVE_WARNING } from '../seating/move-dialog';
import { gradeShort } from '../seating/seating-labels';
import { useSession } from '../session';
import '../seating/seating.css';

type SeatState = 'taken' | 'free' | 'spare' | 'out';

/** What the user is about to do: move a candidate to an empty seat, or swap two candidates. */
type Pending =
  | { kind: 'move'; who: SeatingRoomSeat; to: string; spare: boolean }
  | { kind: 'swap'; a: SeatingRoomSeat; b: SeatingRoomSeat };

function seatText(label: string, state: SeatState, who: SeatingRoomSeat | undefined): string {
  if (who)
    return `${label} ${who.name}，${who.unitName}，${who.jobTypeName} ${gradeShort(who.grade)}${who.notified ? '，已通知' : ''}`;
  return `${label} ${state === 'out' ? '停用' : state === 'spare' ? '备用机位' : '空座'}`;
}

/**
 * The room drawn as it is laid out (row A at the front, under the 讲台). Every seat is a button: arrows move
 * between seats, Enter or a click picks a seated candidate, then an empty seat (move) or another candidate (swap).
 */
function SeatingGrid({
  view,
  selected,
  editable,
  onPick,
}: {
  view: SeatingRoomView;
  selected: string | null;
  editable: boolean;
  onPick: (label: string) => void;
}) {
  const { room } = view;
  const byLabel = useMemo(() => new Map(view.seats.map((s) => [s.seatLabel, s])), [view]);
  const out = new Set(room.outOfUse);
  const spare = new Set(room.spare);
  const seats = allSeats(room);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const label = target.dataset.seat;
    if (!label) return;
    const row = label.charCodeAt(0) - 64;
    const column = Number(label.slice(1));
    const step: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const d = step[e.key];
    if (!d) return;
    const r = row + d[0];
    const c = column + d[1];
    if (r < 1 || r > room.rows || c < 1 || c > room.columns) return;
    e.preventDefault();
    e.currentTarget.querySelector<HTMLElement>(`[data-seat="${seatLabel(r, c)}"]`)?.focus();
  };

  return (
    <div className="gk-sr-room" data-testid="seating-grid">
      <div className="gk-seat-front gk-sr-front">讲台（前方）</div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move between the seat buttons inside */}
      <div className="gk-sr-grid" style={{ '--gk-sr-columns': room.columns } as CSSProperties} onKeyDown={onKeyDown}>
        {seats.map((seat) => {
          const who = byLabel.get(seat.label);
          const state: SeatState = who
            ? 'taken'
            : out.has(seat.label)
              ? 'out'
              : spare.has(seat.label)
                ? 'spare'
                : 'free';
          const isSelected = selected === seat.label;
          const text = seatText(seat.label, state, who);
          return (
            <button
              type="button"
              key={seat.label}
              className={`gk-sr-seat gk-sr-${state}${isSelected ? ' gk-sr-selected' : ''}${who?.notified ? ' gk-sr-notified' : ''}`}
              data-seat={seat.label}
              title={text}
              aria-label={text}
              aria-pressed={editable ? isSelected : undefined}
              disabled={!editable && !who}
              onClick={() => editable && onPick(seat.label)}
            >
              <span className="gk-sr-label">{seat.label}</span>
              {who ? (
                <>
                  <span className="gk-sr-name">{who.name}</span>
                  <span className="gk-sr-unit">{who.unitName}</span>
                  <span className="gk-sr-job">
                    {who.jobTypeName} {gradeShort(who.grade)}
                  </span>
                </>
              ) : (
                <span className="gk-sr-empty">{state === 'out' ? '停用' : state === 'spare' ? '备用' : '空'}</span>
              )}
            </button>
          );
        })}
      </div>
    </div>
  );
}

function ReasonDialog({
  pending,
  view,
  onClose,
}: {
  pending: Pending;
  view: SeatingRoomView;
  onClose: (done: string | null) => void;
}) {
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [touched, setTouched] = useState(false);
  const act = useMutation({
    mutationFn: async () => {
      if (pending.kind === 'move') {
        await seatingApi.move({
          applicationId: pending.who.applicationId,
          sessionId: view.session.id,
          roomId: view.room.id,
          seatLabel: pending.to,
          reason: reason.trim(),
          confirmNotified: pending.who.notified || undefined,
          allowSpare: pending.spare || undefined,
        });
        return `已将${pending.who.name}调整到 ${pending.to}`;
      }
      await seatingApi.swap({
        applicationIdA: pending.a.applicationId,
        applicationIdB: pending.b.applicationId,
        reason: reason.trim(),
        confirmNotified: pending.a.notified || pending.b.notified || undefined,
      });
      return `已交换${pending.a.name}（${pending.a.seatLabel}）和${pending.b.name}（${pending.b.seatLabel}）的座位`;
    },
    onSuccess: (text) => onClose(text),
  });
  const notified =
    pending.kind === 'move'
      ? pending.who.notified
        ? [pending.who.name]
        : []
      : [pending.a, pending.b].filter((s) => s.notified).map((s) => s.name);
  const empty = reason.trim() === '';
  const unconfirmed = notified.length > 0 && !confirmed;
  const submit = () => {
    setTouched(true);
    if (!empty && !unconfirmed) act.mutate();
  };

  return (
    <Modal
      open
      title={pending.kind === 'move' ? '调整座位' : '交换座位'}
      okText={pending.kind === 'move' ? '调整' : '交换'}
      cancelText="取消"
      confirmLoading={act.isPending}
      onCancel={() => onClose(null)}
      onOk={submit}
      okButtonProps={{ 'data-testid': 'seat-action-ok' }}
      destroyOnHidden
    >
      <p data-testid="seat-action-summary">
        {pending.kind === 'move' ? (
          <>
            将 <strong>{pending.who.name}</strong> 从 {pending.who.seatLabel} 调整到
            {pending.spare ? '备用机位' : '空座'} <strong>{pending.to}</strong>。
          </>
        ) : (
          <>
            交换 <strong>{pending.a.name}</strong>（{pending.a.seatLabel}）和 <strong>{pending.b.name}</strong>（
            {pending.b.seatLabel}）的座位。
          </>
        )}
      </p>
      {notified.length > 0 && (
        <Alert
          className="gk-mb"
          type="warning"
          showIcon
          title={`${notified.join('、')}${NOTIFIED_MOVE_WARNING}`}
          data-testid="seat-action-notified"
        />
      )}
      {pending.kind === 'move' && pending.spare && (
        <Alert className="gk-mb" type="info" showIcon title="备用机位仅在考生的机器故障时使用。" />
      )}
      {act.isError && (
        <Alert
          className="gk-mb"
          type="error"
          showIcon
          role="alert"
          title={errorMessage(act.error)}
          data-testid="seat-action-error"
        />
      )}
      <label htmlFor="seat-action-reason" className="gk-sr-reason-label">
        调整原因（必填）
      </label>
      <Input.TextArea
        id="seat-action-reason"
        autoFocus
        rows={2}
        maxLength={200}
        showCount
        value={reason}
        status={touched && empty ? 'error' : undefined}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
        }}
        data-testid="seat-action-reason"
      />
      {touched && empty && <div className="gk-text-danger">请填写调整原因</div>}
      {notified.length > 0 && (
        <div className="gk-mt">
          <Checkbox
            checked={confirmed}
            onChange={(e) => setConfirmed(e.target.checked)}
            data-testid="seat-action-confirm-notified"
          >
            {NOTIFIED_CONFIRM}
          </Checkbox>
          {touched && unconfirmed && <div className="gk-text-danger">请确认调整后重新通知考生</div>}
        </div>
      )}
    </Modal>
  );
}

/**
 * 考场座次: one room in one session as it is laid out, with each seated candidate. Staff who may move candidates
 * pick one and then an empty seat or another candidate; everyone prints the door list, the sign-in sheet or the
 * seat map itself (A4 landscape).
 */
export default function SeatingRoomPage() {
  const params = useParams();
  const roomId = Number(params.roomId);
  const sessionId = Number(params.sessionId);
  const { can } = useSession();
  const editable = can('seating.move');
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const query = useQuery({
    queryKey: seatingKeys.room(roomId, sessionId),
    queryFn: () => seatingApi.room(roomId, sessionId),
  });
  const view = query.data;
  const [selected, setSelected] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const byLabel = useMemo(() => new Map((view?.seats ?? []).map((s) => [s.seatLabel, s])), [view]);

  const pick = (label: string) => {
    if (!view) return;
    const who = byLabel.get(label);
    if (selected === null || selected === label) {
      if (!who) {
        if (selected === null) message.info('请先选择一名已安排的考生，再选择空座或另一名考生');
        return;
      }
      setSelected(selected === label ? null : label);
      return;
    }
    const from = byLabel.get(selected);
    if (!from) return setSelected(null);
    if (who) return setPending({ kind: 'swap', a: from, b: who });
    if (view.room.outOfUse.includes(label)) return void message.warning(`${label} 已停用，不能安排考生`);
    setPending({ kind: 'move', who: from, to: label, spare: view.room.spare.includes(label) });
  };

  const picked = selected ? byLabel.get(selected) : undefined;
  const s = view?.session;
  const c = view?.room.centre;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere on the page drops the picked candidate
    <div
      className="gk-print-page gk-sr-print"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && selected && !pending) setSelected(null);
      }}
    >
      <div className="gk-page-head gk-no-print">
        <Typography.Title level={3} className="gk-mb0">
          考场座次
          {view && (
            <span className="gk-page-sub">
              {editable
                ? '选择一名考生，再选择空座（调整）或另一名考生（交换）；方向键在座位间移动，Esc 取消选择'
                : '只读'}
            </span>
          )}
        </Typography.Title>
        <Space wrap>
          <Link to="/seating">
            <Button>返回考场编排</Button>
          </Link>
          <Button
            icon={<PrinterOutlined />}
            href={seatingApi.doorListUrl(roomId, sessionId)}
            target="_blank"
            rel="noopener"
            data-testid="print-door-list"
          >
            打印门贴
          </Button>
          <Button
            icon={<PrinterOutlined />}
            href={seatingApi.signInSheetUrl(roomId, sessionId)}
            target="_blank"
            rel="noopener"
            data-testid="print-sign-in"
          >
            打印签到表
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-seat-map">
            打印座次图
          </Button>
        </Space>
      </div>
      {query.isError && !isSessionError(query.error) && (
        <Alert className="gk-mb" type="error" showIcon title={errorMessage(query.error)} />
      )}
      {view && s && c && (
        <Card className="gk-sr-card">
          <h1 className="gk-sr-title" data-testid="seating-room-title">
            {view.examRoomNumber ? `第 ${view.examRoomNumber} 考场` : '考场（未编号）'} · {c.name} {view.room.code}{' '}
            {view.room.name}
          </h1>
          <Descriptions
            size="small"
            column={4}
            className="gk-sr-meta"
            items={[
              { key: 'no', label: '考场号', children: view.examRoomNumber ?? '—' },
              { key: 'session', label: '场次', children: `${s.name} ${s.sessionDate} ${s.startTime}` },
              { key: 'centre', label: '考点', children: `${c.code} ${c.name}` },
              { key: 'address', label: '地址', children: c.address ?? '—' },
              {
                key: 'count',
                label: '考生',
                children: (
                  <span data-testid="seating-room-count">
                    {view.seats.length} 人（已通知 {view.seats.filter((x) => x.notified).length} 人）
                  </span>
                ),
              },
            ]}
          />
          {editable && (
            <div className="gk-sr-status gk-no-print" aria-live="polite" data-testid="seating-room-status">
              {picked ? (
                <Space wrap>
                  <SwapOutlined aria-hidden />
                  <span>
                    已选择 <strong>{picked.name}</strong>（{picked.seatLabel}）：请选择空座或另一名考生
                  </span>
                  <Button size="small" onClick={() => setSelected(null)}>
                    取消选择
                  </Button>
                </Space>
              ) : (
                <span className="gk-muted">选择一名考生开始调整</span>
              )}
            </div>
          )}
          <SeatingGrid view={view} selected={selected} editable={editable} onPick={pick} />
          <div className="gk-seat-legend gk-no-print">
            <span className="gk-sr-seat gk-sr-taken gk-sr-legend">已安排</span>
            <span className="gk-sr-seat gk-sr-taken gk-sr-notified gk-sr-legend">已通知</span>
            <span className="gk-sr-seat gk-sr-free gk-sr-legend">空座</span>
            <span className="gk-sr-seat gk-sr-spare gk-sr-legend">备用</span>
            <span className="gk-sr-seat gk-sr-out gk-sr-legend">停用</span>
            {editable && <Tag color="blue">蓝框：已选择</Tag>}
          </div>
        </Card>
      )}
      {pending && view && (
        <ReasonDialog
          pending={pending}
          view={view}
          onClose={(done) => {
            setPending(null);
            if (done) {
              setSelected(null);
              message.success(done);
              void queryClient.invalidateQueries({ queryKey: seatingKeys.all });
            }
          }}
        />
      )}
    </div>
  );
}
