/** The certificates' contract (证书): officials' list, batch issue, print, revoke and reissue; the public verification. */
import { z } from 'zod';
import { CERTIFICATE_STATUSES } from '../../../domain/certificate-number.js';
import { idParam, intQuery, pageQuery } from '../../platform/params.schemas.js';
import { trackField } from '../scores/scores.schemas.js';

export const campaignParams = z.object({ id: idParam('考核年度编号') });
export const certificateParams = z.object({ certificateId: idParam('证书编号（内部 id）') });
export const numberParams = z.object({
  number: z.string().min(1).max(40).describe('证书编号（16 位数字）'),
});

export const scopeQuery = z.object({
  jurisdictionId: idParam('地区（机构）编号；省级不填为全省，地区管理员不填为本地区').optional(),
});

export const certificateListQuery = scopeQuery.extend({
  page: pageQuery().optional(),
  pageSize: intQuery(1, 200).optional().describe('每页条数（默认 20，最多 200）'),
  status: z.enum(CERTIFICATE_STATUSES).optional().describe('valid 有效 / revoked 已撤销'),
  grade: intQuery(1, 5).optional().describe('等级（1–5）'),
  q: z.string().max(40).optional().describe('证书编号、姓名或身份证号（包含）'),
});
export type CertificateListQuery = z.output<typeof certificateListQuery>;

export const certificateItem = z.object({
  id: z.number().int(),
  number: z.string(),
  holderName: z.string(),
  idNumberMasked: z.string().describe('410105********1234'),
  jobTypeName: z.string(),
  grade: z.number().int(),
  issuedOn: z.string().describe('发证日期 YYYY-MM-DD'),
  status: z.enum(CERTIFICATE_STATUSES),
  revokeReason: z.string().nullable(),
  revokedAt: z.string().nullable(),
  replacesId: z.number().int().nullable().describe('补发证书所替代的原证书'),
  replacedById: z.number().int().nullable().describe('补发的新证书'),
  jurisdictionName: z.string(),
  unitName: z.string(),
});

export const certificateListResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(certificateItem),
});

export const certificateOverviewResponse = z.object({
  campaign: z.object({ id: z.number().int(), name: z.string(), year: z.number().int() }),
  releasedAt: z.string().nullable().describe('五级至二级的成绩发布时间（各批次见 tracks）'),
  tracks: z
    .array(
      z.object({
        track: trackField,
        label: z.string().describe('五级至二级 / 一级（高级技师）'),
        releasedAt: z.string().nullable().describe('该批次的成绩发布时间；未发布的批次不能发证'),
        publicityHold: z.string().nullable().describe('该批次公示未结束（或异议未处理完）时不能发证的原因'),
        issuable: z.boolean().describe('该批次现在可以发证'),
        qualified: z.number().int().describe('该批次合格（可发证）人数'),
        missing: z.number().int().describe('该批次合格但尚未发证的人数'),
      }),
    )
    .describe('两个结果批次各自的发布、公示和发证情况'),
  qualified: z.number().int().describe('合格（可发证）人数'),
  valid: z.number().int().describe('有效证书数'),
  revoked: z.number().int().describe('已撤销证书数'),
  missing: z.number().int().describe('合格但尚未发证的人数'),
  abilities: z.object({ issue: z.boolean(), print: z.boolean(), revoke: z.boolean() }),
});

export const issueResult = z
  .object({
    qualified: z.number().int().describe('范围内合格人数'),
    issued: z.number().int().describe('本次新发的证书数'),
    alreadyIssued: z.number().int().describe('此前已发证（含已撤销）的人数'),
    waiting: z.number().int().describe('另一结果批次合格、尚未发证、待其成绩发布或公示结束的人数'),
    waitingTracks: z.array(trackField).describe('待发证的结果批次'),
  })
  .describe('批量发证（certificate.issue）的结果');

export const revokeBody = z.object({
  reason: z.string().trim().min(1, '请填写撤销原因').max(200).describe('撤销原因'),
});
export const reissueBody = z.object({
  note: z.string().trim().max(200).optional().describe('补充说明（可不填）；原证书以“遗失补发”撤销'),
});

export const publicKeyResponse = z.object({
  algorithm: z.literal('Ed25519'),
  publicKeyPem: z.string().describe('SPKI PEM 格式公钥'),
  keyId: z.string().describe('公钥 SHA-256 前 8 字节的 base64url'),
});

export const publicCertificateResponse = z.object({
  number: z.string(),
  holderName: z.string().describe('姓名（部分遮盖，如 周*娟）'),
  jobType: z.string(),
  grade: z.number().int().describe('等级：5 五级 … 2 二级'),
  issuedOn: z.string().describe('发证日期 YYYY-MM-DD'),
  issuer: z.string().describe('发证机关'),
  status: z.enum(CERTIFICATE_STATUSES).describe('valid 有效 / revoked 已撤销'),
  qr: z.string().describe('与证书上二维码相同的文本 GKC1.<payload>.<signature>'),
});

export type CertificateList = z.infer<typeof certificateListResponse>;
export type CertificateItem = z.infer<typeof certificateItem>;
export type CertificateOverview = z.infer<typeof certificateOverviewResponse>;
export type IssueResult = z.infer<typeof issueResult>;
export type PublicCertificate = z.infer<typeof publicCertificateResponse>;
export type PublicKey = z.infer<typeof publicKeyResponse>;
export type RevokeBody = z.input<typeof revokeBody>;
export type ReissueBody = z.input<typeof reissueBody>;
