// Who uses the system: the roles an account can have, with their Chinese names. The database's account_role enum,
// the permissions (platform/permissions.ts) and the web's labels all come from here.

export const ROLES = [
  'province_admin',
  'jurisdiction_admin',
  'department_reviewer',
  'unit_officer',
  'proctor',
  'applicant',
  'bank_manager',
  'centre_manager',
  'panel_expert',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  province_admin: '省工考办管理员',
  jurisdiction_admin: '市/县工考办管理员',
  department_reviewer: '主管部门审核员',
  unit_officer: '单位经办人',
  proctor: '监考员',
  applicant: '申报人',
  bank_manager: '题库管理员',
  centre_manager: '考点管理员',
  panel_expert: '评审专家',
};

/** What a role may do; which role holds which is the server's table (platform/permissions.ts). */
export const PERMISSIONS = [
  'org.read',
  'org.manage',
  'account.read',
  'account.manage',
  'audit.read',
  'catalog.manage',
  'campaign.read',
  'campaign.manage',
  'application.read',
  'application.manage',
  'application.self',
  'review.act',
  'statistics.read',
  'bank.read',
  'bank.manage',
  'centre.read',
  'centre.manage',
  'seat.check',
  /** 培训: a jurisdiction's classes, rosters and attendance (the province's over all jurisdictions). */
  'training.manage',
  /** 编排考场: read the seating (a jurisdiction its own, a centre manager its centre's). */
  'seating.read',
  /** Run the seating and publish it (the province). */
  'seating.run',
  /** Move and swap candidates (a jurisdiction within its own centres). */
  'seating.move',
  /** 监考: run the rooms one is assigned to on exam day (admit, time, pause, absent, violations, report). */
  'exam.proctor',
  /** 巡视: watch every room of one's subtree live on exam day (read only). */
  'exam.inspect',
  /** Assign proctors to rooms of one's centres for a session. */
  'exam.assign',
  /** 成绩: read the score table, aggregates and export of one's subtree. */
  'scores.read',
  /** 成绩管理: compile, re-score, import and release (the province). */
  'scores.manage',
  /** 证书: read the certificates of one's subtree (province, jurisdiction admins). */
  'certificates.read',
  /** 证书管理: batch issue, print, revoke and reissue within one's subtree. */
  'certificates.manage',
  /** 公示: publish the qualified list, record and resolve objections, the notice of qualified persons (the province). */
  'publicity.manage',
  /** 工作日历: maintain the public holidays and adjusted working days (the province). */
  'calendar.manage',
  /** 成绩复核申请: file a score review for oneself (the candidate) or one's unit's candidates (the unit). */
  'score_review.file',
  /** 成绩复核办理: re-score and answer review requests of one's subtree (the province, a jurisdiction). */
  'score_review.process',
  /** 综合评审 (一级): the expert list, panels, criteria, assignments, reopening and the record (the province). */
  'panel.manage',
  /** 评审打分: score one's own panel's candidates, and as its 组长 confirm it (评审专家). */
  'panel.score',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Which roles an account bound to a node of this kind may have. */
export const ROLES_BY_NODE_KIND: Record<'province' | 'jurisdiction' | 'department' | 'unit', readonly Role[]> = {
  // 题库管理员 work at the province only: the banks are the province's, and no jurisdiction sees their content.
  // 评审专家 sit at the province too: the province keeps the expert list and creates their accounts from it.
  province: ['province_admin', 'proctor', 'bank_manager', 'panel_expert'],
  // 考点管理员 sit at the jurisdiction's node, bound to one of its test centres (accounts.centre_id).
  jurisdiction: ['jurisdiction_admin', 'proctor', 'centre_manager'],
  department: ['department_reviewer'],
  unit: ['unit_officer'],
};
