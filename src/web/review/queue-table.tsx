import { Table, type TableColumnType, Tooltip } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import type { MouseEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { QueueItem, QueueSort } from '../api/review';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';
import { formatDateTime } from '../util';
import { PAGE_SIZE_OPTIONS } from './queue-state';
import { StatusTag, VerdictTag } from './tags';

const SORTABLE: ReadonlySet<string> = new Set(['submittedAt', 'name', 'appliedGrade', 'verdict', 'status', 'unitName']);

/** Whether a row may be decided on at all (the checkbox is off otherwise). */
export function decidable(item: QueueItem): boolean {
  return item.abilities.approve || item.abilities.return || item.abilities.reject;
}

export interface QueueTableProps {
  items: QueueItem[];
  total: number;
  loading: boolean;
  page: number;
  pageSize: number;
  sort?: QueueSort;
  order?: 'asc' | 'desc';
  /** Selection (absent: no checkboxes). */
  selectedIds?: number[];
  onSelect?: (ids: number[], rows: (QueueItem | undefined)[]) => void;
  onPage: (page: number, pageSize: number) => void;
  onSort: (sort: QueueSort | undefined, order: 'asc' | 'desc' | undefined) => void;
  emptyText: string;
  /** The unit column (a unit's own queue leaves it out). */
  showUnit?: boolean;
}

/** The review queue: one row per application; a click (or the name link) opens the application. */
export function QueueTable({
  items,
  total,
  loading,
  page,
  pageSize,
  sort,
  order,
  selectedIds,
  onSelect,
  onPage,
  onSort,
  emptyText,
  showUnit = true,
}: QueueTableProps) {
  const navigate = useNavigate();
  const sortOrder = (field: QueueSort) =>
    sort === field ? (order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null;

  const onRowClick = (item: QueueItem) => (e: MouseEvent<HTMLElement>) => {
    const target = e.target as HTMLElement;
    // Checkboxes, links and tooltips' anchors keep their own behaviour.
    if (target.closest('a, button, input, label, .ant-table-selection-column')) return;
    navigate(`/applications/${item.id}`, { state: { from: 'review' } });
  };

  const unitColumn: TableColumnType<QueueItem> = {
    title: '单位',
    dataIndex: 'unitName',
    sorter: true,
    sortOrder: sortOrder('unitName'),
    ellipsis: { showTitle: false },
    render: (u: string, a) => (
      <Tooltip title={[a.jurisdictionName, a.departmentName, u].filter(Boolean).join(' / ')} placement="topLeft">
        <span>{u}</span>
      </Tooltip>
    ),
  };

  return (
    <Table<QueueItem>
      className="gk-rv-queue"
      size="small"
      rowKey="id"
      data-testid="review-queue"
      loading={loading}
      dataSource={items}
      scroll={{ x: showUnit ? 1040 : 900 }}
      locale={{ emptyText }}
      onRow={(item) => ({ onClick: onRowClick(item) })}
      rowSelection={
        onSelect
          ? {
              selectedRowKeys: selectedIds,
              preserveSelectedRowKeys: true,
              columnWidth: 36,
              getCheckboxProps: (item) => ({
                disabled: !decidable(item),
                'aria-label': `选择 ${item.name}`,
              }),
              onChange: (keys, rows) => onSelect(keys.map(Number), rows),
            }
          : undefined
      }
      onChange={(_p, _f, sorter: SorterResult<QueueItem> | SorterResult<QueueItem>[]) => {
        const s = Array.isArray(sorter) ? sorter[0] : sorter;
        const field = typeof s?.field === 'string' ? s.field : undefined;
        if (s?.order && field && SORTABLE.has(field)) {
          onSort(field as QueueSort, s.order === 'ascend' ? 'asc' : 'desc');
        } else {
          onSort(undefined, undefined);
        }
      }}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: PAGE_SIZE_OPTIONS,
        showTotal: (t) => `共 ${t} 人`,
        onChange: (p, s) => onPage(s !== pageSize ? 1 : p, s),
      }}
      columns={[
        {
          title: '姓名',
          dataIndex: 'name',
          width: 90,
          sorter: true,
          sortOrder: sortOrder('name'),
          render: (n: string, a) => (
            <Link to={`/applications/${a.id}`} state={{ from: 'review' }} data-testid={`queue-open-${a.id}`}>
              {n}
            </Link>
          ),
        },
        {
          title: '身份证号',
          dataIndex: 'idNumber',
          width: 168,
          render: (v: string) => <span className="gk-mono">{v}</span>,
        },
        ...(showUnit ? [unitColumn] : []),
        {
          title: '申报工种',
          dataIndex: 'appliedJobType',
          width: 120,
          ellipsis: { showTitle: false },
          render: (j: string, a) => (
            <Tooltip title={a.appliedJobTypeCategory ? `${j}（${a.appliedJobTypeCategory}）` : j} placement="topLeft">
              <span>{j}</span>
            </Tooltip>
          ),
        },
        {
          title: '申报等级',
          dataIndex: 'appliedGrade',
          width: 124,
          sorter: true,
          sortOrder: sortOrder('appliedGrade'),
          render: (g: AppliedGrade) => GRADE_LABELS[g] ?? g,
        },
        {
          title: '资格结论',
          dataIndex: 'verdict',
          width: 100,
          sorter: true,
          sortOrder: sortOrder('verdict'),
          render: (_v: unknown, a) => (
            <VerdictTag verdict={a.verdict} findingCount={a.findingCount} overruledVerdict={a.overruledVerdict} />
          ),
        },
        {
          title: '状态',
          dataIndex: 'status',
          width: 150,
          sorter: true,
          sortOrder: sortOrder('status'),
          render: (_s: unknown, a) => <StatusTag status={a.status} returnedTo={a.returnedTo} />,
        },
        {
          title: '退回',
          dataIndex: 'returnCount',
          width: 56,
          align: 'center' as const,
          render: (n: number) =>
            n > 0 ? (
              <span className="gk-rv-returned" title={`已被退回 ${n} 次`}>
                {n}
              </span>
            ) : (
              <span className="gk-muted">0</span>
            ),
        },
        {
          title: '提交时间',
          dataIndex: 'submittedAt',
          width: 96,
          sorter: true,
          sortOrder: sortOrder('submittedAt'),
          render: (v: string | null) =>
            v ? <span title={formatDateTime(v)}>{formatDateTime(v).slice(0, 10)}</span> : '—',
        },
      ]}
    />
  );
}
