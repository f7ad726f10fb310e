import {
  ClockCircleOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  PrinterOutlined,
  StopOutlined,
  UploadOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { type CSSProperties, type KeyboardEvent, type ReactNode, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  INCIDENT_TYPE_LABELS,
  INCIDENT_TYPES,
  VIOLATION_TIER_LABELS,
  VIOLATION_TIERS,
  VIOLATION_TYPE_LABELS,
  VIOLATION_TYPES,
} from '../../domain/exam';
import { durationText, type LiveState } from '../../domain/proctoring';
import { allSeats, seatLabel } from '../../domain/seat-map';
import { errorMessage, isSessionError } from '../api/client';
import { type ExamEventView, type LiveSeat, proctorApi, proctorKeys, type RoomView } from '../api/proctoring';
import { checkTicketToken, loadTicketPublicKey, type TicketCheckResult } from '../proctoring/ticket-check';
import '../proctoring/proctoring.css';

const REFRESH_MS = 3000;

/** mm:ss (or h:mm:ss) of a remaining time. */
function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

const timeOf = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleTimeString('zh-CN', {
        timeZone: 'Asia/Shanghai',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
    : '—';

/** What a seat says besides its state: the signs a proctor must notice, each in words (never colour alone). */
function seatSigns(s: LiveSeat): string[] {
  const signs: string[] = [];
  if (s.pendingTakeover) signs.push('等待换机确认');
  if (s.disconnectedSeconds !== null) signs.push(`断线 ${durationText(s.disconnectedSeconds)}`);
  if (s.unsaved > 0) signs.push(`有未保存 ${s.unsaved}`);
  if (s.violations > 0) signs.push(`违纪 ${s.violations}`);
  return signs;
}

/** The seat's state in a few characters (the open subject is named in the side panel and the seat's title). */
function stateLine(s: LiveSeat): string {
  if (s.state === 'answering') return `作答中 ${s.answered ?? 0}/${s.itemCount ?? 0}`;
  return s.stateLabel;
}

function seatText(label: string, s: LiveSeat | undefined, kind: 'out' | 'spare' | 'free'): string {
  if (!s) return `${label} ${kind === 'out' ? '停用' : kind === 'spare' ? '备用机位' : '空座'}`;
  const rest = [
    stateLine(s),
    s.openSubjectLabel ?? '',
    s.remainingMs !== null ? `剩余 ${clock(s.remainingMs)}` : '',
    ...seatSigns(s),
  ];
  return `${label} ${s.name} ${rest.filter(Boolean).join('，')}`;
}

function SeatMap({
  view,
  selected,
  onPick,
}: {
  view: RoomView;
  selected: string | null;
  onPick: (label: string) => void;
}) {
  const { room } = view;
  const byLabel = useMemo(() => new Map(view.seats.map((s) => [s.seatLabel, s])), [view]);
  const out = new Set(room.outOfUse);
  const spare = new Set(room.spare);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const label = (e.target as HTMLElement).dataset.seat;
    if (!label) return;
    const step: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const d = step[e.key];
    if (!d) return;
    const r = label.charCodeAt(0) - 64 + d[0];
    const c = Number(label.slice(1)) + d[1];
    if (r < 1 || r > room.rows || c < 1 || c > room.columns) return;
    e.preventDefault();
    e.currentTarget.querySelector<HTMLElement>(`[data-seat="${seatLabel(r, c)}"]`)?.focus();
  };
  return (
    <div className="gk-pr-map" data-testid="proctor-map">
      <div className="gk-seat-front gk-pr-front">讲台（前方）</div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move between the seat buttons inside */}
      <div className="gk-pr-grid" style={{ '--gk-pr-columns': room.columns } as CSSProperties} onKeyDown={onKeyDown}>
        {allSeats(room).map((seat) => {
          const s = byLabel.get(seat.label);
          const kind = out.has(seat.label) ? 'out' : spare.has(seat.label) ? 'spare' : 'free';
          const state: LiveState | 'empty' = s ? s.state : 'empty';
          const alert = s && (s.pendingTakeover || s.disconnectedSeconds !== null || s.unsaved > 0);
          const text = seatText(seat.label, s, kind);
          return (
            <button
              type="button"
              key={seat.label}
              data-seat={seat.label}
              data-testid={`seat-${seat.label}`}
              className={`gk-pr-seat gk-pr-${state}${s ? '' : ` gk-pr-${kind}`}${alert ? ' gk-pr-alert' : ''}${
                selected === seat.label ? ' gk-pr-selected' : ''
              }`}
              title={text}
              aria-label={text}
              aria-pressed={selected === seat.label}
              onClick={() => onPick(seat.label)}
            >
              <span className="gk-pr-label">{seat.label}</span>
              {s ? (
                <>
                  <span className="gk-pr-name">{s.name}</span>
                  <span className="gk-pr-state">{stateLine(s)}</span>
                  {s.remainingMs !== null && <span className="gk-pr-time">剩余 {clock(s.remainingMs)}</span>}
                  {seatSigns(s).map((sign) => (
                    <span key={sign} className="gk-pr-sign">
                      {sign}
                    </span>
                  ))}
                </>
              ) : (
                <span className="gk-pr-empty">{kind === 'out' ? '停用' : kind === 'spare' ? '备用' : '空'}</span>
              )}
            </button>
          );
        })}
      </div>
    </div>
  );
}

/** A dialog with a required reason, for the actions that need nothing else. */
function ReasonDialog({
  title,
  okText,
  danger,
  children,
  defaultReason = '',
  disabled,
  run,
  onDone,
  onClose,
}: {
  title: string;
  okText: string;
  danger?: boolean;
  children?: ReactNode;
  defaultReason?: string;
  disabled?: boolean;
  run: (reason: string) => Promise<{ message: string }>;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState(defaultReason);
  const [touched, setTouched] = useState(false);
  const act = useMutation({ mutationFn: () => run(reason.trim()), onSuccess: (res) => onDone(res.message) });
  const empty = reason.trim() === '';
  const submit = () => {
    setTouched(true);
    if (!empty && !disabled) act.mutate();
  };
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText="取消"
      okButtonProps={{ danger, disabled, 'data-testid': 'action-ok' }}
      confirmLoading={act.isPending}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      {children}
      {act.isError && (
        <Alert
          className="gk-mb"
          type="error"
          showIcon
          role="alert"
          title={errorMessage(act.error)}
          data-testid="action-error"
        />
      )}
      <label htmlFor="action-reason" className="gk-pr-field-label">
        原因（必填，记入审计日志）
      </label>
      <Input.TextArea
        id="action-reason"
        autoFocus={!children}
        rows={2}
        maxLength={200}
        value={reason}
        status={touched && empty ? 'error' : undefined}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
        }}
        data-testid="action-reason"
      />
      {touched && empty && <div className="gk-text-danger">请填写原因</div>}
    </Modal>
  );
}

