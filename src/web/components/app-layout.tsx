import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  ClockCircleOutlined,
  ContainerOutlined,
  ControlOutlined,
  DesktopOutlined,
  EnvironmentOutlined,
  ExperimentOutlined,
  EyeOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FormOutlined,
  HomeOutlined,
  IdcardOutlined,
  LogoutOutlined,
  NotificationOutlined,
  ProfileOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  TableOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, type MenuProps, Tag, Tooltip } from 'antd';
import { type ReactNode, Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { roleLabel } from '../labels';
import { useSession } from '../session';
import { usePublicConfig } from './demo-banner';
import { NotificationBell } from './notification-bell';
import { PageLoading } from './page-loading';

const { Header, Sider, Content, Footer } = Layout;

type MenuItem = Required<MenuProps>['items'][number];

/** The menu key (a path) that the current location belongs to. */
export function selectedMenuKey(pathname: string): string {
  for (const key of [
    '/campaigns',
    '/catalog',
    '/applications',
    '/review/batches',
    '/review',
    '/scores',
    '/certificates',
    '/publicity-manage',
    '/panels',
    '/experts',
    '/my-review',
    '/score-reviews',
    '/calendar',
    '/statistics',
    '/notifications',
    '/my-application',
    '/org',
    '/accounts',
    '/audit',
    '/change-password',
    '/banks',
    '/bank-queue',
    '/blueprints',
    '/papers',
    '/centres',
    '/seat-check',
    '/sessions',
    '/training',
    '/seating',
    '/proctor',
    '/inspection',
  ]) {
    if (pathname === key || pathname.startsWith(`${key}/`)) return key;
  }
  if (pathname.startsWith('/bank-items/')) return '/banks';
  if (pathname.startsWith('/rooms/')) return '/centres';
  return pathname === '/' ? '/' : '';
}

export function AppLayout({ children }: { children?: ReactNode }) {
  const { user, can, signOut } = useSession();
  const { data: config } = usePublicConfig();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const [signingOut, setSigningOut] = useState(false);

  const items: MenuItem[] = [{ key: '/', icon: <HomeOutlined />, label: <Link to="/">首页</Link> }];
  if (can('application.self'))
    items.push({ key: '/my-application', icon: <FormOutlined />, label: <Link to="/my-application">我的报名</Link> });
  if (can('application.read'))
    items.push({ key: '/applications', icon: <FileTextOutlined />, label: <Link to="/applications">报名管理</Link> });
  if (can('review.act')) {
    items.push({ key: '/review', icon: <AuditOutlined />, label: <Link to="/review">资格审查</Link> });
    items.push({
      key: '/review/batches',
      icon: <ContainerOutlined />,
      label: <Link to="/review/batches">汇总上报</Link>,
    });
  }
  if (can('scores.read'))
    items.push({ key: '/scores', icon: <TrophyOutlined />, label: <Link to="/scores">成绩</Link> });
  if (can('certificates.read'))
    items.push({
      key: '/certificates',
      icon: <SafetyCertificateOutlined />,
      label: <Link to="/certificates">证书</Link>,
    });
  if (can('publicity.manage'))
    items.push({
      key: '/publicity-manage',
      icon: <NotificationOutlined />,
      label: <Link to="/publicity-manage">合格人员公示</Link>,
    });
  if (can('panel.manage')) {
    items.push({ key: '/panels', icon: <SolutionOutlined />, label: <Link to="/panels">综合评审</Link> });
    items.push({ key: '/experts', icon: <IdcardOutlined />, label: <Link to="/experts">评审专家</Link> });
  }
  if (can('panel.score'))
    items.push({ key: '/my-review', icon: <SolutionOutlined />, label: <Link to="/my-review">我的评审</Link> });
  if (can('score_review.file') || can('score_review.process'))
    items.push({
      key: '/score-reviews',
      icon: <FileSearchOutlined />,
      label: <Link to="/score-reviews">成绩复核</Link>,
    });
  if (can('calendar.manage') || can('score_review.process'))
    items.push({ key: '/calendar', icon: <ClockCircleOutlined />, label: <Link to="/calendar">工作日历</Link> });
  if (can('statistics.read'))
    items.push({ key: '/statistics', icon: <BarChartOutlined />, label: <Link to="/statistics">统计分析</Link> });
  if (can('bank.read')) {
    items.push({ key: '/banks', icon: <BookOutlined />, label: <Link to="/banks">题库管理</Link> });
    items.push({ key: '/bank-queue', icon: <CheckSquareOutlined />, label: <Link to="/bank-queue">待审核试题</Link> });
    items.push({ key: '/blueprints', icon: <ControlOutlined />, label: <Link to="/blueprints">组卷规则</Link> });
    items.push({ key: '/papers', icon: <FileDoneOutlined />, label: <Link to="/papers">试卷生成</Link> });
    items.push({
      key: '/item-analysis',
      icon: <ExperimentOutlined />,
      label: <Link to="/item-analysis">试题分析</Link>,
    });
  }
  if (can('centre.read'))
    items.push({ key: '/centres', icon: <EnvironmentOutlined />, label: <Link to="/centres">考点管理</Link> });
  if (can('seat.check'))
    items.push({ key: '/seat-check', icon: <DesktopOutlined />, label: <Link to="/seat-check">机位检测</Link> });
  if (can('campaign.manage'))
    items.push({ key: '/sessions', icon: <ScheduleOutlined />, label: <Link to="/sessions">场次安排</Link> });
  if (can('training.manage'))
    items.push({ key: '/training', icon: <ReadOutlined />, label: <Link to="/training">培训管理</Link> });
  if (can('seating.read'))
    items.push({ key: '/seating', icon: <TableOutlined />, label: <Link to="/seating">考场编排</Link> });
  if (can('exam.proctor') || can('exam.assign'))
    items.push({ key: '/proctor', icon: <SafetyCertificateOutlined />, label: <Link to="/proctor">监考</Link> });
  if (can('exam.inspect'))
    items.push({ key: '/inspection', icon: <EyeOutlined />, label: <Link to="/inspection">巡视</Link> });
  if (can('campaign.read')) {
    items.push({ key: '/campaigns', icon: <CalendarOutlined />, label: <Link to="/campaigns">考核年度</Link> });
    items.push({ key: '/catalog', icon: <ProfileOutlined />, label: <Link to="/catalog">工种目录</Link> });
  }
  if (can('org.read')) items.push({ key: '/org', icon: <ApartmentOutlined />, label: <Link to="/org">组织机构</Link> });
  if (can('account.read'))
    items.push({ key: '/accounts', icon: <TeamOutlined />, label: <Link to="/accounts">账号管理</Link> });
  if (can('audit.read'))
    items.push({ key: '/audit', icon: <AuditOutlined />, label: <Link to="/audit">审计日志</Link> });
  items.push({
    key: '/change-password',
    icon: <UserOutlined />,
    label: <Link to="/change-password">个人中心</Link>,
  });

  // An application opened from the review workbench stays under 资格审查 in the menu.
  const fromReview = (location.state as { from?: string } | null)?.from === 'review';
  const key =
    fromReview && location.pathname.startsWith('/applications/') ? '/review' : selectedMenuKey(location.pathname);
  const appName = config?.appName || '河南省机关事业单位工勤技能岗位等级考核系统';

  const onSignOut = async () => {
    setSigningOut(true);
    await signOut();
    navigate('/login', { replace: true });
  };

  return (
    <Layout className="gk-shell">
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={200}
        breakpoint="lg"
        theme="dark"
        trigger={<span title={collapsed ? '展开菜单' : '收起菜单'}>{collapsed ? '»' : '«'}</span>}
      >
        <div className="gk-brand" title={appName}>
          <span className="gk-brand-mark" aria-hidden>
            工
          </span>
          {!collapsed && <span className="gk-brand-text">工勤技能考核</span>}
        </div>
        <nav aria-label="主菜单">
          <Menu data-testid="main-menu" theme="dark" mode="inline" selectedKeys={key ? [key] : []} items={items} />
        </nav>
      </Sider>
      <Layout>
        <Header className="gk-header">
          <span className="gk-header-title" title={appName}>
            {appName}
          </span>
          <div className="gk-header-right">
            <NotificationBell />
            {user && (
              <div className="gk-header-user" data-testid="header-user">
                <UserOutlined aria-hidden />
                <span className="gk-header-name">{user.displayName || user.username || '当前用户'}</span>
                {!user.partial && <Tag color="blue">{roleLabel(user.role)}</Tag>}
                {user.orgNodeName && (
                  <Tooltip title="所属组织机构">
                    <span className="gk-header-org">{user.orgNodeName}</span>
                  </Tooltip>
                )}
              </div>
            )}
            <Button
              data-testid="logout"
              icon={<LogoutOutlined />}
              onClick={onSignOut}
              loading={signingOut}
              type="text"
              className="gk-header-logout"
            >
              退出登录
            </Button>
          </div>
        </Header>
        <Content className="gk-content">
          <main>
            <Suspense fallback={<PageLoading />}>{children ?? <Outlet />}</Suspense>
          </main>
        </Content>
        <Footer className="gk-footer">
          河南省机关事业单位工勤技能岗位等级考核系统{config?.version ? ` · 版本 ${config.version}` : ''}
        </Footer>
      </Layout>
    </Layout>
  );
}
