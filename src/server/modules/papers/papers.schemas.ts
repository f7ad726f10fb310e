import { z } from 'zod';
import { ITEM_TYPES, OPTION_LETTERS, SUBJECTS } from '../../../domain/items.js';
import { idParam, idValue, intQuery, pageQuery } from '../../platform/params.schemas.js';

// Papers (试卷): generation, its status, and a bank manager's audited view of one paper. Only 题库管理员 reach these
// routes; a paper's items (which versions, in which order, with which answers) never reach any other client.

const subjectEnum = z
  .enum(SUBJECTS)
  .describe('科目：skill 岗位技能，ethics 职业道德，ability 职业能力，basics 专业基础知识（一级）');

export const campaignIdParams = z.object({ id: idParam('考核年度编号') });
export const paperIdParams = z.object({ id: idParam('试卷编号') });

const countsBySubject = z
  .object({ skill: z.number().int(), ethics: z.number().int(), ability: z.number().int(), basics: z.number().int() })
  .describe('按科目：skill 岗位技能，ethics 职业道德，ability 职业能力，basics 专业基础知识（一级）');

// ─── Generation ───────────────────────────────────────────────────────────────────────────────────────

export const paperRefusal = z.object({
  applicationId: z.number().int().describe('考生的申请编号'),
  subject: subjectEnum,
  code: z.string().describe('组卷算法拒绝的代码（如 PAPER_DIFFICULTY_OUT_OF_TOLERANCE）'),
  message: z.string().describe('原因（中文）'),
});

/** A generation job's result (GET /api/jobs/:jobId, kind paper.generate). */
export const paperGenerationResult = z
  .object({
    campaignId: z.number().int(),
    generated: countsBySubject.describe('本次生成的试卷份数（按科目）'),
    existing: z.number().int().describe('此前已生成、本次跳过的试卷份数'),
    refusedCount: z.number().int().describe('抽题未成功、本次未生成试卷的考生科目数'),
    refused: z.array(paperRefusal).describe('抽题未成功的考生科目（最多列出 200 条）；其余考生的试卷照常生成'),
    pools: z.number().int().describe('本次使用的抽题池（组卷规则 × 等级的题库快照）个数'),
  })
  .describe('试卷生成任务的结果');

/**
 * What one generation covers: the whole campaign (no scope), or one row of the summary: 岗位技能 of one job type ×
 * grade, 专业基础知识 of one job type (一级), or 职业道德 / 职业能力 (every grade, or one). Papers of a scope can be generated as soon as its blueprint is
 * published, while others are still being written.
 */
export const generationScope = z.object({
  subject: subjectEnum,
  jobTypeId: idValue('工种编号（岗位技能、专业基础知识）').nullable().optional(),
  grade: z
    .number()
    .int()
    .min(1)
    .max(5)
    .nullable()
    .optional()
    .describe('等级：5 五级 … 2 二级，1 一级（专业基础知识）；公共科目不填为全部等级'),
});
export const generateBody = z
  .object({ scope: generationScope.optional().describe('只生成这一范围的试卷；不填为全部') })
  // A browser's POST without a body arrives as null.
  .nullish();

export const generationProblem = z.object({
  subject: subjectEnum,
  jobTypeId: z.number().int().nullable().describe('工种编号（岗位技能）'),
  grade: z.number().int().nullable().describe('等级'),
  reason: z
    .enum(['missing', 'draft', 'invalid', 'draw_refused'])
    .describe('missing 未建立组卷规则，draft 组卷规则未发布，invalid 组卷规则数据不完整，draw_refused 无法从题库抽题'),
  message: z.string().describe('说明（中文）'),
});

// ─── Status ───────────────────────────────────────────────────────────────────────────────────────────

export const summaryRow = z.object({
  subject: subjectEnum,
  jobTypeId: z.number().int().nullable().describe('工种编号（岗位技能；公共科目为空）'),
  jobTypeName: z.string().nullable().describe('工种名称'),
  grade: z.number().int().nullable().describe('等级（岗位技能；公共科目为空，不分等级）'),
  candidates: z.number().int().describe('省级确认的考生数'),
  papers: z.number().int().describe('已生成的试卷份数'),
  blueprint: z
    .object({
      id: z.number().int(),
      status: z.enum(['draft', 'published']).describe('draft 草稿，published 已发布'),
      revision: z.number().int(),
    })
    .nullable()
    .describe('组卷规则；未建立时为空'),
});

export const papersSummary = z.object({
  campaignId: z.number().int(),
  candidates: z.number().int().describe('省级确认的考生数（五级至二级）'),
  rows: z.array(summaryRow).describe('岗位技能（一级：专业基础知识）按工种 × 等级，职业道德、职业能力各一行'),
  totals: z.object({ candidates: countsBySubject, papers: countsBySubject }),
  missing: z.number().int().describe('尚未生成的试卷份数（考生 × 科目）'),
  ready: z.boolean().describe('所需组卷规则均已发布（不含题库是否够用，生成时再查）'),
  abilities: z.object({ generate: z.boolean().describe('可生成试卷') }),
});

