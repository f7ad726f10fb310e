import { z } from 'zod';
import { idParam, intQuery, pageQuery } from '../../platform/params.schemas.js';

export const versionIdParams = z.object({ id: idParam('目录版本编号') });

export const versionSchema = z.object({
  id: z.number().int(),
  name: z.string().describe('发布目录的文号，例如 豫人社工考〔2014〕2号'),
  title: z.string().describe('目录标题'),
  isSample: z.boolean().describe('示例数据（非正式目录）'),
  jobTypeCount: z.number().int().describe('工种数'),
  createdAt: z.string().describe('导入时间（ISO 8601）'),
});

export const versionsResponse = z.object({ items: z.array(versionSchema) });

export const gradeSchema = z.number().int().min(1).max(5);

export const jobTypeSchema = z.object({
  id: z.number().int(),
  code: z.string().describe('工种代码'),
  name: z.string().describe('工种名称'),
  category: z.string().describe('工种类别，例如 交通运输类'),
  grades: z.array(gradeSchema).describe('可申报等级：5 五级（初级工）… 1 一级（高级技师）'),
  localExam: z.boolean().describe('在所在地参加考核（技术监督类、测绘类）'),
});

export const jobTypesQuery = z.object({
  q: z.string().trim().max(50).optional().describe('工种名称或代码的一部分'),
  category: z.string().trim().max(30).optional().describe('工种类别'),
  grade: intQuery(1, 5).optional().describe('只列出可申报该等级的工种（5…1）'),
  page: pageQuery().describe('页码'),
  pageSize: intQuery(1, 500).default(50).describe('每页条数（最多500）'),
});

export const jobTypesResponse = z.object({
  items: z.array(jobTypeSchema),
  total: z.number().int(),
  categories: z.array(z.string()).describe('该目录的全部工种类别'),
});

export const importResponse = z.object({
  version: versionSchema.optional().describe('全部行无误时建立的目录版本'),
  total: z.number().int().describe('文件中的数据行数'),
  imported: z.number().int().describe('导入的工种数（有错误时为0）'),
  errors: z.array(
    z.object({
      row: z.number().int().describe('Excel 行号'),
      column: z.string().describe('列名'),
      message: z.string(),
    }),
  ),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type CatalogVersion = z.infer<typeof versionSchema>;
export type CatalogVersionsResponse = z.infer<typeof versionsResponse>;
export type JobType = z.infer<typeof jobTypeSchema>;
export type JobTypeListQuery = import('../../platform/params.schemas.js').QueryOf<typeof jobTypesQuery>;
export type JobTypePage = z.infer<typeof jobTypesResponse>;
export type CatalogImportResult = z.infer<typeof importResponse>;
