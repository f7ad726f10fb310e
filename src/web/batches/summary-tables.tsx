import type { CSSProperties, ReactNode } from 'react';
import { type BatchSummary, GRADE_KEYS, type GradeCounts } from '../api/batches';
import { VERDICT_SHORT } from '../labels';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';

/** Column heads of the grade columns: 五级（初级工） … 一级（高级技师）. */
export function gradeLabel(key: (typeof GRADE_KEYS)[number]): string {
  return GRADE_LABELS[Number(key) as AppliedGrade];
}

function sumGrades(rows: readonly { grades: GradeCounts }[]): GradeCounts {
  const sums: GradeCounts = { '5': 0, '4': 0, '3': 0, '2': 0, '1': 0 };
  for (const row of rows) for (const g of GRADE_KEYS) sums[g] += row.grades[g] ?? 0;
  return sums;
}

const GRADE_NAME_STYLE: CSSProperties = { display: 'block', fontWeight: 400, fontSize: '0.9em' };

/** 五级（初级工） on two lines, so that five grade columns fit on A4. */
export function GradeHead({ grade }: { grade: (typeof GRADE_KEYS)[number] }) {
  const [level, name] = gradeLabel(grade).split('（');
  return (
    <>
      {level}
      {name && <span style={GRADE_NAME_STYLE}>（{name}</span>}
    </>
  );
}

const n = (v: number | undefined): ReactNode => (v ? v : <span className="gk-bs-zero">0</span>);

/** 汇总表: job type × grade with the totals row, as the offices file it. */
export function JobTypeGradeTable({ summary, caption }: { summary: BatchSummary; caption?: string }) {
  const totals = sumGrades(summary.byJobType);
  return (
    <table className="gk-bs-table" data-testid="batch-summary-table">
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col" className="gk-bs-seq">
            序号
          </th>
          <th scope="col" className="gk-bs-jobtype">
            申报工种
          </th>
          <th scope="col" className="gk-bs-category">
            工种类别
          </th>
          {GRADE_KEYS.map((g) => (
            <th scope="col" key={g} className="gk-bs-grade">
              <GradeHead grade={g} />
            </th>
          ))}
          <th scope="col" className="gk-bs-num">
            合计
          </th>
        </tr>
      </thead>
      <tbody>
        {summary.byJobType.length === 0 && (
          <tr>
            <td colSpan={GRADE_KEYS.length + 4} className="gk-bs-empty">
              无
            </td>
          </tr>
        )}
        {summary.byJobType.map((row, i) => (
          <tr key={`${row.jobType}-${row.category ?? ''}`}>
            <td className="gk-bs-seq">{i + 1}</td>
            <td className="gk-bs-text">{row.jobType}</td>
            <td className="gk-bs-text gk-bs-nowrap">{row.category ?? '—'}</td>
            {GRADE_KEYS.map((g) => (
              <td key={g} className="gk-bs-num">
                {n(row.grades[g])}
              </td>
            ))}
            <td className="gk-bs-num gk-bs-strong">{row.total}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            合计
          </th>
          {GRADE_KEYS.map((g) => (
            <td key={g} className="gk-bs-num">
              {totals[g]}
            </td>
          ))}
          <td className="gk-bs-num">{summary.total}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** The eligibility verdicts and how many were approved over them (推翻系统结论). */
export function VerdictTable({ summary }: { summary: BatchSummary }) {
  return (
    <table className="gk-bs-table" data-testid="batch-verdict-table">
      <thead>
        <tr>
          <th scope="col">系统资格结论</th>
          <th scope="col" className="gk-bs-num">
            人数
          </th>
          <th scope="col" className="gk-bs-num">
            其中审核通过（推翻结论）
          </th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">{VERDICT_SHORT.eligible}</th>
          <td className="gk-bs-num">{summary.byVerdict.eligible ?? 0}</td>
          <td className="gk-bs-num">—</td>
        </tr>
        <tr>
          <th scope="row">{VERDICT_SHORT.needs_review}</th>
          <td className="gk-bs-num">{summary.byVerdict.needs_review ?? 0}</td>
          <td className="gk-bs-num">{summary.overruled.needs_review ?? 0}</td>
        </tr>
        <tr>
          <th scope="row">{VERDICT_SHORT.ineligible}</th>
          <td className="gk-bs-num">{summary.byVerdict.ineligible ?? 0}</td>
          <td className={`gk-bs-num${summary.overruled.ineligible ? ' gk-bs-flag' : ''}`}>
            {summary.overruled.ineligible ?? 0}
          </td>
        </tr>
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">合计</th>
          <td className="gk-bs-num">{summary.total}</td>
          <td className="gk-bs-num">{(summary.overruled.needs_review ?? 0) + (summary.overruled.ineligible ?? 0)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** How many applications each unit contributed. */
export function UnitTable({ summary }: { summary: BatchSummary }) {
  return (
    <table className="gk-bs-table" data-testid="batch-unit-table">
      <thead>
        <tr>
          <th scope="col" className="gk-bs-seq">
            序号
          </th>
          <th scope="col">单位</th>
          <th scope="col" className="gk-bs-num">
            人数
          </th>
        </tr>
      </thead>
      <tbody>
        {summary.byUnit.length === 0 && (
          <tr>
            <td colSpan={3} className="gk-bs-empty">
              无
            </td>
          </tr>
        )}
        {summary.byUnit.map((u, i) => (
          <tr key={u.unitId}>
            <td className="gk-bs-seq">{i + 1}</td>
            <td className="gk-bs-text">{u.unitName}</td>
            <td className="gk-bs-num">{u.total}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            合计
          </th>
          <td className="gk-bs-num">{summary.total}</td>
        </tr>
      </tfoot>
    </table>
  );
}
