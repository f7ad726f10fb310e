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
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { APPRAISAL_LABELS, type Appraisal, EDUCATION_LABELS, type Education } from '../../domain/eligibility';
import { SHEET_STATUS_LABELS, sheetTotal } from '../../domain/panel-review';
import { errorMessage } from '../api/client';
import { type MyPanelsResponse, panelApi, panelKeys } from '../api/panels';
import { SCHEDULE_TAGS, ScoresTable } from '../panels/scores-table';
import { formatDateTime } from '../util';

type Panel = MyPanelsResponse['items'][number];
type Candidate = Panel['candidates'][number];

/** One candidate's score sheet: the summary the expert needs, a score per criterion, the live weighted total. */
function SheetModal({ panel, candidate, onClose }: { panel: Panel; candidate: Candidate; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const sheet = useQuery({
    queryKey: panelKeys.sheet(panel.id, candidate.applicationId),
    queryFn: () => panelApi.sheet(panel.id, candidate.applicationId),
  });
  const [scores, setScores] = useState<Record<string, number | null>>({});
  const [comment, setComment] = useState('');
  useEffect(() => {
    if (sheet.data) {
      setScores(sheet.data.sheet.scores);
      setComment(sheet.data.sheet.comment ?? '');
    }
  }, [sheet.data]);
  const save = useMutation({
    mutationFn: (submit: boolean) =>
      panelApi.saveSheet(panel.id, candidate.applicationId, { scores, comment: comment || null, submit }),
    onSuccess: (r) => {
      void message.success(r.sheet.status === 'submitted' ? '评分已提交' : '草稿已保存');
      void queryClient.invalidateQueries({ queryKey: panelKeys.all });
      if (r.sheet.status === 'submitted') onClose();
    },
    onError: (e) => void message.error(errorMessage(e), 8),
  });
  const d = sheet.data;
  const criteria = d?.criteria ?? panel.criteria;
  const total = sheetTotal(criteria, scores);
  const canSave = d?.abilities.save ?? false;
  const c = d?.candidate;
  return (
    <Modal
      open
      width={760}
      title={`评分：${candidate.name}`}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>关闭</Button>
          {canSave && (
            <Button onClick={() => save.mutate(false)} loading={save.isPending} data-testid="sheet-save">
              保存草稿
            </Button>
          )}
          {canSave && (
            <Button
              type="primary"
              disabled={total === null}
              onClick={() => save.mutate(true)}
              loading={save.isPending}
              data-testid="sheet-submit"
            >
              提交
            </Button>
          )}
        </Space>
      }
    >
      {sheet.isError && <Alert type="error" showIcon title={errorMessage(sheet.error)} />}
      {c && (
        <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }} data-testid="sheet-candidate">
          <Descriptions.Item label="姓名">
            {c.name}（{c.sex === 'female' ? '女' : '男'}）
          </Descriptions.Item>
          <Descriptions.Item label="身份证号">{c.idNumberMasked}</Descriptions.Item>
          <Descriptions.Item label="单位" span={2}>
            {c.unitName}（{c.jurisdictionName}）
          </Descriptions.Item>
          <Descriptions.Item label="申报工种">{c.jobTypeName} 一级</Descriptions.Item>
          <Descriptions.Item label="文化程度">
            {EDUCATION_LABELS[c.education as Education] ?? c.education}
          </Descriptions.Item>
          <Descriptions.Item label="参加工作">
            {c.workStartMonth}（工作年限 {c.workYears} 年）
          </Descriptions.Item>
          <Descriptions.Item label="二级取得">
            {c.currentGradeMonth ?? '—'}
            {c.appointedToGrade2Post ? '，已聘任二级岗位' : ''}
          </Descriptions.Item>
          <Descriptions.Item label="近五年考核" span={2}>
            {c.appraisals?.map((a) => APPRAISAL_LABELS[a as Appraisal] ?? a).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="获奖与成果" span={2}>
            {c.waiverAward ? '取得二级后获奖（免学历和考核条件）。' : ''}
            {c.evidenceNote ?? (c.waiverAward ? '' : '—')}
          </Descriptions.Item>
        </Descriptions>
      )}
      {d?.sheet.returnedReason && d.sheet.status === 'draft' && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`组长退回：${d.sheet.returnedReason}`} />
      )}
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={criteria}
        columns={[
          { title: '评审项目', dataIndex: 'name' },
          { title: '权重', dataIndex: 'weight', width: 70, render: (w: number) => `${w}%` },
          { title: '满分', dataIndex: 'max', width: 70 },
          {
            title: '得分',
            key: 'score',
            width: 140,
            render: (_, k) => (
              <InputNumber
                min={0}
                max={k.max}
                precision={2}
                step={1}
                disabled={!canSave}
                value={scores[k.key] ?? null}
                aria-label={`${k.name}得分`}
                data-testid={`score-${k.key}`}
                onChange={(v) => setScores((s) => ({ ...s, [k.key]: v ?? null }))}
              />
            ),
          },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 12 }}>
        加权总分：
        <b data-testid="sheet-total">{total === null ? '（各项评完后显示）' : total.toFixed(2)}</b>
        <Typography.Text type="secondary">（各项得分 ÷ 满分 × 权重，合计百分制，四舍五入保留两位小数）</Typography.Text>
      </Typography.Paragraph>
      <Input.TextArea
        rows={3}
        maxLength={1000}
        placeholder="评语"
        aria-label="评语"
        disabled={!canSave}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        data-testid="sheet-comment"
      />
    </Modal>
  );
}

