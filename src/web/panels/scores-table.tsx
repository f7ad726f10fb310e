import { Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { PanelScoresResponse } from '../api/panels';

type Row = PanelScoresResponse['rows'][number];

/**
 * The members' totals per candidate (the chair's and the province's view): 未评分 / 草稿 / 回避 / 缺席 marked, the
 * dropped highest and lowest struck through, the panel score and the conclusion.
 */
export function ScoresTable({
  data,
  onReturn,
}: {
  data: PanelScoresResponse;
  /** The chair returns a submitted sheet. */
  onReturn?: (row: Row, expertId: number, name: string) => void;
}) {
  const absent = new Map(data.members.map((m) => [m.expertId, m.absent]));
  return (
    <Table<Row>
      rowKey="applicationId"
      size="small"
      pagination={false}
      data-testid="panel-scores"
      scroll={{ x: 'max-content' }}
      dataSource={data.rows}
      columns={[
        { title: '考生', dataIndex: 'name', fixed: 'left', width: 90 },
        { title: '单位', dataIndex: 'unitName', width: 170 },
        ...data.members.map((m, i) => ({
          title: (
            <span>
              {m.name}
              {m.isChair && <Tag style={{ marginInlineStart: 4 }}>组长</Tag>}
              {m.absent && <Tag color="default">缺席</Tag>}
            </span>
          ),
          key: `m${m.expertId}`,
          width: 110,
          render: (_: unknown, row: Row) => {
            const cell = row.cells[i]!;
            if (cell.status === 'own_unit') return <Tag>回避</Tag>;
            if (absent.get(m.expertId)) return <Typography.Text type="secondary">缺席</Typography.Text>;
            if (cell.status === 'none') return <Typography.Text type="secondary">未评分</Typography.Text>;
            if (cell.status === 'draft') return <Tag color="orange">草稿</Tag>;
            const total = (
              <Tooltip title={cell.comment ? `评语：${cell.comment}` : undefined}>
                <span
                  data-testid={`cell-${row.applicationId}-${m.expertId}`}
                  style={cell.dropped ? { textDecoration: 'line-through', color: '#999' } : undefined}
                >
                  {cell.total?.toFixed(2)}
                </span>
              </Tooltip>
            );
            return (
              <Space size={4} wrap>
                {total}
                {cell.dropped && <Tag color="red">{cell.dropped === 'high' ? '去最高' : '去最低'}</Tag>}
                {onReturn && (
                  <Typography.Link
                    data-testid={`return-${row.applicationId}-${m.expertId}`}
                    onClick={() => onReturn(row, m.expertId, m.name)}
                  >
                    退回
                  </Typography.Link>
                )}
              </Space>
            );
          },
        })),
        {
          title: '综合成绩',
          key: 'score',
          width: 90,
          render: (_: unknown, row: Row) => (row.score === null ? '—' : <b>{row.score.toFixed(2)}</b>),
        },
        {
          title: '结论',
          key: 'passed',
          width: 80,
          render: (_: unknown, row: Row) =>
            row.passed === null ? '—' : row.passed ? <Tag color="green">合格</Tag> : <Tag color="red">不合格</Tag>,
        },
      ]}
    />
  );
}

export const SCHEDULE_TAGS: Record<string, { color: string; label: string }> = {
  before: { color: 'default', label: '未到评审时间' },
  open: { color: 'blue', label: '评审中' },
  ended: { color: 'default', label: '评审时间已结束' },
};
