import { SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, InputNumber, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  allSeats,
  capacity,
  defaultSpareSeats,
  normaliseSeatMap,
  type SeatMap,
  spareCount,
} from '../../domain/seat-map';
import { centreApi, centreKeys, type RoomDetail, type SeatCheck } from '../api/centres';
import { errorMessage, isSessionError } from '../api/client';
import { formatDateTime } from '../util';

type SeatState = 'usable' | 'out' | 'spare';

function seatTitle(label: string, state: SeatState, check: SeatCheck | undefined): string {
  const base = state === 'out' ? '已停用' : state === 'spare' ? '备用机位' : '可用';
  const checked = !check
    ? '未检测'
    : check.result === 'ok'
      ? `检测通过（${formatDateTime(check.checkedAt)}）`
      : `检测未通过：${check.reasons.join('；')}（${formatDateTime(check.checkedAt)}）`;
  return `${label} ${base}，${checked}`;
}

/**
 * The room drawn as it is laid out: row A at the front. A seat is a button (Tab reaches it, Enter or Space toggles
 * it out of use when the viewer may edit). Spare seats are the default ones (the last usable seats).
 */
export function SeatGrid({
  map,
  checks,
  editable,
  onToggle,
}: {
  map: SeatMap;
  checks: ReadonlyMap<string, SeatCheck>;
  editable: boolean;
  onToggle: (label: string) => void;
}) {
  const out = new Set(map.outOfUse);
  const spare = new Set(defaultSpareSeats(map));
  const seats = allSeats(map);
  return (
    <div className="gk-seat-room" data-testid="seat-grid">
      <div className="gk-seat-front">讲台（前方）</div>
      <div className="gk-seat-grid" style={{ gridTemplateColumns: `repeat(${map.columns}, 52px)` }}>
        {seats.map((seat) => {
          const state: SeatState = out.has(seat.label) ? 'out' : spare.has(seat.label) ? 'spare' : 'usable';
          const check = state === 'out' ? undefined : checks.get(seat.label);
          const checkClass = check ? (check.result === 'ok' ? 'gk-seat-ok' : 'gk-seat-failed') : '';
          return (
            <button
              type="button"
              key={seat.label}
              className={`gk-seat gk-seat-${state} ${checkClass}`}
              title={seatTitle(seat.label, state, check)}
              aria-label={seatTitle(seat.label, state, check)}
              aria-pressed={state === 'out'}
              disabled={!editable}
              data-seat={seat.label}
              onClick={() => onToggle(seat.label)}
            >
              {seat.label}
            </button>
          );
        })}
      </div>
    </div>
  );
}