/** Admission: the scanner types the ticket QR text into the field; the signature is checked here, offline. */
function AdmitDialog({
  seat,
  view,
  publicKey,
  onDone,
  onClose,
}: {
  seat: LiveSeat;
  view: RoomView;
  publicKey: string | null;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const [scan, setScan] = useState('');
  const [check, setCheck] = useState<TicketCheckResult | null>(null);
  const matches = check?.ok === true && check.claims.ticketNumber === seat.ticketNumber;
  const verify = () => {
    if (!scan.trim()) return;
    if (!publicKey) {
      setCheck({ ok: false, message: '尚未取得验签公钥（请联网打开一次本页）' });
      return;
    }
    setCheck(checkTicketToken(publicKey, scan));
  };
  return (
    <ReasonDialog
      title={`准许入场：${seat.seatLabel} ${seat.name}`}
      okText="准许入场"
      defaultReason="已核验准考证、身份证和报名照片"
      run={(reason) =>
        proctorApi.admit(view.session.id, view.room.id, {
          applicationId: seat.applicationId,
          reason,
          ticketVerified: matches,
        })
      }
      onDone={onDone}
      onClose={onClose}
    >
      <label htmlFor="ticket-scan" className="gk-pr-field-label">
        扫描准考证二维码（扫码枪输入后按回车）
      </label>
      <Input
        id="ticket-scan"
        autoFocus
        value={scan}
        onChange={(e) => {
          setScan(e.target.value);
          setCheck(null);
        }}
        onPressEnter={(e) => {
          e.preventDefault();
          verify();
        }}
        placeholder="GKT1.…"
        data-testid="ticket-scan"
      />
      <Button size="small" className="gk-mt" onClick={verify} data-testid="ticket-verify">
        核验
      </Button>
      <div className="gk-mt" aria-live="polite" data-testid="ticket-result">
        {check === null ? (
          <span className="gk-muted">也可不扫码，凭准考证、身份证和照片人工核验后准许入场。</span>
        ) : !check.ok ? (
          <Alert type="error" showIcon title={check.message} />
        ) : matches ? (
          <Alert
            type="success"
            showIcon
            title={`签名有效，准考证号相符：${check.claims.ticketNumber}（${check.claims.name}，${check.claims.idNumberMasked}）`}
          />
        ) : (
          <Alert
            type="warning"
            showIcon
            title={`签名有效，但准考证号 ${check.claims.ticketNumber}（${check.claims.name}）与本座位考生 ${seat.ticketNumber} 不符`}
          />
        )}
      </div>
    </ReasonDialog>
  );
}

type Dialog =
  | { kind: 'admit' | 'takeover' | 'absent' | 'submit' | 'submit_all' | 'time' | 'move' | 'violation'; seat: LiveSeat }
  | { kind: 'pause' | 'resume' | 'stop' | 'time_all' | 'incident' | 'recovery' }
  | { kind: 'end_incident'; event: ExamEventView };

function SeatPanel({ view, seat, open }: { view: RoomView; seat: LiveSeat | null; open: (d: Dialog) => void }) {
  if (!seat) {
    return (
      <Card size="small" className="gk-pr-panel" data-testid="seat-panel">
        <Empty description="选择座位查看考生并操作（方向键移动，回车选择）" />
      </Card>
    );
  }
  const stopped = view.state.stoppedAt !== null;
  const sitting = seat.state === 'waiting' || seat.state === 'admitted' || seat.state === 'answering';
  return (
    <Card size="small" className="gk-pr-panel" title={`${seat.seatLabel} ${seat.name}`} data-testid="seat-panel">
      <div className="gk-pr-person">
        {seat.hasPhoto ? (
          <img
            className="gk-pr-photo"
            src={proctorApi.photoUrl(view.session.id, view.room.id, seat.applicationId)}
            alt={`${seat.name}的报名照片`}
          />
        ) : (
          <div className="gk-pr-photo gk-pr-no-photo">无报名照片</div>
        )}
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'ticket', label: '准考证号', children: seat.ticketNumber },
            { key: 'job', label: '报考', children: `${seat.jobTypeName} ${seat.grade}级` },
            {
              key: 'state',
              label: '状态',
              children: (
                <span data-testid="panel-state">
                  {seat.stateLabel}
                  {seat.openSubjectLabel
                    ? `：${seat.openSubjectLabel} 已答 ${seat.answered ?? 0}/${seat.itemCount ?? 0}`
                    : ''}
                </span>
              ),
            },
            ...(seat.remainingMs !== null
              ? [
                  {
                    key: 'left',
                    label: '剩余',
                    children: <span data-testid="panel-remaining">{clock(seat.remainingMs)}</span>,
                  },
                ]
              : []),
            ...(seat.plannedSeatLabel ? [{ key: 'planned', label: '原座位', children: seat.plannedSeatLabel }] : []),
            ...(seat.movedFrom ? [{ key: 'from', label: '原考场', children: seat.movedFrom }] : []),
            ...(seat.extraSeconds > 0
              ? [{ key: 'extra', label: '已延时', children: durationText(seat.extraSeconds) }]
              : []),
          ]}
        />
      </div>
      {seatSigns(seat).length > 0 && (
        <div className="gk-mb">
          {seatSigns(seat).map((s) => (
            <Tag key={s} color="orange" icon={<WarningOutlined />}>
              {s}
            </Tag>
          ))}
        </div>
      )}
      {seat.subjects.length > 0 && (
        <ul className="gk-pr-subjects">
          {seat.subjects.map((s) => (
            <li key={s.subject}>
              {s.label} {timeOf(s.opensAt)}—{timeOf(s.deadlineAt)}
              {s.submittedAt ? `，${timeOf(s.submittedAt)} 已交卷` : ''}
            </li>
          ))}
        </ul>
      )}
      <div className="gk-pr-actions">
        <Button
          type="primary"
          disabled={stopped || seat.state !== 'waiting'}
          onClick={() => open({ kind: 'admit', seat })}
          data-testid="act-admit"
        >
          准许入场
        </Button>
        <Button
          disabled={!seat.pendingTakeover}
          onClick={() => open({ kind: 'takeover', seat })}
          data-testid="act-takeover"
        >
          确认换机
        </Button>
        <Button disabled={stopped || !sitting} onClick={() => open({ kind: 'move', seat })} data-testid="act-move">
          调换座位
        </Button>
        <Button disabled={stopped || !sitting} onClick={() => open({ kind: 'time', seat })} data-testid="act-time">
          延长时间
        </Button>
        <Button
          disabled={!view.state.mayMarkAbsent || !(seat.state === 'not_signed_in' || seat.state === 'waiting')}
          onClick={() => open({ kind: 'absent', seat })}
          data-testid="act-absent"
        >
          标记缺考
        </Button>
        <Button
          disabled={seat.state !== 'answering'}
          onClick={() => open({ kind: 'submit', seat })}
          data-testid="act-submit"
        >
          收卷
        </Button>
        <Button
          danger
          disabled={seat.attemptId === null}
          onClick={() => open({ kind: 'violation', seat })}
          data-testid="act-violation"
        >
          记录违纪
        </Button>
      </div>
      {!view.state.mayMarkAbsent && (
        <div className="gk-muted gk-mt">迟到入场截止 {timeOf(view.session.lateEntryEndsAt)} 后可标记缺考</div>
      )}
    </Card>
  );
}

