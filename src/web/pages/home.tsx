import { ApartmentOutlined, AuditOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { Role } from '../api/types';
import { roleLabel } from '../labels';
import { useSession } from '../session';

interface RoleIntro {
  /** What this role does in the system, now. */
  duties: string[];
  /** Work that opens in a later phase, said plainly. */
  later?: string;
}

const ROLE_INTROS: Record<Role, RoleIntro> = {
  province_admin: {
    duties: [
      '维护全省组织机构：省辖市、省直管县、省直单位、中央驻豫单位及其下属主管部门和单位',
      '为各级工考办、主管部门、单位开设账号，重置密码、解锁和停用账号',
      '查看全省的审计日志',
    ],
  },
  jurisdiction_admin: {
    duties: [
      '维护本辖区的主管部门和单位，可通过 Excel 模板批量导入',
      '为本辖区的主管部门审核员、单位经办人和监考员开设账号，重置密码、解锁和停用账号',
      '查看本辖区的审计日志',
    ],
  },
  department_reviewer: {
    duties: ['查看本部门信息，维护本部门所属单位（新增、修改、停用）'],
    later: '申报审核功能将在申报阶段开放后提供，届时可在此处理所属单位提交的申报材料。',
  },
  unit_officer: {
    duties: ['查看本单位的组织机构信息'],
    later: '单位申报经办功能将在申报阶段开放后提供，目前暂无需要办理的事项。',
  },
  proctor: {
    duties: [],
    later: '监考工作区将在考试阶段开放后提供，届时可在此查看监考安排。目前暂无需要办理的事项。',
  },
  applicant: {
    duties: [],
    later: '报名功能将在报名阶段开放后提供，届时可在此提交申报、查看审核进度。目前暂无需要办理的事项。',
  },
};

export default function HomePage() {
  const { user, can } = useSession();
  const navigate = useNavigate();
  if (!user) return null;
  const intro = ROLE_INTROS[user.role];

  const shortcuts: { to: string; label: string; icon: ReactNode }[] = [];
  if (can('org.read')) shortcuts.push({ to: '/org', label: '组织机构', icon: <ApartmentOutlined /> });
  if (can('account.read')) shortcuts.push({ to: '/accounts', label: '账号管理', icon: <TeamOutlined /> });
  if (can('audit.read')) shortcuts.push({ to: '/audit', label: '审计日志', icon: <AuditOutlined /> });
  shortcuts.push({ to: '/change-password', label: '个人中心（修改密码）', icon: <UserOutlined /> });

  return (
    <Space orientation="vertical" size="large" className="gk-full">
      <Card>
        <Typography.Title level={3} className="gk-mt0">
          您好，{user.displayName}
        </Typography.Title>
        <Descriptions
          column={{ xs: 1, md: 3 }}
          size="small"
          items={[
            { key: 'role', label: '角色', children: roleLabel(user.role) },
            { key: 'org', label: '所属组织', children: user.orgNodeName ?? '—' },
            { key: 'username', label: '用户名', children: user.username },
          ]}
        />
      </Card>
      <Card title="您可以在本系统中">
        {intro.duties.length > 0 && (
          <ul className="gk-duties">
            {intro.duties.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
        {intro.later && (
          <Alert type="info" showIcon title={intro.later} className={intro.duties.length ? 'gk-mt' : ''} />
        )}
        <Space wrap className="gk-mt">
          {shortcuts.map((s) => (
            <Button key={s.to} icon={s.icon} onClick={() => navigate(s.to)}>
              {s.label}
            </Button>
          ))}
        </Space>
      </Card>
    </Space>
  );
}
