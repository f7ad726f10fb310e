/** The item analysis' contract (试题分析): per campaign subject a summary and per item version its statistics. */
import { z } from 'zod';
import { ITEM_FLAGS } from '../../../domain/item-analysis.js';
import { SUBJECTS } from '../../../domain/items.js';
import { idParam, intQuery, pageQuery } from '../../platform/params.schemas.js';

const subject = z
  .enum(SUBJECTS)
  .describe('科目：skill 岗位技能，ethics 职业道德，ability 职业能力，basics 专业基础知识（一级）');

export const campaignParams = z.object({ id: idParam('考核年度编号') });
export const subjectParams = z.object({ id: idParam('考核年度编号'), subject });
export const itemParams = z.object({
  id: idParam('考核年度编号'),
  subject,
  itemId: idParam('试题编号'),
  version: idParam('版本号'),
});

const bounds = z.object({
  minP: z.number().describe('难度（答对率）低于此值标记为过难'),
  maxP: z.number().describe('难度（答对率）高于此值标记为过易'),
  minDiscrimination: z.number().describe('区分度低于此值标记为区分度低'),
});

export const summaryResponse = z.object({
  campaignName: z.string(),
  fewAttempts: z.number().int().describe('答卷少于此数时统计结果不稳定，仅供参考'),
  subjects: z.array(
    z.object({
      subject,
      finished: z.number().int().describe('已交卷的科目答卷数'),
      analysis: z
        .object({
          attempts: z.number().int().describe('参与分析的答卷数'),
          itemsPerPaper: z.number().describe('每卷题数'),
          maxScore: z.number().describe('满分'),
          mean: z.number().nullable().describe('平均分'),
          sd: z.number().nullable().describe('标准差'),
          kr20: z.number().nullable().describe('KR-20 信度（按答对题数）；无法计算时为空'),
          histogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })),
          bounds,
          flagged: z.number().int().describe('超出界限的试题数'),
          computedAt: z.string().describe('计算时间（ISO）'),
        })
        .nullable()
        .describe('尚未计算时为空'),
    }),
  ),
});

export const itemListQuery = z.object({
  page: pageQuery().optional(),
  pageSize: intQuery(1, 200).optional().describe('每页条数（默认 20，最多 200）'),
  flagged: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('true：只看超出界限的试题'),
});
export type ItemListQuery = z.output<typeof itemListQuery>;

const itemStat = z.object({
  itemId: z.number().int(),
  version: z.number().int(),
  bankName: z.string().nullable().describe('题库'),
  type: z.string().nullable().describe('题型'),
  knowledgePoint: z.string().nullable().describe('知识点'),
  status: z.string().nullable().describe('该版本的状态（retired 已停用）'),
  attempts: z.number().int().describe('作答人数（试卷含此题的答卷数）'),
  correct: z.number().int().describe('答对人数'),
  p: z.number().describe('难度：答对率'),
  discrimination: z.number().nullable().describe('区分度：与其余题得分的点二列相关；无法计算时为空'),
  optionRates: z.record(z.string(), z.number()).describe('各选项（题库中的原始字母）的选择率'),
  blankRate: z.number().describe('未作答率'),
  flags: z.array(z.enum(ITEM_FLAGS)).describe('标记：too_hard 过难，too_easy 过易，low_discrimination 区分度低'),
  reviewedAt: z.string().nullable().describe('标为已复核的时间'),
  reviewerName: z.string().nullable(),
  reviewNote: z.string().nullable().describe('复核说明'),
  abilities: z.object({ retire: z.boolean(), review: z.boolean() }),
});

export const itemListResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(itemStat),
});

export const reviewBody = z.object({
  note: z.string().trim().min(1).max(500).describe('复核说明（必填）'),
});
export type ReviewBody = z.input<typeof reviewBody>;

export const itemResponse = itemStat;

export type ItemAnalysisSummary = z.infer<typeof summaryResponse>;
export type ItemStatView = z.infer<typeof itemStat>;
export type ItemListResponse = z.infer<typeof itemListResponse>;

export const itemAnalysisResult = z
  .object({
    attempts: z.number().int().describe('参与分析的答卷数'),
    items: z.number().int().describe('分析的试题（版本）数'),
    flagged: z.number().int().describe('超出界限的试题数'),
  })
  .describe('试题分析（item_analysis.compute）的结果');
