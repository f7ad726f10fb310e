import { ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { LEVEL_LABELS } from '../../domain/review';
import type { ApplicationStatus, Deadline, Stage, Verdict } from '../api/review';
import { APPLICATION_STATUS_COLORS, APPLICATION_STATUS_LABELS, VERDICT_COLORS, VERDICT_SHORT } from '../labels';
import { formatCnDate, VERDICT_TITLES } from '../self-check/model';

/** Status as the lists show it; a returned application also says whom it went back to. */
export function StatusTag({
  status,
  returnedTo,
  testId,
}: {
  status: ApplicationStatus;
  returnedTo?: Stage | null;
  testId?: string;
}) {
  const label = APPLICATION_STATUS_LABELS[status] ?? status;
  const to = status === 'returned' && returnedTo ? `至${LEVEL_LABELS[returnedTo]}` : '';
  return (
    <Tag color={APPLICATION_STATUS_COLORS[status]} data-testid={testId}>
      {label}
      {to}
    </Tag>
  );
}

/** The eligibility verdict with its number of findings; the tooltip says what it means for the reviewer. */
export function VerdictTag({
  verdict,
  findingCount,
  overruledVerdict,
}: {
  verdict: Verdict;
  findingCount?: number;
  overruledVerdict?: Verdict | null;
}) {
  const count = findingCount ?? 0;
  const lines = [
    `系统判定：${VERDICT_TITLES[verdict]}`,
    count > 0 ? `共 ${count} 条审查意见，打开申请表可查看详情` : '没有审查意见',
  ];
  if (verdict === 'ineligible') lines.push('通过时须填写理由（将在统计中标注）');
  else if (verdict === 'needs_review') lines.push('通过时须填写核实意见');
  if (overruledVerdict) lines.push(`已有审核人员改判通过（原判定：${VERDICT_SHORT[overruledVerdict]}）`);
  return (
    <Tooltip
      title={
        <span>
          {lines.map((l) => (
            <span key={l} className="gk-block">
              {l}
            </span>
          ))}
        </span>
      }
    >
      <span className="gk-rv-verdict">
        <Tag color={VERDICT_COLORS[verdict]} className="gk-mr0">
          {VERDICT_SHORT[verdict]}
          {count > 0 ? ` · ${count}` : ''}
        </Tag>
        {overruledVerdict && <ExclamationCircleOutlined className="gk-rv-overruled" aria-hidden />}
        <span className="gk-sr-only">（{lines.join('；')}）</span>
      </span>
    </Tooltip>
  );
}

/** A level's deadline: the date and the days left; red once passed, orange in the last three days. */
/** `compact` leaves out the word 截止 (for places labelled already). */
export function DeadlineBadge({ deadline, compact }: { deadline: Deadline | null; compact?: boolean }) {
  if (!deadline) return <span className="gk-muted">无截止日期</span>;
  const { daysLeft, passed, endsOn, label } = deadline;
  const color = passed ? 'red' : daysLeft <= 3 ? 'orange' : 'blue';
  const left = passed
    ? `已截止${daysLeft < 0 ? ` ${-daysLeft} 天` : ''}`
    : daysLeft === 0
      ? '今天截止'
      : `剩 ${daysLeft} 天`;
  return (
    <Tooltip title={`${label}阶段截止：${formatCnDate(endsOn)}`}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the tooltip must open from the keyboard too */}
      <span tabIndex={0} data-testid="deadline-badge" data-passed={passed}>
        <Tag color={color} icon={<ClockCircleOutlined />} className="gk-mr0">
          {compact ? `${formatCnDate(endsOn)} · ` : `截止 ${formatCnDate(endsOn)} · `}
          {left}
        </Tag>
      </span>
    </Tooltip>
  );
}
