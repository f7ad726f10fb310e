import { EditOutlined, EyeOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isJobTypeSubject } from '../../domain/items';
import { blueprintApi, blueprintKeys } from '../api/blueprints';
import { errorMessage, isSessionError } from '../api/client';
import type { BlueprintListFilter, BlueprintListQuery, BlueprintScope } from '../api/types';
import { gradeShort, scopeTitle } from '../blueprints/scope';
import { CampaignSelect } from '../campaign/campaign-select';
import { useCampaignChoice } from '../campaign/use-campaigns';

const PAGE_SIZES = [20, 50, 100, 200];

const FILTERS: { value: BlueprintListFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'attention', label: '需处理' },
  { value: 'missing', label: '未建规则' },
  { value: 'short', label: '题量不足' },
  { value: 'draft', label: '草稿' },
  { value: 'published', label: '已发布' },
];

function StateTag({ scope }: { scope: BlueprintScope }) {
  if (!scope.blueprint) return <Tag>未建规则</Tag>;
  return scope.blueprint.status === 'published' ? <Tag color="green">已发布</Tag> : <Tag color="blue">草稿</Tag>;
}

/** 题量是否充足: each grade's short cells and other blocking problems, in words. */
function Sufficiency({ scope }: { scope: BlueprintScope }) {
  const s = scope.sufficiency;
  if (!s) {
    return <span className="gk-muted">未建规则（已审核试题 {scope.poolItems} 题）</span>;
  }
  if (s.canPublish) {
    return (
      <span>
        <Tag color="green">充足</Tag>
        {s.needsConfirm && <span className="gk-muted">允许偏差偏小，发布时须确认</span>}
      </span>
    );
  }
  const many = s.grades.length > 1;
  const lines = s.grades.flatMap((g) => {
    const who = many ? `${gradeShort(g.grade)}：` : '';
    const short = g.shortCells.map((c) => `${who}${c.label} 需要${c.needed}，可用${c.available}`);
    const other = g.problems
      .filter((p) => p.code !== 'BLUEPRINT_CELL_SHORT' && p.code !== 'BLUEPRINT_TOLERANCE_TOO_TIGHT')
      .map((p) => `${who}${p.message}`);
    return [...short, ...other];
  });
  const unique = [...new Set(lines)];
  return (
    <div>
      <Tag color="red">不足</Tag>
      <ul className="gk-bp-short">
        {unique.slice(0, 4).map((line) => (
          <li key={line}>{line}</li>
        ))}
        {unique.length > 4 && <li>另有 {unique.length - 4} 处</li>}
      </ul>
    </div>
  );
}

/**
 * 组卷规则 (/blueprints): the campaign check. Every scope that needs a blueprint — 职业道德, 职业能力 and each 岗位技能
 * job type × grade with confirmed candidates — with its candidates, its blueprint's status and whether the approved
 * items suffice for every candidate grade; 新建, 编辑, 查看. The campaign, filter and page stay in the address.
 */
