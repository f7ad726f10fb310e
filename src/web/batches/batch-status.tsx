import { Tag } from 'antd';
import { BATCH_STATUS_LABELS } from '../../domain/labels';
import type { BatchLevel, BatchStatus } from '../api/batches';

export { BATCH_STATUS_LABELS };

const BATCH_STATUS_COLORS: Record<BatchStatus, string> = { submitted: 'blue', returned: 'gold' };

/** Who sent the batch: 主管部门汇总 or 市县汇总. */
export const BATCH_LEVEL_LABELS: Record<BatchLevel, string> = {
  department: '主管部门汇总上报',
  jurisdiction: '市县人社部门汇总上报',
};

export function BatchStatusTag({ status }: { status: BatchStatus }) {
  return <Tag color={BATCH_STATUS_COLORS[status]}>{BATCH_STATUS_LABELS[status] ?? status}</Tag>;
}

/** Beijing date (YYYY-MM-DD) of an ISO timestamp. */
export function beijingDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
}

/** 2017-03-20 → 2017年3月20日 (the way the sheet's date line reads). */
export function chineseDate(value: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(beijingDate(value));
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
}
