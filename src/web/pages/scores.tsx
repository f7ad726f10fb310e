import { CloudUploadOutlined, DownloadOutlined, ExportOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Input,
  Modal,
  Radio,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useMemo, useState } from 'react';
import { RESULT_SUBJECTS } from '../../domain/items';
import {
  gradesOfTrack,
  RESULT_TRACK_LABELS,
  RESULT_TRACK_SHORT_LABELS,
  RESULT_TRACKS,
  type ResultTrack,
} from '../../domain/result-tracks';
import { RESULT_STATUS_LABELS, resultSubjectsOfGrade } from '../../domain/scores';
import { archiveApi } from '../api/archives';
import { errorMessage } from '../api/client';
import {
  type Grouping,
  type ScoreFilter,
  type ScoreImportReport,
  type ScoreRow,
  scoreApi,
  scoreKeys,
} from '../api/scores';
import { CampaignSelect } from '../campaign/campaign-select';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { useFileJob, useJobPoll } from '../components/file-job';
import { SUBJECT_LABELS } from '../labels';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';
import { useSession } from '../session';
import { EChart } from '../statistics/echart';
import { formatDateTime } from '../util';

const GROUPINGS: { value: Grouping; label: string }[] = [
  { value: 'jurisdiction', label: '按地区' },
  { value: 'unit', label: '按单位' },
  { value: 'job_type', label: '按工种' },
  { value: 'grade', label: '按等级' },
];

/**
 * 成绩 (issue 16): the score table of one's subtree with server paging and filters, pass rates by jurisdiction,
 * unit, job type or grade with a chart, the Excel export (a background job), and for the province the compile,
 * the re-score (a background job), the import of subjects sat elsewhere with its row report, and the release.
 */
