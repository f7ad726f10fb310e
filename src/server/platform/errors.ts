import { BLUEPRINT_PROBLEM_CODES, type BlueprintProblemCode } from '../../domain/blueprint.js';
import { ITEM_PROBLEM_CODES, type ItemProblemCode } from '../../domain/items.js';
import { SEAT_MAP_PROBLEMS, type SeatMapProblemCode } from '../../domain/seat-map.js';
import { MOVE_REFUSAL_CODES, type MoveRefusalCode } from '../../domain/seating.js';
import { SESSION_PROBLEM_CODES } from '../../domain/sessions.js';

/**
 * validateItem's codes answer 400 with the domain's own Chinese message for the item at hand (the service passes
 * it); the message here is the fallback. Codes are the domain's, so imports and clients key on one set.
 */
const ITEM_PROBLEM_ERRORS = Object.fromEntries(
  Object.keys(ITEM_PROBLEM_CODES).map((code) => [code, { status: 400, message: '试题内容不符合要求' }]),
) as Record<ItemProblemCode, { status: 400; message: string }>;

/**
 * validateBlueprint's and checkSufficiency's codes, likewise: a blueprint's own faults answer 400; what the pool
 * cannot give (a short cell, an unreachable difficulty, a tolerance to confirm) refuses a publish with 409.
 */
const BLUEPRINT_POOL_ERRORS: Partial<Record<BlueprintProblemCode, string>> = {
  BLUEPRINT_CELL_SHORT: '有抽题规则的已审核试题不足，不能发布',
  BLUEPRINT_DIFFICULTY_UNREACHABLE: '按当前题库，试卷平均难度达不到目标，不能发布',
  BLUEPRINT_TOLERANCE_TOO_TIGHT: '平均难度允许偏差小于各份试卷的自然波动，须确认后才能发布',
  POOL_DUPLICATE_ITEM: '题库中同一试题出现了两次，不能发布',
};
const BLUEPRINT_PROBLEM_ERRORS = Object.fromEntries(
  Object.keys(BLUEPRINT_PROBLEM_CODES).map((code) => {
    const pool = BLUEPRINT_POOL_ERRORS[code as BlueprintProblemCode];
    return [code, pool ? { status: 409, message: pool } : { status: 400, message: '组卷规则不符合要求' }];
  }),
) as Record<BlueprintProblemCode, { status: 400 | 409; message: string }>;

/** The seat map's codes (domain/seat-map.ts): 400 with the domain's message for the seat at hand. */
const SEAT_MAP_ERRORS = Object.fromEntries(
  Object.entries(SEAT_MAP_PROBLEMS).map(([code, message]) => [code, { status: 400, message }]),
) as Record<SeatMapProblemCode, { status: 400; message: string }>;

/** Manual seating moves' refusals (domain/seating.ts): 409 (or 404/400) with the domain's message. */
const SEATING_MOVE_ERRORS = Object.fromEntries(
  Object.entries(MOVE_REFUSAL_CODES).map(([code, message]) => [
    code,
    {
      status:
        code === 'SEATING_UNKNOWN_CANDIDATE' || code === 'SEATING_NO_SESSION' || code === 'SEATING_NO_ROOM'
          ? 404
          : code === 'SEATING_NO_SEAT' || code === 'SEATING_SAME_CANDIDATE'
            ? 400
            : 409,
      message,
    },
  ]),
) as Record<MoveRefusalCode, { status: number; message: string }>;

