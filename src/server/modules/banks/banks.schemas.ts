import { z } from 'zod';
import {
  EXPLANATION_MAX_LENGTH,
  ITEM_STATUSES,
  ITEM_TYPES,
  KNOWLEDGE_POINT_MAX_LENGTH,
  OPTION_LETTERS,
  OPTION_MAX_LENGTH,
  SOURCE_MAX_LENGTH,
  STEM_MAX_LENGTH,
  SUBJECTS,
} from '../../../domain/items.js';
import { idParam, idValue, intQuery, pageQuery } from '../../platform/params.schemas.js';

// Lengths here only keep requests small; the domain's validateItem says what a good item is, in its own words and
// codes (a stem of spaces, an answer beyond the last option, a difficulty of 2.5 all reach it and answer 400).
const SLACK = 2;

export const bankIdParams = z.object({ id: idParam('题库编号') });
export const itemIdParams = z.object({ id: idParam('试题编号') });
export const itemVersionParams = z.object({ id: idParam('试题编号'), version: idParam('版本号') });

const gradeValue = z.number().int().min(1).max(5).describe('等级：5 五级（初级工）… 1 一级（高级技师）');

export const bankSchema = z.object({
  id: z.number().int(),
  subject: z
    .enum(SUBJECTS)
    .describe('科目：skill 岗位技能，ethics 职业道德，ability 职业能力，basics 专业基础知识（一级）'),
  name: z.string().describe('题库名称'),
  jobTypeId: z.number().int().nullable().describe('工种编号（岗位技能、专业基础知识题库）'),
  jobTypeName: z.string().nullable().describe('工种名称'),
  catalogVersionId: z.number().int().nullable().describe('工种所属的工种目录版本'),
  grade: z.number().int().nullable().describe('等级；职业道德、职业能力题库为空时适用于全部等级'),
  itemCount: z.number().int().describe('试题数'),
  approvedCount: z.number().int().describe('有已审核版本的试题数（组卷可用）'),
  createdAt: z.string().describe('建立时间（ISO 8601）'),
  updatedAt: z.string().describe('修改时间（ISO 8601）'),
});

export const banksResponse = z.object({ items: z.array(bankSchema) });

export const createBankBody = z.object({
  subject: z
    .enum(SUBJECTS)
    .describe('科目：skill 岗位技能，ethics 职业道德，ability 职业能力，basics 专业基础知识（一级）'),
  name: z.string().trim().min(1, '请填写题库名称').max(100, '题库名称不能超过100字').describe('题库名称'),
  jobTypeId: idValue('工种编号（岗位技能、专业基础知识题库必填，其他科目不填）').nullable().optional(),
  grade: gradeValue.nullable().optional(),
});

export const updateBankBody = z.object({
  name: z.string().trim().min(1, '请填写题库名称').max(100, '题库名称不能超过100字').describe('题库名称'),
});

export const itemsQuery = z.object({
  status: z.enum(ITEM_STATUSES).optional().describe('最新版本的状态：draft 草稿，approved 已审核，retired 已停用'),
  type: z.enum(ITEM_TYPES).optional().describe('题型：single 单选题，multiple 多选题，true_false 判断题'),
  knowledgePoint: z.string().trim().max(KNOWLEDGE_POINT_MAX_LENGTH).optional().describe('知识点（完全一致）'),
  difficulty: intQuery(1, 5).optional().describe('难度 1（易）至 5（难）'),
  page: pageQuery().describe('页码'),
  pageSize: intQuery(1, 200).default(50).describe('每页条数（最多200）'),
});

/** What the list and the history show of a version: metadata only, never its stem, options or answer. */
export const itemVersionMetaSchema = z.object({
  itemId: z.number().int().describe('试题编号'),
  bankId: z.number().int().describe('题库编号'),
  version: z.number().int().describe('版本号'),
  revision: z.number().int().describe('修订号：此版本每次修改、审核、停用后加一；修改时原样带回'),
  status: z.enum(ITEM_STATUSES).describe('状态：draft 草稿，approved 已审核，retired 已停用'),
  type: z.enum(ITEM_TYPES).describe('题型'),
  knowledgePoint: z.string().describe('知识点'),
  difficulty: z.number().int().describe('难度 1（易）至 5（难）'),
  authorId: z.number().int().describe('编写（或修改出此版本）的账号编号'),
  authorName: z.string().describe('编写人姓名（当时的）'),
  approverId: z.number().int().nullable().describe('审核人账号编号'),
  approverName: z.string().nullable().describe('审核人姓名（当时的）'),
  createdAt: z.string().describe('编写时间（ISO 8601）'),
  updatedAt: z.string().describe('最后修改时间（ISO 8601）'),
  approvedAt: z.string().nullable().describe('审核通过时间'),
  retiredAt: z.string().nullable().describe('停用时间'),
  usedAt: z.string().nullable().describe('首次被试卷抽取的时间；此后修改将生成新版本'),
  abilities: z
    .object({
      edit: z.boolean().describe('可修改（最新版本且未停用）'),
      approve: z.boolean().describe('可审核通过（草稿，且不是本人编写）'),
      retire: z.boolean().describe('可停用'),
    })
    .describe('当前账号对此版本可做的操作'),
});

