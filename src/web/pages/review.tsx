import {
  CheckOutlined,
  CloseCircleOutlined,
  ContainerOutlined,
  ReloadOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Input, Radio, Result, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ACTION_LABELS, APPLICATION_STATUSES, LEVEL_REVIEW_NAMES } from '../../domain/review';
import { errorMessage, isApiError } from '../api/client';
import {
  type ApplicationStatus,
  type BulkResult,
  type DecisionFields,
  type QueueItem,
  type QueueParams,
  type QueueView,
  type ReviewAction,
  type ReviewOverview,
  reviewApi,
  reviewKeys,
  type Verdict,
} from '../api/review';
import { useCatalogJobTypes } from '../application/job-types';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { OrgTreeSelect } from '../components/org-tree-select';
import { PageLoading } from '../components/page-loading';
import { APPLICATION_STATUS_LABELS, CAMPAIGN_STATUS_COLORS, CAMPAIGN_STATUS_LABELS, VERDICT_SHORT } from '../labels';
import { BulkResultModal } from '../review/bulk-result';
import { DecisionModal, type OverruleNeed } from '../review/decision-modal';
import {
  beforeWindow,
  describeQueueFilter,
  filterBulkAllowed,
  hasFilters,
  parseQueueState,
  type QueueState,
  queueFilter,
  queueSearch,
} from '../review/queue-state';
import { QueueTable } from '../review/queue-table';
import { DeadlineBadge } from '../review/tags';
import { useReviewOverview, useReviewRefresh } from '../review/use-review';
import { type AppliedGrade, formatCnDate, GRADE_LABELS } from '../self-check/model';
import '../review/review.css';
import { CampaignSelect } from '../campaign/campaign-select';

/** The server's limit for one bulk request. */
const BULK_LIMIT = 10_000;
const FILTER_STATUSES = APPLICATION_STATUSES.filter((s) => s !== 'draft');

type BulkScope = 'selected' | 'filter';

