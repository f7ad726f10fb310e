import { z } from 'zod';
import { BLUEPRINT_PROBLEM_CODES, type BlueprintProblemCode } from '../../../domain/blueprint.js';
import { ITEM_TYPES, SUBJECTS } from '../../../domain/items.js';
import { idParam, idValue, intQuery, pageQuery } from '../../platform/params.schemas.js';

// Bounds here only keep requests small and typed; the domain's validateBlueprint says what a sound blueprint is, in
// its own codes and words (a count of 0, a band 4–2, points 0.333 or a total of 99 all reach it and answer 400).
const LOOSE = 1_000_000;
const looseNumber = (description: string) => z.number().min(-LOOSE).max(LOOSE).describe(description);

export const MAX_BLUEPRINT_CELLS = 100;

const PROBLEM_CODES = Object.keys(BLUEPRINT_PROBLEM_CODES) as [BlueprintProblemCode, ...BlueprintProblemCode[]];

export const blueprintIdParams = z.object({ id: idParam('组卷规则编号') });

const subjectSchema = z
  .enum(SUBJECTS)
  .describe('科目：skill 岗位技能，ethics 职业道德，ability 职业能力，basics 专业基础知识（一级）');
const gradeValue = z
  .number()
  .int()
  .min(1)
  .max(5)
  .describe('等级：5 五级 … 2 二级（岗位技能必填）；1 一级（专业基础知识，可不填）');

export const blueprintCellSchema = z.object({
  type: z.enum(ITEM_TYPES).describe('题型：single 单选题，multiple 多选题，true_false 判断题'),
  knowledgePoint: z.string().max(400).nullable().describe('知识点；null 表示不限知识点'),
  difficulty: z
    .object({
      min: looseNumber('难度下限（1 易 … 5 难）'),
      max: looseNumber('难度上限'),
    })
    .describe('难度范围（含两端）'),
  count: looseNumber('题数'),
  points: looseNumber('每题分值（最多两位小数）'),
});

/**
 * A blueprint's definition, exactly as the `blueprints.definition` column stores it: the domain Blueprint without
 * subject, job type and grade (those are the row's columns). Other modules (papers, the demo seed) read it so.
 */
export const blueprintDefinitionSchema = z.object({
  durationMinutes: looseNumber('考试时长（分钟，默认60）'),
  passLine: looseNumber('合格分数线（默认60）'),
  shuffleItems: z.boolean().describe('题目乱序（每名考生顺序不同）'),
  shuffleOptions: z.boolean().describe('选项乱序'),
  targetDifficulty: looseNumber('目标平均难度（1–5）；null 表示按题库平均').nullable(),
  difficultyTolerance: looseNumber('试卷平均难度的允许偏差（如 0.3）'),
  cells: z.array(blueprintCellSchema).max(MAX_BLUEPRINT_CELLS).describe('抽题规则（题型 × 知识点 × 难度范围）'),
});

const scopeFields = {
  campaignId: idValue('考核年度编号'),
  subject: subjectSchema,
  jobTypeId: idValue('工种编号（岗位技能、专业基础知识必填，其他科目不填）').nullable().optional(),
  grade: gradeValue.nullable().optional(),
};

export const createBlueprintBody = z.object({
  ...scopeFields,
  definition: blueprintDefinitionSchema.optional().describe('不填则按默认规则（考核年度的考试设置）新建'),
});

export const updateBlueprintBody = z.object({
  revision: idValue('打开编辑时读到的修订号；其后他人改动过（修改、发布、撤回）则拒绝，以免覆盖'),
  definition: blueprintDefinitionSchema,
});

export const checkBlueprintBody = z.object({ ...scopeFields, definition: blueprintDefinitionSchema });

export const publishBlueprintBody = z.object({
  revision: idValue('所发布的修订号'),
  confirmTolerance: z
    .boolean()
    .default(false)
    .describe('确认在“允许偏差小于试卷平均难度的自然波动”（BLUEPRINT_TOLERANCE_TOO_TIGHT）时仍发布'),
});

export const revisionBody = z.object({ revision: idValue('所操作的修订号') });

export const deleteBlueprintQuery = z.object({ revision: intQuery(1, 2_147_483_647).describe('所删除的修订号') });

export const deleteBlueprintResponse = z.object({ id: z.number().int().describe('已删除的组卷规则编号') });

export const BLUEPRINT_LIST_FILTERS = ['all', 'attention', 'missing', 'draft', 'published', 'short'] as const;

export const blueprintListQuery = z.object({
  campaignId: idParam('考核年度编号'),
  filter: z
    .enum(BLUEPRINT_LIST_FILTERS)
    .default('all')
    .describe(
      'all 全部；attention 需处理（未建、草稿或题量不足）；missing 未建规则；draft 草稿；published 已发布；short 题量不足',
    ),
  page: pageQuery().describe('页码'),
  pageSize: intQuery(1, 200).default(50).describe('每页条数（最多200）'),
});

