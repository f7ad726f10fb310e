import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Select, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage, isSessionError } from '../api/client';
import { proctorApi, proctorKeys } from '../api/proctoring';
import '../proctoring/proctoring.css';

const REFRESH_MS = 5000;

const timeOf = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleTimeString('zh-CN', {
        timeZone: 'Asia/Shanghai',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      })
    : '—';

/** 巡视: every room of a session in the caller's subtree, live (read only). */
export default function InspectionPage() {
  const sessions = useQuery({ queryKey: proctorKeys.sessions, queryFn: proctorApi.sessions });
  const [sessionId, setSessionId] = useState<number | null>(null);
  useEffect(() => {
    if (sessionId !== null || !sessions.data) return;
    const first = sessions.data.sessions.find((s) => s.sessionDate >= sessions.data.today) ?? sessions.data.sessions[0];
    if (first) setSessionId(first.id);
  }, [sessions.data, sessionId]);
  const query = useQuery({
    queryKey: proctorKeys.inspection(sessionId ?? 0),
    queryFn: () => proctorApi.inspection(sessionId!),
    enabled: sessionId !== null,
    refetchInterval: REFRESH_MS,
  });
  const rooms = query.data?.rooms ?? [];
  return (
    <div>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          巡视
          <span className="gk-page-sub">各考场实时状态（每 5 秒刷新，只读）</span>
        </Typography.Title>
        <Select
          aria-label="选择场次"
          style={{ width: 320 }}
          placeholder="选择场次"
          value={sessionId ?? undefined}
          onChange={setSessionId}
          options={(sessions.data?.sessions ?? []).map((s) => ({
            value: s.id,
            label: `${s.name}（${s.sessionDate} ${s.startTime}）`,
          }))}
          data-testid="inspection-session"
        />
      </div>
      {query.isError && !isSessionError(query.error) && (
        <Alert type="error" showIcon title={errorMessage(query.error)} />
      )}
      {query.isSuccess && rooms.length === 0 && <Empty description="本场次在您的管理范围内没有考场" />}
      <div className="gk-pr-inspection" data-testid="inspection-grid">
        {rooms.map((r) => (
          <Card
            key={r.roomId}
            size="small"
            className={`gk-pr-room-card${r.stoppedAt ? ' gk-pr-card-stopped' : r.pausedAt ? ' gk-pr-card-paused' : ''}`}
            title={`${r.centreName} · ${r.examRoomNumber ? `第${r.examRoomNumber}考场` : r.roomCode} ${r.roomName}`}
            data-testid={`inspection-room-${r.roomId}`}
          >
            <div className="gk-mb-s">
              {r.stoppedAt ? (
                <Tag color="red">已终止 {timeOf(r.stoppedAt)}</Tag>
              ) : r.pausedAt ? (
                <Tag color="orange">暂停中 {timeOf(r.pausedAt)} 起</Tag>
              ) : (
                <Tag color="green">正常</Tag>
              )}
              {r.openIncidents > 0 && <Tag color="orange">未结束异常 {r.openIncidents}</Tag>}
              {r.violations > 0 && <Tag color="red">违纪 {r.violations}</Tag>}
              {r.disconnected > 0 && <Tag color="orange">断线 {r.disconnected}</Tag>}
            </div>
            <div>
              编排 {r.seated} · 未登录 {r.counts.not_signed_in} · 待入场 {r.counts.waiting} · 作答中{' '}
              {r.counts.answering}
            </div>
            <div>
              已入场 {r.counts.admitted} · 已交卷 {r.counts.finished} · 缺考 {r.counts.absent} · 终止 {r.counts.stopped}
            </div>
            <div className="gk-muted">最近报到 {timeOf(r.lastActivityAt)}</div>
            <div className="gk-muted">监考员：{r.proctors.map((p) => p.displayName).join('、') || '未安排'}</div>
          </Card>
        ))}
      </div>
    </div>
  );
}
