import { Alert, Card, Collapse, Descriptions, Empty, Table, Tag, Timeline, Typography } from 'antd';
import { LEVEL_LABELS, LEVEL_REVIEW_NAMES, REVIEW_LEVELS } from '../../domain/review';
import type { PrintedOpinion, ReviewDetail, ReviewEntry, ReviewLevel, Verdict } from '../api/review';
import { VERDICT_SHORT } from '../labels';
import { formatCnDate } from '../self-check/model';
import { formatDateTime } from '../util';
import { DeadlineBadge, StatusTag, VerdictTag } from './tags';
import './review.css';

const ACTION_COLORS = { approve: 'green', return: 'orange', reject: 'red' } as const;

/** Who decided, where and when: "郑州市第一中学 · 王老师 · 2027年2月20日". */
function byline(e: Pick<ReviewEntry, 'orgName' | 'reviewerName' | 'decidedOn'>): string {
  return [e.orgName, e.reviewerName, formatCnDate(e.decidedOn)].filter(Boolean).join(' · ');
}

/**
 * The banner the unit and the applicant must not miss: the latest return with its reason and opinion while the
 * application is returned, or the rejection with its reason.
 */
export function ReviewBanner({ detail, audience }: { detail: ReviewDetail; audience: 'official' | 'applicant' }) {
  if (detail.status === 'returned' && detail.lastReturn) {
    const r = detail.lastReturn;
    const toMe =
      (audience === 'applicant' && detail.returnedTo === 'applicant') ||
      (audience === 'official' && detail.viewerLevel !== null && detail.returnedTo === detail.viewerLevel);
    return (
      <Alert
        className="gk-mb"
        type="warning"
        showIcon
        role="alert"
        data-testid="review-return-banner"
        title={
          <span className="gk-rv-banner-title">
            {r.levelLabel}退回
            {detail.returnedTo && detail.returnedTo !== r.level ? LEVEL_LABELS[detail.returnedTo] : ''}
            修改：{r.reasonLabel ?? '未注明原因'}
          </span>
        }
        description={
          <div>
            {r.opinion && <div>审核意见：{r.opinion}</div>}
            <div className="gk-muted">{byline(r)}</div>
            {toMe && (
              <div className="gk-mt-s">
                {detail.returnedTo === 'unit' || detail.returnedTo === 'applicant'
                  ? '请按退回原因修改申请表后重新提交。'
                  : '请重新审核：可再次通过、继续退回下一级修改，或不通过。'}
                {detail.returnCount > 1 ? `（该申请已被退回 ${detail.returnCount} 次）` : ''}
              </div>
            )}
          </div>
        }
      />
    );
  }
  if (detail.status === 'rejected') {
    const last = [...detail.history].reverse().find((e) => e.action === 'reject');
    return (
      <Alert
        className="gk-mb"
        type="error"
        showIcon
        role="alert"
        data-testid="review-reject-banner"
        title={`审核不通过：${detail.rejectReasonLabel ?? last?.reasonLabel ?? '未注明原因'}`}
        description={
          last ? (
            <div>
              {last.opinion && <div>审核意见：{last.opinion}</div>}
              <div className="gk-muted">
                {last.levelLabel} · {byline(last)}
              </div>
            </div>
          ) : undefined
        }
      />
    );
  }
  return null;
}

function OpinionCell({ opinion }: { opinion: PrintedOpinion | null }) {
  if (!opinion) return <span className="gk-muted">尚无</span>;
  return (
    <div>
      <div>{opinion.opinion}</div>
      <div className="gk-muted">
        {[opinion.sealName ? `（盖章）${opinion.sealName}` : null, opinion.reviewerName, formatCnDate(opinion.date)]
          .filter(Boolean)
          .join(' · ')}
      </div>
    </div>
  );
}

/** The opinions printed on the form, level by level (the province's only when it has given one). */
function Opinions({ detail }: { detail: ReviewDetail }) {
  const rows = REVIEW_LEVELS.filter(
    (l) => l !== 'jurisdiction' || !detail.reviewedByProvince || detail.opinions.jurisdiction !== null,
  ).map((level) => ({ level, opinion: detail.opinions[level] }));
  return (
    <Table<{ level: ReviewLevel; opinion: PrintedOpinion | null }>
      size="small"
      rowKey="level"
      pagination={false}
      dataSource={rows}
      data-testid="review-opinions"
      columns={[
        {
          title: '审核环节',
          dataIndex: 'level',
          width: 120,
          render: (l: ReviewLevel) =>
            l === 'province' && detail.reviewedByProvince ? '省级资格审查' : LEVEL_REVIEW_NAMES[l],
        },
        {
          title: '审核意见（审核人、盖章、日期）',
          dataIndex: 'opinion',
          render: (o: PrintedOpinion | null) => <OpinionCell opinion={o} />,
        },
      ]}
    />
  );
}

