import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  Collapse,
  DatePicker,
  Form,
  type FormItemProps,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage, isApiError } from '../api/client';
import { usePublicConfig } from '../components/demo-banner';
import { AppraisalsInput } from '../self-check/appraisals-input';
import {
  EducationField,
  HeldGradeField,
  labelSearch,
  MONTH_FORMAT,
  MonthField,
  nameSearch,
  RetirementGroupField,
  YearsInJobTypeField,
} from '../self-check/fields';
import {
  APPLIED_GRADE_OPTIONS,
  bySeverity,
  type EligibilityCheckRequest,
  type EligibilityCheckResponse,
  FIELD_LABELS,
  type Finding,
  holdsGrade,
  parseFieldError,
  placeFindings,
  SAMPLE_JOB_TYPES,
  type SelfCheckValues,
  showsRetirementGroup,
  statusOf,
  toRequest,
  visibleFields,
} from '../self-check/model';
import { FindingHelp, VerdictBox } from '../self-check/verdict-box';
import '../self-check/self-check.css';

const TITLE = '河南省机关事业单位工勤技能岗位等级考核系统';
const DATE_FORMAT = 'YYYY-MM-DD';
const SETTINGS_PANEL = 'campaign';
/** Fields inside the collapsible 考核年度设置 panel. */
const SETTINGS_FIELDS: ReadonlySet<string> = new Set(['campaignYear', 'cutoffDate']);

const JOB_TYPE_OPTIONS = SAMPLE_JOB_TYPES.map((name) => ({ value: name, label: name }));

const SEX_OPTIONS = [
  { value: 'male', label: '男' },
  { value: 'female', label: '女' },
  { value: '', label: '不填' },
];

const checkEligibility = (body: EligibilityCheckRequest) =>
  api.post<EligibilityCheckResponse>('/api/public/eligibility-check', body);

interface Outcome {
  response: EligibilityCheckResponse;
  request: EligibilityCheckRequest;
}

interface RequestFailure {
  message: string;
  /** A 400 that names a field: shown next to it as well. */
  finding?: Finding;
}

function SectionTitle({ children }: { children: ReactNode }) {
  return <h2 className="gk-sc-section-title">{children}</h2>;
}

