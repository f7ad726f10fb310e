import { FilePdfOutlined, PrinterOutlined, ReloadOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  type FormItemProps,
  Input,
  Row,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { WAIVER_AWARD_KINDS, WAIVER_AWARD_LABELS } from '../../domain/grade1-evidence';
import { errorMessage, isApiError, isSessionError } from '../api/client';
import { applicationApi, myApi } from '../api/endpoints';
import type {
  Application,
  ApplicationInputBody,
  Campaign,
  EvaluateBody,
  EvaluateResponse,
  MyCreateBody,
} from '../api/types';
import { APPLICATION_STATUS_LABELS, SEX_LABELS, SOURCE_LABELS } from '../labels';
import { StatusTag } from '../review/tags';
import { AppraisalsInput } from '../self-check/appraisals-input';
import {
  EducationField,
  HeldGradeField,
  labelSearch,
  MonthField,
  nameSearch,
  RetirementGroupField,
  YearsInJobTypeField,
} from '../self-check/fields';
import { bySeverity, type Finding, GRADE_LABELS, parseFieldError, placeFindings, statusOf } from '../self-check/model';
import { FindingHelp, VerdictBox } from '../self-check/verdict-box';
import { formatDateTime, PHONE_PATTERN } from '../util';
import { Attachments } from './attachments';
import { jobTypeOptions, jobTypeSearch, useCatalogJobTypes } from './job-types';
import {
  APP_FIELD_LABELS,
  type ApplicationFormValues,
  aliasFindings,
  derivedFromId,
  fromApplication,
  gradesOffered,
  toInput,
  visibleAppFields,
  workYearsFor,
} from './model';
import '../self-check/self-check.css';
import './application.css';

const EVALUATE_DELAY_MS = 400;
const FIELD_ORDER = Object.keys(APP_FIELD_LABELS);

export interface ApplicationEditorProps {
  campaign: Campaign;
  /** The saved application, or null for a new one. */
  application: Application | null;
  /** unit: a unit officer registers staff; self: an applicant registers online. */
  mode: 'unit' | 'self';
  /** The unit the application belongs to (self mode: the unit picked above the form). */
  unitId: number | undefined;
  /** Self mode: name and ID number come from the account and cannot be typed. */
  identity?: { name: string; idNumber: string; phone?: string | null };
  /** Above the form's sections (self mode: the unit picker). */
  header?: ReactNode;
  onSaved: (application: Application, action: 'save' | 'submit') => void;
  /** Fetches the application again: after an upload (keeping the form), or after a version conflict (reset). */
  onReload: (resetForm: boolean) => void;
}

function SectionCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card size="small" title={title} className="gk-app-card">
      <Row gutter={16}>{children}</Row>
    </Card>
  );
}

