// The audit log in words: Chinese labels for every action, entity type and changed field that the server writes
// with recordAudit / recordAuditEntries, and for the coded values inside before/after. One table beside the codes;
// audit-labels.test.ts collects the codes from src/server and fails when one has no label here. The rows
// themselves keep their codes (the hash chain covers them); only the viewer translates.

import { EDUCATION_LABELS, GRADE_LABELS } from './eligibility.js';
import { DIFFICULTY_LABELS, ITEM_STATUS_LABELS, ITEM_TYPE_LABELS, SUBJECT_LABELS } from './items.js';
import {
  BATCH_STATUS_LABELS,
  ORG_KIND_LABELS,
  RETIREMENT_GROUP_LABELS,
  SOURCE_LABELS,
  VERDICT_LABELS,
} from './labels.js';
import {
  type ApplicationStatus,
  LEVEL_LABELS,
  REJECT_REASONS,
  RETURN_REASONS,
  STATUS_LABELS,
  type Stage,
} from './review.js';
import { ROLE_LABELS } from './roles.js';
import { CAMPAIGN_STATUS_LABELS, PHASE_LABELS } from './timetable.js';

/** What an audit row is about (`entity_type`). */
export const AUDIT_ENTITY_LABELS = {
  account: '账号',
  application: '申请',
  bank_image: '试题图片',
  bank_item: '试题',
  blueprint: '组卷规则',
  paper: '试卷',
  campaign: '考核年度',
  exam_session: '场次',
  attempt_subject: '科目作答',
  training_class: '培训班',
  catalog_version: '工种目录',
  org_node: '组织机构',
  question_bank: '题库',
  review_batch: '汇总上报批次',
  test_centre: '考点',
  exam_room: '考场',
  seat_assignment: '考生座位',
  exam_attempt: '考生作答',
  exam_event: '违纪与异常情况',
  score: '成绩',
  certificate: '证书',
  work_calendar_day: '工作日历',
  publicity: '合格人员公示',
  publicity_objection: '公示异议',
  score_review: '成绩复核',
  item_analysis: '试题分析',
  expert: '评审专家',
  panel: '评审组',
  panel_sheet: '评分表',
} as const satisfies Record<string, string>;
export type AuditEntityType = keyof typeof AUDIT_ENTITY_LABELS;

