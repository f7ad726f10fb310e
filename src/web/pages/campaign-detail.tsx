import { FieldTimeOutlined, PlayCircleOutlined, SaveOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { errorMessage, isSessionError } from '../api/client';
import { campaignApi, queryKeys } from '../api/endpoints';
import type { Campaign, CampaignJurisdiction, CampaignPhase, CampaignPhaseKey, CampaignTemplate } from '../api/types';
import {
  type CampaignFormValues,
  CampaignSettingsForm,
  campaignToForm,
  formToBody,
  formToCreateBody,
} from '../campaign/settings-form';
import { currentPhases, effectiveEnd, nextPhase, phaseState } from '../campaign/timetable';
import { PageLoading } from '../components/page-loading';
import { CAMPAIGN_STATUS_COLORS, CAMPAIGN_STATUS_LABELS, PHASE_LABELS } from '../labels';
import { formatCnDate } from '../self-check/model';
import { useSession } from '../session';
import '../application/application.css';

const DATE = 'YYYY-MM-DD';
const STATE_TAGS = {
  past: <Tag>已结束</Tag>,
  current: <Tag color="green">进行中</Tag>,
  upcoming: <Tag color="blue">未开始</Tag>,
} as const;

function phaseLabel(p: CampaignPhase) {
  return p.label || PHASE_LABELS[p.phase] || p.phase;
}

/** 时间安排: each phase's window, today's phases marked; with the viewer's extensions when there are any. */
function Timetable({ campaign }: { campaign: Campaign }) {
  const today = campaign.today;
  const extended = campaign.jurisdictions.filter((j) => j.extensions.length > 0);
  return (
    <Space orientation="vertical" className="gk-full" size="middle">
      <Table<CampaignPhase>
        size="small"
        bordered
        rowKey="phase"
        pagination={false}
        dataSource={campaign.phases}
        data-testid="campaign-timetable"
        rowClassName={(p) => (campaign.status === 'open' && phaseState(p, today) === 'current' ? 'gk-row-current' : '')}
        columns={[
          { title: '阶段', render: (_: unknown, p) => phaseLabel(p) },
          { title: '开始', dataIndex: 'startsOn', width: 140, render: (d: string) => formatCnDate(d) },
          { title: '结束', dataIndex: 'endsOn', width: 140, render: (d: string) => formatCnDate(d) },
          {
            title: '状态',
            width: 100,
            render: (_: unknown, p) => (campaign.status === 'open' ? STATE_TAGS[phaseState(p, today)] : '—'),
          },
        ]}
      />
      {extended.length > 0 && (
        <Card size="small" title="延期情况">
          <ul className="gk-duties">
            {extended.flatMap((j) =>
              j.extensions.map((e) => (
                <li key={`${j.jurisdictionId}-${e.phase}`}>
                  {j.name}：{PHASE_LABELS[e.phase]}延至 {formatCnDate(e.endsOn)}（{e.reason}）
                </li>
              )),
            )}
          </ul>
        </Card>
      )}
    </Space>
  );
}

function ExtensionModal({
  campaign,
  jurisdiction,
  onClose,
}: {
  campaign: Campaign;
  jurisdiction: CampaignJurisdiction;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ phase: CampaignPhaseKey; endsOn: Dayjs | null; reason: string }>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const phase = Form.useWatch('phase', form);
  const current = campaign.phases.find((p) => p.phase === phase);
  const extend = useMutation({
    mutationFn: (v: { phase: CampaignPhaseKey; endsOn: Dayjs | null; reason: string }) =>
      campaignApi.extend(campaign.id, {
        jurisdictionId: jurisdiction.jurisdictionId,
        phase: v.phase,
        endsOn: v.endsOn?.format(DATE) ?? '',
        reason: v.reason.trim(),
      }),
    onSuccess: (c) => {
      queryClient.setQueryData(queryKeys.campaign(c.id), c);
      message.success(`已为${jurisdiction.name}延期`);
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`延期：${jurisdiction.name}`}
      okText="确定延期"
      cancelText="取消"
      onCancel={onClose}
      confirmLoading={extend.isPending}
      destroyOnHidden
      okButtonProps={{ htmlType: 'submit', form: 'extension-form' }}
    >
      {extend.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(extend.error)} />}
      <Form
        id="extension-form"
        form={form}
        layout="vertical"
        initialValues={{ phase: 'registration' }}
        onFinish={(v) => extend.mutate(v)}
      >
        <Form.Item label="阶段" name="phase" rules={[{ required: true, message: '请选择阶段' }]}>
          <Select
            options={campaign.phases.map((p) => ({ value: p.phase, label: phaseLabel(p) }))}
            onChange={() => form.setFieldValue('endsOn', null)}
          />
        </Form.Item>
        <Form.Item
          label="新的结束日期"
          name="endsOn"
          rules={[{ required: true, message: '请选择新的结束日期' }]}
          extra={
            current
              ? `原定 ${formatCnDate(current.endsOn)} 结束${
                  effectiveEnd(current, jurisdiction) !== current.endsOn
                    ? `，已延至 ${formatCnDate(effectiveEnd(current, jurisdiction))}`
                    : ''
                }；新日期须晚于原定结束日期`
              : undefined
          }
        >
          <DatePicker
            format={DATE}
            className="gk-full"
            disabledDate={(d) => !!current && !d.isAfter(dayjs(current.endsOn, DATE), 'day')}
          />
        </Form.Item>
        <Form.Item
          label="延期原因"
          name="reason"
          rules={[
            { required: true, whitespace: true, message: '请填写延期原因' },
            { max: 200, message: '不超过200字' },
          ]}
        >
          <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 各地设置: online registration per jurisdiction, and window extensions. */
function JurisdictionsTable({ campaign, manage }: { campaign: Campaign; manage: boolean }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [extending, setExtending] = useState<CampaignJurisdiction | null>(null);
  const editable = manage && campaign.abilities.update;
  const toggle = useMutation({
    mutationFn: (v: { j: CampaignJurisdiction; on: boolean }) =>
      campaignApi.setOnline(campaign.id, v.j.jurisdictionId, v.on),
    onSuccess: async (res, v) => {
      if (res && typeof res === 'object' && 'jurisdictions' in res)
        queryClient.setQueryData(queryKeys.campaign(campaign.id), res);
      else await queryClient.invalidateQueries({ queryKey: queryKeys.campaign(campaign.id) });
      message.success(`${v.j.name}：已${v.on ? '开通' : '关闭'}网上报名`);
    },
    onError: (e) => {
      if (!isSessionError(e)) message.error(errorMessage(e));
    },
  });
  const registration = campaign.phases.find((p) => p.phase === 'registration');
  return (
    <>
      <Typography.Paragraph type="secondary">
        开通网上报名的地区，申报人可自行注册、填写申请表并提交给所在单位确认（2017年在部分地区试点）。延期只改变该地区某一阶段的结束日期。
      </Typography.Paragraph>
      <Table<CampaignJurisdiction>
        size="small"
        bordered
        rowKey="jurisdictionId"
        pagination={false}
        dataSource={campaign.jurisdictions}
        data-testid="campaign-jurisdictions"
        scroll={{ y: 'calc(100vh - 360px)' }}
        columns={[
          { title: '地区', dataIndex: 'name', width: 180 },
          {
            title: '网上报名',
            width: 110,
            render: (_: unknown, j) =>
              editable ? (
                <Switch
                  checked={j.onlineRegistration}
                  checkedChildren="开通"
                  unCheckedChildren="关闭"
                  aria-label={`${j.name}网上报名`}
                  loading={toggle.isPending && toggle.variables?.j.jurisdictionId === j.jurisdictionId}
                  onChange={(on) => toggle.mutate({ j, on })}
                />
              ) : j.onlineRegistration ? (
                <Tag color="green">已开通</Tag>
              ) : (
                <Tag>未开通</Tag>
              ),
          },
          {
            title: '报名截止',
            width: 140,
            render: (_: unknown, j) => (registration ? formatCnDate(effectiveEnd(registration, j)) : '—'),
          },
          {
            title: '延期',
            render: (_: unknown, j) =>
              j.extensions.length === 0
                ? '—'
                : j.extensions.map((e) => (
                    <div key={e.phase}>
                      {PHASE_LABELS[e.phase]}延至 {formatCnDate(e.endsOn)}
                      <span className="gk-muted">（{e.reason}）</span>
                    </div>
                  )),
          },
          ...(editable
            ? [
                {
                  title: '操作',
                  width: 90,
                  render: (_: unknown, j: CampaignJurisdiction) => (
                    <Button size="small" icon={<FieldTimeOutlined />} onClick={() => setExtending(j)}>
                      延期
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {extending && <ExtensionModal campaign={campaign} jurisdiction={extending} onClose={() => setExtending(null)} />}
    </>
  );
}

function CurrentPhase({ campaign }: { campaign: Campaign }) {
  if (campaign.status !== 'open') return null;
  const now = currentPhases(campaign.phases, campaign.today);
  const next = nextPhase(campaign.phases, campaign.today);
  return (
    <Alert
      className="gk-mb"
      type={now.length ? 'success' : 'info'}
      showIcon
      data-testid="campaign-current-phase"
      title={
        now.length
          ? `当前阶段：${now.map((p) => `${phaseLabel(p)}（至${formatCnDate(p.endsOn)}）`).join('；')}`
          : '今天不在任何阶段的时间内'
      }
      description={
        next
          ? `下一阶段：${phaseLabel(next)}，${formatCnDate(next.startsOn)} 开始。今天是 ${formatCnDate(campaign.today)}。`
          : `今天是 ${formatCnDate(campaign.today)}。`
      }
    />
  );
}

/** One campaign (`/campaigns/:id`), or a new one from the template (`/campaigns/new?year=`). */
export default function CampaignDetailPage() {
  const { id: rawId } = useParams();
  const [params] = useSearchParams();
  const creating = rawId === 'new';
  const id = creating ? null : Number(rawId);
  const year = Number(params.get('year')) || new Date().getFullYear();
  const { can } = useSession();
  const manage = can('campaign.manage');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<CampaignFormValues>();
  const [tab, setTab] = useState('timetable');

  const campaign = useQuery({
    queryKey: queryKeys.campaign(id ?? 0),
    queryFn: () => campaignApi.get(id ?? 0),
    enabled: id !== null && Number.isInteger(id),
  });
  const template = useQuery({
    queryKey: ['campaigns', 'template', year],
    queryFn: () => campaignApi.template(year),
    enabled: creating && manage,
    staleTime: 0,
  });
  const source: Campaign | CampaignTemplate | undefined = creating ? template.data : campaign.data;
  const initial = useMemo(() => (source ? campaignToForm(source) : null), [source]);

  const afterChange = async (c: Campaign) => {
    queryClient.setQueryData(queryKeys.campaign(c.id), c);
    await queryClient.invalidateQueries({ queryKey: queryKeys.campaigns });
  };

  const save = useMutation({
    mutationFn: (v: CampaignFormValues) =>
      creating ? campaignApi.create(formToCreateBody(v)) : campaignApi.update(id ?? 0, formToBody(v)),
    onSuccess: async (c) => {
      await afterChange(c);
      message.success(creating ? '考核年度已创建' : '设置已保存');
      if (creating) navigate(`/campaigns/${c.id}`, { replace: true });
    },
  });
  const closeName = useRef('');
  const openClose = useMutation({
    mutationFn: (action: 'open' | 'close') =>
      action === 'open' ? campaignApi.open(id ?? 0) : campaignApi.close(id ?? 0, closeName.current),
    onSuccess: async (c, action) => {
      await afterChange(c);
      await queryClient.invalidateQueries({ queryKey: queryKeys.currentCampaign });
      message.success(action === 'open' ? `${c.year}年度已开启` : `${c.year}年度已结束`);
    },
    onError: (e) => {
      if (!isSessionError(e)) modal.error({ title: '操作未完成', content: errorMessage(e) });
    },
  });

  if (creating && !manage) return <Result status="403" title="无权新建考核年度" />;
  if (!creating && !Number.isInteger(id)) return <Result status="404" title="记录不存在" />;

  const crumbs = (
    <Breadcrumb
      className="gk-mb-s"
      items={[
        { title: <Link to="/campaigns">考核年度</Link> },
        { title: creating ? `新建${year}年度` : (campaign.data?.name ?? '…') },
      ]}
    />
  );
  const loadError = creating ? template.error : campaign.error;
  if (loadError) {
    return (
      <>
        {crumbs}
        <Alert type="error" showIcon title={errorMessage(loadError)} />
      </>
    );
  }
  if (!source || !initial) return <PageLoading />;

  const settingsForm = (disabled: boolean) => (
    <>
      {save.isError && <Alert className="gk-mb" type="error" showIcon role="alert" title={errorMessage(save.error)} />}
      <CampaignSettingsForm
        form={form}
        initial={initial}
        creating={creating}
        disabled={disabled}
        catalogLocked={!creating && campaign.data?.status !== 'draft'}
        onFinish={(v) => save.mutate(v)}
      />
      {!disabled && (
        <Space>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="campaign-save"
          >
            {creating ? '创建考核年度' : '保存设置'}
          </Button>
          {creating && <Button onClick={() => navigate('/campaigns')}>取消</Button>}
        </Space>
      )}
    </>
  );

  if (creating) {
    return (
      <>
        {crumbs}
        <Typography.Title level={3}>新建{year}年度</Typography.Title>
        <Alert
          className="gk-mb"
          type="info"
          showIcon
          title="以下设置按2017年通知的模板生成，请核对通知文号、日期、工种目录和时间安排后创建。创建后为草稿，开启后各地方可报名。"
        />
        {settingsForm(false)}
      </>
    );
  }

  const c = campaign.data;
  if (!c) return <PageLoading />;
  const editable = manage && c.abilities.update;

  const confirmOpen = () =>
    modal.confirm({
      title: `开启${c.year}年度？`,
      content:
        '开启后，各单位可在报名时间内报名，开通网上报名地区的申报人可自行报名。同一时间只能有一个进行中的考核年度。',
      okText: '开启',
      cancelText: '取消',
      onOk: () => openClose.mutateAsync('open').catch(() => undefined),
    });
  const confirmClose = () => {
    closeName.current = '';
    modal.confirm({
      title: `结束${c.year}年度？`,
      content: (
        <div>
          <p>
            结束后该年度的全部数据（设置、报名、审查、考场编排、作答、成绩）只能查看和生成归档材料，不能再修改，也不能重新开启。成绩发布后才能结束。
          </p>
          <p>请输入考核年度名称「{c.name}」以确认：</p>
          <Input
            aria-label="考核年度名称"
            data-testid="campaign-close-name"
            onChange={(e) => {
              closeName.current = e.target.value;
            }}
          />
        </div>
      ),
      okText: '结束',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => {
        if (closeName.current.trim() !== c.name) {
          message.error('输入的名称与考核年度名称不一致');
          return Promise.reject(new Error('name mismatch'));
        }
        return openClose.mutateAsync('close').catch(() => undefined);
      },
    });
  };

  return (
    <>
      {crumbs}
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          {c.name}{' '}
          <Tag color={CAMPAIGN_STATUS_COLORS[c.status]} data-testid="campaign-status">
            {CAMPAIGN_STATUS_LABELS[c.status]}
          </Tag>
        </Typography.Title>
        <Space>
          {manage && c.abilities.open && (
            <Button
              type="primary"
              icon={<PlayCircleOutlined />}
              onClick={confirmOpen}
              loading={openClose.isPending && openClose.variables === 'open'}
              data-testid="campaign-open"
            >
              开启
            </Button>
          )}
          {manage && c.abilities.close && (
            <Button
              danger
              icon={<StopOutlined />}
              onClick={confirmClose}
              loading={openClose.isPending && openClose.variables === 'close'}
              data-testid="campaign-close"
            >
              结束
            </Button>
          )}
        </Space>
      </div>
      <Descriptions
        size="small"
        className="gk-mb"
        column={4}
        items={[
          { key: 'notice', label: '通知文号', children: c.noticeNumber },
          { key: 'date', label: '通知日期', children: formatCnDate(c.noticeDate) },
          { key: 'catalog', label: '工种目录', children: <Link to="/catalog">{c.catalogVersionName ?? '—'}</Link> },
          { key: 'today', label: '今天', children: formatCnDate(c.today) },
        ]}
      />
      <CurrentPhase campaign={c} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'timetable', label: '时间安排', children: <Timetable campaign={c} /> },
          {
            key: 'settings',
            label: editable ? '设置' : '设置（只读）',
            children: settingsForm(!editable),
          },
          {
            key: 'jurisdictions',
            label: '各地网上报名与延期',
            children: <JurisdictionsTable campaign={c} manage={manage} />,
          },
        ]}
      />
    </>
  );
}
