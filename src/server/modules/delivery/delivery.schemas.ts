// The candidate's side of exam day (考试作答, issue 15; docs/api-exam-day.md "The candidate's client"): sign-in with
// 准考证号 and ID number, the attempt's state, a subject's paper, saves, heartbeat, hand-in, the recovery key. Every
// route but the time, the sign-in and the recovery key carries `Authorization: Bearer <token>` (access `exam-client`).
import { z } from 'zod';
import { SUBJECT_STATES } from '../../../domain/exam.js';
import { ITEM_TYPES, OPTION_LETTERS, SUBJECTS } from '../../../domain/items.js';

const subjectEnum = z
  .enum(SUBJECTS)
  .describe('科目：skill 岗位技能，ethics 职业道德，ability 职业能力，basics 专业基础知识（一级）');
const isoTime = (what: string) => z.string().describe(`${what}（ISO 8601，含毫秒，服务器时间）`);
const serverTime = isoTime('服务器当前时间');

/** Most changes in one save (the client's journal flushes in chunks). */
export const MAX_CHANGES = 200;
/** The most items of a paper a position may address (the table's check). */
export const MAX_POSITION = 1000;

export const ATTEMPT_STATUSES = ['waiting', 'admitted', 'finished', 'absent', 'stopped'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];
export const CLIENT_STATUSES = ['active', 'pending'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];
export const SUBMIT_KINDS = ['candidate', 'deadline', 'proctor', 'stopped'] as const;
export type SubmitKind = (typeof SUBMIT_KINDS)[number];

const attemptStatus = z
  .enum(ATTEMPT_STATUSES)
  .describe('作答状态：waiting 已签到待入场审核，admitted 已入场，finished 全部交卷，absent 缺考，stopped 考试终止');
const clientStatus = z
  .enum(CLIENT_STATUSES)
  .describe('本机状态：active 当前作答机，pending 等待监考员确认换机（换机前不能作答）');
const subjectState = z.enum(SUBJECT_STATES).describe('科目状态：upcoming 未开始，open 作答中，submitted 已交卷');
const submitKind = z
  .enum(SUBMIT_KINDS)
  .describe('交卷方式：candidate 考生交卷，deadline 到时自动交卷，proctor 监考员收卷，stopped 考试终止');

// ─── Time ─────────────────────────────────────────────────────────────────────────────────────────────

export const timeResponse = z.object({ serverTime });
export type TimeResponse = z.infer<typeof timeResponse>;

// ─── Sign-in ──────────────────────────────────────────────────────────────────────────────────────────

export const signInBody = z.object({
  ticketNumber: z.string().trim().min(1).max(40).describe('准考证号'),
  idNumber: z.string().trim().min(1).max(40).describe('身份证号（末位 X 大小写均可）'),
  clientToken: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, '令牌须为 32 字节的 base64url')
    .optional()
    .describe(
      '本机生成的令牌（32 个随机字节，base64url）。重试登录时带同一令牌：应答丢失后的重试仍是同一台机器，不会变成等待换机确认的第二台；不带时由服务器生成',
    ),
});
export type SignInBody = z.infer<typeof signInBody>;

export const signInResponse = z.object({
  token: z.string().describe('本机的作答令牌：此后每个请求带 Authorization: Bearer <token>'),
  status: clientStatus,
});
export type SignInResponse = z.infer<typeof signInResponse>;

// ─── State ────────────────────────────────────────────────────────────────────────────────────────────

export const subjectParams = z.object({ subject: subjectEnum });
export type SubjectParams = z.infer<typeof subjectParams>;

/** The clock and state of one subject (in the state and in the heartbeat's compact state). */
export const subjectClock = z.object({
  subject: subjectEnum,
  position: z.number().int().describe('本场次内的顺序（从1起）'),
  opensAt: isoTime('开考时间'),
  deadlineAt: isoTime('截止时间（已含延时）'),
  state: subjectState,
});
export type SubjectClockView = z.infer<typeof subjectClock>;

