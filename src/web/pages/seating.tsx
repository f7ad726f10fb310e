import { ReloadOutlined, ScheduleOutlined, SendOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Input,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage, isSessionError } from '../api/client';
import { campaignApi, queryKeys } from '../api/endpoints';
import {
  type SeatingAssignment,
  type SeatingAssignmentQuery,
  type SeatingCapacityRow,
  type SeatingCounts,
  type SeatingLatest,
  type SeatingRoomRow,
  type SeatingRooms,
  type SeatingRun,
  seatingApi,
  seatingKeys,
} from '../api/seating';
import { CampaignSelect } from '../campaign/campaign-select';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { usePaging } from '../components/use-paging';
import { MoveDialog } from '../seating/move-dialog';
import { SeatingRunDialog } from '../seating/run-dialog';
import { gradeShort, roomPath } from '../seating/seating-labels';
import { useSession } from '../session';
import { formatDateTime } from '../util';
import '../seating/seating.css';

const COUNT_LABELS: [keyof SeatingCounts, string, string?][] = [
  ['candidates', '候选'],
  ['eligible', '符合条件'],
  ['seated', '已安排', '#389e0d'],
  ['unseated', '未安排', '#cf1322'],
  ['pinnedKept', '保留已通知'],
  ['previousKept', '保留上次'],
  ['placed', '新安排', '#1677ff'],
  ['unitNeighbours', '同单位相邻'],
  ['splitGroups', '分散的组'],
];