export default function BlueprintsPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [search, setSearch] = useSearchParams();
  const { list: campaigns, items: campaignItems, campaign } = useCampaignChoice();
  const chosen = Number(search.get('campaign'));
  const campaignId = campaignItems.some((c) => c.id === chosen) ? chosen : campaign?.id;
  const filter = FILTERS.find((f) => f.value === search.get('filter'))?.value ?? 'all';
  const page = Math.max(1, Number(search.get('page')) || 1);
  const size = Number(search.get('size'));
  const pageSize = PAGE_SIZES.includes(size) ? size : 50;

  const update = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries({ page: undefined, ...patch })) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    setSearch(next, { replace: true });
  };

  const params: BlueprintListQuery = { campaignId: campaignId ?? 0, filter, page, pageSize };
  const check = useQuery({
    queryKey: blueprintKeys.campaign(params),
    queryFn: () => blueprintApi.campaignCheck(params),
    enabled: campaignId !== undefined,
    placeholderData: keepPreviousData,
  });
  const data = check.data;

  const create = useMutation({
    mutationFn: (scope: BlueprintScope) =>
      blueprintApi.create({
        campaignId: campaignId ?? 0,
        subject: scope.subject,
        jobTypeId: scope.jobTypeId,
        grade: scope.grade,
      }),
    onSuccess: async (res, scope) => {
      message.success(`已按默认规则新建「${scopeTitle(scope)}」的组卷规则（草稿）`);
      await queryClient.invalidateQueries({ queryKey: blueprintKeys.all });
      navigate(`/blueprints/${res.blueprint.id}`);
    },
  });

  const summary = data?.summary;
  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          组卷规则
          <span className="gk-page-sub">按已审核试题检查每个科目（工种、等级）的题量；发布后用于生成试卷</span>
        </Typography.Title>
        <Space>
          <CampaignSelect
            campaigns={campaignItems}
            value={campaignId}
            loading={campaigns.isPending}
            onChange={(id) => update({ campaign: id })}
          />
          <Button
            icon={<ReloadOutlined />}
            aria-label="重新检查"
            title="重新检查"
            onClick={() => void queryClient.invalidateQueries({ queryKey: blueprintKeys.all })}
          />
        </Space>
      </div>
      {check.isError && !isSessionError(check.error) && (
        <Alert className="gk-mb" type="error" showIcon title={errorMessage(check.error)} />
      )}
      {create.isError && !isSessionError(create.error) && (
        <Alert className="gk-mb" type="error" showIcon role="alert" title={errorMessage(create.error)} />
      )}
      {campaigns.isSuccess && campaignItems.length === 0 && (
        <Alert className="gk-mb" type="info" showIcon title="还没有考核年度，无法建立组卷规则" />
      )}
      {data && summary && (
        <Alert
          className="gk-mb"
          data-testid="blueprint-summary"
          type={data.ready ? 'success' : data.candidates === 0 ? 'info' : 'warning'}
          showIcon
          title={
            data.ready
              ? `${data.campaign.name}：每个科目都已发布题量充足的组卷规则，可以生成试卷`
              : `${data.campaign.name}：已确认考生 ${data.candidates} 人；需要组卷规则 ${summary.scopes} 项，已发布 ${summary.published}，草稿 ${summary.draft}，题量不足 ${summary.short}，未建 ${summary.missing}`
          }
        />
      )}
      <Card>
        <div className="gk-filters">
          <Select<BlueprintListFilter>
            aria-label="按状态筛选"
            className="gk-filter-small"
            value={filter}
            options={FILTERS}
            onChange={(v) => update({ filter: v === 'all' ? undefined : v })}
          />
        </div>
        <Table<BlueprintScope>
          data-testid="blueprints-table"
          size="small"
          rowKey="key"
          loading={check.isFetching}
          dataSource={data?.items ?? []}
          locale={{ emptyText: '没有符合条件的科目' }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            hideOnSinglePage: true,
            showTotal: (t) => `共 ${t} 项`,
            onChange: (p, s) => update({ page: s !== pageSize ? undefined : p > 1 ? p : undefined, size: s }),
          }}
          columns={[
            {
              title: '科目',
              key: 'scope',
              render: (_: unknown, s) => (
                <span>
                  {scopeTitle(s)}
                  {s.jobTypeCode && <span className="gk-muted">（{s.jobTypeCode}）</span>}
                </span>
              ),
            },
            {
              title: '考生人数',
              dataIndex: 'candidates',
              width: 150,
              render: (n: number, s) =>
                !isJobTypeSubject(s.subject) && s.grades.length > 0 ? (
                  <span>
                    {n}
                    <span className="gk-muted gk-block">
                      {s.grades.map((g) => `${gradeShort(g.grade)}${g.candidates}`).join('、')}
                    </span>
                  </span>
                ) : n === 0 ? (
                  <span className="gk-muted">0（无已确认考生）</span>
                ) : (
                  n
                ),
            },
            { title: '规则状态', key: 'status', width: 100, render: (_: unknown, s) => <StateTag scope={s} /> },
            {
              title: '题量是否充足',
              key: 'sufficiency',
              width: 420,
              render: (_: unknown, s) => <Sufficiency scope={s} />,
            },
            {
              title: '操作',
              key: 'actions',
              width: 90,
              render: (_: unknown, s) => {
                const title = scopeTitle(s);
                if (!s.blueprint) {
                  return data?.canCreate ? (
                    <Button
                      size="small"
                      type="link"
                      icon={<PlusOutlined />}
                      loading={create.isPending && create.variables?.key === s.key}
                      disabled={create.isPending}
                      onClick={() => create.mutate(s)}
                      aria-label={`新建组卷规则：${title}`}
                    >
                      新建
                    </Button>
                  ) : null;
                }
                const editable = s.blueprint.status === 'draft' && data?.canCreate;
                return (
                  <Link
                    to={`/blueprints/${s.blueprint.id}`}
                    aria-label={`${editable ? '编辑' : '查看'}组卷规则：${title}`}
                  >
                    {editable ? <EditOutlined aria-hidden /> : <EyeOutlined aria-hidden />} {editable ? '编辑' : '查看'}
                  </Link>
                );
              },
            },
          ]}
        />
      </Card>
    </>
  );
}