function TimeDialog({
  view,
  seat,
  onDone,
  onClose,
}: {
  view: RoomView;
  seat: LiveSeat | null;
  onDone: (m: string) => void;
  onClose: () => void;
}) {
  const [minutes, setMinutes] = useState<number | null>(5);
  const valid = minutes !== null && minutes > 0 && minutes <= 240 && Number.isInteger(minutes);
  return (
    <ReasonDialog
      title={seat ? `延长时间：${seat.seatLabel} ${seat.name}` : '全考场延长时间'}
      okText="延长"
      disabled={!valid}
      run={(reason) =>
        proctorApi.time(view.session.id, view.room.id, {
          ...(seat ? { applicationId: seat.applicationId } : {}),
          seconds: (minutes ?? 0) * 60,
          reason,
        })
      }
      onDone={onDone}
      onClose={onClose}
    >
      <label htmlFor="time-minutes" className="gk-pr-field-label">
        延长分钟数（1–240）
      </label>
      <InputNumber
        id="time-minutes"
        autoFocus
        min={1}
        max={240}
        precision={0}
        value={minutes}
        onChange={(v) => setMinutes(v)}
        addonAfter="分钟"
        data-testid="time-minutes"
      />
      {!valid && <div className="gk-text-danger">请填写 1 至 240 之间的整数</div>}
    </ReasonDialog>
  );
}

