import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { SUBJECTS, type Subject } from '../../domain/items';
import { errorMessage } from '../api/client';
import {
  type ExamSession,
  type SessionCheck,
  type SessionInputBody,
  sessionApi,
  sessionKeys,
} from '../api/sessions-training';
import { CampaignSelect } from '../campaign/campaign-select';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { ignoreInvalid } from '../components/form-validation.js';
import { SUBJECT_LABELS } from '../labels';
import { DayTimeline } from '../sessions/day-timeline';

interface FormSubject {
  subject: Subject;
  included: boolean;
  durationMinutes: number;
  breakAfterMinutes: number;
}
interface FormValues {
  name: string;
  date: string;
  startTime: string;
  subjects: FormSubject[];
  lateEntryMinutes: number;
  earliestHandInMinutes: number;
  capacityNote?: string;
}

function toBody(v: FormValues): SessionInputBody {
  return {
    name: v.name ?? '',
    date: v.date ?? '',
    startTime: v.startTime ?? '',
    // The list holds SUBJECTS in order; a watched row carries only its registered fields, so the code comes from
    // the row's position.
    subjects: (v.subjects ?? [])
      .map((s, i) => ({ ...s, subject: SUBJECTS[i]! }))
      .filter((s) => s.included)
      .map((s) => ({
        subject: s.subject,
        durationMinutes: s.durationMinutes ?? 0,
        breakAfterMinutes: s.breakAfterMinutes ?? 0,
      })),
    lateEntryMinutes: v.lateEntryMinutes ?? 0,
    earliestHandInMinutes: v.earliestHandInMinutes ?? 0,
    capacityNote: v.capacityNote?.trim() ? v.capacityNote.trim() : null,
  };
}

