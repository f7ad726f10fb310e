// The grade verdict in SQL (合格), for every query that decides who passed: the score table's lists and aggregates
// (scores.repository), the qualified candidates of certificates (certificates.repository) and, through those, the
// 公示 list, the archives and the public lookup. Built from domain/scores.ts (`resultSubjectsOfGrade`, the pass
// lines), so the SQL and `gradePasses` cannot drift apart: grades 五 to 二 need 岗位技能, 职业道德 and 职业能力; 一级
// needs 职业道德, 专业基础知识 and 综合评审 (the panel's row, source 'panel'); each scored at or above its line, compared
// in hundredths. A 一级 candidate without a panel row is not passed (the panel is pending).
//
// Subjects are compared as text: 'basics' and 'panel' were added to the enum by ALTER TYPE (migration 0033).
import { type SQL, sql } from 'drizzle-orm';
import { RESULT_SUBJECTS } from '../../domain/items.js';
import { type PassLines, resultSubjectsOfGrade } from '../../domain/scores.js';

const GRADES = [1, 2, 3, 4, 5] as const;

/** The line of the row's subject in hundredths: `case subject::text when 'skill' then 6000 … end`. */
export function lineHundredthsSql(subject: SQL, lines: PassLines): SQL {
  const whens = RESULT_SUBJECTS.map((s) => sql`when ${s} then ${Math.round(lines[s] * 100)}::int`);
  return sql`(case ${subject}::text ${sql.join(whens, sql` `)} end)`;
}

/** Whether the row's subject is one the row's grade needs (true/false; false for a grade outside 1–5). */
export function requiredSubjectSql(grade: SQL, subject: SQL): SQL {
  const whens = GRADES.map((g) => sql`when ${g}::int then ${`{${resultSubjectsOfGrade(g).join(',')}}`}::text[]`);
  return sql`coalesce(${subject}::text = any(case ${grade}::int ${sql.join(whens, sql` `)} end), false)`;
}

/** How many result subjects the grade needs (null outside 1–5, so the verdict is false). */
export function requiredCountSql(grade: SQL): SQL {
  const whens = GRADES.map((g) => sql`when ${g}::int then ${resultSubjectsOfGrade(g).length}::int`);
  return sql`(case ${grade}::int ${sql.join(whens, sql` `)} end)`;
}

/**
 * The verdict as an aggregate over one candidate's score_results rows (grouped by application, the grade among the
 * group's columns or constant in it): every required subject has a row scored at or above its line.
 */
export function gradePassedSql(r: { grade: SQL; subject: SQL; status: SQL; score: SQL }, lines: PassLines): SQL {
  return sql`coalesce(count(*) filter (where ${requiredSubjectSql(r.grade, r.subject)} and ${r.status} = 'scored'
    and round(${r.score}::numeric * 100) >= ${lineHundredthsSql(r.subject, lines)}) = ${requiredCountSql(r.grade)}, false)`;
}

/** The usual aliases: score_results as `r`. */
export const SCORE_ROW = {
  grade: sql.raw('r.grade'),
  subject: sql.raw('r.subject'),
  status: sql.raw('r.status'),
  score: sql.raw('r.score'),
} as const;