function MoveDialog({
  view,
  seat,
  onDone,
  onClose,
}: {
  view: RoomView;
  seat: LiveSeat;
  onDone: (m: string) => void;
  onClose: () => void;
}) {
  const taken = new Set(view.seats.map((s) => s.seatLabel));
  const free = allSeats(view.room)
    .map((s) => s.label)
    .filter((l) => !taken.has(l) && !view.room.outOfUse.includes(l));
  const [target, setTarget] = useState<string | undefined>(free.find((l) => view.room.spare.includes(l)) ?? free[0]);
  const [give, setGive] = useState<number | null>(0);
  return (
    <ReasonDialog
      title={`调换座位：${seat.seatLabel} ${seat.name}`}
      okText="调换"
      defaultReason="考试机故障"
      disabled={!target}
      run={(reason) =>
        proctorApi.move(view.session.id, view.room.id, {
          applicationId: seat.applicationId,
          seatLabel: target!,
          giveSeconds: (give ?? 0) * 60,
          reason,
        })
      }
      onDone={onDone}
      onClose={onClose}
    >
      <label htmlFor="move-seat" className="gk-pr-field-label">
        目标座位（本考场的空座或备用机位）
      </label>
      <Select
        id="move-seat"
        style={{ width: '100%' }}
        value={target}
        onChange={setTarget}
        options={free.map((l) => ({ value: l, label: view.room.spare.includes(l) ? `${l}（备用机位）` : l }))}
        data-testid="move-seat"
      />
      <label htmlFor="move-give" className="gk-pr-field-label gk-mt">
        同时补时（分钟，可为 0）
      </label>
      <InputNumber id="move-give" min={0} max={240} precision={0} value={give} onChange={setGive} addonAfter="分钟" />
    </ReasonDialog>
  );
}