/** Every action written to the audit log, grouped (for the filter) by what it acts on. */
export const AUDIT_ACTION_GROUPS = [
  {
    label: '登录',
    actions: { 'auth.login': '登录', 'auth.login_failed': '登录失败', 'auth.logout': '退出登录' },
  },
  {
    label: '账号',
    actions: {
      'account.create': '新增账号',
      'account.update': '修改账号',
      'account.activate': '启用账号',
      'account.deactivate': '停用账号',
      'account.locked': '账号被锁定',
      'account.unlock': '解除锁定',
      'account.password_changed': '修改密码',
      'account.reset_password': '重置密码',
      'account.reset_code_issued': '签发密码重置码',
      'account.reset_code_redeemed': '凭重置码设置密码',
      'account.sign_up': '申报人注册',
      'account.seed': '初始化账号',
    },
  },
  {
    label: '组织机构',
    actions: {
      'org.create': '新增机构',
      'org.update': '修改机构',
      'org.activate': '启用机构',
      'org.deactivate': '停用机构',
      'org.import': '导入机构',
      'org.seed': '初始化机构',
    },
  },
  {
    label: '工种目录',
    actions: { 'catalog.import': '导入工种目录', 'catalog.seed': '初始化工种目录' },
  },
  {
    label: '题库',
    actions: {
      'bank.create': '新建题库',
      'bank.update': '修改题库',
      'bank_item.create': '新建试题',
      'bank_item.update': '修改试题',
      'bank_item.new_version': '修改试题（生成新版本）',
      'bank_item.approve': '审核通过试题',
      'bank_item.retire': '停用试题',
      'bank_item.view': '查看试题内容',
      'bank_item.analysis_review': '试题分析：标为已复核',
      'item_analysis.compute': '计算试题分析',
      'bank_image.upload': '上传试题图片',
      'bank.qti_import': '导入 QTI 试题包',
      'bank.qti_export': '导出 QTI 试题包',
      'bank.import': '从 Excel 导入试题',
      'bank.export': '导出试题到 Excel',
      'bank.seed': '写入示例试题',
    },
  },
  {
    label: '组卷与试卷',
    actions: {
      'blueprint.create': '新建组卷规则',
      'blueprint.update': '修改组卷规则',
      'blueprint.delete': '删除组卷规则',
      'blueprint.publish': '发布组卷规则',
      'blueprint.withdraw': '撤回发布组卷规则',
      'paper.generate': '生成试卷',
      'paper.view': '查看试卷',
      'paper.verify': '按种子重建核验试卷',
    },
  },
  {
    label: '考点与考场',
    actions: {
      'centre.create': '新建考点',
      'centre.update': '修改考点',
      'room.create': '新建考场',
      'room.update': '修改考场',
      'seat_check.record': '机位检测',
      'centre.seed': '写入示例考点',
    },
  },
  {
    label: '编排考场',
    actions: {
      'seating.run': '编排考场',
      'seating.move': '调整座位',
      'seating.swap': '调换座位',
      'seating.publish': '发布编排结果（通知考生）',
    },
  },
  {
    label: '准考证与考务材料',
    actions: {
      'ticket.print': '打印准考证',
      'ticket.print_unit': '批量打印本单位准考证',
      'ticket.door_list': '打印考场门贴',
      'ticket.sign_in_sheet': '打印考生签到表',
      'ticket.print_set': '生成考点全套考务材料',
    },
  },
  {
    label: '归档材料',
    actions: {
      'archive.print': '下载考生归档材料',
      'archive.build': '生成归档材料压缩包',
    },
  },
  {
    label: '监考',
    actions: {
      'proctor.assign': '安排监考员',
      'proctor.unassign': '取消监考安排',
      'proctor.admit': '准许入场',
      'proctor.takeover': '确认换机',
      'proctor.move': '考场内调换座位',
      'proctor.give_time': '为考生延长时间',
      'proctor.give_time_room': '全考场延长时间',
      'proctor.pause': '暂停考场',
      'proctor.resume': '恢复考场',
      'proctor.stop': '终止考试（另行安排）',
      'proctor.absent': '标记缺考',
      'proctor.force_submit': '收卷',
      'proctor.violation': '记录违纪',
      'proctor.incident': '记录异常情况',
      'proctor.incident_end': '异常情况结束',
      'proctor.recovery': '导入断网恢复文件',
      'proctor.report': '打印场次报告',
    },
  },
  {
    label: '考试作答',
    actions: {
      'exam.submit': '考生交卷',
      'exam.submit_deadline': '到时自动交卷',
    },
  },
  {
    label: '考核年度',
    actions: {
      'campaign.create': '新建考核年度',
      'campaign.update': '修改考核年度',
      'campaign.open': '开放考核年度',
      'campaign.close': '结束考核年度',
      'campaign.online_registration': '设置网上报名',
      'campaign.extend_window': '延长办理期限',
      'campaign.seed': '初始化考核年度',
      'campaign.seed_large': '生成大规模演示数据',
      'campaign.statistics_rebuild': '重建统计计数',
      'campaign.training_settings': '设置培训要求',
    },
  },
  {
    label: '成绩',
    actions: {
      'score.compile': '汇总成绩',
      'score.rescore': '重新评分',
      'score.import': '导入属地考试成绩',
      'score.release': '发布成绩',
    },
  },
  {
    label: '证书',
    actions: {
      'certificate.issue': '批量发证',
      'certificate.revoke': '撤销证书',
      'certificate.reissue': '补发证书',
    },
  },
  {
    label: '公示与复核',
    actions: {
      'calendar.set': '设置工作日历',
      'calendar.delete': '删除工作日历日期',
      'publicity.publish': '发布合格人员公示',
      'publicity.notice': '下发合格人员通知',
      'objection.create': '登记公示异议',
      'objection.investigate': '调查公示异议',
      'objection.resolve': '处理公示异议',
      'score_review.file': '申请成绩复核',
      'score_review.decide': '答复成绩复核',
    },
  },
  {
    label: '综合评审',
    actions: {
      'expert.create': '新增评审专家',
      'expert.update': '修改评审专家',
      'expert.account': '建立评审专家账号',
      'panel.settings': '设置评审项目和合格线',
      'panel.create': '新建评审组',
      'panel.update': '修改评审组',
      'panel.assign': '分配评审考生',
      'panel.unassign': '移出评审考生',
      'panel_sheet.save': '保存评分表',
      'panel_sheet.submit': '提交评分表',
      'panel_sheet.return': '退回评分表',
      'panel.absent': '登记评审成员缺席',
      'panel.confirm': '确认评审结果',
      'panel.reopen': '重新开启评审组',
      'panel.record': '打印评审记录',
    },
  },
  {
    label: '场次与培训',
    actions: {
      'exam_session.create': '新增场次',
      'exam_session.update': '修改场次',
      'exam_session.delete': '删除场次',
      'training_class.create': '新建培训班',
      'training_class.update': '修改培训班',
      'training_class.delete': '删除培训班',
      'training_class.enrol': '加入培训学员',
      'training_class.unenrol': '移出培训学员',
      'training_class.sitting_add': '新增培训课次',
      'training_class.sitting_delete': '删除培训课次',
      'training_class.attendance': '记录培训考勤',
    },
  },
  {
    label: '申请',
    actions: {
      'application.create': '新增申请',
      'application.update': '修改申请',
      'application.delete': '删除申请',
      'application.submit': '提交申请',
      'application.submit_online': '网上提交申请',
      'application.confirm': '单位确认网上申请',
      'application.import': '批量导入申请',
      'application.file_upload': '上传材料',
      'application.file_delete': '删除材料',
      'application.batch_submit': '随批次上报',
      'application.batch_return': '随批次退回',
    },
  },
  {
    label: '资格审查',
    actions: {
      'review.approve': '审核通过',
      'review.return': '退回修改',
      'review.reject': '审核不通过',
      'review_batch.submit': '汇总上报',
      'review_batch.return': '整批退回',
    },
  },
] as const satisfies readonly { label: string; actions: Record<string, string> }[];