/** 资格审查: the reviewer's workbench for one campaign. */
export default function ReviewPage() {
  const [search, setSearch] = useSearchParams();
  const state = useMemo(() => parseQueueState(search), [search]);
  const { message } = App.useApp();
  const refresh = useReviewRefresh();

  const { list: campaigns, items: campaignItems } = useCampaignChoice();
  const campaign =
    campaignItems.find((c) => c.id === state.campaignId) ??
    campaignItems.find((c) => c.status === 'open') ??
    campaignItems[0];
  const campaignId = campaign?.id;
  const overview = useReviewOverview(campaignId, campaignId !== undefined);
  const jobTypes = useCatalogJobTypes(campaign?.catalogVersionId);

  const [selected, setSelected] = useState<Map<number, QueueItem>>(() => new Map());
  const [qInput, setQInput] = useState(state.q ?? '');
  const [bulk, setBulk] = useState<{ action: ReviewAction; scope: BulkScope } | null>(null);
  /** What the reviewer typed to confirm a bulk decision over the whole filter (the count). */
  const [confirmCount, setConfirmCount] = useState('');
  /** The name of the org node chosen in the filter, for saying the filter in words. */
  const [orgName, setOrgName] = useState<string | undefined>();
  const [bulkResult, setBulkResult] = useState<BulkResult | null>(null);

  /** Changes the address; any change but paging clears the selection. */
  const update = (patch: Partial<QueueState>) => {
    const paging = Object.keys(patch).every((k) => k === 'page' || k === 'pageSize');
    if (!paging) setSelected(new Map());
    setSearch(queueSearch({ ...state, page: 1, ...patch }), { replace: true });
  };

  const level = overview.data?.level;
  const batching = level === 'department' || level === 'jurisdiction';
  // 待上报 exists for the levels that send batches only.
  const view: QueueView = state.view === 'awaiting_batch' && !batching ? 'pending' : state.view;
  const params: QueueParams | null =
    campaignId !== undefined
      ? {
          ...queueFilter(state),
          view,
          campaignId,
          sort: state.sort,
          order: state.order,
          page: state.page,
          pageSize: state.pageSize,
        }
      : null;
  const queue = useQuery({
    queryKey: reviewKeys.queue(params ?? { campaignId: 0 }),
    queryFn: ({ signal }) => reviewApi.queue(params ?? { campaignId: 0 }, signal),
    enabled: params !== null && overview.isSuccess,
    placeholderData: keepPreviousData,
  });

  if (campaigns.isPending) return <PageLoading />;
  if (campaigns.isError) return <Alert type="error" showIcon title={errorMessage(campaigns.error)} />;
  if (!campaign) {
    return (
      <Result status="info" title="还没有考核年度" subTitle="省工考办创建并开启考核年度后，可在此进行资格审查。" />
    );
  }
  if (overview.isError) {
    const noLevel = isApiError(overview.error) && overview.error.code === 'REVIEW_LEVEL_NONE';
    return (
      <Result
        status={noLevel ? '403' : 'error'}
        title={noLevel ? '您的账号不承担资格审查工作' : '无法读取资格审查信息'}
        subTitle={errorMessage(overview.error)}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void overview.refetch()}>
            重试
          </Button>
        }
      />
    );
  }
  if (overview.isPending) return <PageLoading />;
  const ov = overview.data;
  const total = queue.data?.total ?? 0;
  const selectedItems = [...selected.values()];
  const canBulk = view !== 'awaiting_batch' && ov.campaign.status === 'open';

  const tabLabel = (text: string, count: number | null, testId: string) => (
    <span data-testid={testId}>
      {text}
      {count !== null && (
        <Badge
          count={count}
          overflowCount={9999}
          showZero
          size="small"
          color={count > 0 ? undefined : '#d9d9d9'}
          className="gk-ml-s"
        />
      )}
    </span>
  );

  const overruleFor = (scope: BulkScope): OverruleNeed => {
    if (scope === 'selected') {
      const n = selectedItems.filter((i) => i.verdict !== 'eligible').length;
      return n > 0 ? { kind: 'mixed', known: n } : null;
    }
    return state.verdict === 'eligible' ? null : { kind: 'mixed', known: null };
  };

  // Over the whole filter only where every row waits for this level, and only after the count is typed.
  const filterAllowed = filterBulkAllowed(view, level);
  const openBulk = (action: ReviewAction) => {
    setConfirmCount('');
    setBulk({ action, scope: selected.size > 0 ? 'selected' : 'filter' });
  };
  const bulkButtonsOff = selected.size === 0 && (total === 0 || !filterAllowed);

  const submitBulk = async (fields: DecisionFields) => {
    if (!bulk) return;
    const base = { ...fields, campaignId: ov.campaign.id, action: bulk.action };
    const result =
      bulk.scope === 'selected'
        ? await reviewApi.bulk({ ...base, ids: [...selected.keys()] })
        : await reviewApi.bulk({ ...base, filter: queueFilter({ ...state, view }), expectedCount: total });
    setBulk(null);
    setSelected(new Map());
    setBulkResult(result);
    if (result.skipped.length === 0) message.success(`已${ACTION_LABELS[result.action]} ${result.succeeded} 人`);
    await refresh();
  };

  const bulkCount = bulk?.scope === 'selected' ? selected.size : total;
  const bulkAble = bulk
    ? bulk.scope === 'selected'
      ? selectedItems.filter((i) => i.abilities[bulk.action]).length
      : null
    : null;

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          资格审查<span className="gk-page-sub">{LEVEL_REVIEW_NAMES[ov.level]}</span>
        </Typography.Title>
        <Space>
          <span className="gk-muted">考核年度</span>
          <CampaignSelect
            campaigns={campaignItems}
            value={campaignId}
            onChange={(v) => update({ campaignId: v, category: undefined })}
          />
        </Space>
      </div>

      <OverviewHead overview={ov} />

      {ov.campaign.status !== 'open' && (
        <Alert
          className="gk-mb"
          type="info"
          showIcon
          title={
            ov.campaign.status === 'draft'
              ? `${ov.campaign.name}尚未开启，暂不能审核。`
              : `${ov.campaign.name}已结束，审核记录只能查看。`
          }
        />
      )}
      {ov.campaign.status === 'open' && ov.deadline && beforeWindow(ov.deadline) && (
        <Alert
          className="gk-mb"
          type="info"
          showIcon
          data-testid="review-early"
          title={`本级${ov.deadline.label}安排在 ${formatCnDate(ov.deadline.startsOn)} 至 ${formatCnDate(ov.deadline.endsOn)}。`}
          description="申请一到本级即可审核，不必等到开始日期；请在截止日期前完成。"
        />
      )}
      {ov.campaign.status === 'open' && ov.deadline?.passed && (
        <Alert
          className="gk-mb"
          type="error"
          showIcon
          data-testid="review-deadline-passed"
          title={`本级审核已于 ${formatCnDate(ov.deadline.endsOn)} 截止。`}
          description="截止后不能再作出审核决定（退回修改的申请以其各自的期限为准）。如确需延期，请联系省工考办为本地区延长时间。"
        />
      )}

      <Card>
        <Tabs
          className="gk-rv-tabs"
          activeKey={view}
          onChange={(k) => update({ view: k as QueueView, status: undefined })}
          items={[
            { key: 'pending', label: tabLabel('待审核', ov.counts.pending, 'tab-pending') },
            { key: 'returned', label: tabLabel('退回给我', ov.counts.returnedToMe, 'tab-returned') },
            ...(batching
              ? [{ key: 'awaiting_batch', label: tabLabel('待上报', ov.counts.awaitingBatch, 'tab-awaiting') }]
              : []),
            { key: 'all', label: tabLabel('全部', null, 'tab-all') },
          ]}
        />

        {view === 'awaiting_batch' && (
          <Alert
            className="gk-mb"
            type="info"
            showIcon
            title="以下申请本级已审核通过，尚未汇总上报。"
            action={
              <Link to="/review/batches">
                <Button type="primary" size="small" icon={<ContainerOutlined />} tabIndex={-1}>
                  去汇总上报
                </Button>
              </Link>
            }
          />
        )}
        {view === 'returned' && level !== 'unit' && (
          <Typography.Paragraph type="secondary" className="gk-mb-s">
            上级退回本级的申请：可再次通过、继续退回下一级修改，或不通过。
          </Typography.Paragraph>
        )}
        {view === 'returned' && level === 'unit' && (
          <Typography.Paragraph type="secondary" className="gk-mb-s">
            退回本单位修改的申请：请在“报名管理”中修改后重新提交；也可直接不通过。
          </Typography.Paragraph>
        )}

        <form
          className="gk-filters gk-rv-filters"
          aria-label="筛选申请"
          onSubmit={(e) => {
            e.preventDefault();
            update({ q: qInput.trim() || undefined });
          }}
        >
          {view === 'all' && (
            <Select<ApplicationStatus>
              aria-label="按状态筛选"
              allowClear
              placeholder="全部状态"
              className="gk-filter-status"
              value={state.status}
              options={FILTER_STATUSES.map((s) => ({ value: s, label: APPLICATION_STATUS_LABELS[s] }))}
              onChange={(v) => update({ status: v })}
            />
          )}
          {level !== 'unit' && (
            <OrgTreeSelect
              aria-label="按组织机构筛选"
              allowClear
              placeholder="全部组织机构"
              className="gk-filter-org"
              value={state.unitId ?? state.departmentId ?? state.jurisdictionId}
              onChange={(id, node) => {
                const patch: Partial<QueueState> = {
                  jurisdictionId: undefined,
                  departmentId: undefined,
                  unitId: undefined,
                };
                setOrgName(node?.name);
                if (id !== undefined && node) {
                  if (node.kind === 'jurisdiction') patch.jurisdictionId = id;
                  else if (node.kind === 'department') patch.departmentId = id;
                  else if (node.kind === 'unit') patch.unitId = id;
                }
                update(patch);
              }}
            />
          )}
          <Select<string>
            aria-label="按工种类别筛选"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部工种类别"
            className="gk-filter-category"
            value={state.category}
            loading={jobTypes.isLoading}
            options={(jobTypes.data?.categories ?? []).map((c) => ({ value: c, label: c }))}
            onChange={(v) => update({ category: v })}
            notFoundContent="没有匹配的类别"
          />
          <Select<number>
            aria-label="按申报等级筛选"
            allowClear
            placeholder="全部等级"
            className="gk-filter-grade"
            value={state.grade}
            options={([5, 4, 3, 2, 1] as AppliedGrade[]).map((g) => ({ value: g, label: GRADE_LABELS[g] }))}
            onChange={(v) => update({ grade: v })}
          />
          <Select<Verdict | 'overruled'>
            aria-label="按资格结论筛选"
            allowClear
            placeholder="全部结论"
            className="gk-filter-verdict"
            value={state.overruled ? 'overruled' : state.verdict}
            options={[
              ...(['eligible', 'needs_review', 'ineligible'] as Verdict[]).map((v) => ({
                value: v,
                label: `系统判定${VERDICT_SHORT[v]}`,
              })),
              { value: 'overruled' as const, label: '改判通过的' },
            ]}
            onChange={(v) =>
              update(v === 'overruled' ? { overruled: true, verdict: undefined } : { verdict: v, overruled: undefined })
            }
          />
          <Input
            aria-label="关键词"
            allowClear
            placeholder="姓名或身份证号"
            value={qInput}
            onChange={(e) => {
              setQInput(e.target.value);
              if (!e.target.value && state.q) update({ q: undefined });
            }}
            className="gk-filter-q"
          />
          <Button type="primary" htmlType="submit">
            查询
          </Button>
          <Button
            onClick={() => {
              setQInput('');
              update({
                status: undefined,
                jurisdictionId: undefined,
                departmentId: undefined,
                unitId: undefined,
                category: undefined,
                grade: undefined,
                verdict: undefined,
                overruled: undefined,
                q: undefined,
              });
            }}
            disabled={!hasFilters(state)}
          >
            重置
          </Button>
          <Button
            icon={<ReloadOutlined />}
            aria-label="刷新"
            title="刷新"
            onClick={() => {
              void queue.refetch();
              void overview.refetch();
            }}
          />
        </form>

        {canBulk && (
          <div className="gk-rv-bulkbar" data-testid="review-bulkbar">
            <span>
              {selected.size > 0 ? (
                <>
                  已选择 <strong data-testid="review-selected-count">{selected.size}</strong> 人
                  <Button type="link" size="small" onClick={() => setSelected(new Map())}>
                    清除选择
                  </Button>
                </>
              ) : filterAllowed ? (
                <span className="gk-muted">
                  勾选申请后批量处理；不勾选时可对全部 {total} 人批量处理（须确认人数）。
                </span>
              ) : (
                <span className="gk-muted" data-testid="bulk-needs-selection">
                  本页签中的申请并非都待本级处理，请勾选要批量处理的申请。
                </span>
              )}
            </span>
            <Space wrap>
              <Button
                type="primary"
                icon={<CheckOutlined />}
                disabled={bulkButtonsOff}
                onClick={() => openBulk('approve')}
                data-testid="bulk-approve"
              >
                批量通过
              </Button>
              <Button
                icon={<RollbackOutlined />}
                disabled={bulkButtonsOff}
                onClick={() => openBulk('return')}
                data-testid="bulk-return"
              >
                批量退回
              </Button>
              <Button
                danger
                icon={<CloseCircleOutlined />}
                disabled={bulkButtonsOff}
                onClick={() => openBulk('reject')}
                data-testid="bulk-reject"
              >
                批量不通过
              </Button>
            </Space>
          </div>
        )}

        {queue.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(queue.error)} />}
        <QueueTable
          items={queue.data?.items ?? []}
          total={total}
          loading={queue.isFetching}
          page={state.page}
          pageSize={state.pageSize}
          sort={state.sort}
          order={state.order}
          showUnit={level !== 'unit'}
          selectedIds={canBulk ? [...selected.keys()] : undefined}
          onSelect={
            canBulk
              ? (ids, rows) =>
                  setSelected((prev) => {
                    const next = new Map<number, QueueItem>();
                    ids.forEach((id, i) => {
                      const row = rows[i] ?? prev.get(id);
                      if (row) next.set(id, row);
                    });
                    return next;
                  })
              : undefined
          }
          onPage={(page, pageSize) => update({ page, pageSize })}
          onSort={(sort, order) => update({ sort, order })}
          emptyText={
            view === 'pending'
              ? '暂无待审核的申请'
              : view === 'returned'
                ? '暂无退回本级的申请'
                : view === 'awaiting_batch'
                  ? '暂无待上报的申请'
                  : '没有符合条件的申请'
          }
        />
      </Card>

      {bulk && (
        <DecisionModal
          open
          level={ov.level}
          action={bulk.action}
          sealName={ov.sealName}
          overrule={bulk.action === 'approve' ? overruleFor(bulk.scope) : null}
          okDisabled={
            bulkCount === 0 ||
            (bulk.scope === 'filter' && (!filterAllowed || total > BULK_LIMIT || confirmCount.trim() !== String(total)))
          }
          onClose={() => setBulk(null)}
          onSubmit={submitBulk}
          subject={
            <div data-testid="bulk-scope">
              <div className="gk-mb-s">
                <strong>批量{ACTION_LABELS[bulk.action]}</strong>，处理范围：
              </div>
              <Radio.Group
                value={bulk.scope}
                onChange={(e) => setBulk({ ...bulk, scope: e.target.value as BulkScope })}
                options={[
                  {
                    value: 'selected',
                    label: `已勾选的 ${selected.size} 人`,
                    disabled: selected.size === 0,
                  },
                  {
                    value: 'filter',
                    label: `全部符合当前筛选条件的 ${total} 人`,
                    disabled: !filterAllowed,
                  },
                ]}
                className="gk-block"
              />
              {bulkAble !== null && bulkAble < selected.size && (
                <div className="gk-muted gk-mt-s">
                  其中 {bulkAble} 人当前可由本级{ACTION_LABELS[bulk.action]}，其余 {selected.size - bulkAble}{' '}
                  人将被跳过。
                </div>
              )}
              {bulk.scope === 'filter' && total > BULK_LIMIT && (
                <Alert
                  className="gk-mt-s"
                  type="error"
                  showIcon
                  title={`一次最多处理 ${BULK_LIMIT} 人，请缩小筛选范围。`}
                />
              )}
              {bulk.scope === 'filter' && filterAllowed && total <= BULK_LIMIT && (
                <div className="gk-mt-s" data-testid="bulk-filter-confirm">
                  <Alert
                    type="warning"
                    showIcon
                    title={`未勾选任何申请：将对以下范围内的全部 ${total} 人批量${ACTION_LABELS[bulk.action]}`}
                    description={
                      <span data-testid="bulk-filter-words">{describeQueueFilter(state, { org: orgName })}</span>
                    }
                  />
                  <label className="gk-block gk-mt-s" htmlFor="bulk-confirm-count">
                    请输入人数 <strong>{total}</strong> 以确认：
                  </label>
                  <Input
                    id="bulk-confirm-count"
                    inputMode="numeric"
                    autoComplete="off"
                    value={confirmCount}
                    onChange={(e) => setConfirmCount(e.target.value)}
                    status={confirmCount && confirmCount.trim() !== String(total) ? 'error' : undefined}
                    style={{ width: 160 }}
                    data-testid="bulk-confirm-count"
                  />
                  <div className="gk-muted gk-mt-s">本级当前不能处理的申请会被跳过，处理后列出跳过的人员和原因。</div>
                </div>
              )}
            </div>
          }
        />
      )}
      <BulkResultModal
        result={bulkResult}
        label={bulkResult ? ACTION_LABELS[bulkResult.action] : ''}
        onClose={() => setBulkResult(null)}
      />
    </>
  );
}

/** Level, org, campaign and the level's deadline. */
function OverviewHead({ overview }: { overview: ReviewOverview }) {
  return (
    <Card size="small" className="gk-rv-head gk-mb" data-testid="review-head">
      <span className="gk-rv-fact">
        <span className="gk-rv-fact-label">审核机构</span>
        <span className="gk-rv-fact-value">{overview.orgName}</span>
        <Tag className="gk-mr0">{overview.levelLabel}</Tag>
      </span>
      <span className="gk-rv-fact">
        <span className="gk-rv-fact-label">考核年度</span>
        <span className="gk-rv-fact-value">{overview.campaign.name}</span>
        <Tag color={CAMPAIGN_STATUS_COLORS[overview.campaign.status]} className="gk-mr0">
          {CAMPAIGN_STATUS_LABELS[overview.campaign.status]}
        </Tag>
      </span>
      <span className="gk-rv-fact">
        <span className="gk-rv-fact-label">本级截止</span>
        <DeadlineBadge deadline={overview.deadline} compact />
      </span>
    </Card>
  );
}