/** The planner's dialog: the plan is checked on the server as it is typed (overlap, exam phase, limits). */
function SessionDialog({
  campaignId,
  editing,
  initial,
  onClose,
}: {
  campaignId: number;
  editing: ExamSession | null;
  initial: FormValues;
  onClose: (saved: boolean) => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const values = Form.useWatch([], form) as FormValues | undefined;
  const [check, setCheck] = useState<SessionCheck | null>(null);
  const bodyKey = JSON.stringify(values ? toBody(values) : null);

  useEffect(() => {
    const body = JSON.parse(bodyKey) as SessionInputBody | null;
    if (!body?.name || !body.date) return;
    const timer = setTimeout(() => {
      sessionApi
        .check(campaignId, body, editing?.id)
        .then(setCheck)
        .catch((e: unknown) =>
          setCheck({ problems: [{ code: 'BAD_INPUT', message: errorMessage(e) }], timeline: null }),
        );
    }, 300);
    return () => clearTimeout(timer);
  }, [bodyKey, campaignId, editing?.id]);

  const save = useMutation({
    mutationFn: (b: SessionInputBody) =>
      editing ? sessionApi.update(campaignId, editing.id, b) : sessionApi.create(campaignId, b),
    onSuccess: () => {
      message.success(editing ? '场次已修改' : '场次已新增');
      onClose(true);
    },
  });

  return (
    <Modal
      open
      width={760}
      title={editing ? `修改场次「${editing.name}」` : '新增场次'}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      onCancel={() => onClose(false)}
      onOk={() => void form.validateFields().then((v) => save.mutate(toBody(v)), ignoreInvalid)}
    >
      {save.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(save.error)} />}
      <Form form={form} layout="vertical" initialValues={initial} data-testid="session-form">
        <Space wrap align="start">
          <Form.Item name="name" label="场次名称" rules={[{ required: true, message: '请填写场次名称' }]}>
            <Input maxLength={40} placeholder="例如 第一场" />
          </Form.Item>
          <Form.Item name="date" label="考试日期" rules={[{ required: true, message: '请选择考试日期' }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="startTime" label="开考时间" rules={[{ required: true, message: '请填写开考时间' }]}>
            <Input type="time" />
          </Form.Item>
          <Form.Item name="lateEntryMinutes" label="迟到限制（分钟）">
            <InputNumber min={0} max={240} />
          </Form.Item>
          <Form.Item name="earliestHandInMinutes" label="最早交卷（分钟）">
            <InputNumber min={0} max={240} />
          </Form.Item>
        </Space>
        <Form.List name="subjects">
          {(fields) => (
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={fields}
              className="gk-mb"
              columns={[
                {
                  title: '科目（按顺序）',
                  render: (_, field) => (
                    <Form.Item name={[field.name, 'included']} valuePropName="checked" noStyle>
                      <Checkbox>{SUBJECT_LABELS[initial.subjects[field.name]!.subject]}</Checkbox>
                    </Form.Item>
                  ),
                },
                {
                  title: '考试时长（分钟）',
                  render: (_, field) => (
                    <Form.Item name={[field.name, 'durationMinutes']} noStyle>
                      <InputNumber
                        min={1}
                        max={480}
                        aria-label={`${SUBJECT_LABELS[initial.subjects[field.name]!.subject]}考试时长`}
                      />
                    </Form.Item>
                  ),
                },
                {
                  title: '之后休息（分钟）',
                  render: (_, field) => (
                    <Form.Item name={[field.name, 'breakAfterMinutes']} noStyle>
                      <InputNumber
                        min={0}
                        max={240}
                        aria-label={`${SUBJECT_LABELS[initial.subjects[field.name]!.subject]}之后休息`}
                      />
                    </Form.Item>
                  ),
                },
              ]}
            />
          )}
        </Form.List>
        <Form.Item name="capacityNote" label="容量说明">
          <Input maxLength={200} placeholder="例如 全省各考点合计约 2000 个机位" />
        </Form.Item>
      </Form>
      <div data-testid="session-check" aria-live="polite">
        {check?.problems.map((p) => (
          <Alert key={`${p.code}${p.message}`} className="gk-mb" type="warning" showIcon title={p.message} />
        ))}
        {check?.timeline && check.problems.length === 0 && (
          <Alert className="gk-mb" type="success" showIcon title="安排可以保存" />
        )}
        {check?.timeline && (
          <DayTimeline sessions={[{ key: 'preview', name: values?.name || '本场次', timeline: check.timeline }]} />
        )}
      </div>
    </Modal>
  );
}

/** 场次安排: the province plans a campaign's sessions; every reader sees the list and each day's timeline. */
export default function SessionsPage() {
  const queryClient = useQueryClient();
  const { modal, message } = App.useApp();
  const { list: campaigns, items: campaignItems, campaign, setCampaignId } = useCampaignChoice();
  const campaignId = campaign?.id;
  const [dialog, setDialog] = useState<{ editing: ExamSession | null; grade1?: boolean } | null>(null);
  const sessions = useQuery({
    queryKey: sessionKeys.list(campaignId ?? 0),
    queryFn: () => sessionApi.list(campaignId ?? 0),
    enabled: campaignId !== undefined,
  });
  const data = sessions.data;
  const byDate = useMemo(() => {
    const map = new Map<string, ExamSession[]>();
    for (const s of data?.items ?? []) map.set(s.date, [...(map.get(s.date) ?? []), s]);
    return [...map];
  }, [data]);

  // A 一级 session (职业道德 + 专业基础知识) falls in the 一级考评 phase; the others in the 人机对话考试 phase.
  const initialFor = (s: ExamSession | null, grade1 = false): FormValues => {
    const defaults = data?.defaults;
    const defaultSubjects = grade1 ? defaults?.grade1Subjects : defaults?.subjects;
    const chosen = new Map((s?.subjects ?? defaultSubjects ?? []).map((x) => [x.subject, x]));
    const window = grade1 ? (data?.grade1Window ?? data?.examWindow) : data?.examWindow;
    return {
      name: s?.name ?? `第${(data?.items.length ?? 0) + 1}场${grade1 ? '（一级）' : ''}`,
      date: s?.date ?? window?.startsOn ?? '',
      startTime: s?.startTime ?? '08:30',
      subjects: SUBJECTS.map((subject) => {
        const x =
          chosen.get(subject) ??
          defaults?.subjects.find((d) => d.subject === subject) ??
          defaults?.grade1Subjects.find((d) => d.subject === subject);
        return {
          subject,
          included: chosen.has(subject),
          durationMinutes: x?.durationMinutes ?? 60,
          breakAfterMinutes: x?.breakAfterMinutes ?? 30,
        };
      }),
      lateEntryMinutes: s?.lateEntryMinutes ?? defaults?.lateEntryMinutes ?? 15,
      earliestHandInMinutes: s?.earliestHandInMinutes ?? defaults?.earliestHandInMinutes ?? 30,
      capacityNote: s?.capacityNote ?? '',
    };
  };

  const remove = (s: ExamSession) =>
    modal.confirm({
      title: `删除场次「${s.name}」？`,
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await sessionApi.remove(s.campaignId, s.id);
          message.success('场次已删除');
          await queryClient.invalidateQueries({ queryKey: sessionKeys.list(s.campaignId) });
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          场次安排
          <span className="gk-page-sub">
            {data
              ? `人机对话考试阶段：${data.examWindow.startsOn} 至 ${data.examWindow.endsOn}` +
                (data.grade1Window ? `；一级考评：${data.grade1Window.startsOn} 至 ${data.grade1Window.endsOn}` : '')
              : '考试日期、开考时间与科目'}
          </span>
        </Typography.Title>
        <Space wrap>
          <CampaignSelect
            campaigns={campaignItems}
            value={campaignId}
            loading={campaigns.isLoading}
            onChange={setCampaignId}
          />
          {data?.abilities.create && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ editing: null })}>
              新增场次
            </Button>
          )}
          {data?.abilities.create && (
            <Button icon={<PlusOutlined />} onClick={() => setDialog({ editing: null, grade1: true })}>
              新增一级场次
            </Button>
          )}
        </Space>
      </div>
      {sessions.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(sessions.error)} />}
      <Card title="场次" className="gk-mb">
        <Table<ExamSession>
          size="small"
          rowKey="id"
          loading={sessions.isFetching}
          dataSource={data?.items ?? []}
          pagination={false}
          locale={{ emptyText: '尚未安排场次' }}
          columns={[
            {
              title: '场次',
              dataIndex: 'name',
              render: (v: string, s) =>
                s.grades.length === 1 && s.grades[0] === 1 ? (
                  <Space size={4}>
                    {v}
                    <Tag color="purple">一级</Tag>
                  </Space>
                ) : (
                  v
                ),
            },
            { title: '日期', dataIndex: 'date', width: 110 },
            {
              title: '时间',
              width: 120,
              render: (_, s) => `${s.timeline.startsAt}—${s.timeline.endsAt}`,
            },
            {
              title: '科目',
              render: (_, s) => (
                <Space size={4} wrap>
                  {s.timeline.subjects.map((x) => (
                    <Tag key={x.subject}>
                      {x.label} {x.startsAt}—{x.endsAt}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: '迟到/交卷',
              width: 110,
              render: (_, s) => `${s.lateEntryMinutes} / ${s.earliestHandInMinutes} 分钟`,
            },
            { title: '容量说明', dataIndex: 'capacityNote', render: (v: string | null) => v ?? '—' },
            {
              title: '操作',
              width: 140,
              render: (_, s) => (
                <Space size={0}>
                  {s.abilities.update && (
                    <Button type="link" icon={<EditOutlined />} onClick={() => setDialog({ editing: s })}>
                      修改
                    </Button>
                  )}
                  {s.abilities.delete && (
                    <Button
                      type="link"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(s)}
                      aria-label={`删除${s.name}`}
                    />
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {byDate.map(([date, items]) => (
        <Card key={date} title={`${date} 时间轴`} className="gk-mb" data-testid={`timeline-${date}`}>
          <DayTimeline sessions={items.map((s) => ({ key: String(s.id), name: s.name, timeline: s.timeline }))} />
        </Card>
      ))}
      {dialog && campaignId !== undefined && (
        <SessionDialog
          campaignId={campaignId}
          editing={dialog.editing}
          initial={initialFor(dialog.editing, dialog.grade1)}
          onClose={(saved) => {
            setDialog(null);
            if (saved) void queryClient.invalidateQueries({ queryKey: sessionKeys.list(campaignId) });
          }}
        />
      )}
    </>
  );
}
