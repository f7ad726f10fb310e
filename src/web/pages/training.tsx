import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client';
import { catalogApi, orgApi } from '../api/endpoints';
import { type TrainingClassBody, type TrainingClassList, trainingApi, trainingKeys } from '../api/sessions-training';
import { CampaignSelect } from '../campaign/campaign-select';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { ignoreInvalid } from '../components/form-validation.js';
import { usePaging } from '../components/use-paging';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';
import { useSession } from '../session';

type ClassItem = TrainingClassList['items'][number];
export const gradeText = (grades: readonly number[]) =>
  grades.map((g) => GRADE_LABELS[g as AppliedGrade] ?? String(g)).join('、');

/** A job-type picker over the campaign's catalogue (searched on the server). */
export function JobTypePicker({
  id,
  versionId,
  value,
  onChange,
}: {
  id?: string;
  versionId: number | undefined;
  value?: number[];
  onChange?: (v: number[]) => void;
}) {
  const [q, setQ] = useState('');
  const types = useQuery({
    queryKey: ['catalog', 'jobTypes', versionId ?? 0, { q, page: 1, pageSize: 50 }],
    queryFn: () => catalogApi.jobTypes(versionId ?? 0, { q: q || undefined, page: 1, pageSize: 50 }),
    enabled: versionId !== undefined,
    placeholderData: keepPreviousData,
  });
  return (
    <Select
      id={id}
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setQ }}
      aria-label="面向工种"
      placeholder="输入工种名称搜索"
      value={value}
      onChange={onChange}
      options={(types.data?.items ?? []).map((j) => ({ value: j.id, label: j.name }))}
    />
  );
}

