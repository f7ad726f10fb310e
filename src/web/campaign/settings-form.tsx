import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Form, type FormInstance, Input, InputNumber, Row, Select, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { DEFAULT_PASS_LINE } from '../../domain/scores';
import { catalogApi, queryKeys } from '../api/endpoints';
import type {
  Campaign,
  CampaignPhaseKey,
  CampaignTemplate,
  CreateCampaignBody,
  ExamSubject,
  UpdateCampaignBody,
} from '../api/types';
import { PHASE_LABELS, PHASE_ORDER } from '../labels';

const DATE = 'YYYY-MM-DD';

export interface CampaignFormValues {
  year: number;
  name: string;
  noticeNumber: string;
  noticeDate: Dayjs | null;
  catalogVersionId: number | undefined;
  workYearsCutoffYear: number;
  gradeObtainedByYear: number;
  regularizedBy: Dayjs | null;
  subjects: ExamSubject[];
  lateEntryMinutes: number;
  earliestHandInMinutes: number;
  /** 综合评审 (一级) pass line: no exam subject carries it. */
  panelPassLine: number;
  phases: { phase: CampaignPhaseKey; range: [Dayjs, Dayjs] | null }[];
}

const day = (v: string | null | undefined): Dayjs | null => (v ? dayjs(v, DATE) : null);

export function campaignToForm(c: Campaign | CampaignTemplate): CampaignFormValues {
  const byKey = new Map(c.phases.map((p) => [p.phase, p]));
  return {
    year: c.year,
    name: c.name,
    noticeNumber: c.noticeNumber,
    noticeDate: day(c.noticeDate),
    catalogVersionId: c.catalogVersionId ?? undefined,
    workYearsCutoffYear: c.eligibilitySettings.workYearsCutoffYear,
    gradeObtainedByYear: c.eligibilitySettings.gradeObtainedByYear,
    regularizedBy: day(c.eligibilitySettings.regularizedBy),
    subjects: c.examSettings.subjects.map((s) => ({ ...s })),
    lateEntryMinutes: c.examSettings.lateEntryMinutes,
    earliestHandInMinutes: c.examSettings.earliestHandInMinutes,
    panelPassLine: c.examSettings.passLines?.panel ?? DEFAULT_PASS_LINE,
    phases: PHASE_ORDER.map((phase) => {
      const p = byKey.get(phase);
      const start = day(p?.startsOn);
      const end = day(p?.endsOn);
      return { phase, range: start && end ? [start, end] : null };
    }),
  };
}

export function formToBody(v: CampaignFormValues): UpdateCampaignBody {
  return {
    name: v.name.trim(),
    noticeNumber: v.noticeNumber.trim(),
    noticeDate: v.noticeDate?.format(DATE),
    catalogVersionId: v.catalogVersionId,
    eligibilitySettings: {
      workYearsCutoffYear: v.workYearsCutoffYear,
      gradeObtainedByYear: v.gradeObtainedByYear,
      regularizedBy: v.regularizedBy?.format(DATE) ?? '',
    },
    examSettings: {
      subjects: v.subjects,
      lateEntryMinutes: v.lateEntryMinutes,
      earliestHandInMinutes: v.earliestHandInMinutes,
      passLines: { panel: v.panelPassLine },
    },
    phases: v.phases
      .filter((p) => p.range)
      .map((p) => ({
        phase: p.phase,
        startsOn: p.range?.[0].format(DATE) ?? '',
        endsOn: p.range?.[1].format(DATE) ?? '',
      })),
  };
}

/** A new campaign's body: the form's required fields are checked before it is sent (the server checks again). */
export function formToCreateBody(v: CampaignFormValues): CreateCampaignBody {
  return {
    ...formToBody(v),
    year: v.year,
    name: v.name.trim(),
    noticeNumber: v.noticeNumber.trim(),
    noticeDate: v.noticeDate?.format(DATE) ?? '',
    catalogVersionId: v.catalogVersionId ?? 0,
  };
}

const num = (min: number, max: number, suffix?: string) => (
  <InputNumber<number> min={min} max={max} precision={0} suffix={suffix} className="gk-full" />
);