export const subjectView = subjectClock.extend({
  label: z.string().describe('科目名称'),
  earliestHandInAt: isoTime('最早交卷时间'),
  itemCount: z.number().int().describe('题量'),
  answeredCount: z.number().int().describe('已答题数（交卷时记录；作答中为已保存的非空答案数）'),
  submittedAt: isoTime('交卷时间').nullable(),
  submitKind: submitKind.nullable(),
  score: z.number().nullable().describe('本科目得分（交卷后，且考核年度设置显示成绩时；否则为空）'),
});
export type SubjectView = z.infer<typeof subjectView>;

export const stateResponse = z.object({
  attemptId: z.number().int().describe('作答编号'),
  status: attemptStatus,
  clientStatus,
  candidate: z.object({
    name: z.string().describe('姓名'),
    idNumberMasked: z.string().describe('身份证号（中间8位隐去）'),
    ticketNumber: z.string().describe('准考证号'),
    photo: z.string().nullable().describe('报名照片（data URL）；无照片时为空'),
    jobTypeName: z.string().nullable().describe('报考工种'),
    grade: z.number().int().nullable().describe('报考等级'),
  }),
  centre: z.object({ name: z.string().describe('考点名称'), address: z.string().describe('考点地址') }),
  room: z.object({ id: z.number().int(), name: z.string().describe('考场名称') }),
  seat: z.object({ number: z.number().int().describe('座位号'), label: z.string().describe('座位标签') }),
  session: z.object({
    id: z.number().int(),
    name: z.string().describe('场次名称'),
    date: z.string().describe('考试日期（YYYY-MM-DD，北京时间）'),
    startTime: z.string().describe('开考时间（HH:MM）'),
    lateEntryEndsAt: isoTime('迟到入场截止时间'),
  }),
  pausedAt: isoTime('考场暂停时间').nullable(),
  stoppedAt: isoTime('考场终止时间').nullable(),
  subjects: z.array(subjectView),
  serverTime,
});
export type StateResponse = z.infer<typeof stateResponse>;

// ─── Paper ────────────────────────────────────────────────────────────────────────────────────────────

const letter = z.enum(OPTION_LETTERS);

export const deliveryItem = z.object({
  position: z.number().int().describe('题号（从1起）'),
  type: z.enum(ITEM_TYPES).describe('题型：single 单选，multiple 多选，true_false 判断'),
  points: z.number().describe('分值'),
  stem: z.string().describe('题干'),
  stemImage: z.string().nullable().describe('题干图片（data URL）'),
  options: z
    .array(
      z.object({
        letter: letter.describe('考生所见的选项字母'),
        text: z.string().describe('选项内容'),
        image: z.string().nullable().describe('选项图片（data URL）'),
      }),
    )
    .describe('选项，按考生所见顺序；判断题为空（答 T 正确 / F 错误）'),
});
export type DeliveryItem = z.infer<typeof deliveryItem>;

export const savedAnswer = z.object({
  position: z.number().int().describe('题号'),
  answer: z.string().describe('已保存的答案（考生所见字母；判断题 T/F；空为未答）'),
  flagged: z.boolean().describe('标记待查'),
  seq: z.number().int().describe('该答案的本机日志序号'),
});
export type SavedAnswer = z.infer<typeof savedAnswer>;

export const paperResponse = z.object({
  subject: subjectEnum,
  label: z.string().describe('科目名称'),
  itemCount: z.number().int(),
  totalPoints: z.number().describe('总分'),
  opensAt: isoTime('开考时间'),
  deadlineAt: isoTime('截止时间'),
  items: z.array(deliveryItem),
  answers: z.array(savedAnswer).describe('已保存的答案（断点续考）'),
  serverTime,
});
export type PaperResponse = z.infer<typeof paperResponse>;

// ─── Saves ────────────────────────────────────────────────────────────────────────────────────────────

/** '' (cleared), T or F, or distinct letters A–F in alphabetical order; the item's own options are checked after. */
export const answerText = z
  .string()
  .regex(/^(|T|F|A?B?C?D?E?F?)$/, '答案只能是 A–F 的字母（按字母顺序、不重复）、T、F 或空')
  .describe('答案：考生所见字母（多选按字母顺序，如 ACD）；判断题 T 正确 / F 错误；空为清除');

