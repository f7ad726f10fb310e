import {
  ArrowLeftOutlined,
  CheckOutlined,
  CloseCircleOutlined,
  DeleteOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ACTION_LABELS } from '../../domain/review';
import { errorMessage, isSessionError } from '../api/client';
import { applicationApi, campaignApi, queryKeys } from '../api/endpoints';
import { type DecisionFields, type ReviewAction, type ReviewDetail, reviewApi, reviewKeys } from '../api/review';
import type { Application } from '../api/types';
import { ApplicationEditor } from '../application/application-editor';
import { PageLoading } from '../components/page-loading';
import { DecisionModal } from '../review/decision-modal';
import { ReviewBanner, ReviewPanel } from '../review/review-panel';
import { useReviewDetail, useReviewOverview, useReviewRefresh } from '../review/use-review';
import { useSession } from '../session';

/** 新增报名 (`/applications/new`) and one application (`/applications/:id`) for the unit and the reviewers. */
export default function ApplicationFormPage() {
  const { id: rawId } = useParams();
  const id = rawId && rawId !== 'new' ? Number(rawId) : null;
  const { user, can } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const [reloads, setReloads] = useState(0);
  const location = useLocation();
  const fromReview = (location.state as { from?: unknown } | null)?.from === 'review';
  const [deciding, setDeciding] = useState<ReviewAction | null>(null);
  const refreshReview = useReviewRefresh();

  const app = useQuery({
    queryKey: queryKeys.application(id ?? 0),
    queryFn: () => applicationApi.get(id ?? 0),
    enabled: id !== null && Number.isInteger(id),
  });
  const campaignId = app.data?.campaignId;
  const campaign = useQuery({
    queryKey: id === null ? queryKeys.currentCampaign : queryKeys.campaign(campaignId ?? 0),
    queryFn: () => (id === null ? campaignApi.current() : campaignApi.get(campaignId ?? 0)),
    enabled: id === null || campaignId !== undefined,
  });

  const review = useReviewDetail(id);
  const abilities = review.data?.abilities;
  const mayDecide = !!abilities && (abilities.approve || abilities.return || abilities.reject);
  // The seal defaults to the reviewer's org name, which the overview carries.
  const overview = useReviewOverview(campaignId, mayDecide && can('review.act'));

  const decide = async (action: ReviewAction, fields: DecisionFields) => {
    if (id === null) return;
    let detail: ReviewDetail;
    try {
      detail = await reviewApi.decide(id, { action, ...fields });
    } catch (e) {
      // Someone may have decided first: show the current state behind the dialog's message.
      void queryClient.invalidateQueries({ queryKey: reviewKeys.detail(id) });
      throw e;
    }
    queryClient.setQueryData(reviewKeys.detail(id), detail);
    setDeciding(null);
    // The new position and any banner are at the top of the page.
    window.scrollTo({ top: 0, behavior: 'smooth' });
    message.success(`已${ACTION_LABELS[action]}。当前进度：${detail.position}`);
    await refreshReview();
  };

  const refresh = async (saved?: Application) => {
    if (saved) queryClient.setQueryData(queryKeys.application(saved.id), saved);
    await queryClient.invalidateQueries({ queryKey: queryKeys.applicationsAll });
    if (saved) await queryClient.invalidateQueries({ queryKey: reviewKeys.detail(saved.id) });
  };

  const confirm = useMutation({
    mutationFn: (a: Application) => applicationApi.confirm(a.id),
    onSuccess: async (saved) => {
      message.success('已确认，申请已提交');
      await refresh(saved);
    },
    onError: (e) => {
      if (!isSessionError(e)) message.error(errorMessage(e));
    },
  });
  const remove = useMutation({
    mutationFn: (a: Application) => applicationApi.remove(a.id),
    onSuccess: async () => {
      message.success('草稿已删除');
      await queryClient.invalidateQueries({ queryKey: queryKeys.applicationsAll });
      navigate('/applications', { replace: true });
    },
    onError: (e) => {
      if (!isSessionError(e)) message.error(errorMessage(e));
    },
  });

  if (id !== null && !Number.isInteger(id)) return <Result status="404" title="记录不存在" />;
  if (id === null && !can('application.manage')) return <Result status="403" title="无权新增报名" />;

  const title = id === null ? '新增报名' : app.data ? `${app.data.name} 的申请表` : '申请表';
  const crumbs = (
    <Breadcrumb
      className="gk-mb-s"
      items={[
        { title: fromReview ? <Link to="/review">资格审查</Link> : <Link to="/applications">报名管理</Link> },
        { title: id === null ? '新增报名' : title },
      ]}
    />
  );

  if (app.isPending && id !== null) return <PageLoading />;
  if (app.isError) {
    return (
      <>
        {crumbs}
        <Alert type="error" showIcon title={errorMessage(app.error)} />
      </>
    );
  }
  if (campaign.isPending) return <PageLoading />;
  if (campaign.isError || !campaign.data) {
    return (
      <>
        {crumbs}
        <Result
          status={campaign.isError ? 'error' : 'info'}
          title={campaign.isError ? '无法读取考核年度' : '当前没有开放报名的考核年度'}
          subTitle={campaign.isError ? errorMessage(campaign.error) : '省工考办开启考核年度后即可报名。'}
          extra={<Link to="/applications">返回报名管理</Link>}
        />
      </>
    );
  }

  const a = app.data ?? null;
  const unitId = a?.unitId ?? user?.orgNodeId ?? undefined;

  return (
    <>
      {crumbs}
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          {title}
          <span className="gk-page-sub">{campaign.data.name}</span>
        </Typography.Title>
        <Space wrap>
          {abilities?.approve && (
            <Button
              type="primary"
              icon={<CheckOutlined />}
              onClick={() => setDeciding('approve')}
              data-testid="review-approve"
            >
              通过
            </Button>
          )}
          {abilities?.return && (
            <Button icon={<RollbackOutlined />} onClick={() => setDeciding('return')} data-testid="review-return">
              退回修改
            </Button>
          )}
          {abilities?.reject && (
            <Button
              danger
              icon={<CloseCircleOutlined />}
              onClick={() => setDeciding('reject')}
              data-testid="review-reject"
            >
              不通过
            </Button>
          )}
          {a?.abilities.confirm && (
            <Button
              type="primary"
              icon={<CheckOutlined />}
              loading={confirm.isPending}
              onClick={() =>
                modal.confirm({
                  title: `确认「${a.name}」的网上报名？`,
                  content: '确认后申请即由本单位提交，进入审核流程。',
                  okText: '确认',
                  cancelText: '取消',
                  onOk: () => confirm.mutateAsync(a).catch(() => undefined),
                })
              }
              data-testid="app-confirm"
            >
              确认网上报名
            </Button>
          )}
          {a?.abilities.delete && (
            <Button
              danger
              icon={<DeleteOutlined />}
              loading={remove.isPending}
              onClick={() =>
                modal.confirm({
                  title: `确定删除「${a.name}」的报名草稿吗？`,
                  okText: '删除',
                  okButtonProps: { danger: true },
                  cancelText: '取消',
                  onOk: () => remove.mutateAsync(a).catch(() => undefined),
                })
              }
            >
              删除草稿
            </Button>
          )}
          <Button
            icon={<ArrowLeftOutlined />}
            onClick={() => (fromReview && location.key !== 'default' ? navigate(-1) : navigate('/applications'))}
          >
            {fromReview ? '返回审查列表' : '返回列表'}
          </Button>
        </Space>
      </div>
      {review.data && <ReviewBanner detail={review.data} audience="official" />}
      {review.isError && (
        <Alert className="gk-mb" type="warning" showIcon title={`无法读取审核信息：${errorMessage(review.error)}`} />
      )}
      <ApplicationEditor
        key={`${a?.id ?? 'new'}-${reloads}`}
        header={
          review.data && a && (review.data.status !== 'draft' || review.data.history.length > 0) ? (
            <ReviewPanel
              detail={review.data}
              verdict={a.verdict}
              findingCount={a.findings.length}
              audience="official"
            />
          ) : undefined
        }
        campaign={campaign.data}
        application={a}
        mode="unit"
        unitId={unitId}
        onSaved={(saved) => {
          void refresh(saved);
          if (id === null) navigate(`/applications/${saved.id}`, { replace: true });
        }}
        onReload={(resetForm) => {
          void app.refetch().then(() => {
            if (resetForm) setReloads((n) => n + 1);
          });
        }}
      />
      {deciding && a && review.data?.viewerLevel && (
        <DecisionModal
          open
          level={review.data.viewerLevel}
          action={deciding}
          sealName={overview.data?.sealName ?? user?.orgNodeName ?? ''}
          overrule={{ kind: 'one', verdict: a.verdict }}
          onClose={() => setDeciding(null)}
          onSubmit={(fields) => decide(deciding, fields)}
          subject={
            <span>
              {a.name}（{a.unitName}）· 申报 {a.appliedJobType} · {review.data.position}
            </span>
          }
        />
      )}
    </>
  );
}