export default function RoomPage() {
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const room = useQuery({ queryKey: centreKeys.room(id), queryFn: () => centreApi.room(id) });
  const [draft, setDraft] = useState<SeatMap | null>(null);
  const r: RoomDetail | undefined = room.data;
  // The draft follows the stored map only when that changes (a save, someone else's edit), not on every refetch.
  const stored = r ? JSON.stringify(r.seatMap) : null;
  useEffect(() => {
    if (stored) setDraft(JSON.parse(stored) as SeatMap);
  }, [stored]);
  const checks = useMemo(() => new Map((r?.latestChecks ?? []).map((c) => [c.seatLabel, c])), [r]);
  const save = useMutation({
    mutationFn: (map: SeatMap) => centreApi.updateRoom(id, { seatMap: { ...map, outOfUse: [...map.outOfUse] } }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(centreKeys.room(id), saved);
      await queryClient.invalidateQueries({ queryKey: centreKeys.all });
      message.success('座位图已保存');
    },
  });
  const editable = !!r?.abilities.update;
  const valid = draft ? normaliseSeatMap(draft) : null;
  const dirty = !!draft && !!r && JSON.stringify(draft) !== JSON.stringify(r.seatMap);

  const toggle = (label: string) =>
    setDraft((d) =>
      d
        ? {
            ...d,
            outOfUse: d.outOfUse.includes(label) ? d.outOfUse.filter((l) => l !== label) : [...d.outOfUse, label],
          }
        : d,
    );
  const resize = (patch: Partial<Pick<SeatMap, 'rows' | 'columns' | 'spareShare'>>) =>
    setDraft((d) => {
      if (!d) return d;
      const next = { ...d, ...patch };
      const inside = new Set(allSeats(next).map((s) => s.label));
      return { ...next, outOfUse: next.outOfUse.filter((l) => inside.has(l)) };
    });

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          {r ? `${r.centreName} · ${r.code} ${r.name}` : '考场'}
          <span className="gk-page-sub">点击座位（或用 Tab 选中后按空格）可停用或启用</span>
        </Typography.Title>
        <Space>
          {r && (
            <Link to={`/centres/${r.centreId}`}>
              <Button>返回考点</Button>
            </Link>
          )}
          {r?.abilities.check && (
            <Link to={`/seat-check?room=${id}`}>
              <Button data-testid="room-seat-check">机位检测</Button>
            </Link>
          )}
          {editable && (
            <Button
              type="primary"
              icon={<SaveOutlined />}
              disabled={!dirty || !valid?.ok}
              loading={save.isPending}
              onClick={() => valid?.ok && save.mutate(valid.map)}
              data-testid="room-save"
            >
              保存座位图
            </Button>
          )}
        </Space>
      </div>
      {room.isError && !isSessionError(room.error) && (
        <Alert className="gk-mb" type="error" showIcon title={errorMessage(room.error)} />
      )}
      {save.isError && <Alert className="gk-mb" type="error" showIcon role="alert" title={errorMessage(save.error)} />}
      {draft && r && (
        <Card>
          <Space wrap className="gk-mb" size="large">
            <span>
              行数{' '}
              <InputNumber
                min={1}
                max={26}
                precision={0}
                value={draft.rows}
                disabled={!editable}
                onChange={(v) => v && resize({ rows: v })}
                aria-label="座位行数"
              />
            </span>
            <span>
              每行座位{' '}
              <InputNumber
                min={1}
                max={99}
                precision={0}
                value={draft.columns}
                disabled={!editable}
                onChange={(v) => v && resize({ columns: v })}
                aria-label="每行座位数"
              />
            </span>
            <span>
              备用机位比例{' '}
              <InputNumber
                min={0}
                max={50}
                precision={0}
                value={Math.round(draft.spareShare * 100)}
                disabled={!editable}
                onChange={(v) => v !== null && resize({ spareShare: v / 100 })}
                suffix="%"
                aria-label="备用机位比例"
              />
            </span>
          </Space>
          <div className="gk-mb" data-testid="room-figures">
            <Space wrap>
              <Tag>座位 {draft.rows * draft.columns}</Tag>
              <Tag>停用 {draft.outOfUse.length}</Tag>
              <Tag color="gold">备用 {spareCount(draft)}</Tag>
              <Tag color="blue" data-testid="room-capacity">
                可容纳 {capacity(draft)} 人
              </Tag>
              <Tag color="green">检测通过 {r.checks.ok}</Tag>
              <Tag color={r.checks.failed ? 'red' : undefined}>未通过 {r.checks.failed}</Tag>
              <Tag>未检测 {r.checks.unchecked}</Tag>
            </Space>
          </div>
          {valid && !valid.ok && <Alert className="gk-mb" type="warning" showIcon title={valid.problem.message} />}
          <SeatGrid map={draft} checks={checks} editable={editable} onToggle={toggle} />
          <div className="gk-seat-legend">
            <span className="gk-seat gk-seat-usable">可用</span>
            <span className="gk-seat gk-seat-spare">备用</span>
            <span className="gk-seat gk-seat-out">停用</span>
            <span className="gk-seat gk-seat-usable gk-seat-ok">检测通过</span>
            <span className="gk-seat gk-seat-usable gk-seat-failed">未通过</span>
          </div>
        </Card>
      )}
    </>
  );
}
