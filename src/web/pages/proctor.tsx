import { DeleteOutlined, LoginOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage, isSessionError } from '../api/client';
import { type ProctorRoomItem, proctorApi, proctorKeys } from '../api/proctoring';
import { useSession } from '../session';
import '../proctoring/proctoring.css';

const roomTitle = (r: ProctorRoomItem) =>
  r.examRoomNumber ? `第${r.examRoomNumber}考场（${r.roomName}）` : `${r.roomCode} ${r.roomName}`;
const consolePath = (r: ProctorRoomItem) => `/proctor/sessions/${r.session.id}/rooms/${r.roomId}`;

/** 我的监考考场: the rooms assigned to the signed-in proctor, today's first. */
function MyRoomsCard() {
  const query = useQuery({ queryKey: proctorKeys.mine, queryFn: proctorApi.mine });
  const items = query.data?.items ?? [];
  return (
    <Card title="我的监考考场" className="gk-mb" data-testid="my-rooms">
      {query.isError && !isSessionError(query.error) && (
        <Alert type="error" showIcon title={errorMessage(query.error)} />
      )}
      {query.isSuccess && items.length === 0 && <Empty description="今天及以后没有安排给您的考场" />}
      <div className="gk-pr-rooms">
        {items.map((r) => (
          <Card
            key={`${r.session.id}-${r.roomId}`}
            size="small"
            className="gk-pr-room-card"
            data-testid={`my-room-${r.session.id}-${r.roomId}`}
          >
            <div className="gk-pr-room-head">
              <strong>{roomTitle(r)}</strong>
              {r.today ? <Tag color="green">今天</Tag> : <Tag>以后</Tag>}
            </div>
            <div>{r.centreName}</div>
            <div className="gk-muted">
              {r.session.name} {r.session.sessionDate} {r.session.startTime} 开考 · {r.seated} 人
            </div>
            <div className="gk-muted">监考员：{r.proctors.map((p) => p.displayName).join('、') || '—'}</div>
            <Link to={consolePath(r)}>
              <Button type="primary" icon={<LoginOutlined />} className="gk-mt" data-testid="open-console">
                进入监考
              </Button>
            </Link>
          </Card>
        ))}
      </div>
    </Card>
  );
}