export function ApplicationEditor({
  campaign,
  application,
  mode,
  unitId,
  identity,
  header,
  onSaved,
  onReload,
}: ApplicationEditorProps) {
  const [form] = Form.useForm<ApplicationFormValues>();
  const { message, modal } = App.useApp();
  const jobTypes = useCatalogJobTypes(campaign.catalogVersionId);
  const options = useMemo(() => jobTypeOptions(jobTypes.data?.items), [jobTypes.data]);
  const nameOptions = useMemo(
    () => (jobTypes.data?.items ?? []).map((t) => ({ value: t.name, label: `${t.name}（${t.category}）` })),
    [jobTypes.data],
  );

  const editable = application ? application.abilities.edit : true;
  const [result, setResult] = useState<EvaluateResponse | null>(() =>
    application
      ? {
          verdict: application.verdict,
          missing: [],
          eligible: application.verdict === 'eligible',
          findings: application.findings,
          statutoryRetirementDate: application.statutoryRetirementDate,
          workYears: application.workYears,
          sex: application.sex,
          birthDate: application.birthDate,
        }
      : null,
  );
  const [evalFailure, setEvalFailure] = useState<{ message: string; finding?: Finding } | null>(null);
  const [evaluating, setEvaluating] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const inflight = useRef<AbortController | null>(null);
  const verdictRef = useRef<HTMLElement>(null);

  const idNumber = Form.useWatch('idNumber', form);
  const currentGrade = Form.useWatch('currentGrade', form);
  const appliedGrade = Form.useWatch('appliedGrade', form);
  const appliedJobTypeId = Form.useWatch('appliedJobTypeId', form);
  const workStartMonth = Form.useWatch('workStartMonth', form);
  const currentJobType = Form.useWatch('currentJobType', form);
  const exceptionalPromotion = Form.useWatch('exceptionalPromotion', form);
  const vehicleReformTransfer = Form.useWatch('vehicleReformTransfer', form);
  const waiverAward = Form.useWatch('waiverAward', form);

  const derived = derivedFromId(idNumber);
  const sex = result?.sex ?? derived.sex;
  const birthDate = result?.birthDate ?? derived.birthDate;
  const showRetirementGroup = sex !== 'male';
  const workYears = workYearsFor(campaign.year, workStartMonth) ?? result?.workYears ?? undefined;
  const selectedJobType = options.find((o) => o.value === appliedJobTypeId)?.jobType;
  const grades = gradesOffered(selectedJobType);
  const gradeHeld = !!currentGrade;
  const grade1 = appliedGrade === 1;

  const initialValues = useMemo<ApplicationFormValues>(
    () =>
      application
        ? fromApplication(application)
        : {
            name: identity?.name,
            idNumber: identity?.idNumber,
            // The phone given at sign-up, carried into 联系电话 (the applicant may change it).
            phone: identity?.phone ?? undefined,
            currentGrade: 0,
            retirementGroup: 'worker',
            appraisals: [],
          },
    [application, identity],
  );

  // ─── Live eligibility check ───────────────────────────────────────────────────────────────────────────

  const evaluate = useCallback(async () => {
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    const values = form.getFieldsValue(true) as ApplicationFormValues;
    const shows = (derivedFromId(values.idNumber).sex ?? 'female') !== 'male';
    const input = toInput(values, { clear: false, showRetirementGroup: shows });
    if (identity) {
      input.name = identity.name;
      input.idNumber = identity.idNumber;
    }
    if (!input.idNumber && !input.workStartMonth && input.appliedGrade === undefined) {
      setEvaluating(false);
      return;
    }
    const body: EvaluateBody = { campaignId: campaign.id, ...input };
    setEvaluating(true);
    try {
      const response = await applicationApi.evaluate(body, controller.signal);
      if (controller.signal.aborted) return;
      setResult(response);
      setEvalFailure(null);
    } catch (error) {
      if (controller.signal.aborted || (error instanceof Error && error.name === 'AbortError')) return;
      if (isSessionError(error)) return;
      const text = errorMessage(error);
      const named = isApiError(error) && error.status === 400 ? parseFieldError(text) : null;
      if (named) {
        setEvalFailure({
          message: `${APP_FIELD_LABELS[named.field] ?? named.field}：${named.message}`,
          finding: { code: 'VALIDATION_FAILED', severity: 'error', message: named.message, field: named.field },
        });
      } else {
        setEvalFailure({ message: text });
      }
    } finally {
      if (inflight.current === controller) setEvaluating(false);
    }
  }, [campaign.id, form, identity]);

  const scheduleEvaluate = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void evaluate(), EVALUATE_DELAY_MS);
  }, [evaluate]);

  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      inflight.current?.abort();
    },
    [],
  );

  // A saved form that may still be changed is checked again at once: its stored verdict was given to the form as
  // saved (a draft without 转正定级时间 is stored as not eligible), while the live check says what is missing.
  const editableOnOpen = application !== null && editable;
  const checkedOnOpen = useRef(false);
  useEffect(() => {
    if (!editableOnOpen || checkedOnOpen.current) return;
    checkedOnOpen.current = true;
    scheduleEvaluate();
  }, [editableOnOpen, scheduleEvaluate]);

  const onValuesChange = (changed: Partial<ApplicationFormValues>, all: ApplicationFormValues) => {
    if ('currentJobType' in changed && all.appliedJobTypeId === undefined) {
      // 申报工种 is normally the 现岗位工种 (rules.md §2): fill it when the name is in the catalogue.
      const match = options.find((o) => o.jobType.name === changed.currentJobType?.trim());
      if (match) form.setFieldValue('appliedJobTypeId', match.value);
    }
    if ('appliedJobTypeId' in changed) {
      const jt = options.find((o) => o.value === changed.appliedJobTypeId)?.jobType;
      if (jt && all.appliedGrade && !jt.grades.includes(all.appliedGrade)) {
        form.setFieldValue('appliedGrade', undefined);
      }
    }
    scheduleEvaluate();
  };

  // ─── Findings beside their fields ─────────────────────────────────────────────────────────────────────

  const watched: ApplicationFormValues = { currentGrade, appliedGrade };
  const onScreen = visibleAppFields(watched, showRetirementGroup);
  const findings: Finding[] = aliasFindings(
    result ? result.findings : evalFailure?.finding ? [evalFailure.finding] : [],
  );
  if (result && evalFailure?.finding) findings.push(...aliasFindings([evalFailure.finding]));
  const placed = placeFindings(findings, onScreen);
  placed.byField = new Map(
    [...placed.byField.entries()].sort(([a], [b]) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b)),
  );

  const feedback = (field: string): Pick<FormItemProps, 'validateStatus' | 'help'> => {
    const list = placed.byField.get(field);
    if (!list || list.length === 0) return {};
    return {
      validateStatus: statusOf(list),
      help: <FindingHelp field={field} findings={bySeverity(list)} testIdPrefix="app-finding" />,
    };
  };

  const goToField = (field: string) => {
    form.scrollToField(field, { block: 'center' });
    form.focusField(field);
  };

  // ─── Save and submit ──────────────────────────────────────────────────────────────────────────────────

  const save = useMutation({
    mutationFn: async (submit: boolean): Promise<Application> => {
      const values = form.getFieldsValue(true) as ApplicationFormValues;
      const input = toInput(values, { clear: application !== null, showRetirementGroup });
      if (mode === 'self') {
        if (unitId === undefined) throw new Error('请先选择所在单位');
        const { idNumber: _id, name: _name, ...rest } = input;
        const body = { ...rest, unitId } as MyCreateBody;
        if (application) return myApi.update({ ...body, version: application.version, submit });
        return myApi.create({ ...body, submit });
      }
      if (application) {
        let saved = application;
        if (editable) saved = await applicationApi.update(application.id, { ...input, version: application.version });
        if (submit && (saved.status === 'draft' || saved.status === 'returned')) {
          saved = await applicationApi.submit(saved.id);
        }
        return saved;
      }
      if (unitId === undefined) throw new Error('当前账号未绑定单位，不能新增报名');
      return applicationApi.create({
        ...(input as ApplicationInputBody),
        campaignId: campaign.id,
        unitId,
        submit,
      });
    },
    onMutate: () => {
      setSaveError(null);
      setConflict(false);
    },
    onSuccess: (saved, submit) => {
      message.success(
        submit ? (mode === 'self' ? '已提交，等待单位确认' : '已提交') : application ? '已保存' : '草稿已保存',
      );
      onSaved(saved, submit ? 'submit' : 'save');
    },
    onError: (error) => {
      if (isSessionError(error)) return;
      if (isApiError(error) && error.code === 'STALE_VERSION') {
        setConflict(true);
        return;
      }
      const text = errorMessage(error);
      setSaveError(text);
      if (isApiError(error) && error.code === 'APPLICATION_DUPLICATE') {
        form.setFields([{ name: 'idNumber', errors: [text] }]);
      } else if (isApiError(error) && error.status === 400) {
        const named = parseFieldError(text);
        if (named && FIELD_ORDER.includes(named.field)) {
          form.setFields([{ name: named.field as keyof ApplicationFormValues, errors: [named.message] }]);
        }
      }
    },
  });

  const run = async (submit: boolean) => {
    try {
      await form.validateFields();
    } catch {
      message.error('请先填写必填项');
      return;
    }
    if (mode === 'self' && unitId === undefined) {
      setSaveError('请先选择所在单位');
      return;
    }
    if (submit && result?.verdict === 'incomplete') {
      const missing = (result.missing ?? []).map((f) => APP_FIELD_LABELS[f] ?? f).join('、');
      message.error(`信息不完整，请先填写${missing}后再提交（可先保存草稿）`);
      const first = result.missing[0];
      if (first) goToField(first);
      return;
    }
    if (submit && result?.verdict === 'ineligible') {
      modal.confirm({
        title: '资格检查结论为“不符合申报条件”，仍要提交吗？',
        content: '提交后由单位、主管部门和人社部门审查，不符合条件的申报将不予通过。',
        okText: '仍然提交',
        cancelText: '返回修改',
        onOk: () => save.mutateAsync(true).catch(() => undefined),
      });
      return;
    }
    save.mutate(submit);
  };

  const reload = () => {
    setConflict(false);
    onReload(true);
  };

  const canSubmit = application
    ? mode === 'self'
      ? application.status === 'draft' || application.status === 'returned'
      : application.abilities.submit
    : true;
  const submitLabel = mode === 'self' ? '提交给单位确认' : '提交';

  const jobTypeName = selectedJobType?.name ?? application?.appliedJobType ?? '';

  return (
    <div className="gk-app-layout">
      <div className="gk-app-main">
        {header}
        {application && !editable && (
          <Alert
            className="gk-mb"
            type="info"
            showIcon
            title={`该申请当前状态为“${APPLICATION_STATUS_LABELS[application.status]}”，不能修改。`}
          />
        )}
        <Form<ApplicationFormValues>
          form={form}
          layout="vertical"
          disabled={!editable}
          initialValues={initialValues}
          onValuesChange={onValuesChange}
          scrollToFirstError={{ block: 'center', focus: true }}
          autoComplete="off"
          data-testid="app-form"
        >
          <SectionCard title="基本信息">
            <Col span={8}>
              <Form.Item
                label="姓名"
                name="name"
                rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
                extra={identity ? '取自注册信息' : '须与身份证一致'}
                {...feedback('name')}
              >
                <Input maxLength={30} disabled={!!identity} autoFocus={!identity && !application} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item
                label="身份证号"
                name="idNumber"
                rules={[
                  { required: true, whitespace: true, message: '请填写身份证号' },
                  { pattern: /^\s*\d{17}[\dXx]\s*$/, message: '身份证号应为18位（最后一位可为X）' },
                ]}
                {...feedback('idNumber')}
              >
                <Input maxLength={18} className="gk-mono" disabled={!!identity} placeholder="18位身份证号" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="性别" extra="由身份证号得出">
                <Input value={sex ? SEX_LABELS[sex] : ''} readOnly disabled placeholder="—" aria-label="性别" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="出生年月" extra="由身份证号得出">
                <Input
                  value={birthDate ? birthDate.slice(0, 7) : ''}
                  readOnly
                  disabled
                  placeholder="—"
                  aria-label="出生年月"
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <EducationField feedback={feedback('education')} />
            </Col>
            {showRetirementGroup && (
              <Col span={24}>
                <RetirementGroupField feedback={feedback('retirementGroup')} />
              </Col>
            )}
          </SectionCard>

          <SectionCard title="工作经历与现岗位">
            <Col span={8}>
              <MonthField
                name="workStartMonth"
                label="参加工作时间"
                placeholder="如 1995-07"
                required="请填写参加工作时间"
                feedback={feedback('workStartMonth')}
              />
            </Col>
            <Col span={8}>
              <Form.Item label="工作年限" extra={`按年度计算至${campaign.year}年`} {...feedback('workYears')}>
                <Input
                  value={workYears === undefined ? '' : `${workYears}年`}
                  readOnly
                  disabled
                  placeholder="—"
                  aria-label="工作年限"
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <MonthField
                name="regularizedMonth"
                label="转正定级时间"
                placeholder="如 1996-07"
                extra="申报五级须填写"
                feedback={feedback('regularizedMonth')}
              />
            </Col>
            <Col span={8}>
              <Form.Item label="现岗位工种" name="currentJobType" {...feedback('currentJobType')}>
                <AutoComplete options={nameOptions} showSearch={nameSearch} placeholder="选择或输入工种" allowClear />
              </Form.Item>
            </Col>
            <Col span={8}>
              <YearsInJobTypeField feedback={feedback('yearsInCurrentJobType')} />
            </Col>
            <Col span={8}>
              <HeldGradeField feedback={feedback('currentGrade')} />
            </Col>
            {gradeHeld && (
              <Col span={8}>
                <MonthField
                  name="currentGradeMonth"
                  label="现等级取得时间"
                  placeholder="如 2010-12"
                  required="请填写现等级取得时间"
                  feedback={feedback('currentGradeMonth')}
                />
              </Col>
            )}
            {gradeHeld && (
              <Col span={16}>
                <Form.Item
                  label="现等级所属工种"
                  name="currentGradeJobType"
                  extra="现等级不是在现岗位工种取得时填写"
                  {...feedback('currentGradeJobType')}
                >
                  <AutoComplete
                    options={nameOptions}
                    showSearch={nameSearch}
                    placeholder={currentJobType ? `同现岗位工种（${currentJobType}）` : '同现岗位工种'}
                    allowClear
                  />
                </Form.Item>
              </Col>
            )}
          </SectionCard>

          <SectionCard title="申报">
            <Col span={16}>
              <Form.Item
                label="申报工种"
                name="appliedJobTypeId"
                rules={[{ required: true, message: '请选择申报工种' }]}
                extra={
                  jobTypes.isError
                    ? `工种目录加载失败：${errorMessage(jobTypes.error)}`
                    : `${campaign.catalogVersionName}；可输入名称、代码或类别查找`
                }
                {...feedback('appliedJobTypeId')}
              >
                <Select
                  placeholder="请选择申报工种"
                  showSearch={jobTypeSearch}
                  loading={jobTypes.isLoading}
                  options={options.map((o) => ({ value: o.value, label: o.label, search: o.search }))}
                  optionRender={(opt) => {
                    const jt = options.find((o) => o.value === opt.value)?.jobType;
                    return jt ? (
                      <span className="gk-app-jt-option">
                        <span>{jt.name}</span>
                        <span className="gk-muted">
                          {jt.category} · {jt.code}
                        </span>
                      </span>
                    ) : (
                      opt.label
                    );
                  }}
                  notFoundContent={jobTypes.isLoading ? <Spin size="small" /> : '没有匹配的工种'}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                label="申报等级"
                name="appliedGrade"
                rules={[{ required: true, message: '请选择申报等级' }]}
                extra={
                  selectedJobType
                    ? `该工种可申报：${grades.map((g) => GRADE_LABELS[g].slice(0, 2)).join('、')}`
                    : undefined
                }
                {...feedback('appliedGrade')}
              >
                <Select
                  placeholder="请选择"
                  showSearch={labelSearch}
                  options={grades.map((g) => ({ value: g, label: GRADE_LABELS[g] }))}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="vehicleReformTransfer"
                valuePropName="checked"
                extra="汽车驾驶员、汽车维修工因公车改革变更工种的，原工种等级可计入"
                {...feedback('vehicleReformTransfer')}
              >
                <Checkbox>因公车改革变更工种</Checkbox>
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="exceptionalPromotion"
                valuePropName="checked"
                extra="取得等级证书后获省部级劳动模范、厅级以上技术革新成果证书主要完成人或市级以上技能竞赛获奖名次"
                {...feedback('exceptionalPromotion')}
              >
                <Checkbox>申请破格</Checkbox>
              </Form.Item>
            </Col>
            {(exceptionalPromotion || vehicleReformTransfer) && (
              <Col span={24}>
                <Form.Item
                  label="破格/变更工种依据说明"
                  name="evidenceNote"
                  extra="写明所依据的证书、文件（名称、文号、日期），并在下方上传证明材料"
                  {...feedback('evidenceNote')}
                >
                  <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 4 }} />
                </Form.Item>
              </Col>
            )}
            {grade1 && (
              <>
                <Col span={12}>
                  <Form.Item
                    name="appointedToGrade2Post"
                    valuePropName="checked"
                    {...feedback('appointedToGrade2Post')}
                  >
                    <Checkbox>已聘任在二级（技师）岗位</Checkbox>
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item
                    name="waiverAward"
                    valuePropName="checked"
                    extra="市级政府表彰、五一劳动奖章、市级技术能手、市级技能竞赛三等奖以上，或发明专利一项、实用新型专利两项（排名前五）"
                    {...feedback('waiverAward')}
                  >
                    <Checkbox>取得二级后获得可免除学历和考核条件的奖励</Checkbox>
                  </Form.Item>
                </Col>
                {waiverAward && (
                  <Col span={24}>
                    <Form.Item
                      label="奖励类别"
                      name="waiverAwardKind"
                      extra="提交前须选择，并在下方上传获奖证书或专利证书扫描件"
                      {...feedback('waiverAwardKind')}
                    >
                      <Select
                        placeholder="请选择奖励类别"
                        allowClear
                        options={WAIVER_AWARD_KINDS.map((k) => ({ value: k, label: WAIVER_AWARD_LABELS[k] }))}
                      />
                    </Form.Item>
                  </Col>
                )}
                <Col span={24}>
                  <Form.Item
                    label="近五年年度考核（最近一年在前）"
                    name="appraisals"
                    extra="须均为合格及以上，且至少2次优秀"
                    {...feedback('appraisals')}
                  >
                    <AppraisalsInput newestYear={campaign.year - 1} />
                  </Form.Item>
                </Col>
              </>
            )}
          </SectionCard>

          <SectionCard title="联系方式与备注">
            <Col span={8}>
              <Form.Item
                label="联系电话"
                name="phone"
                rules={[{ pattern: PHONE_PATTERN, message: '请输入正确的电话号码' }]}
                {...feedback('phone')}
              >
                <Input maxLength={20} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item label="备注" name="remarks" {...feedback('remarks')}>
                <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 1, maxRows: 3 }} />
              </Form.Item>
            </Col>
          </SectionCard>
        </Form>
        <Attachments
          application={application}
          campaignYear={campaign.year}
          editable={editable}
          onChanged={() => {
            // A refusal (say, 一级 evidence missing) spoke of the files as they were.
            setSaveError(null);
            onReload(false);
          }}
        />
      </div>

      <aside className="gk-app-side" aria-label="资格检查与操作">
        {application && (
          <Card size="small" className="gk-app-card" title="申请状态">
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'status',
                  label: '状态',
                  children: (
                    <StatusTag status={application.status} returnedTo={application.returnedTo} testId="app-status" />
                  ),
                },
                { key: 'unit', label: '单位', children: application.unitName },
                { key: 'source', label: '来源', children: SOURCE_LABELS[application.source] },
                {
                  key: 'submitted',
                  label: '提交时间',
                  // The time the unit submitted it (an online registration: once the unit confirmed it).
                  children: application.submittedAt
                    ? formatDateTime(application.submittedAt)
                    : application.status === 'awaiting_unit'
                      ? '单位确认后提交'
                      : '未提交',
                },
              ]}
            />
          </Card>
        )}
        <div className="gk-app-verdict-wrap">
          {evaluating && (
            <span className="gk-app-checking" role="status">
              <Spin size="small" /> 正在检查…
            </span>
          )}
          {evalFailure && !evalFailure.finding && (
            <Alert className="gk-mb-s" type="error" showIcon title={evalFailure.message} />
          )}
          {result ? (
            <VerdictBox
              ref={verdictRef}
              result={{ ...result, campaignYear: campaign.year }}
              placed={placed}
              applied={{ jobType: jobTypeName, grade: appliedGrade }}
              stale={false}
              onGoToField={goToField}
              testId="app-verdict"
              factTestIdPrefix="app"
              ariaLabel="资格检查结果"
              disclaimer="填写时自动检查，结论以单位、主管部门和人社部门的资格审查为准。"
              labels={APP_FIELD_LABELS}
              compact
            />
          ) : (
            <Card size="small" className="gk-app-card" data-testid="app-verdict-empty">
              <Typography.Text type="secondary">
                填写身份证号、参加工作时间、申报工种和等级后，这里将自动显示资格检查结果。
              </Typography.Text>
            </Card>
          )}
        </div>
        {conflict && (
          <Alert
            className="gk-mb0"
            type="warning"
            showIcon
            role="alert"
            data-testid="app-conflict"
            title="该申请已被他人修改，您的修改未保存。"
            description="请重新加载最新内容后再修改（重新加载会丢弃本页未保存的修改）。"
            action={
              <Button size="small" icon={<ReloadOutlined />} onClick={reload}>
                重新加载
              </Button>
            }
          />
        )}
        {saveError && (
          <Alert className="gk-mb0" type="error" showIcon role="alert" title={saveError} data-testid="app-error" />
        )}
        <Card size="small" className="gk-app-card gk-app-actions">
          <Space orientation="vertical" className="gk-full">
            {editable && (
              <Button
                block
                icon={<SaveOutlined />}
                onClick={() => void run(false)}
                loading={save.isPending && save.variables === false}
                disabled={save.isPending}
                data-testid="app-save"
              >
                {!application || application.status === 'draft' ? '保存草稿' : '保存修改'}
              </Button>
            )}
            {canSubmit && (editable || application?.status === 'draft') && (
              <Button
                block
                type="primary"
                icon={<SendOutlined />}
                onClick={() => void run(true)}
                loading={save.isPending && save.variables === true}
                disabled={save.isPending}
                data-testid="app-submit"
              >
                {submitLabel}
              </Button>
            )}
            {application && (
              <Button
                block
                icon={<FilePdfOutlined />}
                href={applicationApi.printUrl(application.id)}
                target="_blank"
                rel="noreferrer"
              >
                打印申请表（PDF）
              </Button>
            )}
            {application && (
              <Link to={`/applications/${application.id}/print`} target="_blank" className="gk-app-print-link">
                <PrinterOutlined aria-hidden /> 打印预览（浏览器打印）
              </Link>
            )}
          </Space>
        </Card>
      </aside>
    </div>
  );
}