function ViolationDialog({
  view,
  seat,
  onDone,
  onClose,
}: {
  view: RoomView;
  seat: LiveSeat;
  onDone: (m: string) => void;
  onClose: () => void;
}) {
  const [tier, setTier] = useState<1 | 2 | 3>(1);
  const [type, setType] = useState<(typeof VIOLATION_TYPES)[number]>('communication');
  return (
    <ReasonDialog
      title={`记录违纪：${seat.seatLabel} ${seat.name}`}
      okText="记录"
      danger
      run={(note) =>
        proctorApi.violation(view.session.id, view.room.id, { applicationId: seat.applicationId, tier, type, note })
      }
      onDone={onDone}
      onClose={onClose}
    >
      <div className="gk-pr-field-label">违纪类型</div>
      <Select
        aria-label="违纪类型"
        style={{ width: '100%' }}
        value={type}
        onChange={setType}
        options={VIOLATION_TYPES.map((v) => ({ value: v, label: VIOLATION_TYPE_LABELS[v] }))}
      />
      <div className="gk-pr-field-label gk-mt">处理等级</div>
      <Radio.Group value={tier} onChange={(e) => setTier(e.target.value)}>
        <Space direction="vertical">
          {VIOLATION_TIERS.map((t) => (
            <Radio key={t} value={t}>
              {t} 级：{VIOLATION_TIER_LABELS[t]}
            </Radio>
          ))}
        </Space>
      </Radio.Group>
    </ReasonDialog>
  );
}

/** HH:MM (Beijing) of the server's time at the room's last poll: the proctor's PC may be set otherwise. */
const beijingTimeAt = (iso: string) =>
  new Date(iso).toLocaleTimeString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