export default function ScoresPage() {
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const { list: campaigns, items: campaignItems, campaign, setCampaignId } = useCampaignChoice();
  const campaignId = campaign?.id;
  // 结果批次: 五级至二级 and 一级 are compiled, re-scored, imported and released on their own.
  const [track, setTrack] = useState<ResultTrack>('regular');
  const [filter, setFilter] = useState<ScoreFilter>({ page: 1, pageSize: 20, track: 'regular' });
  const [by, setBy] = useState<Grouping>('jurisdiction');
  const [importOpen, setImportOpen] = useState(false);
  const [rescoreJob, setRescoreJob] = useState<string | null>(null);
  const fileJob = useFileJob();
  const { user } = useSession();
  const update = (patch: Partial<ScoreFilter>) => setFilter((f) => ({ ...f, page: 1, ...patch }));

  const overview = useQuery({
    queryKey: scoreKeys.overview(campaignId ?? 0, track),
    queryFn: () => scoreApi.overview(campaignId ?? 0, track),
    enabled: campaignId !== undefined,
  });
  const list = useQuery({
    queryKey: scoreKeys.list(campaignId ?? 0, filter),
    queryFn: () => scoreApi.list(campaignId ?? 0, filter),
    enabled: campaignId !== undefined,
    placeholderData: keepPreviousData,
  });
  const aggregates = useQuery({
    queryKey: scoreKeys.aggregates(campaignId ?? 0, by, filter),
    queryFn: () => scoreApi.aggregates(campaignId ?? 0, by, filter),
    enabled: campaignId !== undefined,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: scoreKeys.all });
  const compile = useMutation({
    mutationFn: () => scoreApi.compile(campaignId ?? 0, track),
    onSuccess: (r) => {
      void message.success(`已汇总${RESULT_TRACK_LABELS[r.track]} ${r.compiled} 个科目成绩`);
      void refresh();
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const release = useMutation({
    mutationFn: () => scoreApi.release(campaignId ?? 0, track),
    onSuccess: (r) => {
      void message.success(`${RESULT_TRACK_LABELS[r.track]}成绩已发布，考生可凭身份证号和准考证号查询`);
      void refresh();
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const rescore = useMutation({
    mutationFn: () => scoreApi.rescore(campaignId ?? 0, track),
    onSuccess: (r) => setRescoreJob(r.jobId),
    onError: (e) => void message.error(errorMessage(e)),
  });
  const rescoreStatus = useJobPoll<{ scored: number; changed: number; compiled: number }>(rescoreJob);

  const o = overview.data;
  const lines = o?.passLines;
  const trackLabel = RESULT_TRACK_LABELS[track];
  const switchTrack = (next: ResultTrack) => {
    setTrack(next);
    setFilter((f) => ({ ...f, page: 1, track: next, grade: undefined }));
  };
  const chartOption = useMemo(() => {
    const rows = aggregates.data?.rows ?? [];
    return {
      tooltip: { trigger: 'axis' as const },
      legend: { data: ['考生数', '合格人数'] },
      grid: { left: 48, right: 16, top: 32, bottom: 64 },
      xAxis: {
        type: 'category' as const,
        data: rows.map((r) => r.label),
        axisLabel: { rotate: rows.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value' as const },
      series: [
        { name: '考生数', type: 'bar' as const, data: rows.map((r) => r.candidates) },
        { name: '合格人数', type: 'bar' as const, data: rows.map((r) => r.passed) },
      ],
    };
  }, [aggregates.data]);

  // Subject columns of the track's grades: 五级至二级 岗位技能, 职业道德, 职业能力; 一级 职业道德, 专业基础知识, 综合评审.
  const shownSubjects = RESULT_SUBJECTS.filter((s) =>
    gradesOfTrack(track).some((g) => resultSubjectsOfGrade(g).includes(s)),
  );
  const narrow = shownSubjects.length > 3;
  const columns = [
    { title: '姓名', dataIndex: 'name', width: 90 },
    { title: '准考证号', dataIndex: 'ticketNumber', width: 170 },
    { title: '单位', dataIndex: 'unitName', ellipsis: true },
    { title: '工种', dataIndex: 'jobTypeName', width: 110, ellipsis: true },
    {
      title: '等级',
      dataIndex: 'grade',
      width: 60,
      render: (g: number) => GRADE_LABELS[g as AppliedGrade] ?? g,
    },
    ...shownSubjects.map((subject) => ({
      title: narrow && subject === 'basics' ? '专业基础' : SUBJECT_LABELS[subject],
      key: subject,
      width: narrow ? 82 : 100,
      render: (_: unknown, r: ScoreRow) => {
        const s = r.subjects.find((x) => x.subject === subject);
        if (!s) {
          // 一级's 综合评审 comes from the panel review: until its score is in, the grade is not passed.
          return resultSubjectsOfGrade(r.grade).includes(subject) ? (
            <Tag>{subject === 'panel' ? '待评审' : RESULT_STATUS_LABELS.pending}</Tag>
          ) : (
            <Typography.Text type="secondary">—</Typography.Text>
          );
        }
        if (s.status === 'scored') {
          return (
            <span style={{ color: s.passed ? undefined : '#cf1322' }}>
              {s.score}
              {s.source === 'import' ? <Tag style={{ marginLeft: 4 }}>导入</Tag> : null}
            </span>
          );
        }
        return <Tag color={s.status === 'voided' ? 'red' : 'default'}>{RESULT_STATUS_LABELS[s.status]}</Tag>;
      },
    })),
    {
      title: '结论',
      dataIndex: 'passed',
      width: 80,
      render: (p: boolean) => (p ? <Tag color="green">合格</Tag> : <Tag>不合格</Tag>),
    },
    {
      title: '归档',
      key: 'archive',
      width: 90,
      render: (_: unknown, r: ScoreRow) => (
        <a
          href={archiveApi.candidatePdfUrl(r.applicationId)}
          target="_blank"
          rel="noreferrer"
          data-testid={`archive-pdf-${r.applicationId}`}
        >
          归档材料
        </a>
      ),
    },
  ];

  return (
    <div className="gk-page">
      <div className="gk-page-header">
        <Typography.Title level={3}>
          成绩
          <span className="gk-page-sub">
            合格线
            {lines
              ? `：岗位技能 ${lines.skill}、职业道德 ${lines.ethics}、职业能力 ${lines.ability}；一级 专业基础知识 ${lines.basics}、综合评审 ${lines.panel}`
              : ''}
            ；各科均合格为通过
          </span>
        </Typography.Title>
        <Space wrap>
          <CampaignSelect
            campaigns={campaignItems}
            value={campaignId}
            loading={campaigns.isLoading}
            onChange={(id) => {
              setCampaignId(id);
              setFilter({ page: 1, pageSize: filter.pageSize, track });
            }}
          />
          <Segmented
            aria-label="结果批次"
            data-testid="score-track"
            value={track}
            onChange={(v) => switchTrack(v as ResultTrack)}
            options={RESULT_TRACKS.map((t) => {
              const state = o?.tracks.find((x) => x.track === t);
              return {
                value: t,
                label: `${RESULT_TRACK_SHORT_LABELS[t]}${state?.releasedAt ? '（已发布）' : ''}`,
              };
            })}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void refresh()}>
            刷新
          </Button>
        </Space>
      </div>
      {o && (
        <Alert
          style={{ marginBottom: 12 }}
          type={o.releasedAt ? 'success' : 'info'}
          showIcon
          title={
            o.releasedAt
              ? `${trackLabel}成绩已于 ${formatDateTime(o.releasedAt)} 发布，公众可查询`
              : o.compiledAt
                ? `${trackLabel}成绩未发布（最近汇总：${formatDateTime(o.compiledAt)}）；发布前公众查询不到`
                : `尚未汇总${trackLabel}成绩`
          }
          action={
            <Space wrap>
              {o.abilities.compile && (
                <Button size="small" loading={compile.isPending} onClick={() => compile.mutate()}>
                  汇总{RESULT_TRACK_SHORT_LABELS[track]}成绩
                </Button>
              )}
              {o.abilities.rescore && (
                <Button
                  size="small"
                  loading={rescore.isPending}
                  onClick={() =>
                    Modal.confirm({
                      title: '重新评分',
                      content: `按保存的作答和试卷答案重新计算${trackLabel}全部考生的成绩并汇总，记入审计日志。`,
                      onOk: () => rescore.mutate(),
                    })
                  }
                >
                  重新评分
                </Button>
              )}
              {o.abilities.import && (
                <Button size="small" icon={<CloudUploadOutlined />} onClick={() => setImportOpen(true)}>
                  导入属地考试成绩
                </Button>
              )}
              {o.abilities.release && (
                <Button
                  size="small"
                  type="primary"
                  icon={<SendOutlined />}
                  onClick={() =>
                    Modal.confirm({
                      title: `发布${trackLabel}成绩`,
                      content: `发布后${trackLabel}考生即可凭身份证号和准考证号查询成绩，该批次不能再汇总、重新评分或导入（另一批次不受影响）。确定发布？`,
                      onOk: () => release.mutateAsync(),
                    })
                  }
                >
                  发布{RESULT_TRACK_SHORT_LABELS[track]}成绩
                </Button>
              )}
            </Space>
          }
        />
      )}
      {rescoreJob && rescoreStatus.data && (
        <Alert
          style={{ marginBottom: 12 }}
          closable
          onClose={() => setRescoreJob(null)}
          type={rescoreStatus.data.status === 'failed' ? 'error' : 'info'}
          title={
            rescoreStatus.data.status === 'done'
              ? `重新评分完成：${rescoreStatus.data.result?.scored ?? 0} 个科目，${rescoreStatus.data.result?.changed ?? 0} 个成绩有变化`
              : rescoreStatus.data.status === 'failed'
                ? (rescoreStatus.data.message ?? '重新评分失败')
                : `重新评分中…… ${rescoreStatus.data.processed}/${rescoreStatus.data.total ?? '?'}`
          }
        />
      )}
      <Card
        size="small"
        title="合格率"
        style={{ marginBottom: 12 }}
        extra={<Segmented options={GROUPINGS} value={by} onChange={(v) => setBy(v as Grouping)} />}
      >
        {aggregates.data && aggregates.data.rows.length > 0 ? (
          <>
            <EChart option={chartOption} height={260} label="各组考生数与合格人数" testId="scores-chart" />
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={aggregates.data.rows}
              columns={[
                { title: '分组', dataIndex: 'label' },
                { title: '考生数', dataIndex: 'candidates' },
                { title: '合格人数', dataIndex: 'passed' },
                { title: '合格率（%）', dataIndex: 'passRate' },
                { title: '有缺考', dataIndex: 'absent' },
                { title: '有无效', dataIndex: 'voided' },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                  <Table.Summary.Cell index={1}>{aggregates.data.total.candidates}</Table.Summary.Cell>
                  <Table.Summary.Cell index={2}>{aggregates.data.total.passed}</Table.Summary.Cell>
                  <Table.Summary.Cell index={3}>{aggregates.data.total.passRate}</Table.Summary.Cell>
                  <Table.Summary.Cell index={4}>{aggregates.data.total.absent}</Table.Summary.Cell>
                  <Table.Summary.Cell index={5}>{aggregates.data.total.voided}</Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          </>
        ) : (
          <Typography.Text type="secondary">暂无成绩</Typography.Text>
        )}
      </Card>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder="姓名、身份证号或准考证号"
            style={{ width: 240 }}
            onSearch={(q) => update({ q: q || undefined })}
          />
          {track === 'regular' && (
            <Select
              allowClear
              placeholder="等级"
              style={{ width: 100 }}
              value={filter.grade}
              onChange={(grade) => update({ grade })}
              options={[5, 4, 3, 2].map((g) => ({ value: g, label: GRADE_LABELS[g as AppliedGrade] }))}
            />
          )}
          <Select
            allowClear
            placeholder="结论"
            style={{ width: 110 }}
            value={filter.outcome}
            onChange={(outcome) => update({ outcome })}
            options={[
              { value: 'passed', label: '合格' },
              { value: 'failed', label: '不合格' },
            ]}
          />
          <Button
            icon={<ExportOutlined />}
            disabled={!campaignId}
            onClick={() =>
              fileJob.run({ title: '导出成绩', unit: '行', start: () => scoreApi.exportJob(campaignId ?? 0, filter) })
            }
          >
            导出 Excel
          </Button>
          <Button
            icon={<DownloadOutlined />}
            disabled={!campaignId || !(filter.unitId ?? filter.jurisdictionId ?? user?.orgNodeId)}
            title="每名考生一个 PDF（申请表、各级审查意见、准考证、成绩），按所选单位或地区，未选时为本单位（本地区）"
            data-testid="archive-zip"
            onClick={() =>
              fileJob.run({
                title: '生成归档材料压缩包',
                unit: '名考生',
                start: () =>
                  archiveApi.startZip(campaignId ?? 0, {
                    nodeId: filter.unitId ?? filter.jurisdictionId ?? user?.orgNodeId ?? 0,
                  }),
                fileUrl: archiveApi.zipUrl,
              })
            }
          >
            归档材料
          </Button>
        </Space>
        <Table
          size="small"
          rowKey="applicationId"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          columns={columns}
          scroll={{ x: 1000 }}
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: list.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 名考生`,
            onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
          }}
        />
        {list.isError && <Alert type="error" title={errorMessage(list.error)} />}
      </Card>
      {fileJob.dialog}
      {campaignId !== undefined && (
        <ImportDialog
          open={importOpen}
          campaignId={campaignId}
          track={track}
          onClose={() => setImportOpen(false)}
          onDone={refresh}
        />
      )}
    </div>
  );
}

function ImportDialog({
  open,
  campaignId,
  track,
  onClose,
  onDone,
}: {
  open: boolean;
  campaignId: number;
  track: ResultTrack;
  onClose: () => void;
  onDone: () => void;
}) {
  const [mode, setMode] = useState<'all_or_nothing' | 'good_rows'>('all_or_nothing');
  const [report, setReport] = useState<ScoreImportReport | null>(null);
  const upload = useMutation({
    mutationFn: (file: File) => scoreApi.importFile(campaignId, file, mode, track),
    onSuccess: (r) => {
      setReport(r);
      if (r.imported > 0) onDone();
    },
  });
  return (
    <Modal
      open={open}
      title={`导入属地考试成绩（技术监督、测绘）：${RESULT_TRACK_LABELS[track]}`}
      onCancel={() => {
        setReport(null);
        upload.reset();
        onClose();
      }}
      footer={null}
      width={640}
    >
      <Space orientation="vertical" className="gk-full">
        <Typography.Paragraph type="secondary">
          列：身份证号、准考证号、科目（岗位技能 / 职业道德 / 职业能力）、成绩（0–100，最多两位小数；缺考填“缺考”）。
          <a href={scoreApi.templateUrl}>
            <DownloadOutlined /> 下载模板
          </a>
        </Typography.Paragraph>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)}>
          <Radio value="all_or_nothing">全部正确才导入</Radio>
          <Radio value="good_rows">只导入正确的行</Radio>
        </Radio.Group>
        <Upload
          accept=".xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            upload.mutate(file);
            return false;
          }}
        >
          <Button icon={<CloudUploadOutlined />} loading={upload.isPending}>
            选择 Excel 文件并导入
          </Button>
        </Upload>
        {upload.isError && <Alert type="error" title={errorMessage(upload.error)} />}
        {report && (
          <>
            <Alert
              type={report.errors.length === 0 ? 'success' : 'warning'}
              title={`共 ${report.total} 行，导入 ${report.imported} 行，${report.errors.length} 行有误`}
            />
            {report.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                dataSource={report.errors}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: '行号', dataIndex: 'row', width: 70 },
                  { title: '列', dataIndex: 'column', width: 90 },
                  { title: '原因', dataIndex: 'message' },
                ]}
              />
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
