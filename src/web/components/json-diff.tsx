import { Table, Tag, Typography } from 'antd';
import { type DiffRow, diffRows, formatJsonValue } from '../util';

const CHANGE_LABELS: Record<DiffRow['change'], { text: string; color?: string }> = {
  added: { text: '新增', color: 'green' },
  removed: { text: '删除', color: 'red' },
  changed: { text: '修改', color: 'orange' },
  same: { text: '未变' },
};

function Value({ value, present }: { value: unknown; present: boolean }) {
  if (!present) return <Typography.Text type="secondary">（无）</Typography.Text>;
  const text = formatJsonValue(value);
  return <pre className="gk-json-cell">{text}</pre>;
}

/** Key-by-key before/after table for an audit row. */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  if (before == null && after == null) {
    return <Typography.Text type="secondary">此记录没有变更前后的数据。</Typography.Text>;
  }
  const rows = diffRows(before, after);
  const changed = rows.filter((r) => r.change !== 'same').length;
  return (
    <Table<DiffRow>
      size="small"
      bordered
      rowKey="key"
      pagination={false}
      dataSource={rows}
      caption={`变更前后对比（${changed} 个字段有变化）`}
      rowClassName={(r) => (r.change === 'same' ? 'gk-diff-same' : 'gk-diff-changed')}
      columns={[
        { title: '字段', dataIndex: 'key', width: 180, render: (k: string) => <span className="gk-mono">{k}</span> },
        {
          title: '变化',
          dataIndex: 'change',
          width: 72,
          render: (c: DiffRow['change']) => <Tag color={CHANGE_LABELS[c].color}>{CHANGE_LABELS[c].text}</Tag>,
        },
        {
          title: '变更前',
          dataIndex: 'before',
          render: (_: unknown, r) => <Value value={r.before} present={r.change !== 'added' && before != null} />,
        },
        {
          title: '变更后',
          dataIndex: 'after',
          render: (_: unknown, r) => <Value value={r.after} present={r.change !== 'removed' && after != null} />,
        },
      ]}
    />
  );
}