/** The instant of HH:MM on the session's date, Beijing time. */
const instantOf = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`).toISOString();

function IncidentDialog({
  view,
  onDone,
  onClose,
}: {
  view: RoomView;
  onDone: (m: string) => void;
  onClose: () => void;
}) {
  const [type, setType] = useState<(typeof INCIDENT_TYPES)[number]>('power');
  const [start, setStart] = useState(() => beijingTimeAt(view.serverTime));
  const [end, setEnd] = useState('');
  return (
    <ReasonDialog
      title="记录异常情况"
      okText="记录"
      disabled={!start}
      run={(note) =>
        proctorApi.incident(view.session.id, view.room.id, {
          type,
          startedAt: instantOf(view.session.sessionDate, start),
          ...(end ? { endedAt: instantOf(view.session.sessionDate, end) } : {}),
          note,
        })
      }
      onDone={onDone}
      onClose={onClose}
    >
      <div className="gk-pr-field-label">类型</div>
      <Select
        aria-label="异常情况类型"
        style={{ width: '100%' }}
        value={type}
        onChange={setType}
        options={INCIDENT_TYPES.map((v) => ({ value: v, label: INCIDENT_TYPE_LABELS[v] }))}
        data-testid="incident-type"
      />
      <Space className="gk-mt">
        <span>
          <label htmlFor="incident-start">开始时间</label>
          <Input
            id="incident-start"
            type="time"
            value={start}
            onChange={(e) => setStart(e.target.value)}
            data-testid="incident-start"
          />
        </span>
        <span>
          <label htmlFor="incident-end">结束时间（可之后补记）</label>
          <Input id="incident-end" type="time" value={end} onChange={(e) => setEnd(e.target.value)} />
        </span>
      </Space>
      <div className="gk-muted gk-mt">下面的“原因”即情况说明。</div>
    </ReasonDialog>
  );
}

function RecoveryDialog({
  view,
  onDone,
  onClose,
}: {
  view: RoomView;
  onDone: (m: string) => void;
  onClose: () => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  return (
    <ReasonDialog
      title="导入断网恢复文件"
      okText="导入"
      defaultReason="断网期间考试机保存的答案"
      disabled={!file}
      run={(reason) => proctorApi.recovery(view.session.id, view.room.id, file!, reason)}
      onDone={onDone}
      onClose={onClose}
    >
      <label htmlFor="recovery-file" className="gk-pr-field-label">
        考试机导出的恢复文件（.gkr）
      </label>
      <input
        id="recovery-file"
        type="file"
        accept=".gkr,application/json"
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        data-testid="recovery-file"
      />
    </ReasonDialog>
  );
}

function EventList({ view, open }: { view: RoomView; open: (d: Dialog) => void }) {
  return (
    <Card size="small" title="违纪与异常情况" className="gk-mt" data-testid="event-list">
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={view.events}
        locale={{ emptyText: '暂无记录' }}
        columns={[
          {
            title: '时间',
            key: 'at',
            width: 120,
            render: (_, e) => `${timeOf(e.startedAt)}${e.endedAt ? `—${timeOf(e.endedAt)}` : ''}`,
          },
          {
            title: '类别',
            key: 'kind',
            width: 80,
            render: (_, e) => (e.kind === 'violation' ? <Tag color="red">违纪</Tag> : <Tag color="orange">异常</Tag>),
          },
          { title: '类型', dataIndex: 'typeLabel' },
          { title: '考生', key: 'who', render: (_, e) => (e.name ? `${e.seatLabel ?? ''} ${e.name}` : '—') },
          {
            title: '处理',
            key: 'tier',
            render: (_, e) => e.tierLabel ?? (e.kind === 'incident' ? (e.endedAt ? '已结束' : '未结束') : ''),
          },
          { title: '说明', dataIndex: 'note' },
          { title: '记录人', dataIndex: 'recordedBy', width: 90 },
          {
            title: '',
            key: 'end',
            width: 80,
            render: (_, e) =>
              e.kind === 'incident' && !e.endedAt ? (
                <Button
                  size="small"
                  onClick={() => open({ kind: 'end_incident', event: e })}
                  data-testid={`end-incident-${e.id}`}
                >
                  结束
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

/** 监考台: one room in one session, live (refetched every 3 s). */
export default function ProctorRoomPage() {
  const params = useParams();
  const sessionId = Number(params.sessionId);
  const roomId = Number(params.roomId);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const query = useQuery({
    queryKey: proctorKeys.room(sessionId, roomId),
    queryFn: () => proctorApi.room(sessionId, roomId),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: true,
  });
  const [publicKey, setPublicKey] = useState<string | null>(null);
  useEffect(() => {
    void loadTicketPublicKey().then(setPublicKey);
  }, []);
  const view = query.data;
  const [selected, setSelected] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const seat = view?.seats.find((s) => s.seatLabel === selected) ?? null;
  const done = (text: string) => {
    setDialog(null);
    message.success(text);
    void queryClient.invalidateQueries({ queryKey: proctorKeys.room(sessionId, roomId) });
  };
  const close = () => setDialog(null);

  if (!view) {
    return query.isError && !isSessionError(query.error) ? (
      <Alert type="error" showIcon title={errorMessage(query.error)} />
    ) : null;
  }
  const { state } = view;
  const title = view.examRoomNumber ? `第${view.examRoomNumber}考场（${view.room.name}）` : view.room.name;
  const s = view.session.id;
  const r = view.room.id;
  return (
    <div className="gk-pr-console">
      <div className="gk-page-head gk-pr-head">
        <Typography.Title level={3} className="gk-mb0" data-testid="console-title">
          监考台 · {title}
          <span className="gk-page-sub">
            {view.room.centre.name} · {view.session.name} {view.session.sessionDate} {view.session.startTime}
          </span>
        </Typography.Title>
        <Link to="/proctor">
          <Button>返回</Button>
        </Link>
      </div>
      <div className="gk-pr-status" aria-live="polite" data-testid="room-status">
        {state.stoppedAt ? (
          <Tag color="red" icon={<StopOutlined />}>
            已终止 {timeOf(state.stoppedAt)}（{state.stopReason}）
          </Tag>
        ) : state.pausedAt ? (
          <Tag color="orange" icon={<PauseCircleOutlined />}>
            暂停中：{timeOf(state.pausedAt)} 起（{state.pauseReason}）
          </Tag>
        ) : (
          <Tag color="green" icon={<ClockCircleOutlined />}>
            考试进行中
          </Tag>
        )}
        {view.session.subjects.map((x) => (
          <span key={x.subject} className="gk-muted">
            {x.label} {timeOf(x.opensAt)}—{timeOf(x.deadlineAt)}
          </span>
        ))}
        <span>
          待入场 {view.counts.waiting} · 作答中 {view.counts.answering} · 已入场 {view.counts.admitted} · 未登录{' '}
          {view.counts.not_signed_in} · 已交卷 {view.counts.finished} · 缺考 {view.counts.absent}
        </span>
        <span className="gk-muted">监考员：{view.proctors.map((p) => p.displayName).join('、') || '—'}</span>
      </div>
      <div className="gk-pr-toolbar">
        {state.pausedAt ? (
          <Button
            type="primary"
            icon={<PlayCircleOutlined />}
            disabled={!!state.stoppedAt}
            onClick={() => setDialog({ kind: 'resume' })}
            data-testid="room-resume"
          >
            恢复考试
          </Button>
        ) : (
          <Button
            icon={<PauseCircleOutlined />}
            disabled={!!state.stoppedAt}
            onClick={() => setDialog({ kind: 'pause' })}
            data-testid="room-pause"
          >
            暂停考试
          </Button>
        )}
        <Button
          icon={<ClockCircleOutlined />}
          disabled={!!state.stoppedAt}
          onClick={() => setDialog({ kind: 'time_all' })}
        >
          全考场延时
        </Button>
        <Button onClick={() => setDialog({ kind: 'incident' })} data-testid="room-incident">
          记录异常情况
        </Button>
        <Button icon={<UploadOutlined />} onClick={() => setDialog({ kind: 'recovery' })}>
          导入恢复文件
        </Button>
        <Button
          danger
          icon={<StopOutlined />}
          disabled={!state.mayStop}
          title={state.mayStop ? undefined : `故障暂停满 ${state.outageLimitMinutes} 分钟后才能终止`}
          onClick={() => setDialog({ kind: 'stop' })}
        >
          终止考试
        </Button>
        <Button
          icon={<PrinterOutlined />}
          href={proctorApi.reportUrl(s, r)}
          target="_blank"
          rel="noopener"
          data-testid="room-report"
        >
          打印场次报告
        </Button>
      </div>
      <div className="gk-pr-body">
        <Card size="small" className="gk-pr-map-card">
          <SeatMap view={view} selected={selected} onPick={(l) => setSelected(l === selected ? null : l)} />
          <div className="gk-pr-legend gk-muted">
            颜色仅作提示，每个座位均以文字标明状态：未登录 · 待入场 · 已入场 · 作答中 · 已交卷 · 缺考 ·
            已终止；橙框：断线、有未保存或等待换机
          </div>
          {view.movedOut.length > 0 && (
            <div className="gk-mt gk-muted">
              已换到其他考场：
              {view.movedOut.map((m) => `${m.name}（${m.plannedSeatLabel} → ${m.roomName} ${m.seatLabel}）`).join('；')}
            </div>
          )}
        </Card>
        <SeatPanel view={view} seat={seat} open={setDialog} />
      </div>
      <EventList view={view} open={setDialog} />

      {dialog?.kind === 'admit' && (
        <AdmitDialog seat={dialog.seat} view={view} publicKey={publicKey} onDone={done} onClose={close} />
      )}
      {dialog?.kind === 'takeover' && (
        <ReasonDialog
          title={`确认换机：${dialog.seat.seatLabel} ${dialog.seat.name}`}
          okText="确认换机"
          defaultReason="原考试机故障，换到新考试机"
          run={(reason) => proctorApi.takeover(s, r, { applicationId: dialog.seat.applicationId, reason })}
          onDone={done}
          onClose={close}
        >
          <p>新考试机将继续作答，原考试机的登录随即失效。</p>
        </ReasonDialog>
      )}
      {dialog?.kind === 'absent' && (
        <ReasonDialog
          title={`标记缺考：${dialog.seat.seatLabel} ${dialog.seat.name}`}
          okText="标记缺考"
          danger
          defaultReason="迟到入场截止时仍未入场"
          run={(reason) => proctorApi.absent(s, r, { applicationId: dialog.seat.applicationId, reason })}
          onDone={done}
          onClose={close}
        />
      )}
      {dialog?.kind === 'submit' && (
        <ReasonDialog
          title={`收卷：${dialog.seat.seatLabel} ${dialog.seat.name}`}
          okText="收卷"
          danger
          run={(reason) => proctorApi.forceSubmit(s, r, { applicationId: dialog.seat.applicationId, reason })}
          onDone={done}
          onClose={close}
        >
          <p>将代考生交卷（正在作答的科目），按已保存的答案计分。</p>
        </ReasonDialog>
      )}
      {(dialog?.kind === 'time' || dialog?.kind === 'time_all') && (
        <TimeDialog view={view} seat={dialog.kind === 'time' ? dialog.seat : null} onDone={done} onClose={close} />
      )}
      {dialog?.kind === 'move' && <MoveDialog view={view} seat={dialog.seat} onDone={done} onClose={close} />}
      {dialog?.kind === 'violation' && <ViolationDialog view={view} seat={dialog.seat} onDone={done} onClose={close} />}
      {dialog?.kind === 'pause' && (
        <ReasonDialog
          title="暂停考试"
          okText="暂停"
          danger
          defaultReason="停电"
          run={(reason) => proctorApi.pause(s, r, { reason })}
          onDone={done}
          onClose={close}
        >
          <p>全考场计时停止，恢复时暂停的时长补给每位考生。</p>
        </ReasonDialog>
      )}
      {dialog?.kind === 'resume' && (
        <ReasonDialog
          title="恢复考试"
          okText="恢复"
          defaultReason="故障已排除"
          run={(reason) => proctorApi.resume(s, r, { reason })}
          onDone={done}
          onClose={close}
        />
      )}
      {dialog?.kind === 'stop' && (
        <ReasonDialog
          title="终止考试"
          okText="终止考试"
          danger
          run={(reason) => proctorApi.stop(s, r, { reason })}
          onDone={done}
          onClose={close}
        >
          <Alert type="warning" showIcon title="本考场本场考试将终止，全部考生另行安排考试；此操作不可撤销。" />
        </ReasonDialog>
      )}
      {dialog?.kind === 'incident' && <IncidentDialog view={view} onDone={done} onClose={close} />}
      {dialog?.kind === 'recovery' && <RecoveryDialog view={view} onDone={done} onClose={close} />}
      {dialog?.kind === 'end_incident' && (
        <ReasonDialog
          title={`异常情况结束：${dialog.event.typeLabel}`}
          okText="记录结束"
          defaultReason="已恢复正常"
          run={(reason) => proctorApi.endIncident(s, r, dialog.event.id, { reason })}
          onDone={done}
          onClose={close}
        />
      )}
    </div>
  );
}