function AssignDialog({ room, onClose }: { room: ProctorRoomItem; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [accountId, setAccountId] = useState<number | null>(null);
  const candidates = useQuery({
    queryKey: proctorKeys.assignable(room.session.id, room.roomId),
    queryFn: () => proctorApi.assignable(room.session.id, room.roomId),
  });
  const [proctors, setProctors] = useState(room.proctors);
  const done = (list: typeof proctors, text: string) => {
    setProctors(list);
    message.success(text);
    void queryClient.invalidateQueries({ queryKey: proctorKeys.all });
  };
  const assign = useMutation({
    mutationFn: (id: number) => proctorApi.assign(room.session.id, room.roomId, id),
    onSuccess: (res) => {
      setAccountId(null);
      done(res.proctors, '已安排监考员');
    },
  });
  const unassign = useMutation({
    mutationFn: (id: number) => proctorApi.unassign(room.session.id, room.roomId, id),
    onSuccess: (res) => done(res.proctors, '已取消安排'),
  });
  const error = assign.error ?? unassign.error;
  return (
    <Modal open title={`安排监考员：${roomTitle(room)}`} footer={null} onCancel={onClose} destroyOnHidden>
      {error && <Alert className="gk-mb" type="error" showIcon role="alert" title={errorMessage(error)} />}
      <Space.Compact className="gk-mb" style={{ width: '100%' }}>
        <Select
          showSearch
          optionFilterProp="label"
          placeholder="选择监考员账号"
          style={{ width: '100%' }}
          value={accountId ?? undefined}
          onChange={(v) => setAccountId(v)}
          loading={candidates.isLoading}
          options={(candidates.data?.items ?? [])
            .filter((p) => !proctors.some((x) => x.accountId === p.accountId))
            .map((p) => ({ value: p.accountId, label: `${p.displayName}（${p.username}）` }))}
          data-testid="assign-select"
        />
        <Button
          type="primary"
          icon={<UserAddOutlined />}
          disabled={accountId === null}
          loading={assign.isPending}
          onClick={() => accountId !== null && assign.mutate(accountId)}
          data-testid="assign-ok"
        >
          安排
        </Button>
      </Space.Compact>
      {proctors.length === 0 ? (
        <Empty description="尚未安排监考员" />
      ) : (
        <ul className="gk-pr-proctor-list">
          {proctors.map((p) => (
            <li key={p.accountId}>
              {p.displayName}
              <Button
                size="small"
                type="link"
                danger
                icon={<DeleteOutlined />}
                onClick={() => unassign.mutate(p.accountId)}
                aria-label={`取消安排${p.displayName}`}
              >
                取消
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}

/** For jurisdiction admins, centre managers and the province: a session's rooms, to open or to assign proctors. */
function SessionRoomsCard() {
  const { can } = useSession();
  const sessions = useQuery({ queryKey: proctorKeys.sessions, queryFn: proctorApi.sessions });
  const [sessionId, setSessionId] = useState<number | null>(null);
  const [assigning, setAssigning] = useState<ProctorRoomItem | null>(null);
  useEffect(() => {
    if (sessionId !== null || !sessions.data) return;
    const today = sessions.data.sessions.find((s) => s.sessionDate >= sessions.data.today);
    const first = today ?? sessions.data.sessions[0];
    if (first) setSessionId(first.id);
  }, [sessions.data, sessionId]);
  const rooms = useQuery({
    queryKey: proctorKeys.sessionRooms(sessionId ?? 0),
    queryFn: () => proctorApi.sessionRooms(sessionId!),
    enabled: sessionId !== null,
  });
  return (
    <Card
      title="场次与考场"
      extra={
        <Select
          aria-label="选择场次"
          style={{ width: 300 }}
          placeholder="选择场次"
          value={sessionId ?? undefined}
          onChange={(v) => setSessionId(v)}
          options={(sessions.data?.sessions ?? []).map((s) => ({
            value: s.id,
            label: `${s.name}（${s.sessionDate} ${s.startTime}）`,
          }))}
          data-testid="session-select"
        />
      }
    >
      {rooms.isError && !isSessionError(rooms.error) && (
        <Alert type="error" showIcon title={errorMessage(rooms.error)} />
      )}
      <Table
        rowKey={(r) => `${r.session.id}-${r.roomId}`}
        size="small"
        loading={rooms.isLoading}
        dataSource={rooms.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '本场次在您的考点没有编排考生' }}
        columns={[
          { title: '考点', dataIndex: 'centreName' },
          { title: '考场', key: 'room', render: (_, r) => roomTitle(r) },
          { title: '人数', dataIndex: 'seated', width: 70 },
          {
            title: '监考员',
            key: 'proctors',
            render: (_, r) =>
              r.proctors.map((p) => p.displayName).join('、') || <span className="gk-muted">未安排</span>,
          },
          {
            title: '操作',
            key: 'actions',
            width: 220,
            render: (_, r) => (
              <Space>
                {can('exam.proctor') && (
                  <Link to={consolePath(r)}>
                    <Button size="small" type="primary">
                      进入监考
                    </Button>
                  </Link>
                )}
                {rooms.data?.abilities.assign && (
                  <Button size="small" onClick={() => setAssigning(r)} data-testid={`assign-${r.roomId}`}>
                    安排监考员
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {assigning && <AssignDialog room={assigning} onClose={() => setAssigning(null)} />}
    </Card>
  );
}

/** 监考: the proctor's rooms; officials also pick any room of their centres and assign proctors there. */
export default function ProctorPage() {
  const { user } = useSession();
  return (
    <div>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          监考
          <span className="gk-page-sub">选择考场进入监考台：入场核验、计时、暂停与恢复、违纪与异常情况、场次报告</span>
        </Typography.Title>
      </div>
      <MyRoomsCard />
      {user?.role !== 'proctor' && <SessionRoomsCard />}
    </div>
  );
}
