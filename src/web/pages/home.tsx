import {
  ApartmentOutlined,
  AuditOutlined,
  CalendarOutlined,
  FileTextOutlined,
  FormOutlined,
  ProfileOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../api/client';
import { campaignApi, myApi, queryKeys } from '../api/endpoints';
import type { Campaign, Role } from '../api/types';
import { currentPhases, phaseByKey } from '../campaign/timetable';
import { roleLabel } from '../labels';
import { StatusTag } from '../review/tags';
import { ReviewTodoCard } from '../review/todo-card';
import { formatCnDate, GRADE_LABELS } from '../self-check/model';
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
      '管理考核年度：按模板创建，设置通知文号、申报条件截止、考试科目和时间安排，开通各地网上报名，为个别地区延期，开启和结束',
      '导入和查看工种目录',
      '查看全省的报名情况，导出报名名单',
      '维护全省组织机构：省辖市、省直管县、省直单位、中央驻豫单位及其下属主管部门和单位',
      '为各级工考办、主管部门、单位开设账号，重置密码、解锁和停用账号',
      '省级审查确认：审查各市县汇总上报的申请，直接审查省直单位和中央驻豫单位主管部门上报的申请',
      '查看全省资格审查统计，导出汇总表',
      '查看全省的审计日志',
      '综合评审（一级）：维护评审专家库并为专家建立账号，设置评审项目和合格线，组建评审组、分配考生，打印评审记录',
    ],
  },
  jurisdiction_admin: {
    duties: [
      '查看考核年度的时间安排和本辖区的报名情况，导出报名名单',
      '维护本辖区的主管部门和单位，可通过 Excel 模板批量导入',
      '为本辖区的主管部门审核员、单位经办人、监考员和考点管理员开设账号，重置密码、解锁和停用账号',
      '维护本辖区的考点、考场和座位图，做机位检测',
      '资格审查：审查主管部门汇总上报的申请（通过、退回修改或不通过），再汇总上报省工考办',
      '查看本辖区的资格审查统计',
      '查看本辖区的审计日志',
    ],
  },
  department_reviewer: {
    duties: [
      '审核所属单位初审通过的申请（通过、退回单位修改或不通过），汇总上报市县人社部门',
      '查看所属单位的报名情况和审核统计',
      '查看本部门信息，维护本部门所属单位（新增、修改、停用）',
    ],
  },
  unit_officer: {
    duties: [
      '报名期间为本单位人员报名：逐人填写申请表（填写时自动检查申报条件），或用 Excel 模板批量导入',
      '确认本单位人员的网上报名（待确认）',
      '资格初审：对照人事档案审核本单位人员的申请；修改被退回的申请后重新提交',
      '打印申请表（一式三份），导出本单位报名名单',
      '查看本单位的组织机构信息',
    ],
  },
  proctor: {
    duties: ['查看考核年度的时间安排'],
    later: '监考工作区将在考试阶段开放后提供，届时可在此查看监考安排。目前暂无需要办理的事项。',
  },
  bank_manager: {
    duties: [
      '维护职业道德、职业能力和岗位技能题库：新建试题，修改（已被试卷使用的试题修改后生成新版本），停用',
      '审核其他题库管理员编写或修改的试题（不能审核自己编写的试题），查看试题的版本记录',
    ],
    later: '题库管理页面将在后续提供；目前可通过接口（API）操作，每次查看试题内容都记入审计日志。',
  },
  centre_manager: {
    duties: [
      '维护本考点的考场和座位图：停用坏掉的座位，查看备用机位和可容纳人数',
      '考前在每台考试电脑上打开「机位检测」，检查浏览器、屏幕、时钟和网络，结果记到座位上',
    ],
  },
  panel_expert: {
    duties: [
      '在「我的评审」中查看本人所在评审组的一级考生（本单位考生回避），在评审时间内按评审项目逐项打分、写评语，保存草稿或提交',
      '担任组长的：查看各成员的评分，退回评分表、登记缺席，全部提交（或评审时间结束）后确认评审结果，打印评审记录',
    ],
  },
  applicant: {
    duties: [
      '所在地区开通网上报名的，可在报名时间内自行填写申请表，提交给所在单位确认',
      '查看审核进度、退回原因和资格检查意见；退回后按要求修改并重新提交',
      '在站内消息中查看审核结果通知',
    ],
  },
};