export const knowledgePointsQuery = z.object({
  campaignId: idParam('考核年度编号'),
  subject: subjectSchema,
  jobTypeId: idParam('工种编号（岗位技能、专业基础知识）').optional(),
  grade: intQuery(1, 5).optional().describe('等级（岗位技能、专业基础知识）'),
});

// ─── Responses ───────────────────────────────────────────────────────────────────────────────────────────

export const problemSchema = z.object({
  code: z.enum(PROBLEM_CODES).describe('问题代码（domain/blueprint.ts BLUEPRINT_PROBLEM_CODES）'),
  message: z.string().describe('说明'),
  cell: z.number().int().optional().describe('所涉规则的序号（从0起）'),
  otherCell: z.number().int().optional().describe('重复或重叠的另一条规则'),
});

export const cellSufficiencySchema = z.object({
  cell: z.number().int().describe('规则序号（从0起）'),
  label: z.string().describe('规则的说明，如 单选题·安全用电·难度1–2'),
  needed: z.number().int().describe('需要的题数'),
  matching: z.number().int().describe('符合条件的已审核试题数'),
  reserved: z.number().int().describe('其中由包含在本规则内的更具体规则先行抽取的题数'),
  available: z.number().int().describe('本规则可用的题数（符合条件 − 预留）'),
  sufficient: z.boolean().describe('可用 ≥ 需要'),
  meanDifficulty: z.number().nullable().describe('符合条件试题的平均难度'),
});

export const sufficiencyReportSchema = z.object({
  ok: z.boolean().describe('规则完整、各规则题量充足、难度可达、允许偏差不小于自然波动'),
  cells: z.array(cellSufficiencySchema),
  problems: z.array(problemSchema),
  expectedMean: z.number().nullable().describe('试卷平均难度的期望（按分值加权）'),
  meanRange: z.object({ min: z.number(), max: z.number() }).nullable().describe('试卷平均难度的可能范围'),
  meanStdDev: z.number().nullable().describe('各份试卷平均难度的标准差（估计）'),
  target: z.number().nullable().describe('目标平均难度（未设时为期望值）'),
  tolerance: z.number().describe('允许偏差'),
});

export const gradeCountSchema = z.object({
  grade: z.number().int().describe('等级'),
  candidates: z.number().int().describe('该等级已确认的考生人数'),
});

const gradeField = z
  .number()
  .int()
  .nullable()
  .describe('按哪一等级考生的题库检查；null：暂无已确认考生，按适用全部等级的题库检查');

export const gradeReportSchema = z.object({
  grade: gradeField,
  candidates: z.number().int().describe('该等级已确认的考生人数'),
  poolItems: z.number().int().describe('该等级考生的已审核试题总数'),
  report: sufficiencyReportSchema,
});

export const sufficiencySchema = z.object({
  ok: z.boolean().describe('每一等级的检查均无问题'),
  canPublish: z.boolean().describe('没有阻止发布的问题（题量不足、难度不可达、规则本身有误）'),
  needsConfirm: z.boolean().describe('有 BLUEPRINT_TOLERANCE_TOO_TIGHT 警告：发布时须确认'),
  grades: z.array(gradeReportSchema),
});

export const blueprintAbilitiesSchema = z
  .object({
    edit: z.boolean().describe('可修改（草稿）'),
    delete: z.boolean().describe('可删除（草稿，且未用于组卷）'),
    publish: z.boolean().describe('可发布（草稿）'),
    withdraw: z.boolean().describe('可撤回发布（已发布，且尚未按其生成试卷）'),
  })
  .describe('当前账号可做的操作');

export const blueprintSchema = z.object({
  id: z.number().int(),
  campaignId: z.number().int().describe('考核年度编号'),
  subject: subjectSchema,
  jobTypeId: z.number().int().nullable().describe('工种编号（岗位技能、专业基础知识）'),
  jobTypeName: z.string().nullable().describe('工种名称'),
  grade: z.number().int().nullable().describe('等级（岗位技能、专业基础知识）'),
  status: z.enum(['draft', 'published']).describe('draft 草稿，published 已发布'),
  revision: z.number().int().describe('修订号：每次修改、发布、撤回后加一；修改时原样带回'),
  definition: blueprintDefinitionSchema,
  itemCount: z.number().int().describe('每份试卷的题数'),
  totalPoints: z.number().describe('总分'),
  papers: z.number().int().describe('已按此规则生成的试卷份数'),
  createdAt: z.string().describe('建立时间（ISO 8601）'),
  updatedAt: z.string().describe('修改时间（ISO 8601）'),
  publishedAt: z.string().nullable().describe('发布时间'),
  publishedByName: z.string().nullable().describe('发布人姓名（当时的）'),
  abilities: blueprintAbilitiesSchema,
});

export const blueprintDetailSchema = z.object({
  blueprint: blueprintSchema,
  candidates: z.number().int().describe('此科目（工种、等级）已确认的考生人数'),
  sufficiency: sufficiencySchema,
});

export const checkResponse = z.object({
  candidates: z.number().int().describe('已确认的考生人数'),
  sufficiency: sufficiencySchema,
});

