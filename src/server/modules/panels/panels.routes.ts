import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { contentDisposition } from '../applications/applications.files.js';
import {
  absentBody,
  assignBody,
  assignResponse,
  campaignParams,
  confirmResponse,
  eligibleQuery,
  eligibleResponse,
  expert,
  expertAccountBody,
  expertAccountResponse,
  expertBody,
  expertParams,
  expertsQuery,
  expertsResponse,
  expertUpdateBody,
  myPanelsResponse,
  okResponse,
  panelBody,
  panelCandidateParams,
  panelDetail,
  panelParams,
  panelsResponse,
  reasonBody,
  returnBody,
  scoresResponse,
  settingsBody,
  settingsResponse,
  sheetBody,
  sheetResponse,
} from './panels.schemas.js';
import {
  assignCandidates,
  confirmPanel,
  createExpert,
  createExpertAccount,
  createPanel,
  getPanel,
  getSettings,
  getSheet,
  listEligible,
  listExperts,
  listPanels,
  markAbsent,
  myPanels,
  panelRecord,
  panelScores,
  reopenPanel,
  returnSheet,
  saveSettings,
  saveSheet,
  unassignCandidate,
  updateExpert,
  updatePanel,
} from './panels.service.js';

const TAGS = ['综合评审'];

export function panelRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    // ─── 专家库 ──────────────────────────────────────────────────────────────────────────────────────────
    app.get(
      '/api/experts',
      {
        config: { access: 'panel.manage' },
        schema: {
          tags: TAGS,
          summary: '评审专家库（省级）：姓名、工作单位、职称、专长、账号；身份证号隐去中间位',
          querystring: expertsQuery,
          response: { 200: expertsResponse },
        },
      },
      async (request) => listExperts(deps, serviceContext(request), request.query),
    );
    app.post(
      '/api/experts',
      {
        config: { access: 'panel.manage' },
        schema: { tags: TAGS, summary: '新增评审专家', body: expertBody, response: { 200: expert } },
      },
      async (request) => createExpert(deps, serviceContext(request), request.body),
    );
    app.patch(
      '/api/experts/:id',
      {
        config: { access: 'panel.manage' },
        schema: {
          tags: TAGS,
          summary: '修改评审专家（改工作单位时，未确认的评审组随之更新回避关系）',
          params: expertParams,
          body: expertUpdateBody,
          response: { 200: expert },
        },
      },
      async (request) => updateExpert(deps, serviceContext(request), request.params.id, request.body),
    );
    app.post(
      '/api/experts/:id/account',
      {
        config: { access: 'panel.manage' },
        schema: {
          tags: TAGS,
          summary: '为评审专家建立账号（评审专家角色，初始密码只显示一次）',
          params: expertParams,
          body: expertAccountBody,
          response: { 200: expertAccountResponse },
        },
      },
      async (request) => createExpertAccount(deps, serviceContext(request), request.params.id, request.body),
    );

    // ─── 评审项目与合格线 ─────────────────────────────────────────────────────────────────────────────────
    app.get(
      '/api/campaigns/:id/panel-settings',
      {
        config: { access: 'panel.manage' },
        schema: {
          tags: TAGS,
          summary: '综合评审的评审项目（权重、满分）和合格线',
          params: campaignParams,
          response: { 200: settingsResponse },
        },
      },
      async (request) => getSettings(deps, serviceContext(request), request.params.id),
    );
    app.put(
      '/api/campaigns/:id/panel-settings',
      {
        config: { access: 'panel.manage' },
        schema: {
          tags: TAGS,
          summary: '设置评审项目和合格线（权重合计 100%；已有评分后不能再改）',
          params: campaignParams,
          body: settingsBody,
          response: { 200: settingsResponse },
        },
      },
      async (request) => saveSettings(deps, serviceContext(request), request.params.id, request.body),
    );

    // ─── 评审组（省级） ─────────────────────────────────────────────────────────────────────────────────
    app.get(
      '/api/campaigns/:id/panels',
      {
        config: { access: 'panel.manage' },
        schema: {
          tags: TAGS,
          summary: '本年度的评审组及进度；一级考生总数和未分组人数',
          params: campaignParams,
          response: { 200: panelsResponse },
        },
      },
      async (request) => listPanels(deps, serviceContext(request), request.params.id),
    );
    app.post(
      '/api/campaigns/:id/panels',
      {
        config: { access: 'panel.manage' },
        schema: {
          tags: TAGS,
          summary: '新建评审组：名称、评审时间、成员（须已建账号）和组长',
          params: campaignParams,
          body: panelBody,
          response: { 200: panelDetail },
        },
      },
      async (request) => createPanel(deps, serviceContext(request), request.params.id, request.body),
    );
    app.get(
      '/api/campaigns/:id/panel-candidates',
      {
        config: { access: 'panel.manage' },
        schema: {
          tags: TAGS,
          summary: '本年度经省级确认的一级考生（可按地区、工种、未分组筛选），及其所在评审组',
          params: campaignParams,
          querystring: eligibleQuery,
          response: { 200: eligibleResponse },
        },
      },
      async (request) => listEligible(deps, serviceContext(request), request.params.id, request.query),
    );
    app.get(
      '/api/panels/:id',
      {
        config: { access: 'panel.manage' },
        schema: {
          tags: TAGS,
          summary: '评审组：成员、考生、进度、回避冲突、确认结果',
          params: panelParams,
          response: { 200: panelDetail },
        },
      },
      async (request) => getPanel(deps, serviceContext(request), request.params.id),
    );
    app.put(
      '/api/panels/:id',
      {
        config: { access: 'panel.manage' },
        schema: {
          tags: TAGS,
          summary: '修改评审组（确认前）：名称、评审时间、成员、组长；新成员与考生同单位时拒绝（PANEL_CONFLICTS）',
          params: panelParams,
          body: panelBody,
          response: { 200: panelDetail },
        },
      },
      async (request) => updatePanel(deps, serviceContext(request), request.params.id, request.body),
    );
    app.post(
      '/api/panels/:id/candidates',
      {
        config: { access: 'panel.manage' },
        schema: {
          tags: TAGS,
          summary: '分配考生（按名单，或按地区、工种分配尚未分组的一级考生）；与成员同单位时整体拒绝并列出冲突',
          params: panelParams,
          body: assignBody,
          response: { 200: assignResponse },
        },
      },
      async (request) => assignCandidates(deps, serviceContext(request), request.params.id, request.body),
    );
    app.delete(
      '/api/panels/:id/candidates/:applicationId',
      {
        config: { access: 'panel.manage' },
        schema: {
          tags: TAGS,
          summary: '将考生移出评审组（尚无评分时）',
          params: panelCandidateParams,
          response: { 200: okResponse },
        },
      },
      async (request) =>
        unassignCandidate(deps, serviceContext(request), request.params.id, request.params.applicationId),
    );
    app.post(
      '/api/panels/:id/reopen',
      {
        config: { access: 'panel.manage' },
        schema: {
          tags: TAGS,
          summary: '重新开启已确认的评审组（写明原因；确认结果作废）',
          params: panelParams,
          body: reasonBody,
          response: { 200: panelDetail },
        },
      },
      async (request) => reopenPanel(deps, serviceContext(request), request.params.id, request.body),
    );
    app.get(
      '/api/panels/:id/record.pdf',
      {
        config: { access: ['panel.manage', 'panel.score'] },
        schema: {
          tags: TAGS,
          summary: '评审记录（PDF）：各成员总分、去掉的最高分和最低分、综合成绩、结论、组长确认和成员签名栏',
          params: panelParams,
        },
      },
      async (request, reply) => {
        const { pdf, fileName } = await panelRecord(deps, serviceContext(request), request.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', contentDisposition(fileName, true))
          .send(pdf);
      },
    );

    // ─── 我的评审（评审专家） ────────────────────────────────────────────────────────────────────────────
    app.get(
      '/api/panel-review/mine',
      {
        config: { access: 'panel.score' },
        schema: {
          tags: TAGS,
          summary: '我的评审：我所在的评审组、评审项目、我的考生和评分状态',
          response: { 200: myPanelsResponse },
        },
      },
      async (request) => myPanels(deps, serviceContext(request)),
    );
    app.get(
      '/api/panels/:id/candidates/:applicationId/sheet',
      {
        config: { access: 'panel.score' },
        schema: {
          tags: TAGS,
          summary: '评分表：考生的申报概况（身份证号隐去中间位）和我的评分',
          description: '不在本组：404 PANEL_CANDIDATE_NOT_ASSIGNED；本单位考生：409 PANEL_OWN_UNIT。',
          params: panelCandidateParams,
          response: { 200: sheetResponse },
        },
      },
      async (request) => getSheet(deps, serviceContext(request), request.params.id, request.params.applicationId),
    );
    app.put(
      '/api/panels/:id/candidates/:applicationId/sheet',
      {
        config: { access: 'panel.score' },
        schema: {
          tags: TAGS,
          summary: '保存或提交评分表（评审时间内；提交后只读，除非组长退回）',
          params: panelCandidateParams,
          body: sheetBody,
          response: { 200: sheetResponse },
        },
      },
      async (request) =>
        saveSheet(deps, serviceContext(request), request.params.id, request.params.applicationId, request.body),
    );
    app.get(
      '/api/panels/:id/scores',
      {
        config: { access: ['panel.manage', 'panel.score'] },
        schema: {
          tags: TAGS,
          summary: '评分汇总（组长或省级）：各成员总分、未提交、去掉的最高分和最低分、综合成绩',
          params: panelParams,
          response: { 200: scoresResponse },
        },
      },
      async (request) => panelScores(deps, serviceContext(request), request.params.id),
    );
    app.post(
      '/api/panels/:id/sheets/return',
      {
        config: { access: 'panel.score' },
        schema: {
          tags: TAGS,
          summary: '组长退回成员的评分表（写明原因）',
          params: panelParams,
          body: returnBody,
          response: { 200: scoresResponse },
        },
      },
      async (request) => returnSheet(deps, serviceContext(request), request.params.id, request.body),
    );
    app.post(
      '/api/panels/:id/absent',
      {
        config: { access: 'panel.score' },
        schema: {
          tags: TAGS,
          summary: '组长登记成员缺席（其评分不计入）',
          params: panelParams,
          body: absentBody,
          response: { 200: scoresResponse },
        },
      },
      async (request) => markAbsent(deps, serviceContext(request), request.params.id, request.body),
    );
    app.post(
      '/api/panels/:id/confirm',
      {
        config: { access: 'panel.score' },
        schema: {
          tags: TAGS,
          summary: '组长确认评审结果：计算并保存每名考生的综合评审成绩和是否合格',
          params: panelParams,
          response: { 200: confirmResponse },
        },
      },
      async (request) => confirmPanel(deps, serviceContext(request), request.params.id),
    );
  };
}