export const answerChange = z.object({
  position: z.number().int().min(1).max(MAX_POSITION).describe('题号（从1起）'),
  answer: answerText,
  flagged: z.boolean().describe('标记待查'),
  seq: z.number().int().min(1).max(2_147_483_647).describe('本机日志序号（严格递增）'),
});
export type AnswerChange = z.infer<typeof answerChange>;

export const answersBody = z.object({
  subject: subjectEnum,
  changes: z.array(answerChange).min(1).max(MAX_CHANGES).describe('本次提交的改动（1–200 条）'),
  unsaved: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .optional()
    .describe('除本次改动外，本机日志中尚未确认保存的改动条数（监考台显示；缺省为 0）'),
});
export type AnswersBody = z.infer<typeof answersBody>;

export const answersResponse = z.object({
  ackSeq: z.number().int().describe('序号不大于它的改动均已保存或已被更新的答案取代，可从本机日志删除'),
  deadlineAt: isoTime('本科目现在的截止时间（加时后会变）').nullable(),
  pausedAt: isoTime('考场暂停时间（未暂停为 null）').nullable(),
  serverTime,
});
export type AnswersResponse = z.infer<typeof answersResponse>;

// ─── Heartbeat ────────────────────────────────────────────────────────────────────────────────────────

export const heartbeatBody = z.object({
  unsaved: z.number().int().min(0).max(1_000_000).describe('本机日志中尚未确认保存的改动条数'),
  online: z.boolean().describe('本机是否认为网络连通'),
});
export type HeartbeatBody = z.infer<typeof heartbeatBody>;

export const compactState = z.object({
  status: attemptStatus,
  clientStatus,
  pausedAt: isoTime('考场暂停时间').nullable(),
  stoppedAt: isoTime('考场终止时间').nullable(),
  subjects: z.array(subjectClock),
  serverTime,
});
export type CompactState = z.infer<typeof compactState>;

// ─── Submit ───────────────────────────────────────────────────────────────────────────────────────────

export const submitBody = z
  .object({
    changes: z
      .array(answerChange)
      .max(MAX_CHANGES)
      .optional()
      .describe('本机日志中最后的改动（在同一事务中先保存，再交卷）'),
  })
  .nullish();
export type SubmitBody = z.infer<typeof submitBody>;

export const submitResponse = z.object({
  subject: subjectEnum,
  submittedAt: isoTime('交卷时间'),
  submitKind,
  answeredCount: z.number().int().describe('已答题数'),
  itemCount: z.number().int().describe('题量'),
  score: z.number().nullable().describe('本科目得分（考核年度设置交卷显示成绩时；否则为空）'),
});
export type SubmitResponse = z.infer<typeof submitResponse>;

// ─── Recovery key ─────────────────────────────────────────────────────────────────────────────────────

export const RECOVERY_ALGORITHM = 'X25519-HKDF-SHA256-AES-256-GCM';
export const RECOVERY_INFO = 'gongkao recovery v1';

export const recoveryKeyResponse = z.object({
  algorithm: z.literal(RECOVERY_ALGORITHM).describe('加密算法'),
  publicKey: z.string().describe('服务器的 X25519 公钥（32 字节，base64url）'),
});
export type RecoveryKeyResponse = z.infer<typeof recoveryKeyResponse>;

/** The recovery file (.gkr) as the client writes it and the proctor uploads it. */
export const recoveryFile = z.object({
  v: z.literal(1),
  ticketNumber: z.string().describe('准考证号'),
  sessionId: z.number().int().describe('场次编号'),
  ephemeralPublicKey: z.string().describe('本机临时 X25519 公钥（base64url）'),
  iv: z.string().describe('AES-GCM 的 12 字节 IV（base64url，亦作 HKDF 的 salt）'),
  ciphertext: z.string().describe('密文加 16 字节认证标签（base64url）'),
});
export type RecoveryFile = z.infer<typeof recoveryFile>;

/** The recovery file's plaintext. */
export const recoveryPlaintext = z.object({
  ticketNumber: z.string(),
  sessionId: z.number().int(),
  createdAt: z.string(),
  journal: z.array(answerChange.extend({ subject: subjectEnum })).max(100_000),
});
export type RecoveryPlaintext = z.infer<typeof recoveryPlaintext>;