export const scopeGradeCheckSchema = z.object({
  grade: gradeField,
  candidates: z.number().int(),
  poolItems: z.number().int().describe('已审核试题总数'),
  ok: z.boolean(),
  shortCells: z
    .array(
      z.object({
        cell: z.number().int(),
        label: z.string(),
        needed: z.number().int(),
        available: z.number().int(),
      }),
    )
    .describe('题量不足的规则'),
  problems: z.array(problemSchema),
});

export const scopeSchema = z.object({
  key: z.string().describe('科目范围的键：ethics、ability、skill:工种编号:等级、basics:工种编号:1'),
  subject: subjectSchema,
  jobTypeId: z.number().int().nullable(),
  jobTypeName: z.string().nullable(),
  jobTypeCode: z.string().nullable(),
  grade: z.number().int().nullable(),
  candidates: z.number().int().describe('已确认的考生人数'),
  grades: z.array(gradeCountSchema).describe('考生按等级的人数'),
  blueprint: z
    .object({
      id: z.number().int(),
      status: z.enum(['draft', 'published']),
      revision: z.number().int(),
      itemCount: z.number().int(),
      updatedAt: z.string(),
      publishedAt: z.string().nullable(),
    })
    .nullable()
    .describe('该范围的组卷规则；null 表示尚未建立'),
  state: z
    .enum(['missing', 'short', 'draft', 'published', 'unused'])
    .describe(
      'missing 有考生但未建规则；short 已建规则但题量不足或难度不可达；draft 草稿（题量充足）；published 已发布（题量充足）；unused 无考生的规则',
    ),
  sufficiency: z
    .object({
      ok: z.boolean(),
      canPublish: z.boolean(),
      needsConfirm: z.boolean(),
      grades: z.array(scopeGradeCheckSchema),
    })
    .nullable()
    .describe('按各等级考生的题库检查（有规则时）'),
  poolItems: z.number().int().describe('可用的已审核试题总数（各等级中最少的）'),
});

export const campaignCheckResponse = z.object({
  campaign: z.object({
    id: z.number().int(),
    year: z.number().int(),
    name: z.string(),
    status: z.string().describe('考核年度状态'),
  }),
  candidates: z.number().int().describe('已确认的考生总人数'),
  ready: z.boolean().describe('有考生的每一科目范围都有已发布且题量充足的组卷规则'),
  summary: z.object({
    scopes: z.number().int().describe('需要组卷规则的科目范围数（含无考生的已有规则）'),
    missing: z.number().int().describe('未建规则'),
    short: z.number().int().describe('题量不足'),
    draft: z.number().int().describe('草稿'),
    published: z.number().int().describe('已发布'),
  }),
  canCreate: z.boolean().describe('可新建规则（题库管理员，考核年度未结束）'),
  items: z.array(scopeSchema),
  total: z.number().int().describe('筛选后的条数'),
});

export const knowledgePointsResponse = z.object({
  grades: z.array(z.number().int()).describe('按哪些等级考生的题库统计（职业道德、职业能力：已确认考生的等级）'),
  total: z.number().int().describe('已审核试题总数'),
  byType: z
    .record(z.enum(ITEM_TYPES), z.array(z.number().int()))
    .describe('各题型按难度 1–5 的题数（数组下标 0 为难度 1）'),
  items: z.array(
    z.object({
      knowledgePoint: z.string(),
      total: z.number().int(),
      byType: z.record(z.enum(ITEM_TYPES), z.array(z.number().int())).describe('各题型按难度 1–5 的题数'),
    }),
  ),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type BlueprintDefinition = z.infer<typeof blueprintDefinitionSchema>;
export type BlueprintCellInput = z.infer<typeof blueprintCellSchema>;
export type CreateBlueprintBody = z.input<typeof createBlueprintBody>;
export type UpdateBlueprintBody = z.input<typeof updateBlueprintBody>;
export type CheckBlueprintBody = z.input<typeof checkBlueprintBody>;
export type PublishBlueprintBody = z.input<typeof publishBlueprintBody>;
export type BlueprintListQuery = import('../../platform/params.schemas.js').QueryOf<typeof blueprintListQuery>;
export type BlueprintListFilter = (typeof BLUEPRINT_LIST_FILTERS)[number];
export type KnowledgePointsQuery = import('../../platform/params.schemas.js').QueryOf<typeof knowledgePointsQuery>;
export type BlueprintProblemView = z.infer<typeof problemSchema>;
export type SufficiencyReportView = z.infer<typeof sufficiencyReportSchema>;
export type BlueprintSufficiency = z.infer<typeof sufficiencySchema>;
export type BlueprintView = z.infer<typeof blueprintSchema>;
export type BlueprintDetail = z.infer<typeof blueprintDetailSchema>;
export type BlueprintCheckResponse = z.infer<typeof checkResponse>;
export type BlueprintScope = z.infer<typeof scopeSchema>;
export type CampaignBlueprintCheck = z.infer<typeof campaignCheckResponse>;
export type KnowledgePoints = z.infer<typeof knowledgePointsResponse>;
