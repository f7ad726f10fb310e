import { DeleteOutlined, PlusOutlined, PrinterOutlined, SaveOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { type KeyboardEvent, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ATTENDANCE_LABELS, ATTENDANCE_STATUSES, type AttendanceStatus } from '../../domain/training';
import { errorMessage } from '../api/client';
import { type TrainingClass, type TrainingRoster, trainingApi, trainingKeys } from '../api/sessions-training';
import { usePaging } from '../components/use-paging';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';
import { gradeText } from './training';

type RosterItem = TrainingRoster['items'][number];
const STATUS_COLORS: Record<AttendanceStatus, string> = { present: 'green', absent: 'red', excused: 'gold' };

/** 加入学员: the jurisdiction's confirmed candidates the class serves and who are in no class, by job type × grade. */
function AddDialog({ cls, onClose }: { cls: TrainingClass; onClose: (added: boolean) => void }) {
  const { message } = App.useApp();
  const [jobTypeId, setJobTypeId] = useState<number | undefined>();
  const [grade, setGrade] = useState<number | undefined>();
  const [selected, setSelected] = useState<number[]>([]);
  const { page, pageSize, pagination, setPage } = usePaging(10);
  const candidates = useQuery({
    queryKey: trainingKeys.candidates(cls.id, { jobTypeId, grade, page, pageSize }),
    queryFn: () => trainingApi.candidates(cls.id, { jobTypeId, grade, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const jobTypes = useMemo(() => {
    const seen = new Map<number, string>();
    for (const c of candidates.data?.items ?? []) seen.set(c.jobTypeId, c.jobTypeName);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [candidates.data]);
  const enrol = useMutation({
    mutationFn: (body: { applicationIds?: number[]; filter?: { jobTypeId?: number; grade?: number } }) =>
      trainingApi.enrol(cls.id, body),
    onSuccess: (r) => {
      message.success(`已加入 ${r.added} 名学员`);
      onClose(true);
    },
  });
  const total = candidates.data?.total ?? 0;
  return (
    <Modal
      open
      width={820}
      title={`加入学员：${cls.name}`}
      onCancel={() => onClose(false)}
      footer={
        <Space>
          <Button onClick={() => onClose(false)}>取消</Button>
          <Button
            disabled={total === 0}
            loading={enrol.isPending}
            onClick={() => enrol.mutate({ filter: { jobTypeId, grade } })}
            data-testid="enrol-all"
          >
            按筛选全部加入（{total} 人）
          </Button>
          <Button
            type="primary"
            disabled={selected.length === 0}
            loading={enrol.isPending}
            onClick={() => enrol.mutate({ applicationIds: selected })}
          >
            加入选中的 {selected.length} 人
          </Button>
        </Space>
      }
    >
      {enrol.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(enrol.error)} />}
      <Typography.Paragraph type="secondary">
        本辖区经省级确认、工种和等级在本班范围内、尚未参加培训班的考生。剩余名额 {cls.capacity - cls.enrolled} 个。
      </Typography.Paragraph>
      <Space className="gk-mb" wrap>
        <Select
          allowClear
          aria-label="工种"
          placeholder="全部工种"
          className="gk-filter-campaign"
          value={jobTypeId}
          onChange={(v) => {
            setJobTypeId(v);
            setPage(1);
          }}
          options={jobTypes}
        />
        <Select
          allowClear
          aria-label="等级"
          placeholder="全部等级"
          value={grade}
          onChange={(v) => {
            setGrade(v);
            setPage(1);
          }}
          options={cls.grades.map((g) => ({ value: g, label: GRADE_LABELS[g as AppliedGrade] }))}
        />
      </Space>
      <Table
        size="small"
        rowKey="applicationId"
        loading={candidates.isFetching}
        dataSource={candidates.data?.items ?? []}
        pagination={pagination(total, '人')}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys as number[]),
          preserveSelectedRowKeys: true,
        }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 90 },
          { title: '身份证号', dataIndex: 'idNumberMasked', width: 170 },
          { title: '单位', dataIndex: 'unitName' },
          { title: '工种', dataIndex: 'jobTypeName', width: 110 },
          { title: '等级', dataIndex: 'grade', width: 60, render: (g: number) => GRADE_LABELS[g as AppliedGrade] },
        ]}
      />
    </Modal>
  );
}

