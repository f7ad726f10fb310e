import { Table, Tag, Typography } from 'antd';
import { type DiffRow, diffRows, formatJsonValue } from '../util';

const CHANGE_LABELS: Record<DiffRow['change'], { text: string; color?: string }> = {
  added: { text: '新增', color: 'green' },
  removed: { text: '删除', color: 'red' },
  changed: { text: '修改', color: 'orange' },
  same: { text: '未变' },
};

function Value({ value, present, label }: { value: unknown; present: boolean; label?: string }) {
  if (!present) return <Typography.Text type="secondary">（无）</Typography.Text>;
  if (label !== undefined) return <span title={formatJsonValue(value)}>{label}</span>;
  const text = value === null ? '（空）' : formatJsonValue(value);
  return <pre className="gk-json-cell">{text}</pre>;
}

export interface JsonDiffProps {
  before: unknown;
  after: unknown;
  /** The field's name in words (the code stays as a tooltip). */
  fieldLabel?: (key: string) => string;
  /** A coded value in words, or undefined to show the value as it is. */
  valueLabel?: (key: string, value: unknown) => string | undefined;
}

/** Key-by-key before/after table for an audit row. */
export function JsonDiff({ before, after, fieldLabel, valueLabel }: JsonDiffProps) {
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
        {
          title: '字段',
          dataIndex: 'key',
          width: 180,
          render: (k: string) =>
            fieldLabel ? <span title={k}>{fieldLabel(k)}</span> : <span className="gk-mono">{k}</span>,
        },
        {
          title: '变化',
          dataIndex: 'change',
          width: 72,
          render: (c: DiffRow['change']) => <Tag color={CHANGE_LABELS[c].color}>{CHANGE_LABELS[c].text}</Tag>,
        },
        {
          title: '变更前',
          dataIndex: 'before',
          render: (_: unknown, r) => (
            <Value
              value={r.before}
              present={r.change !== 'added' && before != null}
              label={valueLabel?.(r.key, r.before)}
            />
          ),
        },
        {
          title: '变更后',
          dataIndex: 'after',
          render: (_: unknown, r) => (
            <Value
              value={r.after}
              present={r.change !== 'removed' && after != null}
              label={valueLabel?.(r.key, r.after)}
            />
          ),
        },
      ]}
    />
  );
}