type ActionsOf<G> = G extends { actions: infer A } ? keyof A : never;
export type AuditAction = ActionsOf<(typeof AUDIT_ACTION_GROUPS)[number]>;

export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = Object.assign(
  {},
  ...AUDIT_ACTION_GROUPS.map((g) => g.actions),
);

/** The fields that appear in audit rows' before/after, across all entity types. */
export const AUDIT_FIELD_LABELS: Readonly<Record<string, string>> = {
  // 综合评审
  scores: '各项得分',
  comment: '评语',
  panelId: '评审组',
  expertId: '评审专家',
  memberIds: '成员',
  chairId: '组长',
  startsAt: '开始时间',
  endsAt: '结束时间',
  criteria: '评审项目',
  passLine: '合格线',
  workUnitId: '工作单位',
  accountId: '账号',
  results: '评审结果',
  absent: '缺席',
  by: '分配方式',
  specialty: '专长',
  confirmedAt: '确认时间',
  passed: '是否合格',
  memberCount: '评分人数',
  // Organisations
  name: '名称',
  kind: '类型',
  code: '代码',
  contactName: '联系人',
  contactPhone: '联系电话',
  active: '状态',
  // Test centres, rooms and seat checks
  address: '地址',
  rows: '座位行数',
  columns: '每行座位数',
  outOfUse: '停用座位',
  spareShare: '备用机位比例',
  seatLabel: '座位号',
  result: '检测结果',
  browser: '浏览器',
  screen: '屏幕分辨率',
  clockOffsetMs: '时钟偏差（毫秒）',
  roundTripMs: '往返时间（毫秒）',
  centreId: '考点编号',
  // Accounts
  username: '用户名',
  displayName: '姓名',
  role: '角色',
  orgNodeId: '所属机构编号',
  phone: '联系电话',
  lockedUntil: '锁定至',
  resetCodeExpiresAt: '重置码有效期至',
  resetCodeIssuedBy: '重置码签发人编号',
  // Campaigns
  year: '考核年度',
  noticeNumber: '通知文号',
  noticeDate: '通知日期',
  status: '状态',
  catalogVersionId: '工种目录编号',
  eligibilitySettings: '申报条件设置',
  examSettings: '考试设置',
  phases: '时间安排',
  jurisdictionId: '辖区编号',
  onlineRegistration: '网上报名',
  phase: '阶段',
  endsOn: '截止日期',
  reason: '原因',
  // Sessions and training
  sessionDate: '考试日期',
  startTime: '开考时间',
  subjects: '考试科目',
  lateEntryMinutes: '迟到限制（分钟）',
  earliestHandInMinutes: '最早交卷（分钟）',
  capacityNote: '容量说明',
  startsOn: '开始日期',
  place: '地点',
  teacher: '授课教师',
  jobTypeIds: '工种编号',
  grades: '等级',
  capacity: '人数上限',
  applicationIds: '申请编号',
  sittingId: '课次编号',
  sittingDate: '课次日期',
  topic: '内容',
  records: '考勤',
  attendanceRecords: '考勤条数',
  trainingRequiredForSeating: '完成培训方可编排',
  trainingRequiredShare: '培训出勤比例',
  // Seating
  runId: '编排记录编号',
  options: '编排选项',
  moveNotified: '重新安排已通知考生',
  fresh: '全新编排',
  counts: '编排统计',
  written: '写入座位数',
  removed: '收回或改写的座位数',
  sessionId: '场次编号',
  roomId: '考场编号',
  seat: '座位序号',
  ticketNumber: '准考证号',
  notified: '已通知',
  applicationId: '申请编号',
  a: '考生甲',
  b: '考生乙',
  // Question banks and items (never their content)
  subject: '科目',
  jobTypeId: '工种编号',
  grade: '等级',
  bankId: '题库编号',
  type: '题型',
  knowledgePoint: '知识点',
  difficulty: '难度',
  supersededVersions: '因此停用的旧版本',
  fileName: '文件名',
  mode: '导入方式',
  total: '行数',
  imported: '导入试题数',
  rejected: '有误的行数',
  count: '试题数',
  // Catalogue versions
  title: '文件名称',
  jobTypeCount: '工种数',
  // Applications
  source: '来源',
  unitId: '单位编号',
  idNumber: '身份证号',
  education: '文化程度',
  workStartMonth: '参加工作时间',
  regularizedMonth: '转正定级时间',
  currentJobType: '现岗位工种',
  currentGrade: '现岗位等级',
  currentGradeMonth: '现等级取得时间',
  currentGradeJobType: '现等级所属工种',
  yearsInCurrentJobType: '现岗位工种年限',
  appliedJobTypeId: '申报工种编号',
  appliedGrade: '申报等级',
  retirementGroup: '女性退休年龄基准',
  vehicleReformTransfer: '因公车改革变更工种',
  exceptionalPromotion: '申请破格',
  evidenceNote: '破格/变更工种依据说明',
  appointedToGrade2Post: '已聘任在二级岗位',
  appraisals: '近五年年度考核',
  waiverAward: '可免除条件的奖励',
  remarks: '备注',
  files: '材料',
  file: '材料',
  // The review chain
  returnedTo: '退回至',
  returnCount: '退回次数',
  rejectReason: '不通过原因',
  overruledVerdict: '改判前系统结论',
  departmentBatchId: '主管部门上报批次编号',
  jurisdictionBatchId: '市县上报批次编号',
  version: '版本号',
  level: '审核层级',
  reasonCode: '原因',
  opinion: '审核意见',
  overruleReason: '改判理由',
  // Batches
  batchNo: '批次号',
  toNodeId: '上报至机构编号',
  applicationCount: '申请数',
  note: '说明',
  summary: '汇总',
  returnReason: '退回原因',
  returnedApplications: '退回申请数',
  // Large demo data
  applications: '申请数',
  reviews: '审核记录数',
  batches: '批次数',
  // Statistics counters
  differences: '不一致的计数组数',
};

