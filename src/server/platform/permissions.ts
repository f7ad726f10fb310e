import { PERMISSIONS, type Permission, ROLE_LABELS, ROLES, ROLES_BY_NODE_KIND, type Role } from '../../domain/roles.js';

export { PERMISSIONS, type Permission, ROLE_LABELS, ROLES, ROLES_BY_NODE_KIND, type Role };

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  province_admin: [
    'org.read',
    'org.manage',
    'account.read',
    'account.manage',
    'audit.read',
    'catalog.manage',
    'campaign.read',
    'campaign.manage',
    'application.read',
    'review.act',
    'statistics.read',
    'centre.read',
    // The province's own centres (省直 and 中央驻豫 candidates sit there); the jurisdictions' it only reads.
    'centre.manage',
    'training.manage',
    'seating.read',
    'seating.run',
    'seating.move',
    // Exam day in the province's own centres, and inspection of every room.
    'exam.proctor',
    'exam.inspect',
    'exam.assign',
    'scores.read',
    'scores.manage',
    'certificates.read',
    'certificates.manage',
    'publicity.manage',
    'calendar.manage',
    'score_review.process',
    'panel.manage',
  ],
  jurisdiction_admin: [
    'org.read',
    'org.manage',
    'account.read',
    'account.manage',
    'audit.read',
    'campaign.read',
    'application.read',
    'review.act',
    'statistics.read',
    'centre.read',
    'centre.manage',
    'seat.check',
    'training.manage',
    'seating.read',
    'seating.move',
    'exam.proctor',
    'exam.inspect',
    'exam.assign',
    'scores.read',
    'certificates.read',
    'certificates.manage',
    'score_review.process',
  ],
  // A supervising department keeps its own list of units (创建、修改、停用), but creates no accounts.
  department_reviewer: [
    'org.read',
    'org.manage',
    'campaign.read',
    'application.read',
    'review.act',
    'statistics.read',
    'scores.read',
  ],
  unit_officer: [
    'org.read',
    'campaign.read',
    'application.read',
    'application.manage',
    'review.act',
    'statistics.read',
    'scores.read',
    'score_review.file',
  ],
  // 监考员: the rooms they are assigned to (proctor_assignments), on exam day.
  proctor: ['campaign.read', 'exam.proctor'],
  applicant: ['campaign.read', 'application.self', 'score_review.file'],
  // 题库管理员: the banks and nothing else (campaign.read to pick a catalogue's job types). Only this role holds
  // bank.*, and the database agrees: its transactions alone run as gk_bank, the only role the bank tables admit.
  bank_manager: ['campaign.read', 'bank.read', 'bank.manage'],
  // 考点管理员: one test centre's rooms and seat checks. centre.manage lets them edit rooms; the service and the
  // database (gk_centre_id()) confine them to their own centre, and only jurisdiction admins create centres.
  centre_manager: [
    'centre.read',
    'centre.manage',
    'seat.check',
    'seating.read',
    'exam.proctor',
    'exam.inspect',
    'exam.assign',
  ],
  // 评审专家: their own panel's candidates and sheets, nothing else. Their transactions have no subtree (tx.ts); the
  // panel tables admit them to their own panels (gk_panel_ids(), gk_chair_panel_ids()).
  panel_expert: ['panel.score'],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
