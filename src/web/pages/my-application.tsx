import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Form, Result, Select, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client';
import { campaignApi, myApi, queryKeys, registrationApi } from '../api/endpoints';
import { reviewKeys } from '../api/review';
import type { RegistrationUnit } from '../api/types';
import { ApplicationEditor } from '../application/application-editor';
import { PageLoading } from '../components/page-loading';
import { OnlineRegionsNotice } from '../registration/online-regions';
import { ReviewBanner, ReviewPanel } from '../review/review-panel';
import { useReviewDetail } from '../review/use-review';
import { useSession } from '../session';
import { MyTicketsCard } from '../tickets/my-tickets';

const SEARCH_DELAY_MS = 300;

/** Searches the units that take online registrations (public endpoint, ≤ 50 answers). */
function UnitPicker({
  value,
  initial,
  disabled,
  onChange,
}: {
  value: number | undefined;
  initial: RegistrationUnit | null;
  disabled: boolean;
  onChange: (id: number | undefined) => void;
}) {
  const [input, setInput] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const t = window.setTimeout(() => setQuery(input.trim()), SEARCH_DELAY_MS);
    return () => window.clearTimeout(t);
  }, [input]);
  const units = useQuery({
    queryKey: ['registration-units', query],
    queryFn: ({ signal }) => registrationApi.units(query, signal),
    staleTime: 60_000,
  });
  const items = useMemo(() => {
    const list = units.data?.items ?? [];
    return initial && !list.some((u) => u.id === initial.id) ? [initial, ...list] : list;
  }, [units.data, initial]);

  return (
    <Select<number>
      data-testid="my-unit"
      id="unitId"
      className="gk-full"
      placeholder="输入单位名称查找"
      value={value}
      disabled={disabled}
      allowClear
      showSearch={{ filterOption: false, onSearch: setInput }}
      onChange={(v) => onChange(v ?? undefined)}
      loading={units.isFetching}
      notFoundContent={
        units.isFetching ? (
          <Spin size="small" />
        ) : units.isError ? (
          errorMessage(units.error)
        ) : (
          '没有找到单位；只能选择已开通网上报名地区的单位'
        )
      }
      options={items.map((u) => ({
        value: u.id,
        label: u.name,
        title: u.name,
      }))}
      optionRender={(opt) => {
        const u = items.find((x) => x.id === opt.value);
        return (
          <span className="gk-unit-option">
            <span>{u?.name ?? opt.label}</span>
            <span className="gk-muted">{[u?.jurisdictionName, u?.departmentName].filter(Boolean).join(' · ')}</span>
          </span>
        );
      }}
    />
  );
}

/** 我的报名: an applicant's own online application in the open campaign. */
export default function MyApplicationPage() {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [unitId, setUnitId] = useState<number | undefined>();
  const [reloads, setReloads] = useState(0);

  const campaign = useQuery({ queryKey: queryKeys.currentCampaign, queryFn: campaignApi.current });
  const mine = useQuery({
    queryKey: queryKeys.myApplication,
    queryFn: myApi.get,
    enabled: campaign.isSuccess,
  });
  const review = useReviewDetail(mine.data && mine.data.status !== 'draft' ? mine.data.id : null);
  const identity = useMemo(
    () => (user ? { name: user.displayName, idNumber: user.username, phone: user.phone } : undefined),
    [user],
  );

  if (campaign.isPending) return <PageLoading />;
  if (campaign.isError || !campaign.data) {
    return (
      <Result
        status={campaign.isError ? 'error' : 'info'}
        title={campaign.isError ? '无法读取考核年度' : '当前没有开放报名的考核年度'}
        subTitle={campaign.isError ? errorMessage(campaign.error) : '报名开始后，可在此填写申请表。'}
        extra={<Link to="/">返回首页</Link>}
      />
    );
  }
  if (mine.isPending) return <PageLoading />;
  if (mine.isError) return <Alert type="error" showIcon title={errorMessage(mine.error)} />;

  const app = mine.data;
  const chosenUnit = unitId ?? app?.unitId;
  const initialUnit: RegistrationUnit | null = app
    ? {
        id: app.unitId,
        name: app.unitName,
        departmentName: app.departmentName,
        jurisdictionName: app.jurisdictionName,
      }
    : null;
  const editable = app ? app.abilities.edit : true;

  const header = (
    <Card size="small" title="所在单位" className="gk-app-card">
      <Form layout="vertical" component="div">
        <Form.Item
          label="单位"
          htmlFor="unitId"
          required
          extra="选择您所在的单位；提交后由该单位确认并统一报送。只能选择已开通网上报名地区的单位。"
          className="gk-mb0"
        >
          <UnitPicker value={chosenUnit} initial={initialUnit} disabled={!editable} onChange={setUnitId} />
        </Form.Item>
      </Form>
    </Card>
  );

  return (
    <>
      <Typography.Title level={3}>
        我的报名<span className="gk-page-sub">{campaign.data.name}</span>
      </Typography.Title>
      {app && app.status !== 'draft' && <MyTicketsCard />}
      {!app && <OnlineRegionsNotice />}
      {app?.status === 'awaiting_unit' && (
        <Alert
          className="gk-mb"
          type="success"
          showIcon
          title={`申请表已提交给${app.unitName}，等待单位确认。单位确认前仍可修改。`}
        />
      )}
      {review.data ? (
        <ReviewBanner detail={review.data} audience="applicant" />
      ) : (
        app?.status === 'returned' && (
          <Alert className="gk-mb" type="warning" showIcon title="申请已被退回，请按审核意见修改后重新提交。" />
        )
      )}
      {review.isError && (
        <Alert className="gk-mb" type="warning" showIcon title={`无法读取审核进度：${errorMessage(review.error)}`} />
      )}
      <ApplicationEditor
        key={`${app?.id ?? 'new'}-${reloads}`}
        campaign={campaign.data}
        application={app ?? null}
        mode="self"
        unitId={chosenUnit}
        identity={identity}
        header={
          <>
            {review.data && <ReviewPanel detail={review.data} audience="applicant" />}
            {header}
          </>
        }
        onSaved={(saved) => {
          queryClient.setQueryData(queryKeys.myApplication, saved);
          void queryClient.invalidateQueries({ queryKey: reviewKeys.detail(saved.id) });
          setUnitId(undefined);
        }}
        onReload={(resetForm) => {
          void mine.refetch().then(() => {
            if (resetForm) setReloads((n) => n + 1);
          });
        }}
      />
    </>
  );
}
