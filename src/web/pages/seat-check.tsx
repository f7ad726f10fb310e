import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Result, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { estimateClock, type TimeSample } from '../../domain/seat-check';
import { usableSeats } from '../../domain/seat-map';
import { centreApi, centreKeys, type SeatCheck } from '../api/centres';
import { errorMessage, isSessionError } from '../api/client';

const SAMPLES = 7;

/** Several round trips to the server clock; the one with the smallest round trip gives the offset. */
async function measureClock(): Promise<{ offsetMs: number; roundTripMs: number }> {
  const samples: TimeSample[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = Date.now();
    const { serverTime } = await centreApi.serverTime();
    const t1 = Date.now();
    samples.push({ t0, t1, server: serverTime });
  }
  return estimateClock(samples)!;
}

/**
 * 机位检测: a technician opens this page on each PC of a room (signed in as the centre manager or the
 * jurisdiction's admin), picks the room and the seat, and runs the check; the result is recorded on the seat.
 */
export default function SeatCheckPage() {
  const [search, setSearch] = useSearchParams();
  const roomId = Number(search.get('room')) || undefined;
  const [centreId, setCentreId] = useState<number | undefined>();
  const [seat, setSeat] = useState<string | undefined>(search.get('seat') ?? undefined);
  const queryClient = useQueryClient();
  const params = { page: 1, pageSize: 200 };
  const centres = useQuery({ queryKey: centreKeys.list(params), queryFn: () => centreApi.list(params) });
  const room = useQuery({
    queryKey: centreKeys.room(roomId ?? 0),
    queryFn: () => centreApi.room(roomId!),
    enabled: roomId !== undefined,
  });
  const chosenCentre = centreId ?? room.data?.centreId;
  const centre = useQuery({
    queryKey: centreKeys.detail(chosenCentre ?? 0),
    queryFn: () => centreApi.get(chosenCentre!),
    enabled: chosenCentre !== undefined,
  });
  const requirements = useQuery({ queryKey: ['seat-check', 'requirements'], queryFn: centreApi.requirements });
  const seats = useMemo(() => (room.data ? usableSeats(room.data.seatMap).map((s) => s.label) : []), [room.data]);

  const run = useMutation({
    mutationFn: async (): Promise<SeatCheck> => {
      const clock = await measureClock();
      return centreApi.recordCheck(roomId!, {
        seatLabel: seat!,
        screenWidth: window.screen.width,
        screenHeight: window.screen.height,
        clockOffsetMs: clock.offsetMs,
        roundTripMs: clock.roundTripMs,
      });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: centreKeys.all });
    },
  });
  const result = run.data;
  const req = requirements.data;

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          机位检测
          <span className="gk-page-sub">在考场的每台电脑上打开本页，选择考场和座位后开始检测</span>
        </Typography.Title>
        {roomId && (
          <Link to={`/rooms/${roomId}`}>
            <Button>查看考场座位图</Button>
          </Link>
        )}
      </div>
      {centres.isError && !isSessionError(centres.error) && (
        <Alert className="gk-mb" type="error" showIcon title={errorMessage(centres.error)} />
      )}
      <Card className="gk-mb">
        <Space wrap size="middle">
          <Select
            aria-label="考点"
            placeholder="选择考点"
            style={{ width: 300 }}
            value={chosenCentre}
            options={(centres.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))}
            onChange={(v) => {
              setCentreId(v);
              setSeat(undefined);
              run.reset();
              setSearch({});
            }}
            id="check-centre"
          />
          <Select
            aria-label="考场"
            placeholder="选择考场"
            style={{ width: 200 }}
            value={roomId}
            disabled={!centre.data}
            options={(centre.data?.rooms ?? [])
              .filter((r) => r.active)
              .map((r) => ({ value: r.id, label: `${r.code} ${r.name}` }))}
            onChange={(v) => {
              setSeat(undefined);
              run.reset();
              setSearch({ room: String(v) });
            }}
            id="check-room"
          />
          <Select
            aria-label="座位"
            placeholder="选择本机座位"
            style={{ width: 140 }}
            showSearch
            value={seat}
            disabled={!room.data}
            options={seats.map((s) => ({ value: s, label: s }))}
            onChange={(v) => {
              setSeat(v);
              run.reset();
            }}
            id="check-seat"
          />
          <Button
            type="primary"
            disabled={!roomId || !seat || !room.data?.abilities.check}
            loading={run.isPending}
            onClick={() => run.mutate()}
            data-testid="check-run"
          >
            开始检测
          </Button>
        </Space>
        {req && (
          <Typography.Paragraph type="secondary" className="gk-mb0" style={{ marginTop: 12 }}>
            要求：Chrome / Edge {req.browsers.Chrome} 及以上、Firefox {req.browsers.Firefox} 及以上（360、QQ
            浏览器请用极速模式）；屏幕分辨率至少 {req.minScreen.width}×{req.minScreen.height}
            ；电脑时钟与服务器相差不超过 {req.maxClockOffsetMs / 1000} 秒；网络往返不超过 {req.maxRoundTripMs} 毫秒。
          </Typography.Paragraph>
        )}
      </Card>
      {run.isError && <Alert className="gk-mb" type="error" showIcon role="alert" title={errorMessage(run.error)} />}
      {result && (
        <Card data-testid="check-result">
          <Result
            status={result.result === 'ok' ? 'success' : 'error'}
            title={result.result === 'ok' ? `座位 ${result.seatLabel} 检测通过` : `座位 ${result.seatLabel} 检测未通过`}
            subTitle={result.result === 'ok' ? '结果已记录到该座位' : '请按下列原因处理后重新检测；结果已记录到该座位'}
          >
            {result.reasons.length > 0 && (
              <ul className="gk-mb" data-testid="check-reasons">
                {result.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            )}
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label="浏览器">{result.browser}</Descriptions.Item>
              <Descriptions.Item label="屏幕分辨率">
                {result.screenWidth}×{result.screenHeight}
              </Descriptions.Item>
              <Descriptions.Item label="时钟偏差">{(result.clockOffsetMs / 1000).toFixed(1)} 秒</Descriptions.Item>
              <Descriptions.Item label="网络往返">{result.roundTripMs} 毫秒</Descriptions.Item>
            </Descriptions>
          </Result>
        </Card>
      )}
    </>
  );
}