/** The chair's view: every member's totals, returning a sheet, marking a member absent, confirming. */
function ChairCard({ panel }: { panel: Panel }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const scores = useQuery({ queryKey: panelKeys.scores(panel.id), queryFn: () => panelApi.scores(panel.id) });
  const [returning, setReturning] = useState<{ applicationId: number; expertId: number; label: string } | null>(null);
  const [reason, setReason] = useState('');
  const [absentId, setAbsentId] = useState<number | undefined>();
  const [absentReason, setAbsentReason] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: panelKeys.all });
  const onError = (e: unknown) => void message.error(errorMessage(e), 8);
  const ret = useMutation({
    mutationFn: () => panelApi.returnSheet(panel.id, { ...returning!, reason }),
    onSuccess: () => {
      void message.success('已退回');
      setReturning(null);
      setReason('');
      void refresh();
    },
    onError,
  });
  const absent = useMutation({
    mutationFn: () => panelApi.absent(panel.id, { expertId: absentId!, reason: absentReason }),
    onSuccess: () => {
      void message.success('已登记缺席');
      setAbsentId(undefined);
      setAbsentReason('');
      void refresh();
    },
    onError,
  });
  const confirm = useMutation({
    mutationFn: () => panelApi.confirm(panel.id),
    onSuccess: () => {
      void message.success('评审结果已确认');
      void refresh();
    },
    onError,
  });
  const s = scores.data;
  return (
    <Card size="small" title="组长：评分汇总与确认" style={{ marginTop: 12 }} data-testid={`chair-${panel.id}`}>
      {scores.isError && <Alert type="error" showIcon title={errorMessage(scores.error)} />}
      {s && (
        <>
          <ScoresTable
            data={s}
            onReturn={
              s.abilities.returnSheet
                ? (row, expertId, name) =>
                    setReturning({ applicationId: row.applicationId, expertId, label: `${name}对${row.name}的评分` })
                : undefined
            }
          />
          <Space style={{ marginTop: 12 }} wrap>
            <Typography.Text data-testid="chair-missing">
              {s.panel.status === 'confirmed' ? '已确认。' : `尚未提交的评分表：${s.missing} 份。`}
            </Typography.Text>
            {s.abilities.markAbsent && (
              <>
                <Select
                  allowClear
                  placeholder="登记缺席的成员"
                  aria-label="登记缺席的成员"
                  style={{ width: 160 }}
                  value={absentId}
                  onChange={setAbsentId}
                  options={s.members
                    .filter((m) => !m.isChair && !m.absent)
                    .map((m) => ({ value: m.expertId, label: m.name }))}
                />
                <Input
                  placeholder="缺席原因"
                  aria-label="缺席原因"
                  style={{ width: 180 }}
                  value={absentReason}
                  onChange={(e) => setAbsentReason(e.target.value)}
                />
                <Button disabled={!absentId || !absentReason.trim()} onClick={() => absent.mutate()}>
                  登记缺席
                </Button>
              </>
            )}
            <Button
              type="primary"
              disabled={!s.abilities.confirm}
              loading={confirm.isPending}
              onClick={() => confirm.mutate()}
              data-testid={`confirm-${panel.id}`}
            >
              确认评审结果
            </Button>
            <Button onClick={() => panelApi.record(panel.id).catch(onError)}>打印评审记录</Button>
          </Space>
        </>
      )}
      <Modal
        open={returning !== null}
        title={`退回${returning?.label ?? ''}`}
        onCancel={() => setReturning(null)}
        onOk={() => ret.mutate()}
        okButtonProps={{ disabled: !reason.trim() }}
      >
        <Input.TextArea
          rows={3}
          maxLength={200}
          placeholder="退回原因"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  );
}