const nextStatus = (s: AttendanceStatus | undefined): AttendanceStatus =>
  ATTENDANCE_STATUSES[(s === undefined ? 0 : ATTENDANCE_STATUSES.indexOf(s) + 1) % ATTENDANCE_STATUSES.length]!;

/** Moves focus between the grid's cells with the arrow keys (Tab also walks them in reading order). */
function moveFocus(e: KeyboardEvent<HTMLButtonElement>, row: number, col: number) {
  const delta: Record<string, [number, number]> = {
    ArrowUp: [-1, 0],
    ArrowDown: [1, 0],
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1],
  };
  const d = delta[e.key];
  if (!d) return;
  e.preventDefault();
  const target = document.querySelector<HTMLButtonElement>(`[data-cell="${row + d[0]}-${col + d[1]}"]`);
  target?.focus();
}

/** A training class: details, sittings, the roster with its attendance grid and each candidate's completion. */
export default function TrainingClassPage() {
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const { page, pageSize, pagination } = usePaging(50);
  const [adding, setAdding] = useState(false);
  const [newDate, setNewDate] = useState('');
  /** Unsaved changes: sitting id → application id → status. */
  const [edits, setEdits] = useState<Record<number, Record<number, AttendanceStatus>>>({});
  const cls = useQuery({ queryKey: trainingKeys.class(id), queryFn: () => trainingApi.get(id) });
  const roster = useQuery({
    queryKey: trainingKeys.roster(id, page, pageSize),
    queryFn: () => trainingApi.roster(id, page, pageSize),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trainingKeys.all });
  const fail = (e: unknown) => message.error(errorMessage(e));
  const addSitting = useMutation({
    mutationFn: () => trainingApi.addSitting(id, { date: newDate }),
    onSuccess: () => {
      setNewDate('');
      message.success('课次已新增');
      void refresh();
    },
    onError: fail,
  });
  const saveAttendance = useMutation({
    mutationFn: async () => {
      for (const [sittingId, records] of Object.entries(edits)) {
        const list = Object.entries(records).map(([applicationId, status]) => ({
          applicationId: Number(applicationId),
          status,
        }));
        if (list.length > 0) await trainingApi.attendance(id, Number(sittingId), { records: list });
      }
    },
    onSuccess: () => {
      setEdits({});
      message.success('考勤已保存');
      void refresh();
    },
    onError: fail,
  });

  const c = cls.data;
  const sittings = c?.sittingList ?? [];
  const items = roster.data?.items ?? [];
  const dirty = Object.values(edits).some((r) => Object.keys(r).length > 0);
  const statusOf = (r: RosterItem, sittingId: number): AttendanceStatus | undefined =>
    edits[sittingId]?.[r.applicationId] ?? (r.attendance[String(sittingId)] as AttendanceStatus | undefined);
  const setStatus = (sittingId: number, applicationId: number, status: AttendanceStatus) =>
    setEdits((e) => ({ ...e, [sittingId]: { ...e[sittingId], [applicationId]: status } }));
  const allPresent = (sittingId: number) =>
    setEdits((e) => ({
      ...e,
      [sittingId]: Object.fromEntries(items.map((r) => [r.applicationId, 'present' as const])),
    }));

  if (cls.isError) return <Alert type="error" showIcon title={errorMessage(cls.error)} />;
  if (!c) return null;
  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          {c.name}
          <span className="gk-page-sub">
            <Link to="/training">培训管理</Link> · {c.jurisdictionName}
          </span>
        </Typography.Title>
        <Space wrap>
          <Button icon={<PrinterOutlined />} onClick={() => window.open(`/training/${id}/print`, '_blank')}>
            打印名单
          </Button>
          {c.abilities.update && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              加入学员
            </Button>
          )}
        </Space>
      </div>
      <Card className="gk-mb" size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="日期">
            {c.startsOn} 至 {c.endsOn}
          </Descriptions.Item>
          <Descriptions.Item label="地点">{c.place}</Descriptions.Item>
          <Descriptions.Item label="授课教师">{c.teacher}</Descriptions.Item>
          <Descriptions.Item label="面向等级">{gradeText(c.grades)}</Descriptions.Item>
          <Descriptions.Item label="学员">
            {c.enrolled}/{c.capacity} 人
          </Descriptions.Item>
          <Descriptions.Item label="完成要求">
            出勤不少于课次的 {Math.round(c.requiredShare * 100)}%
            {c.trainingRequiredForSeating ? '（完成培训方可编排考场）' : ''}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        className="gk-mb"
        size="small"
        title={`课次（${sittings.length}）`}
        extra={
          c.abilities.update && (
            <Space>
              <Input type="date" aria-label="课次日期" value={newDate} onChange={(e) => setNewDate(e.target.value)} />
              <Button disabled={!newDate} loading={addSitting.isPending} onClick={() => addSitting.mutate()}>
                新增课次
              </Button>
            </Space>
          )
        }
      >
        <Space wrap>
          {sittings.length === 0 && <Typography.Text type="secondary">尚未安排课次</Typography.Text>}
          {sittings.map((s) => (
            <Tag
              key={s.id}
              closable={c.abilities.update}
              onClose={(e) => {
                e.preventDefault();
                modal.confirm({
                  title: `删除 ${s.date} 的课次？`,
                  content: '该课次的考勤记录一并删除。',
                  okText: '删除',
                  okButtonProps: { danger: true },
                  cancelText: '取消',
                  onOk: () => trainingApi.removeSitting(id, s.id).then(refresh, fail),
                });
              }}
            >
              {s.date}
            </Tag>
          ))}
        </Space>
      </Card>
      <Card
        size="small"
        title="学员名单与考勤"
        extra={
          c.abilities.update && (
            <Button
              type="primary"
              icon={<SaveOutlined />}
              disabled={!dirty}
              loading={saveAttendance.isPending}
              onClick={() => saveAttendance.mutate()}
            >
              保存考勤
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary">
          点按格子（或用方向键、Tab 移到格子后按空格）在 出勤 → 缺勤 → 请假 之间切换，改完按“保存考勤”。
        </Typography.Paragraph>
        <Table<RosterItem>
          size="small"
          rowKey="applicationId"
          loading={roster.isFetching}
          dataSource={items}
          pagination={pagination(roster.data?.total ?? 0, '人')}
          scroll={{ x: 'max-content' }}
          data-testid="attendance-grid"
          columns={[
            { title: '姓名', dataIndex: 'name', width: 90, fixed: 'left' },
            { title: '单位', dataIndex: 'unitName', width: 160 },
            { title: '工种', dataIndex: 'jobTypeName', width: 100 },
            ...sittings.map((s, col) => ({
              key: `s${s.id}`,
              width: 88,
              title: (
                <Space orientation="vertical" size={0}>
                  <span>{s.date.slice(5)}</span>
                  {c.abilities.update && (
                    <Button size="small" type="link" onClick={() => allPresent(s.id)} aria-label={`${s.date} 全部出勤`}>
                      全勤
                    </Button>
                  )}
                </Space>
              ),
              render: (_: unknown, r: RosterItem, row: number) => {
                const status = statusOf(r, s.id);
                const changed = edits[s.id]?.[r.applicationId] !== undefined;
                return (
                  <button
                    type="button"
                    className={`gk-att-cell${changed ? ' gk-att-changed' : ''}`}
                    data-cell={`${row}-${col}`}
                    disabled={!c.abilities.update}
                    aria-label={`${r.name} ${s.date} ${status ? ATTENDANCE_LABELS[status] : '未记录'}`}
                    onClick={() => setStatus(s.id, r.applicationId, nextStatus(status))}
                    onKeyDown={(e) => moveFocus(e, row, col)}
                  >
                    {status ? <Tag color={STATUS_COLORS[status]}>{ATTENDANCE_LABELS[status]}</Tag> : '—'}
                  </button>
                );
              },
            })),
            {
              title: '完成情况',
              width: 200,
              render: (_: unknown, r: RosterItem) =>
                r.completed ? (
                  <Tag color="green">已完成（{r.attended} 次）</Tag>
                ) : (
                  <Typography.Text type="warning">{r.reasonText}</Typography.Text>
                ),
            },
            ...(c.abilities.update
              ? [
                  {
                    title: '操作',
                    width: 60,
                    render: (_: unknown, r: RosterItem) => (
                      <Button
                        type="link"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={`移出 ${r.name}`}
                        onClick={() =>
                          modal.confirm({
                            title: `将 ${r.name} 移出培训班？`,
                            content: '其考勤记录一并删除。',
                            okText: '移出',
                            okButtonProps: { danger: true },
                            cancelText: '取消',
                            onOk: () => trainingApi.unenrol(id, r.applicationId).then(refresh, fail),
                          })
                        }
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {adding && (
        <AddDialog
          cls={c}
          onClose={(added) => {
            setAdding(false);
            if (added) void refresh();
          }}
        />
      )}
    </>
  );
}