/** The latest run: its counts, the capacity by jurisdiction, who was not seated and why, notified candidates. */
function RunReport({ latest, run, scoped }: { latest: SeatingLatest; run: SeatingRun; scoped: boolean }) {
  const capacity = latest.capacity ?? [];
  const unseated = latest.unseated ?? [];
  const pinnedProblems = latest.pinnedProblems ?? [];
  return (
    <Card
      className="gk-mb"
      title={scoped ? '最近一次编排（统计为全省数字，下列名单为本辖区）' : '最近一次编排'}
      data-testid="seating-report"
      extra={
        <span className="gk-muted">
          {formatDateTime(run.finishedAt ?? run.startedAt)}
          {run.startedByName ? ` · ${run.startedByName}` : ''}
          {run.options.fresh ? ' · 重新编排' : ''}
          {run.options.moveNotified ? ' · 调整已通知考生' : ''}
        </span>
      }
    >
      <div className="gk-seating-counts" data-testid="seating-counts">
        {COUNT_LABELS.map(([key, label, color]) => (
          <div key={key} className="gk-seating-count">
            <Statistic
              title={label}
              value={run.counts[key]}
              suffix={key === 'unitNeighbours' ? '对' : key === 'splitGroups' ? '组' : '人'}
              styles={color ? { content: { color } } : undefined}
            />
          </div>
        ))}
      </div>
      <Tabs
        items={[
          {
            key: 'capacity',
            label: '各管辖区容量',
            children: <CapacityTable rows={capacity} />,
          },
          {
            key: 'unseated',
            label: (
              <span data-testid="seating-tab-unseated">
                未安排 <Tag color={unseated.length ? 'red' : undefined}>{unseated.length}</Tag>
              </span>
            ),
            children: (
              <Table
                size="small"
                rowKey="applicationId"
                data-testid="seating-unseated"
                dataSource={unseated}
                pagination={unseated.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                locale={{ emptyText: '符合条件的考生都已安排' }}
                columns={[
                  { title: '姓名', dataIndex: 'name', width: 90 },
                  { title: '身份证号', dataIndex: 'idNumberMasked', width: 170 },
                  { title: '单位', dataIndex: 'unitName' },
                  {
                    title: '工种 / 等级',
                    width: 170,
                    render: (_, u) => `${u.jobTypeName} ${gradeShort(u.grade)}`,
                  },
                  { title: '管辖区', dataIndex: 'jurisdictionName', width: 120 },
                  {
                    title: '原因',
                    render: (_, u) => (
                      <>
                        {u.message}
                        {u.ineligibleReason ? <span className="gk-muted">（{u.ineligibleReason}）</span> : null}
                      </>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'pinned',
            label: (
              <span>
                已通知考生的调整与问题{' '}
                <Tag color={pinnedProblems.length ? 'orange' : undefined}>{pinnedProblems.length}</Tag>
              </span>
            ),
            children: (
              <>
                {pinnedProblems.length > 0 && (
                  <Alert
                    className="gk-mb"
                    type="warning"
                    showIcon
                    title="以下已通知考生的考场或座位已变动或无法保留，须重新通知考生。"
                  />
                )}
                <Table
                  size="small"
                  rowKey="applicationId"
                  dataSource={pinnedProblems}
                  pagination={pinnedProblems.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                  locale={{ emptyText: '已通知考生的座位均已保留' }}
                  columns={[
                    { title: '姓名', dataIndex: 'name', width: 100 },
                    { title: '单位', dataIndex: 'unitName' },
                    { title: '情况', dataIndex: 'message' },
                    {
                      title: '结果',
                      dataIndex: 'reseated',
                      width: 110,
                      render: (v: boolean) =>
                        v ? <Tag color="orange">已重新安排</Tag> : <Tag color="red">未安排</Tag>,
                    },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}

function CapacityTable({ rows }: { rows: SeatingCapacityRow[] }) {
  return (
    <Table<SeatingCapacityRow>
      size="small"
      rowKey="jurisdictionId"
      data-testid="seating-capacity"
      dataSource={rows}
      pagination={false}
      rowClassName={(r) => (r.shortfall > 0 ? 'gk-seating-short' : '')}
      expandable={{
        rowExpandable: (r) => r.sessions.length > 0,
        expandedRowRender: (r) => (
          <Table
            size="small"
            rowKey="sessionId"
            dataSource={r.sessions}
            pagination={false}
            columns={[
              { title: '场次', dataIndex: 'sessionName' },
              { title: '可容纳', dataIndex: 'available', align: 'right', width: 100 },
              { title: '已安排', dataIndex: 'seated', align: 'right', width: 100 },
            ]}
          />
        ),
      }}
      columns={[
        { title: '管辖区', dataIndex: 'jurisdictionName' },
        { title: '需要座位', dataIndex: 'needed', align: 'right', width: 110 },
        { title: '可容纳', dataIndex: 'available', align: 'right', width: 110 },
        { title: '已安排', dataIndex: 'seated', align: 'right', width: 110 },
        {
          title: '缺口',
          dataIndex: 'shortfall',
          align: 'right',
          width: 110,
          render: (v: number) => (v > 0 ? <Tag color="red">缺 {v} 个座位</Tag> : <span className="gk-muted">—</span>),
        },
      ]}
    />
  );
}

function RoomsTable({ data, loading }: { data: SeatingRooms | undefined; loading: boolean }) {
  const [sessionId, setSessionId] = useState<number | undefined>();
  const sessions = new Map((data?.sessions ?? []).map((s) => [s.id, s]));
  const rows = (data?.rooms ?? []).filter((r) => sessionId === undefined || r.sessionId === sessionId);
  return (
    <Card
      className="gk-mb"
      title="考场一览"
      extra={
        <Select<number>
          aria-label="按场次筛选考场"
          allowClear
          placeholder="全部场次"
          className="gk-filter-select"
          value={sessionId}
          onChange={setSessionId}
          options={(data?.sessions ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
      }
    >
      <Table<SeatingRoomRow>
        size="small"
        data-testid="seating-rooms"
        rowKey={(r) => `${r.sessionId}-${r.roomId}`}
        loading={loading}
        dataSource={rows}
        pagination={
          rows.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (t) => `共 ${t} 个考场` } : false
        }
        locale={{ emptyText: '尚未编排考场' }}
        columns={[
          {
            title: '考场号',
            dataIndex: 'examRoomNumber',
            width: 80,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: '场次',
            width: 190,
            render: (_, r) => {
              const s = sessions.get(r.sessionId);
              return s ? `${s.name}（${s.sessionDate} ${s.startTime}）` : r.sessionId;
            },
          },
          { title: '管辖区', dataIndex: 'jurisdictionName', width: 110 },
          { title: '考点', render: (_, r) => `${r.centreCode} ${r.centreName}` },
          { title: '考场', render: (_, r) => `${r.roomCode} ${r.roomName}` },
          {
            title: '已安排 / 容量',
            width: 110,
            align: 'right',
            render: (_, r) => (
              <span className={r.seated > r.capacity ? 'gk-text-danger' : undefined}>
                {r.seated} / {r.capacity}
              </span>
            ),
          },
          { title: '已通知', dataIndex: 'notified', width: 80, align: 'right' },
          {
            title: '操作',
            width: 90,
            render: (_, r) => (
              <Link
                to={roomPath(r.roomId, r.sessionId)}
                aria-label={`查看座次：${r.centreName} ${r.roomName} ${sessions.get(r.sessionId)?.name ?? ''}`}
              >
                查看座次
              </Link>
            ),
          },
        ]}
      />
    </Card>
  );
}

function AssignmentsTable({
  campaignId,
  rooms,
  canMove,
}: {
  campaignId: number;
  rooms: SeatingRooms | undefined;
  canMove: boolean;
}) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { page, pageSize, setPage, pagination } = usePaging(20);
  const [qInput, setQInput] = useState('');
  const [filter, setFilter] = useState<Omit<SeatingAssignmentQuery, 'page' | 'pageSize'>>({});
  const [moving, setMoving] = useState<SeatingAssignment | null>(null);
  const query: SeatingAssignmentQuery = { page, pageSize, ...filter };
  const list = useQuery({
    queryKey: seatingKeys.assignments(campaignId, query),
    queryFn: () => seatingApi.assignments(campaignId, query),
    placeholderData: keepPreviousData,
  });
  const update = (patch: Partial<typeof filter>) => {
    setPage(1);
    setFilter((f) => ({ ...f, ...patch }));
  };
  const centres = useMemo(() => {
    const map = new Map<number, string>();
    for (const r of rooms?.rooms ?? []) map.set(r.centreId, `${r.centreCode} ${r.centreName}`);
    return [...map].map(([value, label]) => ({ value, label }));
  }, [rooms]);

  return (
    <Card title="考生座位" className="gk-mb">
      <form
        className="gk-filters"
        aria-label="筛选考生座位"
        onSubmit={(e) => {
          e.preventDefault();
          update({ q: qInput.trim() || undefined });
        }}
      >
        <Input
          aria-label="姓名、准考证号或身份证号"
          placeholder="姓名、准考证号或身份证号"
          allowClear
          className="gk-filter-q"
          value={qInput}
          data-testid="seating-q"
          onChange={(e) => {
            setQInput(e.target.value);
            if (e.target.value === '' && filter.q) update({ q: undefined });
          }}
        />
        <Select<number>
          aria-label="按场次筛选"
          allowClear
          placeholder="全部场次"
          className="gk-filter-select"
          value={filter.sessionId}
          onChange={(v) => update({ sessionId: v })}
          options={(rooms?.sessions ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
        <Select<number>
          aria-label="按考点筛选"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="全部考点"
          className="gk-filter-org"
          value={filter.centreId}
          onChange={(v) => update({ centreId: v })}
          options={centres}
        />
        <Select<'yes' | 'no'>
          aria-label="按通知状态筛选"
          allowClear
          placeholder="通知状态"
          className="gk-filter-small"
          value={filter.notified === undefined ? undefined : filter.notified ? 'yes' : 'no'}
          onChange={(v) => update({ notified: v === undefined ? undefined : v === 'yes' })}
          options={[
            { value: 'yes', label: '已通知' },
            { value: 'no', label: '未通知' },
          ]}
        />
        <Button type="primary" htmlType="submit">
          查询
        </Button>
      </form>
      {list.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(list.error)} />}
      <Table<SeatingAssignment>
        size="small"
        rowKey="applicationId"
        data-testid="seating-assignments"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total ?? 0, '人')}
        locale={{ emptyText: '没有符合条件的考生' }}
        columns={[
          {
            title: '姓名 / 身份证号',
            width: 150,
            render: (_, a) => (
              <>
                <div>{a.name}</div>
                <div className="gk-muted">{a.idNumberMasked}</div>
              </>
            ),
          },
          { title: '准考证号', dataIndex: 'ticketNumber', width: 170 },
          { title: '单位', dataIndex: 'unitName', ellipsis: true },
          { title: '工种 / 等级', width: 130, render: (_, a) => `${a.jobTypeName} ${gradeShort(a.grade)}` },
          {
            title: '场次 / 考场',
            width: 250,
            render: (_, a) => (
              <>
                <div>
                  {a.sessionName} · 第{a.examRoomNumber}考场
                </div>
                <Link to={roomPath(a.roomId, a.sessionId)}>
                  {a.centreName} {a.roomName}
                </Link>
              </>
            ),
          },
          {
            title: '座位',
            dataIndex: 'seatLabel',
            width: 70,
            render: (v: string, a) => (
              <>
                {v}
                {a.source === 'manual' && (
                  <Tag className="gk-ml4" title="手工调整">
                    调
                  </Tag>
                )}
              </>
            ),
          },
          {
            title: '通知',
            dataIndex: 'notifiedAt',
            width: 80,
            render: (v: string | null) =>
              v ? (
                <Tag color="green" title={formatDateTime(v)}>
                  已通知
                </Tag>
              ) : (
                <Tag>未通知</Tag>
              ),
          },
          ...(canMove
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, a: SeatingAssignment) => (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => setMoving(a)}
                      disabled={!rooms}
                      aria-label={`调整座位：${a.name}`}
                    >
                      调整座位
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {moving && rooms && (
        <MoveDialog
          assignment={moving}
          rooms={rooms}
          onClose={(moved) => {
            setMoving(null);
            if (moved) {
              message.success(
                moving.notifiedAt ? `已调整${moving.name}的座位，请重新通知该考生` : `已调整${moving.name}的座位`,
              );
              void queryClient.invalidateQueries({ queryKey: seatingKeys.all });
            }
          }}
        />
      )}
    </Card>
  );
}

/**
 * 考场编排: the province runs the seating for the open campaign and publishes it (then tickets can be printed);
 * everyone in scope sees the latest run's report, the rooms × sessions and each candidate's seat.
 */
export default function SeatingPage() {
  const { can } = useSession();
  const canRun = can('seating.run');
  const canMove = can('seating.move');
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  // 考点管理员 list no campaigns: they see the open one.
  const listsCampaigns = can('campaign.read');
  const { list: campaigns, items: campaignItems, campaign, setCampaignId } = useCampaignChoice(listsCampaigns);
  const open = useQuery({
    queryKey: queryKeys.currentCampaign,
    queryFn: campaignApi.current,
    enabled: !listsCampaigns,
  });
  const campaignId = listsCampaigns ? campaign?.id : (open.data?.id ?? undefined);
  const [running, setRunning] = useState(false);
  const [publishing, setPublishing] = useState(false);

  const latest = useQuery({
    queryKey: seatingKeys.latest(campaignId ?? 0),
    queryFn: () => seatingApi.latest(campaignId ?? 0),
    enabled: campaignId !== undefined,
  });
  const rooms = useQuery({
    queryKey: seatingKeys.rooms(campaignId ?? 0),
    queryFn: () => seatingApi.rooms(campaignId ?? 0),
    enabled: campaignId !== undefined,
  });
  const totals = rooms.data?.totals;
  const toNotify = totals ? totals.seated - totals.notified : 0;

  const publish = useMutation({
    mutationFn: () => seatingApi.publish(campaignId ?? 0, toNotify),
    onSuccess: async (res) => {
      setPublishing(false);
      message.success(`已发布 ${res.notified} 名考生的考场安排，可以打印准考证`);
      await queryClient.invalidateQueries({ queryKey: seatingKeys.all });
    },
    // The count changed meanwhile (SEATING_COUNT_CHANGED): show the fresh count, the dialog says why.
    onError: () => void queryClient.invalidateQueries({ queryKey: seatingKeys.rooms(campaignId ?? 0) }),
  });

  const error = [latest.error, rooms.error, open.error].find((e) => e && !isSessionError(e));

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          考场编排
          <span className="gk-page-sub">为省级已确认的考生安排场次、考场和座位；发布后可打印准考证</span>
        </Typography.Title>
        <Space wrap>
          {listsCampaigns ? (
            <CampaignSelect
              campaigns={campaignItems}
              value={campaignId}
              loading={campaigns.isLoading}
              onChange={setCampaignId}
            />
          ) : (
            open.data && <Tag color="blue">{open.data.year}年度</Tag>
          )}
          <Button
            icon={<ReloadOutlined />}
            aria-label="刷新"
            onClick={() => void queryClient.invalidateQueries({ queryKey: seatingKeys.all })}
          />
          {canRun && campaignId !== undefined && (
            <>
              <Button icon={<ScheduleOutlined />} onClick={() => setRunning(true)} data-testid="seating-run">
                自动编排
              </Button>
              <Button
                type="primary"
                icon={<SendOutlined />}
                disabled={!totals || toNotify <= 0}
                title={totals && toNotify <= 0 ? '没有待发布的考场安排' : undefined}
                onClick={() => {
                  publish.reset();
                  setPublishing(true);
                }}
                data-testid="seating-publish"
              >
                发布考场安排
              </Button>
            </>
          )}
        </Space>
      </div>
      {error ? <Alert className="gk-mb" type="error" showIcon title={errorMessage(error)} /> : null}
      {!listsCampaigns && open.isSuccess && !open.data && (
        <Alert className="gk-mb" type="info" showIcon title="目前没有开放中的考核年度" />
      )}

      <div className="gk-seating-totals" data-testid="seating-totals">
        <Card size="small">
          <Statistic title="省级已确认" value={totals?.confirmed ?? '—'} suffix={totals ? '人' : undefined} />
        </Card>
        <Card size="small">
          <Statistic
            title="已安排座位"
            value={totals?.seated ?? '—'}
            suffix={totals ? '人' : undefined}
            styles={{ content: { color: '#389e0d' } }}
          />
        </Card>
        <Card size="small">
          <Statistic
            title="已通知（已发布）"
            value={totals?.notified ?? '—'}
            suffix={totals ? '人' : undefined}
            styles={{ content: { color: '#1677ff' } }}
          />
        </Card>
        <Card size="small">
          <Statistic
            title="未安排"
            value={totals?.unseated ?? '—'}
            suffix={totals ? '人' : undefined}
            styles={totals?.unseated ? { content: { color: '#cf1322' } } : undefined}
          />
        </Card>
      </div>

      {latest.data?.run ? (
        <RunReport latest={latest.data} run={latest.data.run} scoped={!canRun} />
      ) : (
        latest.isSuccess && (
          <Card className="gk-mb">
            <Empty description={canRun ? '尚未编排考场，点击「自动编排」开始' : '省级尚未编排考场'} />
          </Card>
        )
      )}

      <RoomsTable data={rooms.data} loading={rooms.isFetching} />
      {campaignId !== undefined && (
        <AssignmentsTable key={campaignId} campaignId={campaignId} rooms={rooms.data} canMove={canMove} />
      )}

      {running && campaignId !== undefined && (
        <SeatingRunDialog campaignId={campaignId} onClose={() => setRunning(false)} />
      )}
      <Modal
        open={publishing}
        title="发布考场安排"
        okText="发布"
        cancelText="取消"
        onCancel={() => setPublishing(false)}
        onOk={() => publish.mutate()}
        confirmLoading={publish.isPending}
        okButtonProps={{ 'data-testid': 'seating-publish-ok' }}
      >
        <div data-testid="seating-publish-confirm">
          <p>
            将发布 <strong>{toNotify}</strong> 名已安排座位、尚未通知的考生的考场安排。
          </p>
          <p className="gk-muted">
            发布后这些考生即视为已通知，可以打印准考证；以后再次自动编排时，他们的座位默认保留。
          </p>
          {publish.isError && <Alert type="error" showIcon role="alert" title={errorMessage(publish.error)} />}
        </div>
      </Modal>
    </>
  );
}