/** 我的评审 (评审专家): the panels one is in, their candidates and one's sheets; the chair's confirmation view. */
export default function MyReviewPage() {
  const mine = useQuery({ queryKey: panelKeys.mine, queryFn: panelApi.mine });
  const [open, setOpen] = useState<{ panel: Panel; candidate: Candidate } | null>(null);
  return (
    <div data-testid="my-review-page">
      <Typography.Title level={3}>我的评审</Typography.Title>
      <Typography.Paragraph type="secondary">
        在评审时间内按评审项目逐项打分并写评语，可先保存草稿，提交后不能再改（组长退回的除外）。本单位的考生须回避，不评分。
      </Typography.Paragraph>
      {mine.isError && <Alert type="error" showIcon title={errorMessage(mine.error)} />}
      {mine.data?.items.length === 0 && <Empty description="您目前不在任何评审组中" />}
      {mine.data?.items.map((panel) => (
        <Card
          key={panel.id}
          size="small"
          style={{ marginBottom: 16 }}
          title={
            <Space wrap>
              <span>{panel.name}</span>
              {panel.isChair && <Tag color="gold">组长</Tag>}
              {panel.status === 'confirmed' ? (
                <Tag color="green">已确认</Tag>
              ) : (
                <Tag color={SCHEDULE_TAGS[panel.schedule]!.color}>{SCHEDULE_TAGS[panel.schedule]!.label}</Tag>
              )}
              {panel.absent && <Tag>已登记缺席</Tag>}
            </Space>
          }
          extra={
            <Typography.Text type="secondary">
              {panel.campaignName}　评审时间 {formatDateTime(panel.startsAt)} 至 {formatDateTime(panel.endsAt)}
            </Typography.Text>
          }
        >
          <Table<Candidate>
            rowKey="applicationId"
            size="small"
            pagination={false}
            dataSource={panel.candidates}
            data-testid={`my-candidates-${panel.id}`}
            columns={[
              { title: '考生', dataIndex: 'name', width: 100 },
              { title: '单位', dataIndex: 'unitName' },
              { title: '工种', dataIndex: 'jobTypeName', width: 120 },
              {
                title: '我的评分',
                key: 'status',
                width: 200,
                render: (_, c) =>
                  c.ownUnit ? (
                    <Tag>本单位，回避</Tag>
                  ) : (
                    <Space size={4}>
                      <Tag
                        color={
                          c.sheetStatus === 'submitted' ? 'green' : c.sheetStatus === 'draft' ? 'orange' : 'default'
                        }
                      >
                        {SHEET_STATUS_LABELS[c.sheetStatus]}
                      </Tag>
                      {c.total !== null && <span>{c.total.toFixed(2)}</span>}
                      {c.returnedReason && <Tag color="red">已退回</Tag>}
                    </Space>
                  ),
              },
              {
                title: '',
                key: 'ops',
                width: 80,
                render: (_, c) =>
                  c.ownUnit ? null : (
                    <Button
                      size="small"
                      type={c.sheetStatus === 'submitted' ? 'default' : 'primary'}
                      onClick={() => setOpen({ panel, candidate: c })}
                      data-testid={`score-open-${c.applicationId}`}
                    >
                      {c.sheetStatus === 'submitted' || panel.status === 'confirmed' ? '查看' : '评分'}
                    </Button>
                  ),
              },
            ]}
          />
          {panel.isChair && <ChairCard panel={panel} />}
        </Card>
      ))}
      {open && <SheetModal panel={open.panel} candidate={open.candidate} onClose={() => setOpen(null)} />}
    </div>
  );
}