export const papersQuery = z.object({
  subject: subjectEnum.optional(),
  jobTypeId: idParam('工种编号').optional(),
  grade: intQuery(1, 5).optional().describe('等级：5 五级 … 2 二级，1 一级'),
  applicationId: idParam('考生的申请编号').optional(),
  page: pageQuery().describe('页码'),
  pageSize: intQuery(1, 200).default(50).describe('每页条数（最多200）'),
});

export const paperListItem = z.object({
  id: z.number().int().describe('试卷编号'),
  applicationId: z.number().int().describe('考生的申请编号'),
  subject: subjectEnum,
  sitting: z.number().int().describe('第几次考试（补考另出新卷）'),
  jobTypeId: z.number().int().nullable().describe('考生报考的工种编号'),
  jobTypeName: z.string().nullable().describe('考生报考的工种'),
  grade: z.number().int().nullable().describe('考生报考的等级'),
  itemCount: z.number().int().describe('题量'),
  meanDifficulty: z.number().describe('平均难度（按分值加权）'),
  createdAt: z.string().describe('生成时间（ISO 8601）'),
});

export const papersPage = z.object({ items: z.array(paperListItem), total: z.number().int() });

// ─── One paper (audited) and its rebuild check ────────────────────────────────────────────────────────

const letter = z.enum(OPTION_LETTERS);

export const paperItemView = z.object({
  position: z.number().int().describe('题号（从1起，考生所见顺序）'),
  itemId: z.number().int().describe('试题编号'),
  version: z.number().int().describe('试题版本号（试卷抽取时的版本）'),
  type: z.enum(ITEM_TYPES).describe('题型'),
  points: z.number().describe('分值'),
  difficulty: z.number().int().describe('难度 1–5'),
  knowledgePoint: z.string().describe('知识点'),
  stem: z.string().describe('题干'),
  stemImage: z.string().nullable().describe('题干图片引用'),
  options: z
    .array(
      z.object({
        letter: letter.describe('考生所见的选项字母'),
        originalLetter: letter.describe('该选项在题库中的字母'),
        text: z.string(),
        image: z.string().nullable(),
      }),
    )
    .describe('选项，按考生所见顺序；判断题为空'),
  answer: z.string().describe('本卷所见的正确答案字母（判断题为 T 正确 / F 错误）'),
});

export const paperView = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  subject: subjectEnum,
  sitting: z.number().int(),
  algorithmVersion: z.number().int().describe('组卷算法版本'),
  attempt: z.number().int().describe('第几次抽题满足难度要求（0 为第一次）'),
  itemCount: z.number().int(),
  totalPoints: z.number().describe('总分'),
  meanDifficulty: z.number(),
  durationMinutes: z.number().int().describe('考试时长（分钟，据组卷规则）'),
  passLine: z.number().int().describe('合格分数线'),
  createdAt: z.string(),
  candidate: z
    .object({
      applicationId: z.number().int(),
      name: z.string().describe('姓名'),
      idNumberMasked: z.string().describe('身份证号（中间8位隐去）'),
      unitName: z.string().describe('单位'),
      jobTypeId: z.number().int(),
      jobTypeName: z.string().nullable(),
      grade: z.number().int(),
    })
    .nullable()
    .describe('考生；已不在省级确认名单中时为空'),
  items: z.array(paperItemView),
});

export const paperVerification = z.object({
  paperId: z.number().int(),
  matches: z.boolean().describe('按存储的种子、抽题池和算法版本重新抽题，与存储的试卷逐题一致'),
  itemCount: z.number().int(),
  algorithmVersion: z.number().int(),
  attempt: z.number().int(),
  message: z.string().describe('结论（中文）'),
  differences: z
    .array(
      z.object({
        position: z.number().int().describe('题号（从1起）'),
        stored: z.string().nullable().describe('存储的：试题编号/版本/选项顺序'),
        rebuilt: z.string().nullable().describe('重建的：试题编号/版本/选项顺序'),
      }),
    )
    .describe('不一致的题目（最多列出 20 条）'),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type PaperGenerationResult = z.infer<typeof paperGenerationResult>;
export type PaperGenerationProblem = z.infer<typeof generationProblem>;
export type GenerationScope = z.infer<typeof generationScope>;
export type GenerateBody = z.input<typeof generateBody>;
export type PapersSummary = z.infer<typeof papersSummary>;
export type PapersSummaryRow = z.infer<typeof summaryRow>;
export type PapersQuery = import('../../platform/params.schemas.js').QueryOf<typeof papersQuery>;
export type PaperListItem = z.infer<typeof paperListItem>;
export type PapersPage = z.infer<typeof papersPage>;
export type PaperView = z.infer<typeof paperView>;
export type PaperItemView = z.infer<typeof paperItemView>;
export type PaperVerification = z.infer<typeof paperVerification>;