function ClassDialog({
  campaignId,
  versionId,
  province,
  onClose,
}: {
  campaignId: number;
  versionId: number | undefined;
  province: boolean;
  onClose: (saved: boolean) => void;
}) {
  const [form] = Form.useForm<TrainingClassBody>();
  const { message } = App.useApp();
  const { user } = useSession();
  const jurisdictions = useQuery({
    queryKey: ['training', 'jurisdictions'],
    queryFn: () =>
      orgApi.list({
        parentId: user?.orgNodeId ?? undefined,
        kind: 'jurisdiction',
        subtree: false,
        includeInactive: false,
        page: 1,
        pageSize: 200,
      }),
    enabled: province && !!user?.orgNodeId,
  });
  const save = useMutation({
    mutationFn: (b: TrainingClassBody) => trainingApi.create(campaignId, b),
    onSuccess: () => {
      message.success('培训班已建立');
      onClose(true);
    },
  });
  return (
    <Modal
      open
      width={640}
      title="新建培训班"
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      onCancel={() => onClose(false)}
      onOk={() => void form.validateFields().then((v) => save.mutate(v), ignoreInvalid)}
    >
      {save.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(save.error)} />}
      <Form form={form} layout="vertical" initialValues={{ grades: [4], capacity: 50 }} data-testid="class-form">
        {province && (
          <Form.Item name="jurisdictionId" label="所属辖区" rules={[{ required: true, message: '请选择辖区' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={(jurisdictions.data?.items ?? []).map((n) => ({ value: n.id, label: n.name }))}
            />
          </Form.Item>
        )}
        <Form.Item name="name" label="培训班名称" rules={[{ required: true, message: '请填写培训班名称' }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="startsOn" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="endsOn" label="结束日期" rules={[{ required: true, message: '请选择结束日期' }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="capacity" label="人数上限" rules={[{ required: true, message: '请填写人数上限' }]}>
            <InputNumber min={1} max={2000} />
          </Form.Item>
        </Space>
        <Form.Item name="place" label="培训地点" rules={[{ required: true, message: '请填写培训地点' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="teacher" label="授课教师" rules={[{ required: true, message: '请填写授课教师' }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="jobTypeIds" label="面向工种" rules={[{ required: true, message: '至少选择一个工种' }]}>
          <JobTypePicker versionId={versionId} />
        </Form.Item>
        <Form.Item name="grades" label="面向等级" rules={[{ required: true, message: '至少选择一个等级' }]}>
          <Checkbox.Group options={[5, 4, 3, 2].map((g) => ({ value: g, label: GRADE_LABELS[g as AppliedGrade] }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SettingsCard({ campaignId }: { campaignId: number }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const settings = useQuery({
    queryKey: trainingKeys.settings(campaignId),
    queryFn: () => trainingApi.settings(campaignId),
  });
  const save = useMutation({
    mutationFn: (b: { trainingRequiredForSeating: boolean; requiredShare: number }) =>
      trainingApi.setSettings(campaignId, b),
    onSuccess: (data) => {
      queryClient.setQueryData(trainingKeys.settings(campaignId), data);
      message.success('培训要求已保存');
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const s = settings.data;
  if (!s) return null;
  return (
    <Card title="培训要求" className="gk-mb" size="small">
      <Space wrap size="large">
        <span>
          完成培训方可编排考场：
          <Switch
            aria-label="完成培训方可编排考场"
            checked={s.trainingRequiredForSeating}
            disabled={!s.abilities.update}
            loading={save.isPending}
            onChange={(v) => save.mutate({ trainingRequiredForSeating: v, requiredShare: s.requiredShare })}
          />
        </span>
        <span>
          出勤比例不低于：
          <InputNumber
            aria-label="出勤比例"
            min={1}
            max={100}
            suffix="%"
            disabled={!s.abilities.update}
            value={Math.round(s.requiredShare * 100)}
            onBlur={(e) => {
              const v = Number(e.target.value);
              if (v >= 1 && v <= 100 && v / 100 !== s.requiredShare) {
                save.mutate({ trainingRequiredForSeating: s.trainingRequiredForSeating, requiredShare: v / 100 });
              }
            }}
          />
        </span>
      </Space>
    </Card>
  );
}

/** 培训管理: a jurisdiction's training classes (the province's over every jurisdiction) and the campaign's requirement. */
export default function TrainingPage() {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const { list: campaigns, items: campaignItems, campaign, setCampaignId } = useCampaignChoice();
  const campaignId = campaign?.id;
  const { page, pageSize, pagination } = usePaging();
  const [creating, setCreating] = useState(false);
  const province = user?.role === 'province_admin';
  const classes = useQuery({
    queryKey: trainingKeys.classes(campaignId ?? 0, page, pageSize),
    queryFn: () => trainingApi.classes(campaignId ?? 0, page, pageSize),
    enabled: campaignId !== undefined,
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          培训管理
          <span className="gk-page-sub">培训班、学员名单与考勤（4月至7月）</span>
        </Typography.Title>
        <Space wrap>
          <CampaignSelect
            campaigns={campaignItems}
            value={campaignId}
            loading={campaigns.isLoading}
            onChange={setCampaignId}
          />
          {classes.data?.abilities.create && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新建培训班
            </Button>
          )}
        </Space>
      </div>
      {campaignId !== undefined && <SettingsCard campaignId={campaignId} />}
      {classes.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(classes.error)} />}
      <Card title="培训班">
        <Table<ClassItem>
          size="small"
          rowKey="id"
          loading={classes.isFetching}
          dataSource={classes.data?.items ?? []}
          pagination={pagination(classes.data?.total ?? 0, '个培训班')}
          locale={{ emptyText: '尚未建立培训班' }}
          columns={[
            { title: '培训班', dataIndex: 'name', render: (v: string, r) => <Link to={`/training/${r.id}`}>{v}</Link> },
            ...(province ? [{ title: '辖区', dataIndex: 'jurisdictionName', width: 100 }] : []),
            { title: '日期', width: 200, render: (_: unknown, r: ClassItem) => `${r.startsOn} 至 ${r.endsOn}` },
            { title: '地点', dataIndex: 'place' },
            { title: '教师', dataIndex: 'teacher', width: 100 },
            { title: '等级', width: 90, render: (_: unknown, r: ClassItem) => gradeText(r.grades) },
            { title: '学员', width: 90, render: (_: unknown, r: ClassItem) => `${r.enrolled}/${r.capacity}` },
            { title: '课次', dataIndex: 'sittings', width: 60 },
          ]}
        />
      </Card>
      {creating && campaignId !== undefined && (
        <ClassDialog
          campaignId={campaignId}
          versionId={campaign?.catalogVersionId}
          province={province}
          onClose={(saved) => {
            setCreating(false);
            if (saved) void queryClient.invalidateQueries({ queryKey: trainingKeys.all });
          }}
        />
      )}
    </>
  );
}