/**
 * The one error type. Every code maps to an HTTP status and a Chinese message in one exhaustive table;
 * clients receive `{ error: { code, message } }` and never a stack trace.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: '提交的数据不符合要求' },
  BAD_REQUEST: { status: 400, message: '请求格式不正确' },
  URL_INVALID: { status: 400, message: '请求地址不正确' },
  URL_TOO_LONG: { status: 414, message: '请求地址过长' },
  HEADERS_TOO_LARGE: { status: 431, message: '请求地址或请求头过长' },
  REQUEST_TIMEOUT: { status: 408, message: '请求超时，请重试' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持该请求内容类型' },
  AUTH_REQUIRED: { status: 401, message: '请先登录' },
  SESSION_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  AUTH_INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  AUTH_ACCOUNT_LOCKED: { status: 423, message: '账号已被临时锁定，请稍后再试' },
  AUTH_THROTTLED: { status: 429, message: '登录失败次数过多，请稍后再试' },
  AUTH_ACCOUNT_DISABLED: { status: 403, message: '账号已停用，请联系管理员' },
  AUTH_WRONG_PASSWORD: { status: 400, message: '当前密码不正确' },
  PASSWORD_POLICY: { status: 400, message: '新密码不符合密码规则' },
  RESET_CODE_INVALID: { status: 400, message: '身份证号或重置码不正确，或重置码已失效；请向所在地工考办重新申请' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: '首次登录须先修改初始密码' },
  CSRF_INVALID: { status: 403, message: '安全校验失败，请刷新页面后重试' },
  ORIGIN_FORBIDDEN: { status: 403, message: '拒绝来自其他站点的请求' },
  FORBIDDEN: { status: 403, message: '无权进行此操作' },
  NOT_FOUND: { status: 404, message: '记录不存在或无权访问' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  CONFLICT: { status: 409, message: '数据冲突，请刷新后重试' },
  ORG_NAME_TAKEN: { status: 409, message: '同一上级下已有同名机构' },
  ORG_CODE_TAKEN: { status: 409, message: '该统一社会信用代码已被其他机构使用' },
  ORG_KIND_NOT_ALLOWED: { status: 400, message: '该位置下不能建立这种机构' },
  ORG_INACTIVE: { status: 400, message: '上级机构已停用' },
  ORG_HAS_ACTIVE_CHILDREN: { status: 409, message: '该机构下还有启用中的下级机构，不能停用' },
  CREDIT_CODE_INVALID: { status: 400, message: '统一社会信用代码不正确' },
  ACCOUNT_USERNAME_TAKEN: { status: 409, message: '用户名已被使用' },
  ACCOUNT_ROLE_NOT_ALLOWED: { status: 400, message: '该机构不能设置这种角色的账号' },
  IMPORT_FILE_INVALID: { status: 400, message: '无法读取上传的 Excel 文件' },
  IMPORT_TOO_LARGE: { status: 413, message: '文件过大' },
  IMPORT_TOO_MANY_ROWS: { status: 413, message: '文件中的行数超过一次导入的上限，请分批导入' },
  UPLOAD_INVALID: { status: 400, message: '无法读取上传的内容，请重新选择文件上传' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  RATE_LIMITED: { status: 429, message: '请求过于频繁，请稍后再试' },
  INTERNAL: { status: 500, message: '系统繁忙，请稍后再试' },
  DB_BUSY: { status: 503, message: '系统繁忙，请稍后再试' },
  DB_LOCKED: { status: 409, message: '该数据正由他人处理，请稍后重试' },
  // Heavy work (batch prints, exports, imports): background jobs and concurrency limits (issue 10).
  JOBS_BUSY: { status: 429, message: '您已有任务正在进行，请等其完成后再试' },
  SERVER_BUSY: { status: 503, message: '当前排队的任务较多，请稍后再试' },
  JOB_NOT_READY: { status: 409, message: '任务尚未完成' },
  // Operations (issue 18): metrics for operators, readiness for load balancers.
  METRICS_DISABLED: { status: 404, message: '未配置运维令牌（METRICS_TOKEN），监控指标接口未开放' },
  OPERATOR_TOKEN_INVALID: { status: 401, message: '需要有效的运维令牌（Authorization: Bearer …）' },
  SERVER_DRAINING: { status: 503, message: '本服务进程正在停止，请求将由其他进程处理' },
  DATABASE_UNREACHABLE: { status: 503, message: '数据库暂时无法访问' },
  MIGRATIONS_PENDING: { status: 503, message: '数据库尚未升级到本版本（迁移未完成）' },
  TOO_MANY_CONCURRENT: { status: 429, message: '您同时进行的下载或打印过多，请等前面的完成后再试' },
  // Catalogue and campaigns (issue 4).
  CATALOG_NAME_TAKEN: { status: 409, message: '已有同名（同文号）的工种目录' },
  CATALOG_IMPORT_INVALID: { status: 400, message: '工种目录文件中没有可导入的数据' },
  CAMPAIGN_NOT_OPEN: { status: 404, message: '当前没有开放的考核年度' },
  CAMPAIGN_ALREADY_OPEN: { status: 409, message: '已有开放中的考核年度，同一时间只能开放一个' },
  CAMPAIGN_CLOSED: { status: 409, message: '该考核年度已结束，不能再修改' },
  CAMPAIGN_YEAR_TAKEN: { status: 409, message: '该年度的考核已经建立' },
  TIMETABLE_INVALID: { status: 400, message: '考务日程安排不正确' },
  WINDOW_CLOSED: { status: 409, message: '不在规定的时间内' },
  GRADE1_WINDOW_CLOSED: { status: 409, message: '不在一级（高级技师）申报时间内' },
  // Applications and online registration (issue 4).
  APPLICATION_DUPLICATE: { status: 409, message: '该申报人已报名，同一考核年度只能报名一次' },
  APPLICATION_NOT_EDITABLE: { status: 409, message: '当前状态下不能修改该申请' },
  STALE_VERSION: { status: 409, message: '数据已被他人修改，请刷新后再保存' },
  ID_NUMBER_INVALID: { status: 400, message: '身份证号不正确' },
  JOB_TYPE_INVALID: { status: 400, message: '申报工种不在本年度的工种目录中' },
  ONLINE_REGISTRATION_OFF: { status: 403, message: '该单位所在地区未开通网上报名' },
  ACCOUNT_EXISTS: { status: 409, message: '该身份证号已注册，请直接登录' },
  FILE_TYPE_INVALID: { status: 400, message: '文件类型不符合要求' },
  FILE_TOO_LARGE: { status: 413, message: '文件过大' },
  PHOTO_SIZE_INVALID: { status: 400, message: '照片尺寸不符合2寸免冠照片要求' },
  GRADE1_EVIDENCE_MISSING: { status: 409, message: '一级（高级技师）申请缺少所需的证明材料，不能提交' },
  // Import, export and printing of applications (issue 4).
  PDF_FONT_MISSING: { status: 503, message: '服务器未安装中文字体，暂时无法生成 PDF，请联系系统管理员' },
  OUTPUT_TOO_LARGE: { status: 400, message: '数据过多，请缩小范围后分批导出或打印' },
  // The review chain (issue 5).
  REVIEW_NOT_YOUR_TURN: { status: 409, message: '该申请当前不在您这一级审核' },
  REVIEW_FINISHED: { status: 409, message: '该申请的审核已经结束' },
  REVIEW_NOT_SUBMITTED: { status: 409, message: '该申请尚未提交，不能审核' },
  REVIEW_AWAITING_CORRECTION: { status: 409, message: '该申请已退回修改，等待修改后重新提交' },
  REVIEW_REASON_REQUIRED: { status: 400, message: '退回或不通过须选择原因' },
  REVIEW_OVERRULE_REASON_REQUIRED: { status: 400, message: '通过系统判定不符合或需核实的申请须填写理由' },
  REVIEW_DEADLINE_PASSED: { status: 409, message: '本级审核的截止时间已过' },
  REVIEW_LEVEL_NONE: { status: 403, message: '您的账号不承担资格审查工作' },
  REVIEW_BULK_TOO_LARGE: { status: 400, message: '一次批量处理的申请过多' },
  REVIEW_COUNT_CHANGED: { status: 409, message: '待处理的申请已有变化，请刷新列表后重新操作' },
  BULK_TOO_LARGE: { status: 400, message: '一次批量处理的申请过多' },
  BATCH_EMPTY: { status: 409, message: '没有可以汇总上报的申请' },
  BATCH_NOT_RETURNABLE: { status: 409, message: '该批次不能退回' },
  // Exam content sealed at rest (question banks, papers).
  CONTENT_KEY_MISSING: {
    status: 503,
    message: '服务器未配置题库密钥（BANK_KEY），暂时无法读写题库内容，请联系系统管理员',
  },
  CONTENT_KEY_MISMATCH: { status: 503, message: '题库密钥与加密数据不符，请联系系统管理员核对密钥' },
  SIGNING_KEY_MISSING: {
    status: 503,
    message: '服务器未配置签名密钥（SIGNING_KEY），暂时无法签发准考证，请联系系统管理员',
  },
  CONTENT_TAMPERED: { status: 500, message: '加密数据已损坏或被篡改，已拒绝读取，请联系系统管理员' },
  // Question banks (题库) and items (试题); the lifecycle's codes are the domain's (itemTransition, editPlan).
  BANK_SCOPE_INVALID: {
    status: 400,
    message:
      '岗位技能题库须指定工种和等级（五级至二级），专业基础知识题库须指定工种（一级）；职业道德、职业能力题库不指定工种',
  },
  BANK_TAKEN: { status: 409, message: '已有同一科目、工种和等级的题库，或题库名称重复' },
  ITEM_VERSION_STALE: {
    status: 409,
    message: '该试题在您打开后已被他人修改（或审核、停用），请重新加载后在最新内容上修改',
  },
  ITEM_APPROVE_OWN: { status: 403, message: '不能审核自己编写或修改的试题，须由他人审核' },
  ITEM_ALREADY_APPROVED: { status: 409, message: '该试题已审核通过' },
  ITEM_ALREADY_RETIRED: { status: 409, message: '该试题已停用' },
  ITEM_ANALYSIS_MISSING: { status: 409, message: '该科目尚未进行试题分析' },
  ITEM_RETIRED_FINAL: { status: 409, message: '该试题已停用，不能再审核或修改' },
  IMAGE_TYPE_INVALID: { status: 400, message: '只接受 PNG、JPEG、GIF 或 WebP 图片' },
  IMAGE_TOO_LARGE: { status: 413, message: '图片不能超过 2 MB' },
  ITEM_IMAGE_NOT_FOUND: { status: 400, message: '试题引用的图片不存在，请重新上传' },
  QTI_PACKAGE_INVALID: { status: 400, message: '无法读取 QTI 试题包，请上传含 imsmanifest.xml 的 .zip 文件' },
  QTI_PACKAGE_TOO_LARGE: { status: 413, message: 'QTI 试题包过大' },
  BANK_EXPORT_TOO_LARGE: { status: 400, message: '符合条件的试题过多，请按状态分批导出' },
  BANK_QUEUE_CHANGED: { status: 409, message: '待审核试题已有变化，请刷新列表后重新操作' },
  // Papers (试卷): generation refuses before writing anything (docs/api-papers.md).
  PAPERS_NO_CANDIDATES: { status: 409, message: '本考核年度还没有经省级确认的考生（五级至二级），无需生成试卷' },
  PAPERS_BLUEPRINTS_NOT_READY: { status: 409, message: '有组卷规则尚未建立或尚未发布，不能生成试卷' },
  PAPERS_DRAW_REFUSED: { status: 409, message: '有组卷规则无法从当前题库抽出试卷，不能生成试卷' },
  PAPERS_GENERATION_BUSY: { status: 409, message: '本考核年度的试卷正在由另一任务生成，请稍后刷新查看' },
  PAPERS_POOL_CHANGED: {
    status: 409,
    message: '生成期间有被抽中的试题被修改或停用，本次未生成试卷，请重新生成',
  },
  ...ITEM_PROBLEM_ERRORS,
  // Blueprints (组卷规则); the rules' own codes are the domain's (validateBlueprint, checkSufficiency).
  BLUEPRINT_SCOPE_INVALID: { status: 400, message: '岗位技能的组卷规则须为本考核年度工种目录中的工种及其所设等级' },
  BLUEPRINT_TAKEN: { status: 409, message: '该科目（工种、等级）已有组卷规则' },
  BLUEPRINT_STALE: {
    status: 409,
    message: '该组卷规则在您打开后已被他人修改（或发布、撤回），请重新加载后在最新内容上操作',
  },
  BLUEPRINT_PUBLISHED: { status: 409, message: '已发布的组卷规则不能修改，请先撤回发布' },
  BLUEPRINT_ALREADY_PUBLISHED: { status: 409, message: '该组卷规则已发布' },
  BLUEPRINT_NOT_PUBLISHED: { status: 409, message: '该组卷规则尚未发布' },
  BLUEPRINT_HAS_PAPERS: { status: 409, message: '已按此规则生成了试卷，不能撤回发布' },
  BLUEPRINT_IN_USE: { status: 409, message: '已按此规则组过卷，不能删除' },
  ...BLUEPRINT_PROBLEM_ERRORS,
  // Test centres (考点), rooms (考场) and seat checks (机位检测), issue 14 (docs/api-centres.md).
  CENTRE_CODE_TAKEN: { status: 409, message: '本地区已有该代码的考点' },
  CENTRE_NAME_TAKEN: { status: 409, message: '本地区已有同名考点' },
  ROOM_CODE_TAKEN: { status: 409, message: '本考点已有该代码的考场' },
  ROOM_INACTIVE: { status: 409, message: '考场或考点已停用' },
  SEAT_OUT_OF_USE: { status: 409, message: '该座位已停用' },
  ACCOUNT_CENTRE_REQUIRED: { status: 400, message: '考点管理员须指定本地区的一个考点' },
  TICKET_NOT_SEATED: { status: 404, message: '该考生尚未编排考场和座位，暂无准考证' },
  TICKET_NOT_PUBLISHED: { status: 409, message: '考场编排尚未发布，暂不能打印准考证' },
  TICKET_OUTSIDE_WINDOW: { status: 409, message: '不在准考证打印时间内' },
  TICKET_BATCH_TOO_LARGE: { status: 413, message: '一次打印的准考证过多，请按单位分批打印' },
  PRINT_SET_FILE_GONE: { status: 410, message: '考务材料文件已过期或已清理，请重新生成' },
  ...SEAT_MAP_ERRORS,
  // Exam sessions (场次); validateSession's codes are the domain's (src/domain/sessions.ts).
  SESSION_TIME_INVALID: { status: 400, message: SESSION_PROBLEM_CODES.SESSION_TIME_INVALID },
  SESSION_SUBJECTS_INVALID: { status: 400, message: SESSION_PROBLEM_CODES.SESSION_SUBJECTS_INVALID },
  SESSION_LIMITS_INVALID: { status: 400, message: SESSION_PROBLEM_CODES.SESSION_LIMITS_INVALID },
  SESSION_PAST_MIDNIGHT: { status: 400, message: SESSION_PROBLEM_CODES.SESSION_PAST_MIDNIGHT },
  SESSION_OUTSIDE_EXAM_PHASE: { status: 400, message: SESSION_PROBLEM_CODES.SESSION_OUTSIDE_EXAM_PHASE },
  SESSION_OVERLAP: { status: 409, message: SESSION_PROBLEM_CODES.SESSION_OVERLAP },
  SESSION_NAME_TAKEN: { status: 409, message: '本考核年度已有同名场次' },
  SESSION_IN_USE: { status: 409, message: '已有编排指向该场次，不能删除' },
  SESSION_STARTED: { status: 409, message: '本场次已有考生登录考试，不能再修改日期、时间和科目' },
  // Training (培训).
  TRAINING_CLASS_INVALID: { status: 400, message: '培训班信息不正确' },
  TRAINING_CLASS_NAME_TAKEN: { status: 409, message: '本辖区本年度已有同名培训班' },
  TRAINING_CLASS_NOT_EMPTY: { status: 409, message: '培训班已有学员或课次，不能删除' },
  TRAINING_CLASS_FULL: { status: 409, message: '培训班人数已满' },
  TRAINING_ALREADY_ENROLLED: { status: 409, message: '考生已在本年度的其他培训班中' },
  TRAINING_CANDIDATE_INVALID: { status: 400, message: '只能加入本辖区已经省级确认的考生' },
  TRAINING_SITTING_INVALID: { status: 400, message: '课次日期须在培训班的起止日期内' },
  TRAINING_SITTING_TAKEN: { status: 409, message: '该日期已有课次' },
  // Seating (编排考场); manual moves' refusals are the domain's (src/domain/seating.ts).
  ...SEATING_MOVE_ERRORS,
  SEATING_BUSY: { status: 409, message: '本考核年度的编排正在进行，请稍候再试' },
  SEATING_TOO_MANY_ROOMS: { status: 409, message: '一个考点的考场（考场 × 场次）超过 99 个，考场号无法编排' },
  SEATING_COUNT_CHANGED: { status: 409, message: '待通知的座位数已变化，请刷新后重新确认' },
  SEATING_NOTIFIED_UNCONFIRMED: {
    status: 409,
    message: '该考生的座位已通知，调整后须重新通知考生；请确认后再调整',
  },
  SEATING_ROOM_NOT_NUMBERED: {
    status: 409,
    message: '该考场在该场次尚无考场号（编排后新增的考场），请省工考办重新编排后再调整',
  },
  SEATING_OUT_OF_SCOPE: { status: 403, message: '只能调整本辖区考点内的座位' },
  // Exam day, the proctor's console (modules/proctoring, docs/api-exam-day.md).
  EXAM_NOT_ASSIGNED: { status: 403, message: '您未被安排在该考场监考' },
  EXAM_PROCTOR_INVALID: {
    status: 400,
    message: '只能安排本辖区内、可到达该考点的有效监考员账号',
  },
  EXAM_PROCTOR_ASSIGNED: { status: 409, message: '该监考员已安排在此考场' },
  EXAM_NOT_IN_ROOM: { status: 404, message: '该考生不在本考场' },
  EXAM_NOT_SIGNED_IN: { status: 409, message: '该考生尚未在考试机上登录' },
  EXAM_ALREADY_ADMITTED: { status: 409, message: '该考生已入场' },
  EXAM_ALREADY_ABSENT: { status: 409, message: '该考生已标记缺考' },
  EXAM_ATTEMPT_CLOSED: { status: 409, message: '该考生已交卷或考试已终止' },
  EXAM_NO_PENDING_CLIENT: { status: 409, message: '该考生没有等待换机的考试机' },
  EXAM_TIME_INVALID: { status: 400, message: '延长时间须为 1 秒至 240 分钟之间的整秒数' },
  EXAM_MOVE_OTHER_CENTRE: { status: 409, message: '只能调到同一考点、同一场次的考场' },
  EXAM_SEAT_UNKNOWN: { status: 400, message: '座位不存在' },
  EXAM_SEAT_OUT_OF_USE: { status: 409, message: '该座位已停用' },
  EXAM_SEAT_TAKEN: { status: 409, message: '该座位已有考生' },
  EXAM_ROOM_STOPPED: { status: 409, message: '本考场本场考试已终止' },
  EXAM_ROOM_PAUSED: { status: 409, message: '考场已暂停' },
  EXAM_ROOM_NOT_PAUSED: { status: 409, message: '考场未暂停' },
  EXAM_STOP_TOO_EARLY: { status: 409, message: '故障暂停未超过规定时限，不能终止考试' },
  EXAM_ABSENT_TOO_EARLY: { status: 409, message: '迟到入场截止前不能标记缺考' },
  EXAM_NOTHING_TO_SUBMIT: { status: 409, message: '该考生没有可收取的科目' },
  EXAM_INCIDENT_TIMES: { status: 400, message: '异常情况的时间不正确（结束不能早于开始，也不能晚于现在）' },
  EXAM_INCIDENT_ENDED: { status: 409, message: '该异常情况已记录结束时间' },
  EXAM_RECOVERY_OTHER_ROOM: { status: 409, message: '恢复文件不属于本考场本场次的考生' },
  // Exam day, the candidate's client (modules/delivery, docs/api-exam-day.md).
  EXAM_AUTH_REQUIRED: { status: 401, message: '请先用准考证号和身份证号签到' },
  EXAM_CREDENTIALS: { status: 401, message: '准考证号或身份证号不正确' },
  EXAM_CLIENT_TOKEN_TAKEN: { status: 409, message: '本机令牌已被另一位考生使用，请刷新页面后重新登录' },
  EXAM_NO_SESSION_TODAY: { status: 409, message: '您今天没有考试场次' },
  EXAM_TOO_LATE: { status: 409, message: '已过开考后允许入场的时间，不能签到，请联系监考员' },
  EXAM_ABSENT: { status: 409, message: '您已被记为缺考' },
  EXAM_STOPPED: { status: 409, message: '本场考试已终止，将另行安排' },
  EXAM_FINISHED: { status: 409, message: '您已交卷，本场考试已结束' },
  EXAM_PAPER_MISSING: { status: 409, message: '未找到您的试卷，请联系监考员' },
  EXAM_CLIENT_REPLACED: {
    status: 401,
    message: '本机的作答凭证已失效（已在其他考试机上作答或已换机），请联系监考员',
  },
  EXAM_CLIENT_PENDING: { status: 409, message: '请等待监考员确认换机后再作答' },
  EXAM_NOT_ADMITTED: { status: 409, message: '请等待监考员核验身份、准许入场' },
  EXAM_SUBJECT_NOT_FOUND: { status: 404, message: '本场考试没有该科目' },
  EXAM_SUBJECT_NOT_OPEN: { status: 409, message: '本科目尚未开考' },
  EXAM_SUBJECT_CLOSED: { status: 409, message: '本科目已交卷或已过作答时间' },
  EXAM_ANSWER_INVALID: { status: 400, message: '答案不符合试题（选项不存在或题号超出试卷）' },
  EXAM_TOO_EARLY: { status: 409, message: '未到允许交卷的时间' },
  EXAM_PAUSED: { status: 409, message: '考场暂停中，暂不能交卷' },
  RECOVERY_KEY_MISSING: {
    status: 503,
    message: '服务器未配置断网恢复密钥（EXAM_RECOVERY_KEY），暂时无法导入恢复文件，请联系系统管理员',
  },
  RECOVERY_FILE_INVALID: { status: 400, message: '恢复文件无法解密或格式不正确' },
  // Results (成绩), issue 16.
  SCORE_LOOKUP_NO_MATCH: { status: 404, message: '没有查到匹配的成绩，请核对身份证号和准考证号（成绩发布后方可查询）' },
  SCORES_RELEASED: { status: 409, message: '成绩已发布，不能再修改' },
  SCORES_NOT_COMPILED: { status: 409, message: '尚未汇总成绩，请先汇总再发布' },
  // Archives and campaign close (issue 16 part 6).
  CAMPAIGN_NOT_FINISHED: { status: 409, message: '该考核年度尚未完成（成绩未发布或仍有考生在作答），不能结束' },
  ARCHIVE_FILE_GONE: { status: 404, message: '归档材料文件已过期或已被清理，请重新生成' },
  ARCHIVE_EMPTY: { status: 409, message: '所选范围内没有考生，无法生成归档材料' },
  // Certificates (证书).
  CERTIFICATE_NOT_FOUND: { status: 404, message: '没有查到该编号的证书，请核对证书编号' },
  CERTIFICATES_NOT_RELEASED: { status: 409, message: '成绩尚未发布，不能发证' },
  CERTIFICATES_PUBLICITY_RUNNING: { status: 409, message: '合格人员公示期未满或仍有未处理的异议，公示期满后方可发证' },
  CERTIFICATE_REVOKED: { status: 409, message: '该证书已撤销' },
  CERTIFICATE_SCOPE: { status: 403, message: '只能为本人管辖范围内的考生发证、打印和撤销证书' },
  CERTIFICATES_NONE_TO_PRINT: { status: 409, message: '范围内没有有效证书可打印，请先发证' },
  CERTIFICATE_SERIALS_EXHAUSTED: { status: 409, message: '该地区本年度的证书流水号已用完（最多 99999 个）' },
  // Publicity (公示) and score review (复核), issue 16.
  SCORES_NOT_RELEASED: { status: 409, message: '成绩尚未发布' },
  PUBLICITY_PUBLISHED: { status: 409, message: '该考核年度的合格人员已公示' },
  PUBLICITY_NOT_PUBLISHED: { status: 404, message: '该考核年度尚未公示合格人员' },
  PUBLICITY_ENDED: { status: 409, message: '公示期已满，不再受理异议' },
  PUBLICITY_RUNNING: { status: 409, message: '公示期未满，公示期满后方可下发合格人员通知' },
  PUBLICITY_PERSON_NOT_LISTED: { status: 404, message: '公示名单中没有该人员' },
  OBJECTION_RESOLVED: { status: 409, message: '该异议已处理完毕' },
  OBJECTIONS_OPEN: { status: 409, message: '还有未处理完的异议，处理完毕后方可下发合格人员通知' },
  CALENDAR_INVALID: { status: 400, message: '工作日历的日期不正确' },
  REVIEW_WINDOW_CLOSED: { status: 409, message: '不在成绩复核申请期内' },
  REVIEW_DUPLICATE: { status: 409, message: '该科目已申请复核' },
  REVIEW_NOT_REVIEWABLE: { status: 409, message: '该科目没有可复核的考试作答' },
  REVIEW_PANEL_NOT_REVIEWABLE: {
    status: 409,
    message: '综合评审（一级）成绩由评审专家组评定，不能按试卷申请复核',
  },
  REVIEW_DECIDED: { status: 409, message: '该复核申请已答复' },
  // 综合评审 (一级 panel review), issue 17 part 3.
  PANEL_CRITERIA_INVALID: { status: 400, message: '评审项目设置不符合要求' },
  PANEL_SHEET_INVALID: { status: 400, message: '评分不符合要求' },
  PANEL_CRITERIA_IN_USE: { status: 409, message: '本考核年度已有评分，不能再修改评审项目' },
  EXPERT_ID_INVALID: { status: 400, message: '专家的身份证号不正确' },
  PANEL_SCHEDULE_INVALID: { status: 400, message: '评审开始时间须早于结束时间' },
  EXPERT_NOT_FOUND: { status: 404, message: '评审专家不存在' },
  EXPERT_ID_TAKEN: { status: 409, message: '该身份证号的专家已在专家库中' },
  EXPERT_UNIT_INVALID: { status: 400, message: '工作单位须为组织机构中的主管部门或单位' },
  EXPERT_HAS_ACCOUNT: { status: 409, message: '该专家已有账号' },
  EXPERT_NO_ACCOUNT: { status: 409, message: '该专家还没有账号，请先为其建立账号' },
  EXPERT_INACTIVE: { status: 409, message: '该专家已停用' },
  PANEL_NOT_FOUND: { status: 404, message: '评审组不存在，或您不是该组成员' },
  PANEL_NAME_TAKEN: { status: 409, message: '本考核年度已有同名评审组' },
  PANEL_CHAIR_REQUIRED: { status: 400, message: '评审组须有成员，且组长须是其中一名成员' },
  PANEL_MEMBER_BUSY: { status: 409, message: '该专家已有评分，不能移出评审组' },
  PANEL_CONFIRMED: { status: 409, message: '评审组已确认，不能再修改；如需修改，请省级管理员重新开启' },
  PANEL_NOT_CONFIRMED: { status: 409, message: '评审组尚未确认' },
  PANEL_CONFLICTS: { status: 409, message: '评审组成员与考生同单位，须回避：请调换成员后再分配' },
  PANEL_CANDIDATE_NOT_ELIGIBLE: { status: 409, message: '只能分配本考核年度经省级确认的一级申报人' },
  PANEL_CANDIDATE_ASSIGNED: { status: 409, message: '考生已分在其他评审组（每人每年只进一个评审组）' },
  PANEL_CANDIDATE_SCORED: { status: 409, message: '该考生已有评分，不能移出评审组' },
  PANEL_CANDIDATE_NOT_ASSIGNED: { status: 404, message: '该考生不在您的评审组中' },
  PANEL_OWN_UNIT: { status: 409, message: '评审专家不评本单位的考生（回避）' },
  PANEL_OUTSIDE_SCHEDULE: { status: 409, message: '不在评审时间内，不能评分' },
  PANEL_MEMBER_ABSENT: { status: 409, message: '您已登记为缺席，不能评分' },
  PANEL_SHEET_SUBMITTED: { status: 409, message: '评分表已提交，不能再修改；如需修改，请组长退回' },
  PANEL_SHEET_NOT_SUBMITTED: { status: 409, message: '该评分表尚未提交，无须退回' },
  PANEL_NOT_CHAIR: { status: 403, message: '只有评审组组长可以退回评分表、登记缺席和确认评审结果' },
  PANEL_SHEETS_OUTSTANDING: {
    status: 409,
    message: '还有成员未提交评分表：须全部提交或登记缺席（评审时间结束后可直接确认）',
  },
  PANEL_CANDIDATE_UNSCORED: { status: 409, message: '有考生没有任何已提交的评分，不能确认' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    const entry = ERROR_CODES[code];
    super(message ?? entry.message);
    this.name = 'AppError';
    this.code = code;
    this.status = entry.status;
    this.details = details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * The database's answers that are load, not faults: a statement past its timeout (57014), a row lock not granted in
 * time (55P03), no pool connection free in time. Answered 503 / 409 with a stable code; anything else stays an
 * internal error.
 */