export const itemsResponse = z.object({ items: z.array(itemVersionMetaSchema), total: z.number().int() });
export const itemVersionsResponse = z.object({ items: z.array(itemVersionMetaSchema) });

const optionSchema = z.object({
  text: z
    .string()
    .max(OPTION_MAX_LENGTH * SLACK)
    .describe('选项内容'),
  image: z.string().max(128).nullable().default(null).describe('选项图片引用（已上传文件的键）'),
});

/** What an item says: the sealed part (stem, options, answer, explanation, source) and its metadata. */
export const itemContentBody = z.object({
  type: z.enum(ITEM_TYPES).describe('题型：single 单选题，multiple 多选题，true_false 判断题'),
  stem: z
    .string()
    .max(STEM_MAX_LENGTH * SLACK)
    .describe('题干'),
  stemImage: z.string().max(128).nullable().default(null).describe('题干图片引用（已上传文件的键）'),
  options: z
    .array(optionSchema)
    .max(OPTION_LETTERS.length + 4)
    .default([])
    .describe('选项，按 A、B、C… 顺序；判断题不设选项'),
  answer: z
    .string()
    .max(20)
    .describe('答案：选择题为按字母顺序的选项字母（如 B、ABD），判断题为 T（正确）或 F（错误）'),
  difficulty: z.number().min(-100).max(100).describe('难度：1（易）至 5（难）的整数'),
  knowledgePoint: z
    .string()
    .max(KNOWLEDGE_POINT_MAX_LENGTH * SLACK)
    .describe('知识点'),
  source: z
    .string()
    .max(SOURCE_MAX_LENGTH * SLACK)
    .default('')
    .describe('来源（教材、规章等），可空'),
  explanation: z
    .string()
    .max(EXPLANATION_MAX_LENGTH * SLACK)
    .default('')
    .describe('解析，可空'),
});

export const updateItemBody = itemContentBody.extend({
  version: idValue('所修改的版本号（须为最新版本）'),
  revision: idValue('打开编辑时读到的修订号；其后他人改动过（修改、审核、停用）则拒绝，以免覆盖'),
});

export const itemContentResponse = itemVersionMetaSchema.extend({
  stem: z.string().describe('题干'),
  stemImage: z.string().nullable().describe('题干图片引用'),
  options: z.array(z.object({ text: z.string(), image: z.string().nullable() })).describe('选项'),
  answer: z.string().describe('答案'),
  source: z.string().describe('来源'),
  explanation: z.string().describe('解析'),
});

export const itemChangeResponse = z.object({
  item: itemVersionMetaSchema,
  mode: z
    .enum(['created', 'in_place', 'new_version', 'approved', 'retired'])
    .describe('created 新建，in_place 原版本上修改，new_version 生成新版本，approved 审核通过，retired 停用'),
  supersededVersion: z.number().int().nullable().describe('因本次审核通过而停用的旧版本号'),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type Bank = z.infer<typeof bankSchema>;
export type BanksResponse = z.infer<typeof banksResponse>;
export type CreateBankBody = z.input<typeof createBankBody>;
export type UpdateBankBody = z.input<typeof updateBankBody>;
export type BankItemListQuery = import('../../platform/params.schemas.js').QueryOf<typeof itemsQuery>;
export type BankItemMeta = z.infer<typeof itemVersionMetaSchema>;
export type BankItemPage = z.infer<typeof itemsResponse>;
export type BankItemVersions = z.infer<typeof itemVersionsResponse>;
export type ItemContentBody = z.input<typeof itemContentBody>;
export type UpdateItemBody = z.input<typeof updateItemBody>;
export type BankItemContent = z.infer<typeof itemContentResponse>;
export type BankItemChange = z.infer<typeof itemChangeResponse>;
