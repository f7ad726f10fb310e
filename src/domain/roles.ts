// Who uses the system: the roles an account can have, with their Chinese names. The database's account_role enum,
// the permissions (platform/permissions.ts) and the web's labels all come from here.

export const ROLES = [
  'province_admin',
  'jurisdiction_admin',
  'department_reviewer',
  'unit_officer',
  'proctor',
  'applicant',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  province_admin: '省工考办管理员',
  jurisdiction_admin: '市/县工考办管理员',
  department_reviewer: '主管部门审核员',
  unit_officer: '单位经办人',
  proctor: '监考员',
  applicant: '申报人',
};
