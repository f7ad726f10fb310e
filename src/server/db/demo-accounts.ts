import { makeIdNumber } from '../../domain/id-card.js';
import type { RequestMeta } from '../platform/context.js';
import type { Role } from '../platform/permissions.js';

/** Where the demo accounts' seeded work (sample banks, sample candidates) comes from, in its audit rows. */
export const DEMO_SEED_META: RequestMeta = { ip: null, userAgent: '演示数据初始化', requestId: null };

/** Every demo account's password (README lists them all). */
export const DEMO_PASSWORD = 'Demo#2017';

export interface DemoAccount {
  username: string;
  role: Role;
  /** Where the account sits, by node names from the province down. */
  node: string[];
  displayName: string;
  label: string;
  /** A 考点管理员's sample centre, by name (seed-centres.ts). */
  centre?: string;
  /**
   * An applicant who is one of the confirmed 示例考生 (seed-candidates.ts): the seed makes the account the applicant
   * of the application with the same ID number, so they can sign in and print their 准考证.
   */
  candidate?: true;
}

const ZZ = '郑州市';
const LY = '洛阳市';

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'province', role: 'province_admin', node: [], displayName: '省工考办管理员', label: '省工考办' },
  // Two bank managers, so that approval by a second person (四眼原则) can be shown.
  { username: 'bank', role: 'bank_manager', node: [], displayName: '题库管理员（甲）', label: '题库管理员' },
  { username: 'bank2', role: 'bank_manager', node: [], displayName: '题库管理员（乙）', label: '题库管理员（审核）' },
  {
    username: 'zhengzhou',
    role: 'jurisdiction_admin',
    node: [ZZ],
    displayName: '郑州市工考办管理员',
    label: '郑州市工考办',
  },
  {
    username: 'luoyang',
    role: 'jurisdiction_admin',
    node: [LY],
    displayName: '洛阳市工考办管理员',
    label: '洛阳市工考办',
  },
  {
    username: 'zz-jyj',
    role: 'department_reviewer',
    node: [ZZ, '郑州市教育局'],
    displayName: '郑州市教育局审核员',
    label: '主管部门：郑州市教育局',
  },
  {
    username: 'zz-wjw',
    role: 'department_reviewer',
    node: [ZZ, '郑州市卫生健康委员会'],
    displayName: '郑州市卫健委审核员',
    label: '主管部门：郑州市卫生健康委员会',
  },
  {
    username: 'ly-jtj',
    role: 'department_reviewer',
    node: [LY, '洛阳市交通运输局'],
    displayName: '洛阳市交通运输局审核员',
    label: '主管部门：洛阳市交通运输局',
  },
  {
    username: 'ly-nyj',
    role: 'department_reviewer',
    node: [LY, '洛阳市农业农村局'],
    displayName: '洛阳市农业农村局审核员',
    label: '主管部门：洛阳市农业农村局',
  },
  {
    username: 'zz-yizhong',
    role: 'unit_officer',
    node: [ZZ, '郑州市教育局', '郑州市第一中学'],
    displayName: '郑州一中人事干事',
    label: '单位：郑州市第一中学',
  },
  {
    username: 'zz-youeryuan',
    role: 'unit_officer',
    node: [ZZ, '郑州市教育局', '郑州市实验幼儿园'],
    displayName: '市实验幼儿园人事干事',
    label: '单位：郑州市实验幼儿园',
  },
  {
    username: 'zz-zxyy',
    role: 'unit_officer',
    node: [ZZ, '郑州市卫生健康委员会', '郑州市中心医院'],
    displayName: '市中心医院人事干事',
    label: '单位：郑州市中心医院',
  },
  {
    username: 'zz-cdc',
    role: 'unit_officer',
    node: [ZZ, '郑州市卫生健康委员会', '郑州市疾病预防控制中心'],
    displayName: '市疾控中心人事干事',
    label: '单位：郑州市疾病预防控制中心',
  },
  {
    username: 'ly-glzx',
    role: 'unit_officer',
    node: [LY, '洛阳市交通运输局', '洛阳市公路事业发展中心'],
    displayName: '市公路中心人事干事',
    label: '单位：洛阳市公路事业发展中心',
  },
  {
    username: 'ly-ysfw',
    role: 'unit_officer',
    node: [LY, '洛阳市交通运输局', '洛阳市道路运输服务中心'],
    displayName: '市道路运输服务中心人事干事',
    label: '单位：洛阳市道路运输服务中心',
  },
  {
    username: 'ly-njz',
    role: 'unit_officer',
    node: [LY, '洛阳市农业农村局', '洛阳市农业技术推广站'],
    displayName: '市农技站人事干事',
    label: '单位：洛阳市农业技术推广站',
  },
  {
    username: 'ly-dyz',
    role: 'unit_officer',
    node: [LY, '洛阳市农业农村局', '洛阳市动物疫病预防控制中心'],
    displayName: '市动物疫控中心人事干事',
    label: '单位：洛阳市动物疫病预防控制中心',
  },
  {
    username: 'sz-jtt',
    role: 'department_reviewer',
    node: ['省直单位', '河南省交通运输厅'],
    displayName: '河南省交通运输厅审核员',
    label: '主管部门（省直）：河南省交通运输厅',
  },
  {
    username: 'sz-jcz',
    role: 'unit_officer',
    node: ['省直单位', '河南省交通运输厅', '河南省公路工程试验检测中心'],
    displayName: '省公路工程试验检测中心经办人',
    label: '单位（省直）：河南省公路工程试验检测中心',
  },
  // 评审专家 of the sample 综合评审 (seed-panels.ts): expert1 chairs 示例评审组; expert2–4 have scored already.
  ...[
    ['expert1', '张振华', '评审专家：张振华（示例评审组组长）'],
    ['expert2', '李卫东', '评审专家：李卫东（已评分）'],
    ['expert3', '王淑芬', '评审专家：王淑芬（已评分）'],
    ['expert4', '赵国强', '评审专家：赵国强（已评分）'],
    ['expert5', '陈立新', '评审专家：陈立新'],
  ].map(([username, displayName, label]) => ({
    username: username!,
    role: 'panel_expert' as const,
    node: [],
    displayName: displayName!,
    label: label!,
  })),
  { username: 'proctor', role: 'proctor', node: [ZZ], displayName: '郑州考点监考员', label: '监考员（郑州市）' },
  {
    username: 'zz-kd',
    role: 'centre_manager',
    node: [ZZ],
    displayName: '郑州示例考点管理员',
    label: '考点管理员（郑州市示例考点）',
    centre: '郑州市职业技能鉴定考点（示例）',
  },
  {
    username: '410102198503152016',
    role: 'applicant',
    node: [ZZ, '郑州市教育局', '郑州市第一中学'],
    displayName: '王建国',
    label: '申报人：王建国（汽车驾驶员）',
  },
  {
    username: '410303197811082024',
    role: 'applicant',
    node: [LY, '洛阳市农业农村局', '洛阳市农业技术推广站'],
    displayName: '李秀兰',
    label: '申报人：李秀兰（农业技术员）',
  },
  {
    username: '410105199212013036',
    role: 'applicant',
    node: [ZZ, '郑州市卫生健康委员会', '郑州市中心医院'],
    displayName: '赵磊',
    label: '申报人：赵磊（护理员）',
  },
  {
    // 刘建军 of DEMO_CANDIDATES (seed-candidates.ts: id17 41010519820716031), registered by 郑州市疾病预防控制中心.
    username: makeIdNumber('41010519820716031'),
    role: 'applicant',
    node: [ZZ, '郑州市卫生健康委员会', '郑州市疾病预防控制中心'],
    displayName: '刘建军',
    label: '示例考生：刘建军（电工四级，已确认，可打印准考证）',
    candidate: true,
  },
];