export default function SelfCheckPage() {
  const { data: config } = usePublicConfig();
  const [form] = Form.useForm<SelfCheckValues>();
  const thisYear = useMemo(() => new Date().getFullYear(), []);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [failure, setFailure] = useState<RequestFailure | null>(null);
  /** Fields changed since the last result: their findings no longer apply and are hidden. */
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  const [settingsOpen, setSettingsOpen] = useState(false);
  const verdictRef = useRef<HTMLElement>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  /** The 现岗位工种 that 申报工种 was last filled from, so a value the user typed is never overwritten. */
  const lastCurrentJobType = useRef<string | undefined>(undefined);

  const campaignYear = Form.useWatch('campaignYear', form);
  const cutoffDate = Form.useWatch('cutoffDate', form);
  const sex = Form.useWatch('sex', form);
  const idNumber = Form.useWatch('idNumber', form);
  const currentGrade = Form.useWatch('currentGrade', form);
  const currentJobType = Form.useWatch('currentJobType', form);
  const appliedGrade = Form.useWatch('appliedGrade', form);

  const watched: SelfCheckValues = { sex, idNumber, currentGrade, appliedGrade };
  const gradeHeld = holdsGrade(watched);
  const showRetirementGroup = showsRetirementGroup(watched);
  const grade1 = appliedGrade === 1;
  const year = typeof campaignYear === 'number' ? campaignYear : thisYear;

  const findings: Finding[] = outcome?.response.findings ?? (failure?.finding ? [failure.finding] : []);
  const onScreen = visibleFields(watched);
  const placed = placeFindings(findings, onScreen);
  for (const field of edited) placed.byField.delete(field);

  const check = useMutation({
    mutationFn: checkEligibility,
    onMutate: () => setFailure(null),
    onSuccess: (response, request) => {
      setOutcome({ response, request });
      setEdited(new Set());
    },
    onError: (error) => {
      setOutcome(null);
      setEdited(new Set());
      const message = errorMessage(error);
      const named = isApiError(error) && error.status === 400 ? parseFieldError(message) : null;
      if (named) {
        const label = FIELD_LABELS[named.field] ?? named.field;
        setFailure({
          message: `${label}：${named.message}`,
          finding: { code: 'VALIDATION_FAILED', severity: 'error', message: named.message, field: named.field },
        });
        if (SETTINGS_FIELDS.has(named.field)) setSettingsOpen(true);
      } else {
        setFailure({ message });
      }
    },
  });

  // Each new result (or failure) is brought into view and announced; focus moves there for keyboard users.
  useEffect(() => {
    if (!outcome) return;
    const box = verdictRef.current;
    box?.focus({ preventScroll: true });
    box?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [outcome]);
  useEffect(() => {
    if (!failure) return;
    failureRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [failure]);

  const feedback = (field: keyof SelfCheckValues): Pick<FormItemProps, 'validateStatus' | 'help'> => {
    const list = placed.byField.get(field);
    if (!list || list.length === 0) return {};
    return { validateStatus: statusOf(list), help: <FindingHelp field={field} findings={bySeverity(list)} /> };
  };

  const goToField = (field: string) => {
    if (SETTINGS_FIELDS.has(field)) setSettingsOpen(true);
    // After the panel has rendered open.
    window.setTimeout(() => {
      form.scrollToField(field, { block: 'center' });
      form.focusField(field);
    }, 0);
  };

  const onValuesChange = (changed: Partial<SelfCheckValues>, all: SelfCheckValues) => {
    const keys = Object.keys(changed);
    if ('currentJobType' in changed) {
      // 申报工种 defaults to 现岗位工种 until the user types something else there.
      const applied = all.appliedJobType?.trim() ?? '';
      if (applied === '' || applied === (lastCurrentJobType.current ?? '')) {
        form.setFieldValue('appliedJobType', changed.currentJobType ?? '');
        keys.push('appliedJobType');
      }
      lastCurrentJobType.current = changed.currentJobType?.trim();
    }
    setEdited((prev) => {
      if (keys.every((k) => prev.has(k))) return prev;
      return new Set([...prev, ...keys]);
    });
  };

  const reset = () => {
    form.resetFields();
    lastCurrentJobType.current = undefined;
    setOutcome(null);
    setFailure(null);
    setEdited(new Set());
    check.reset();
  };

  const stale = outcome !== null && edited.size > 0;

  return (
    <div className="gk-login gk-sc">
      <div className="gk-login-inner">
        <h1 className="gk-login-title">{config?.appName || TITLE}</h1>
        <Card className="gk-login-card" title="资格自测">
          <Typography.Paragraph type="secondary" className="gk-sc-intro">
            {
              '无需登录。按豫人社工考〔2013〕1号、豫人社办〔2021〕27号等规定，检查能否申报工勤技能岗位等级考核；所填信息只用于本次检查，不会保存。'
            }
          </Typography.Paragraph>

          {failure && (
            <div ref={failureRef} className="gk-sc-request-error">
              <Alert type="error" showIcon role="alert" title={failure.message} data-testid="self-check-error" />
            </div>
          )}
          {outcome && (
            <VerdictBox
              ref={verdictRef}
              result={outcome.response}
              placed={placed}
              applied={{ jobType: outcome.request.appliedJobType ?? '', grade: outcome.request.appliedGrade }}
              stale={stale}
              onGoToField={goToField}
            />
          )}

          <Form<SelfCheckValues>
            form={form}
            data-testid="self-check-form"
            layout="vertical"
            requiredMark="optional"
            scrollToFirstError={{ block: 'center', focus: true }}
            initialValues={{
              campaignYear: thisYear,
              sex: '',
              currentGrade: 0,
              retirementGroup: 'worker',
              appraisals: [],
            }}
            onValuesChange={onValuesChange}
            onFinish={() => check.mutate(toRequest(form.getFieldsValue(true)))}
            autoComplete="off"
          >
            <Collapse
              className="gk-sc-settings"
              size="small"
              activeKey={settingsOpen ? [SETTINGS_PANEL] : []}
              onChange={(keys) => setSettingsOpen(keys.includes(SETTINGS_PANEL))}
              items={[
                {
                  key: SETTINGS_PANEL,
                  forceRender: true,
                  label: (
                    <span>
                      考核年度设置{' '}
                      <span className="gk-sc-settings-summary">
                        （{year}年度；通知日期
                        {cutoffDate?.isValid() ? cutoffDate.format(DATE_FORMAT) : '未填，按当年1月1日'}）
                      </span>
                    </span>
                  ),
                  children: (
                    <Row gutter={24}>
                      <Col xs={24} md={12}>
                        <Form.Item
                          label="考核年度"
                          name="campaignYear"
                          extra="默认为当前年度"
                          rules={[{ type: 'number', min: 2000, max: 2100, message: '考核年度应在2000至2100年之间' }]}
                          {...feedback('campaignYear')}
                        >
                          <InputNumber<number>
                            min={2000}
                            max={2100}
                            precision={0}
                            suffix="年"
                            style={{ width: '100%' }}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={12}>
                        <Form.Item
                          label="通知日期"
                          name="cutoffDate"
                          extra="考核通知的印发日期，用于判断是否已达退休年龄；应在考核年度或其前一年，不填按当年1月1日"
                          {...feedback('cutoffDate')}
                        >
                          <DatePicker format={DATE_FORMAT} placeholder="如 2017-01-20" style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                    </Row>
                  ),
                },
              ]}
            />

            <SectionTitle>基本信息</SectionTitle>
            <Row gutter={24}>
              <Col xs={24} md={12}>
                <Form.Item label="姓名" name="name" required {...feedback('name')}>
                  <Input maxLength={30} placeholder="与身份证一致" autoFocus />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="身份证号" name="idNumber" required {...feedback('idNumber')}>
                  <Input maxLength={30} placeholder="18位身份证号" className="gk-mono" inputMode="text" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="性别" name="sex" {...feedback('sex')}>
                  <Radio.Group options={SEX_OPTIONS} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="出生年月" name="birthMonth" {...feedback('birthMonth')}>
                  <DatePicker picker="month" format={MONTH_FORMAT} placeholder="如 1975-07" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <EducationField feedback={feedback('education')} validate={false} />
              </Col>
              {showRetirementGroup && (
                <Col xs={24} md={12}>
                  <RetirementGroupField feedback={feedback('retirementGroup')} />
                </Col>
              )}
            </Row>

            <SectionTitle>工作经历与现岗位</SectionTitle>
            <Row gutter={24}>
              <Col xs={24} md={12}>
                <MonthField
                  name="workStartMonth"
                  label="参加工作时间"
                  placeholder="如 1995-07"
                  required="请填写参加工作时间"
                  validate={false}
                  feedback={feedback('workStartMonth')}
                />
              </Col>
              <Col xs={24} md={12}>
                <MonthField
                  name="regularizedMonth"
                  label="转正定级时间"
                  placeholder="如 1996-07"
                  extra="申报五级须填写"
                  feedback={feedback('regularizedMonth')}
                />
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  label="现岗位工种"
                  name="currentJobType"
                  extra="列表为示例工种，可直接输入本人工种名称"
                  {...feedback('currentJobType')}
                >
                  <AutoComplete
                    options={JOB_TYPE_OPTIONS}
                    showSearch={nameSearch}
                    placeholder="选择或输入工种"
                    allowClear
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <YearsInJobTypeField feedback={feedback('yearsInCurrentJobType')} />
              </Col>
              <Col xs={24} md={12}>
                <HeldGradeField feedback={feedback('currentGrade')} />
              </Col>
              {gradeHeld && (
                <Col xs={24} md={12}>
                  <MonthField
                    name="currentGradeMonth"
                    label="现等级取得时间"
                    placeholder="如 2010-12"
                    required="请填写现等级取得时间"
                    validate={false}
                    feedback={feedback('currentGradeMonth')}
                  />
                </Col>
              )}
              {gradeHeld && (
                <Col xs={24} md={12}>
                  <Form.Item
                    label="现等级所属工种"
                    name="currentGradeJobType"
                    extra="现等级不是在现岗位工种取得时填写"
                    {...feedback('currentGradeJobType')}
                  >
                    <AutoComplete
                      options={JOB_TYPE_OPTIONS}
                      showSearch={nameSearch}
                      placeholder={currentJobType ? `同现岗位工种（${currentJobType}）` : '同现岗位工种'}
                      allowClear
                    />
                  </Form.Item>
                </Col>
              )}
            </Row>

            <SectionTitle>申报</SectionTitle>
            <Row gutter={24}>
              <Col xs={24} md={12}>
                <Form.Item
                  label="申报工种"
                  name="appliedJobType"
                  extra="应为现从事岗位的工种，默认同现岗位工种"
                  required
                  {...feedback('appliedJobType')}
                >
                  <AutoComplete
                    options={JOB_TYPE_OPTIONS}
                    showSearch={nameSearch}
                    placeholder="选择或输入工种"
                    allowClear
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="申报等级" name="appliedGrade" required {...feedback('appliedGrade')}>
                  <Select placeholder="请选择" showSearch={labelSearch} options={APPLIED_GRADE_OPTIONS} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="vehicleReformTransfer"
                  valuePropName="checked"
                  extra="汽车驾驶员、汽车维修工因公车改革变更工种的，原工种等级可计入"
                  {...feedback('vehicleReformTransfer')}
                >
                  <Checkbox>因公车改革变更工种</Checkbox>
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="exceptionalPromotion"
                  valuePropName="checked"
                  extra="取得等级证书后获省部级劳动模范、厅级以上技术革新成果证书主要完成人或市级以上技能竞赛获奖名次"
                  {...feedback('exceptionalPromotion')}
                >
                  <Checkbox>申请破格</Checkbox>
                </Form.Item>
              </Col>
              {grade1 && (
                <>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name="appointedToGrade2Post"
                      valuePropName="checked"
                      {...feedback('appointedToGrade2Post')}
                    >
                      <Checkbox>已聘任在二级（技师）岗位</Checkbox>
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name="waiverAward"
                      valuePropName="checked"
                      extra="市级政府表彰、五一劳动奖章、市级技术能手、市级技能竞赛三等奖以上，或发明专利一项、实用新型专利两项（排名前五）"
                      {...feedback('waiverAward')}
                    >
                      <Checkbox>取得二级后获得可免除学历和考核条件的奖励</Checkbox>
                    </Form.Item>
                  </Col>
                  <Col xs={24}>
                    <Form.Item
                      label="近五年年度考核（最近一年在前）"
                      name="appraisals"
                      extra="须均为合格及以上，且至少2次优秀"
                      {...feedback('appraisals')}
                    >
                      <AppraisalsInput newestYear={year - 1} />
                    </Form.Item>
                  </Col>
                </>
              )}
            </Row>

            <div className="gk-sc-actions">
              <Button
                data-testid="self-check-submit"
                type="primary"
                htmlType="submit"
                size="large"
                loading={check.isPending}
              >
                开始自测
              </Button>
              <Button size="large" onClick={reset} disabled={check.isPending}>
                清空
              </Button>
            </div>
          </Form>

          <div className="gk-login-links">
            <Link to="/login">返回登录</Link>
            <Typography.Text type="secondary">如有疑问，请咨询本单位或主管部门</Typography.Text>
          </div>
        </Card>
        {config?.version && <div className="gk-login-version">版本 {config.version}</div>}
      </div>
    </div>
  );
}
