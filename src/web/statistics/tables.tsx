import { Table } from 'antd';
import { type ApplicationStatus, LEVEL_LABELS, STATUS_LABELS } from '../../domain/review';
import { GRADE_KEYS, type GradeCounts } from '../api/batches';
import type { ReasonCount, ReviewStatistics } from '../api/statistics';
import { GradeHead } from '../batches/summary-tables';
import { CHILD_KIND_LABELS, count, gradeShort, heatColor, heatText } from './model';

type Child = ReviewStatistics['byChild'][number];
type JobTypeRow = ReviewStatistics['byJobType'][number];

const num = (v: number) => (v ? v.toLocaleString('zh-CN') : <span className="gk-st-zero">0</span>);

/** The children of the node × status, with a totals row. */
export function ChildStatusTable({
  stats,
  statuses,
  printing,
}: {
  stats: ReviewStatistics;
  statuses: readonly ApplicationStatus[];
  printing: boolean;
}) {
  const t = stats.totals;
  return (
    <Table<Child>
      size="small"
      rowKey="id"
      bordered
      data-testid="stat-by-child"
      dataSource={stats.byChild}
      pagination={printing || stats.byChild.length <= 30 ? false : { pageSize: 30, showSizeChanger: false }}
      scroll={printing ? undefined : { x: 200 + statuses.length * 88 }}
      locale={{ emptyText: `没有下级${CHILD_KIND_LABELS[stats.childKind]}的报名` }}
      columns={[
        {
          title: CHILD_KIND_LABELS[stats.childKind],
          dataIndex: 'name',
          fixed: printing ? undefined : ('left' as const),
          width: 180,
        },
        ...statuses.map((s) => ({
          title: STATUS_LABELS[s],
          key: s,
          width: 88,
          align: 'right' as const,
          render: (_: unknown, c: Child) => num(count(c.byStatus, s)),
          sorter: (a: Child, b: Child) => count(a.byStatus, s) - count(b.byStatus, s),
        })),
        {
          title: '合计',
          dataIndex: 'total',
          width: 80,
          align: 'right' as const,
          defaultSortOrder: undefined,
          sorter: (a: Child, b: Child) => a.total - b.total,
          render: (v: number) => <strong>{v.toLocaleString('zh-CN')}</strong>,
        },
      ]}
      summary={() => (
        <Table.Summary fixed={printing ? undefined : 'bottom'}>
          <Table.Summary.Row className="gk-st-total-row">
            <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
            {statuses.map((s, i) => (
              <Table.Summary.Cell key={s} index={i + 1} align="right">
                {count(t.byStatus, s).toLocaleString('zh-CN')}
              </Table.Summary.Cell>
            ))}
            <Table.Summary.Cell index={statuses.length + 1} align="right">
              {t.applications.toLocaleString('zh-CN')}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}

function gradeTotals(rows: readonly { byGrade: GradeCounts }[]): GradeCounts {
  const sums: GradeCounts = { '5': 0, '4': 0, '3': 0, '2': 0, '1': 0 };
  for (const r of rows) for (const g of GRADE_KEYS) sums[g] += r.byGrade[g] ?? 0;
  return sums;
}

/** 工种类别 × 等级 as a heat table: the darker the cell, the more applications. */
export function CategoryGradeHeatTable({ stats }: { stats: ReviewStatistics }) {
  const rows = stats.byCategory;
  const max = Math.max(0, ...rows.flatMap((r) => GRADE_KEYS.map((g) => r.byGrade[g] ?? 0)));
  const totals = gradeTotals(rows);
  const total = rows.reduce((n, r) => n + r.total, 0);
  return (
    <div className="gk-st-scroll">
      <table className="gk-st-heat" data-testid="stat-category-grade">
        <thead>
          <tr>
            <th scope="col">工种类别</th>
            {GRADE_KEYS.map((g) => (
              <th scope="col" key={g}>
                <GradeHead grade={g} />
              </th>
            ))}
            <th scope="col">合计</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={GRADE_KEYS.length + 2} className="gk-st-empty">
                暂无数据
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.category ?? '—'}>
              <th scope="row">{r.category ?? '未分类'}</th>
              {GRADE_KEYS.map((g) => {
                const v = r.byGrade[g] ?? 0;
                return (
                  <td
                    key={g}
                    style={{ background: heatColor(v, max), color: heatText(v, max) }}
                    title={`${r.category ?? '未分类'} · ${gradeShort(g)}：${v} 人`}
                  >
                    {v.toLocaleString('zh-CN')}
                  </td>
                );
              })}
              <td className="gk-st-strong">{r.total.toLocaleString('zh-CN')}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">合计</th>
            {GRADE_KEYS.map((g) => (
              <td key={g}>{totals[g].toLocaleString('zh-CN')}</td>
            ))}
            <td>{total.toLocaleString('zh-CN')}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Every applied job type with its grades, the busiest first. */
export function JobTypeTable({ stats, printing }: { stats: ReviewStatistics; printing: boolean }) {
  const rows = [...stats.byJobType].sort((a, b) => b.total - a.total || a.jobType.localeCompare(b.jobType, 'zh'));
  const totals = gradeTotals(rows);
  const total = rows.reduce((n, r) => n + r.total, 0);
  return (
    <Table<JobTypeRow>
      size="small"
      rowKey="jobTypeId"
      bordered
      data-testid="stat-job-types"
      dataSource={rows}
      pagination={
        printing || rows.length <= 15 ? false : { pageSize: 15, showSizeChanger: true, pageSizeOptions: [15, 50, 100] }
      }
      locale={{ emptyText: '暂无数据' }}
      columns={[
        {
          title: '序号',
          key: 'seq',
          width: 56,
          align: 'center' as const,
          render: (_: unknown, _r: JobTypeRow, i: number) => i + 1,
        },
        { title: '申报工种', dataIndex: 'jobType' },
        { title: '工种类别', dataIndex: 'category', render: (v: string | null) => v ?? '未分类' },
        ...GRADE_KEYS.map((g) => ({
          title: <GradeHead grade={g} />,
          key: g,
          width: 92,
          align: 'right' as const,
          render: (_: unknown, r: JobTypeRow) => num(r.byGrade[g] ?? 0),
        })),
        {
          title: '合计',
          dataIndex: 'total',
          width: 72,
          align: 'right' as const,
          render: (v: number) => <strong>{v.toLocaleString('zh-CN')}</strong>,
        },
      ]}
      summary={() =>
        rows.length > 0 && (
          <Table.Summary.Row className="gk-st-total-row">
            <Table.Summary.Cell index={0} colSpan={3}>
              合计（{rows.length} 个工种）
            </Table.Summary.Cell>
            {GRADE_KEYS.map((g, i) => (
              <Table.Summary.Cell key={g} index={i + 3} align="right">
                {totals[g].toLocaleString('zh-CN')}
              </Table.Summary.Cell>
            ))}
            <Table.Summary.Cell index={GRADE_KEYS.length + 3} align="right">
              {total.toLocaleString('zh-CN')}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )
      }
    />
  );
}

/** Returns or rejections by level and reason. */
export function ReasonTable({ rows, unit, testId }: { rows: readonly ReasonCount[]; unit: string; testId: string }) {
  const sorted = [...rows].sort((a, b) => b.count - a.count);
  const total = sorted.reduce((n, r) => n + r.count, 0);
  return (
    <Table<ReasonCount>
      size="small"
      bordered
      data-testid={testId}
      rowKey={(r) => `${r.level}-${r.reasonCode}`}
      dataSource={sorted}
      pagination={false}
      locale={{ emptyText: '暂无' }}
      columns={[
        {
          title: '审核层级',
          dataIndex: 'level',
          width: 120,
          render: (l: ReasonCount['level']) => LEVEL_LABELS[l] ?? l,
        },
        { title: '原因', dataIndex: 'label' },
        { title: unit, dataIndex: 'count', width: 72, align: 'right' as const },
      ]}
      summary={() =>
        sorted.length > 0 && (
          <Table.Summary.Row className="gk-st-total-row">
            <Table.Summary.Cell index={0} colSpan={2}>
              合计
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {total}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )
      }
    />
  );
}