/** Whether registration is open now, in words that stay true whatever the campaign's state. */
function CampaignNotice({ campaign, error }: { campaign: Campaign | null | undefined; error: unknown }) {
  if (error) return <Alert type="warning" showIcon title={`无法读取考核年度：${errorMessage(error)}`} />;
  if (campaign === null) {
    return <Alert type="info" showIcon title="当前没有进行中的考核年度，报名尚未开放。" data-testid="home-campaign" />;
  }
  if (!campaign) return null;
  const registration = phaseByKey(campaign.phases, 'registration');
  const now = currentPhases(campaign.phases, campaign.today);
  const regOpen = registration && now.some((p) => p.phase === 'registration');
  return (
    <Alert
      type={regOpen ? 'success' : 'info'}
      showIcon
      data-testid="home-campaign"
      title={
        <span>
          {campaign.name}进行中
          {registration &&
            `；单位报名时间 ${formatCnDate(registration.startsOn)} 至 ${formatCnDate(registration.endsOn)}`}
          {regOpen ? '，现正在报名' : ''}。
        </span>
      }
      description={
        <span>
          {now.length > 0
            ? `当前阶段：${now.map((p) => p.label).join('、')}。`
            : `今天（${formatCnDate(campaign.today)}）不在任何阶段的时间内。`}
          各地区如有延期，以<Link to={`/campaigns/${campaign.id}`}>考核年度</Link>中的安排为准。
        </span>
      }
    />
  );
}

export default function HomePage() {
  const { user, can } = useSession();
  const navigate = useNavigate();
  const current = useQuery({
    queryKey: queryKeys.currentCampaign,
    queryFn: campaignApi.current,
    enabled: can('campaign.read'),
  });
  // An applicant's own application (null until they fill one in): its status on the home page.
  const mine = useQuery({
    queryKey: queryKeys.myApplication,
    queryFn: myApi.get,
    enabled: can('application.self'),
  });
  if (!user) return null;
  const applicant = can('application.self');
  const myApp = mine.data ?? null;
  const intro = ROLE_INTROS[user.role];

  const shortcuts: { to: string; label: string; icon: ReactNode }[] = [];
  if (can('application.self')) shortcuts.push({ to: '/my-application', label: '我的报名', icon: <FormOutlined /> });
  if (can('application.read')) shortcuts.push({ to: '/applications', label: '报名管理', icon: <FileTextOutlined /> });
  if (can('review.act')) shortcuts.push({ to: '/review', label: '资格审查', icon: <SolutionOutlined /> });
  if (can('campaign.read')) {
    shortcuts.push({ to: '/campaigns', label: '考核年度', icon: <CalendarOutlined /> });
    shortcuts.push({ to: '/catalog', label: '工种目录', icon: <ProfileOutlined /> });
  }
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
            applicant
              ? {
                  key: 'org',
                  label: '所在单位',
                  children: myApp?.unitName ?? user.orgNodeName ?? '尚未选择（填写申请表时选择）',
                }
              : { key: 'org', label: '所属组织', children: user.orgNodeName ?? '—' },
            { key: 'username', label: '用户名', children: user.username },
          ]}
        />
      </Card>
      {can('campaign.read') && !current.isPending && <CampaignNotice campaign={current.data} error={current.error} />}
      {can('review.act') && <ReviewTodoCard />}
      {can('application.self') && (
        <Card title="网上报名" data-testid="home-my-application">
          {mine.isPending ? (
            <Typography.Paragraph data-testid="home-my-status-loading" type="secondary">
              正在读取我的申请…
            </Typography.Paragraph>
          ) : myApp ? (
            <Typography.Paragraph data-testid="home-my-status">
              我的申请（{myApp.appliedJobType}
              {GRADE_LABELS[myApp.appliedGrade]}）当前状态：
              <span className="gk-ml-s">
                <StatusTag status={myApp.status} returnedTo={myApp.returnedTo} />
              </span>
            </Typography.Paragraph>
          ) : (
            <Typography.Paragraph data-testid="home-my-status">
              {current.data
                ? '尚未填写申请表。在“我的报名”中选择所在单位、填写申请表，提交后由单位确认；填写时系统会自动检查申报条件。'
                : '报名开放后，可在“我的报名”中填写申请表。'}
            </Typography.Paragraph>
          )}
          <Button type="primary" icon={<FormOutlined />} onClick={() => navigate('/my-application')}>
            {myApp ? '查看我的申请表' : current.data ? '填写申请表' : '查看我的报名'}
          </Button>
        </Card>
      )}
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