/** The campaign's settings: notice, catalogue, eligibility cut-offs, exam subjects and the timetable. */
export function CampaignSettingsForm({
  form,
  initial,
  creating,
  disabled,
  catalogLocked,
  onFinish,
}: {
  form: FormInstance<CampaignFormValues>;
  initial: CampaignFormValues;
  creating: boolean;
  disabled: boolean;
  /** An open campaign keeps its catalogue (the server refuses the change). */
  catalogLocked: boolean;
  onFinish: (values: CampaignFormValues) => void;
}) {
  const versions = useQuery({ queryKey: queryKeys.catalogVersions, queryFn: catalogApi.versions });
  const year = Form.useWatch('year', form) ?? initial.year;

  return (
    <Form<CampaignFormValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      disabled={disabled}
      // All values, the unrendered ones too (each phase's key, each subject's code).
      onFinish={() => onFinish(form.getFieldsValue(true) as CampaignFormValues)}
      scrollToFirstError={{ block: 'center', focus: true }}
      data-testid="campaign-form"
    >
      <Card size="small" title="基本信息" className="gk-app-card">
        <Row gutter={16}>
          <Col span={4}>
            <Form.Item label="考核年度" name="year" rules={[{ required: true, message: '请填写年度' }]}>
              <InputNumber<number>
                min={2000}
                max={2100}
                precision={0}
                suffix="年"
                disabled={!creating}
                className="gk-full"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              label="名称"
              name="name"
              rules={[
                { required: true, whitespace: true, message: '请填写名称' },
                { min: 2, message: '名称至少2个字' },
              ]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              label="工种目录版本"
              name="catalogVersionId"
              rules={[{ required: true, message: '请选择工种目录' }]}
              extra={catalogLocked ? '开启后不能更换工种目录' : undefined}
            >
              <Select
                disabled={catalogLocked}
                loading={versions.isPending}
                options={(versions.data?.items ?? []).map((v) => ({
                  value: v.id,
                  label: `${v.name}（${v.jobTypeCount}个工种${v.isSample ? '，示例' : ''}）`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              label="通知文号"
              name="noticeNumber"
              rules={[{ required: true, whitespace: true, message: '请填写通知文号' }]}
            >
              <Input maxLength={60} placeholder="如 豫人社办函〔2017〕11号" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              label="通知日期"
              name="noticeDate"
              rules={[{ required: true, message: '请选择通知日期' }]}
              extra="判断是否已达法定退休年龄的截止日"
            >
              <DatePicker format={DATE} className="gk-full" />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title="申报条件截止" className="gk-app-card">
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              label="工作年限计算截止年份"
              name="workYearsCutoffYear"
              rules={[{ required: true, message: '请填写' }]}
              extra={`工作年限 = 该年份 − 参加工作年份 + 1（默认 ${year}）`}
            >
              {num(1950, 2100, '年')}
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              label="现等级取得年份不晚于"
              name="gradeObtainedByYear"
              rules={[{ required: true, message: '请填写' }]}
              extra={`“取得现等级满5年”（默认 ${year - 5}）`}
            >
              {num(1950, 2100, '年')}
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              label="五级转正定级截止日期"
              name="regularizedBy"
              rules={[{ required: true, message: '请选择日期' }]}
              extra={`默认 ${year}-09-30`}
            >
              <DatePicker format={DATE} className="gk-full" />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title="人机对话考试" className="gk-app-card">
        <Form.List name="subjects">
          {(fields) => (
            <Table
              size="small"
              bordered
              pagination={false}
              rowKey="key"
              dataSource={fields}
              className="gk-mb"
              columns={[
                {
                  title: '科目',
                  width: 150,
                  render: (_: unknown, f) => (
                    <Form.Item name={[f.name, 'name']} noStyle rules={[{ required: true, message: '请填写科目' }]}>
                      <Input aria-label="科目名称" maxLength={20} />
                    </Form.Item>
                  ),
                },
                ...(
                  [
                    ['fullScore', '满分', 1, 1000, '分'],
                    ['passScore', '合格线', 0, 1000, '分'],
                    ['durationMinutes', '时长', 1, 600, '分钟'],
                    ['singleChoice', '单选题', 0, 500, '道'],
                    ['multipleChoice', '多选题', 0, 500, '道'],
                  ] as const
                ).map(([key, title, min, max, suffix]) => ({
                  title,
                  key,
                  render: (_: unknown, f: { name: number }) => (
                    <Form.Item name={[f.name, key]} noStyle rules={[{ required: true, message: `请填写${title}` }]}>
                      <InputNumber<number>
                        aria-label={title}
                        min={min}
                        max={max}
                        precision={0}
                        suffix={suffix}
                        className="gk-full"
                      />
                    </Form.Item>
                  ),
                })),
              ]}
            />
          )}
        </Form.List>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item label="开考后禁止入场" name="lateEntryMinutes" rules={[{ required: true }]}>
              {num(0, 120, '分钟')}
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="开考后最早交卷" name="earliestHandInMinutes" rules={[{ required: true }]}>
              {num(0, 600, '分钟')}
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              label="综合评审合格线（一级）"
              name="panelPassLine"
              rules={[{ required: true }]}
              tooltip="一级考生须职业道德、专业基础知识和综合评审均达到合格线"
            >
              {num(0, 100, '分')}
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title="时间安排" className="gk-app-card">
        <Form.List name="phases">
          {(fields) => (
            <Row gutter={16}>
              {fields.map((f, i) => {
                const key = initial.phases[i]?.phase ?? PHASE_ORDER[i] ?? 'registration';
                return (
                  <Col span={12} key={f.key}>
                    <Form.Item
                      label={PHASE_LABELS[key]}
                      name={[f.name, 'range']}
                      rules={[{ required: true, message: `请选择“${PHASE_LABELS[key]}”的起止日期` }]}
                    >
                      <DatePicker.RangePicker format={DATE} className="gk-full" allowClear={false} />
                    </Form.Item>
                  </Col>
                );
              })}
            </Row>
          )}
        </Form.List>
      </Card>
    </Form>
  );
}