const REASON_LABELS: Readonly<Record<string, string>> = { ...RETURN_REASONS, ...REJECT_REASONS };

const lookup = (table: Readonly<Record<string, string>>) => (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? table[String(value)] : undefined;

/** Coded values of a field, per entity type where the same name means different things. */
const VALUE_LABELS: Readonly<Record<string, (value: unknown, entityType: string) => string | undefined>> = {
  status: (value, entityType) => {
    if (typeof value !== 'string') return undefined;
    if (entityType === 'campaign') return (CAMPAIGN_STATUS_LABELS as Record<string, string>)[value];
    if (entityType === 'review_batch') return (BATCH_STATUS_LABELS as Record<string, string>)[value];
    if (entityType === 'bank_item' || entityType === 'question_bank') {
      return (ITEM_STATUS_LABELS as Record<string, string>)[value];
    }
    return STATUS_LABELS[value as ApplicationStatus];
  },
  active: (value) => (value === true ? '启用' : value === false ? '停用' : undefined),
  kind: lookup(ORG_KIND_LABELS),
  role: lookup(ROLE_LABELS),
  source: lookup(SOURCE_LABELS),
  education: lookup(EDUCATION_LABELS),
  currentGrade: lookup(GRADE_LABELS),
  appliedGrade: lookup(GRADE_LABELS),
  retirementGroup: lookup(RETIREMENT_GROUP_LABELS),
  level: lookup(LEVEL_LABELS as Record<Stage, string>),
  returnedTo: lookup(LEVEL_LABELS as Record<Stage, string>),
  overruledVerdict: lookup(VERDICT_LABELS),
  phase: lookup(PHASE_LABELS),
  reasonCode: lookup(REASON_LABELS),
  rejectReason: lookup(REASON_LABELS),
  subject: lookup(SUBJECT_LABELS),
  type: (value, entityType) =>
    entityType === 'bank_item' && typeof value === 'string'
      ? (ITEM_TYPE_LABELS as Record<string, string>)[value]
      : undefined,
  difficulty: (value) => (typeof value === 'number' ? (DIFFICULTY_LABELS as Record<number, string>)[value] : undefined),
  grade: lookup(GRADE_LABELS),
  mode: lookup({ all_or_nothing: '全部正确才导入', good_rows: '只导入正确的行' }),
};

export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;
}

export function auditEntityLabel(entityType: string): string {
  return (AUDIT_ENTITY_LABELS as Record<string, string>)[entityType] ?? entityType;
}

export function auditFieldLabel(field: string): string {
  return AUDIT_FIELD_LABELS[field] ?? field;
}

/**
 * A coded value in words (状态 draft → 草稿, 启用 true → 启用, 申报等级 4 → 四级（中级工）), or undefined when the
 * value is not a code this table knows (names, dates and numbers are shown as they are).
 */
export function auditValueLabel(entityType: string, field: string, value: unknown): string | undefined {
  if (typeof value === 'boolean' && field !== 'active') return value ? '是' : '否';
  return VALUE_LABELS[field]?.(value, entityType);
}
