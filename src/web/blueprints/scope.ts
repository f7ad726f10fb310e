import type { ExamGrade } from '../../domain/blueprint';
import { GRADE_LABELS } from '../../domain/eligibility';
import { isJobTypeSubject, type Subject } from '../../domain/items';
import { SUBJECT_LABELS } from '../labels';

/** 五级 (not 五级（初级工）): the short form for tables; null is a check against the banks for every grade. */
export function gradeShort(grade: number | null): string {
  if (grade === null) return '全部等级';
  return (GRADE_LABELS[grade as ExamGrade] ?? `${grade}级`).replace(/（.*$/, '');
}

/** 职业道德, 岗位技能 · 汽车驾驶员 · 四级, or 专业基础知识 · 汽车驾驶员 · 一级. */
export function scopeTitle(s: { subject: Subject; jobTypeName: string | null; grade: number | null }): string {
  if (!isJobTypeSubject(s.subject)) return SUBJECT_LABELS[s.subject];
  return `${SUBJECT_LABELS[s.subject]} · ${s.jobTypeName ?? '工种'} · ${gradeShort(s.grade)}`;
}