function EntryContent({ e }: { e: ReviewEntry }) {
  return (
    <div className="gk-rv-entry" data-action={e.action}>
      <div>
        <Tag color={ACTION_COLORS[e.action]}>{e.actionLabel}</Tag>
        <strong>{e.levelLabel}</strong>
        {e.action === 'return' && e.returnedTo && <span>（退回至{LEVEL_LABELS[e.returnedTo]}）</span>}
        {e.batchId !== null && e.action === 'return' && <span className="gk-muted">（整批退回）</span>}
      </div>
      {e.reasonLabel && <div>原因：{e.reasonLabel}</div>}
      {e.opinion && <div>意见：{e.opinion}</div>}
      {e.overruleReason && (
        <div>
          改判理由{e.verdict ? `（系统判定：${VERDICT_SHORT[e.verdict as Verdict]}）` : ''}：{e.overruleReason}
        </div>
      )}
      <div className="gk-muted">
        {[e.orgName, e.reviewerName, e.sealName && e.sealName !== e.orgName ? `盖章：${e.sealName}` : null]
          .filter(Boolean)
          .join(' · ')}
        {' · '}
        <span title={formatDateTime(e.createdAt)}>{formatCnDate(e.decidedOn)}</span>
      </div>
    </div>
  );
}

/** Every decision, oldest first. */
export function ReviewTimeline({ history }: { history: ReviewEntry[] }) {
  if (history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无审核记录" />;
  return (
    <Timeline
      data-testid="review-history"
      items={history.map((e) => ({
        key: e.id,
        color: ACTION_COLORS[e.action],
        content: <EntryContent e={e} />,
      }))}
    />
  );
}

/** Every return, newest first: what the unit and the applicant were asked to correct. */
export function ReturnList({ history }: { history: ReviewEntry[] }) {
  const returns = history.filter((e) => e.action === 'return').reverse();
  if (returns.length === 0) return null;
  return (
    <ol className="gk-rv-returns" data-testid="review-returns" reversed>
      {returns.map((e) => (
        <li key={e.id}>
          <strong>{e.reasonLabel ?? '未注明原因'}</strong>
          {e.opinion ? `：${e.opinion}` : ''}
          <span className="gk-muted gk-block">
            {e.levelLabel}退回{e.returnedTo && e.returnedTo !== e.level ? LEVEL_LABELS[e.returnedTo] : ''}修改 ·{' '}
            {byline(e)}
          </span>
        </li>
      ))}
    </ol>
  );
}

/**
 * 资格审查 on an application: where it is and who holds it, the verdict, the printed opinions, the returns and
 * the whole history. `audience` words it for officials or for the applicant (who sees no verdict overrule).
 */
export function ReviewPanel({
  detail,
  verdict,
  findingCount,
  audience,
}: {
  detail: ReviewDetail;
  verdict?: Verdict;
  findingCount?: number;
  audience: 'official' | 'applicant';
}) {
  const returns = detail.history.filter((e) => e.action === 'return').length;
  const items = [
    {
      key: 'position',
      label: '当前进度',
      children: <strong data-testid="review-position">{detail.position}</strong>,
      span: 2,
    },
    {
      key: 'holder',
      label: '当前处理方',
      children: (
        <span data-testid="review-holder">
          {detail.holderLabel ?? (detail.holder ? LEVEL_LABELS[detail.holder] : '—（审核已结束）')}
        </span>
      ),
    },
    {
      key: 'status',
      label: '状态',
      children: <StatusTag status={detail.status} returnedTo={detail.returnedTo} testId="review-status" />,
    },
  ];
  if (audience === 'official' && verdict) {
    items.push({
      key: 'verdict',
      label: '系统判定',
      children: (
        <span>
          <VerdictTag verdict={verdict} findingCount={findingCount} overruledVerdict={detail.overruledVerdict} />
          {detail.overruledVerdict && (
            <span className="gk-muted gk-ml-s">
              曾越过系统判定通过（原判定：{VERDICT_SHORT[detail.overruledVerdict]}）
            </span>
          )}
        </span>
      ),
    });
  }
  if (detail.viewerLevel && audience === 'official') {
    items.push({
      key: 'deadline',
      label: '本级截止',
      children: <DeadlineBadge deadline={detail.deadline} />,
    });
  }
  items.push({ key: 'returns', label: '退回次数', children: <span>{detail.returnCount} 次</span> });

  return (
    <Card
      size="small"
      className="gk-app-card gk-rv-panel"
      title="资格审查"
      data-testid="review-panel"
      extra={
        audience === 'official' && detail.viewerLevel ? (
          <span className="gk-muted">本级：{LEVEL_REVIEW_NAMES[detail.viewerLevel]}</span>
        ) : undefined
      }
    >
      <Descriptions size="small" column={2} items={items} className="gk-mb-s" />
      <Collapse
        size="small"
        defaultActiveKey={audience === 'applicant' && returns > 0 ? ['returns'] : []}
        items={[
          {
            key: 'opinions',
            label: '各级审核意见',
            children: <Opinions detail={detail} />,
          },
          ...(returns > 0
            ? [
                {
                  key: 'returns',
                  label: `退回记录（${returns} 次）`,
                  children: <ReturnList history={detail.history} />,
                },
              ]
            : []),
          {
            key: 'history',
            label: `审核记录（${detail.history.length} 条）`,
            children: <ReviewTimeline history={detail.history} />,
          },
        ]}
      />
      {detail.status === 'province_confirmed' && (
        <Typography.Paragraph type="success" className="gk-mt-s gk-mb0">
          报名资格审查已全部完成。
        </Typography.Paragraph>
      )}
    </Card>
  );
}