export function databaseLoadError(error: unknown): AppError | null {
  const code = findPgError(error)?.code;
  if (code === '57014') return new AppError('DB_BUSY');
  if (code === '55P03') return new AppError('DB_LOCKED');
  // node-postgres's pool gives up waiting for a connection with a plain Error (Drizzle may wrap it as the cause).
  for (let e: unknown = error, i = 0; e instanceof Error && i < 4; e = e.cause, i++) {
    if (/timeout exceeded when trying to connect/.test(e.message)) return new AppError('DB_BUSY');
  }
  return null;
}

/**
 * The database's own refusals that carry a business meaning: SQLSTATE GKC01 is the closed-campaign guard (migration
 * 0028: a change to a row of a closed campaign, whoever made it), answered as CAMPAIGN_CLOSED (409) with the
 * guard's Chinese message, which names the campaign.
 */
export function databaseRefusal(error: unknown): AppError | null {
  let current: unknown = error;
  for (let i = 0; i < 4 && current && typeof current === 'object'; i++) {
    const c = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (c.code === 'GKC01') {
      const message = typeof c.message === 'string' && c.message.includes('已结束') ? c.message : undefined;
      return new AppError('CAMPAIGN_CLOSED', message);
    }
    current = c.cause;
  }
  return null;
}

/** PostgreSQL's SQLSTATE for a unique violation, and the constraint it names. */
export function uniqueViolation(error: unknown): string | null {
  const e = findPgError(error);
  return e && e.code === '23505' ? (e.constraint ?? '') : null;
}

export function findPgError(error: unknown): { code?: string; constraint?: string } | null {
  let current: unknown = error;
  for (let i = 0; i < 4 && current && typeof current === 'object'; i++) {
    const c = current as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof c.code === 'string' && /^[0-9A-Z]{5}$/.test(c.code)) {
      return { code: c.code, constraint: typeof c.constraint === 'string' ? c.constraint : undefined };
    }
    current = c.cause;
  }
  return null;
}
