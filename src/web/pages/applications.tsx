import {
  CheckOutlined,
  FileExcelOutlined,
  IdcardOutlined,
  PlusOutlined,
  PrinterOutlined,
  ReloadOutlined,
  SendOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Input,
  Result,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage, isSessionError } from '../api/client';
import { applicationApi, queryKeys } from '../api/endpoints';
import { downloadPdf, ticketApi } from '../api/tickets';
import type {
  ApplicationListItem,
  ApplicationListQuery,
  ApplicationSort,
  ApplicationStatus,
  BulkSubmitBody,
  BulkSubmitResponse,
} from '../api/types';
import { ApplicationImportModal } from '../application/application-import';
import { jobTypeOptions, jobTypeSearch, useCatalogJobTypes } from '../application/job-types';
import { CampaignSelect } from '../campaign/campaign-select';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { useFileJob } from '../components/file-job';
import { OrgTreeSelect } from '../components/org-tree-select';
import { usePaging } from '../components/use-paging';
import {
  APPLICATION_STATUS_COLORS,
  APPLICATION_STATUS_LABELS,
  SEX_LABELS,
  SOURCE_LABELS,
  VERDICT_COLORS,
  VERDICT_SHORT,
} from '../labels';
import { BulkResultModal } from '../review/bulk-result';
import { type AppliedGrade, GRADE_LABELS, type Verdict } from '../self-check/model';
import { useSession } from '../session';
import { formatDateTime } from '../util';

const SORTABLE: ReadonlySet<string> = new Set(['name', 'appliedGrade', 'verdict', 'status', 'unitName', 'createdAt']);

export default function ApplicationsPage() {
  const { can, user } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const manage = can('application.manage');
  const unitId = manage ? (user?.orgNodeId ?? undefined) : undefined;

  const { list: campaigns, items: campaignItems, campaign, setCampaignId } = useCampaignChoice();
  const jobTypes = useCatalogJobTypes(campaign?.catalogVersionId);
  const jtOptions = useMemo(() => jobTypeOptions(jobTypes.data?.items), [jobTypes.data]);

  const [filterUnitId, setFilterUnitId] = useState<number | undefined>();
  const [jobTypeId, setJobTypeId] = useState<number | undefined>();
  const [grade, setGrade] = useState<number | undefined>();
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const [status, setStatus] = useState<ApplicationStatus | undefined>();
  const [q, setQ] = useState('');
  const [qInput, setQInput] = useState('');
  const [sort, setSort] = useState<{ sort?: ApplicationSort; order?: 'asc' | 'desc' }>({});
  const { page, pageSize, setPage, pagination } = usePaging();
  const [filterKey, setFilterKey] = useState(0);
  const [importing, setImporting] = useState(false);
  /** Ticked rows (批量提交); cleared when the filters change. */
  const [selectedIds, setSelectedIds] = useState<number[]>([]);
  const [bulkResult, setBulkResult] = useState<BulkSubmitResponse | null>(null);

  const campaignId = campaign?.id;
  const fileJob = useFileJob();
  /** 准考证: one staff member's, or every published one of the unit (or the filtered subtree) in one PDF. */
  const ticketDownload = useMutation({
    mutationFn: (target: { applicationId: number } | { unitId?: number }) =>
      'applicationId' in target
        ? downloadPdf(ticketApi.ticketPath(target.applicationId))
        : downloadPdf(ticketApi.unitPath, { campaignId, unitId: target.unitId }),
    onError: (e) => {
      if (!isSessionError(e)) message.error(errorMessage(e));
    },
  });
  const filters: ApplicationListQuery = {
    campaignId,
    unitId: filterUnitId,
    jobTypeId,
    grade,
    verdict,
    status,
    q: q || undefined,
    ...sort,
  };
  const params: ApplicationListQuery = { ...filters, page, pageSize };
  // Other filters, other rows: the ticks go (adjusting state while rendering, as React recommends).
  const filterSignature = JSON.stringify(filters);
  const [ticksFor, setTicksFor] = useState(filterSignature);
  if (ticksFor !== filterSignature) {
    setTicksFor(filterSignature);
    setSelectedIds([]);
  }
  const list = useQuery({
    queryKey: queryKeys.applications(params),
    queryFn: () => applicationApi.list(params),
    enabled: campaignId !== undefined,
    placeholderData: keepPreviousData,
  });
  const awaitingParams: ApplicationListQuery = { campaignId, status: 'awaiting_unit', page: 1, pageSize: 1 };
  const awaiting = useQuery({
    queryKey: queryKeys.applications(awaitingParams),
    queryFn: () => applicationApi.list(awaitingParams),
    enabled: manage && campaignId !== undefined,
  });
  const awaitingCount = awaiting.data?.total ?? 0;

  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: queryKeys.applicationsAll }),
    [queryClient],
  );

  const bulkSubmit = useMutation({
    mutationFn: (body: BulkSubmitBody) => applicationApi.bulkSubmit(body),
    onSuccess: async (result) => {
      setSelectedIds([]);
      setBulkResult(result);
      await refresh();
    },
    onError: (e) => {
      if (!isSessionError(e)) message.error(errorMessage(e));
    },
  });

  /** 批量提交: the ticked rows, or (none ticked) every draft matching the filters, after saying how many. */
  const startBulkSubmit = async () => {
    if (!campaignId) return;
    if (selectedIds.length > 0) {
      modal.confirm({
        title: `提交已勾选的 ${selectedIds.length} 人的申请？`,
        content: '提交后不能再修改。已提交的、信息不完整或不在报名时间内的申请会被跳过，并列出原因。',
        okText: '确定提交',
        cancelText: '取消',
        onOk: () => bulkSubmit.mutateAsync({ campaignId, ids: selectedIds }),
      });
      return;
    }
    const drafts = await applicationApi
      .list({ ...filters, status: 'draft', page: 1, pageSize: 1 })
      .catch((e: unknown) => {
        if (!isSessionError(e)) message.error(errorMessage(e));
        return null;
      });
    if (!drafts) return;
    if (drafts.total === 0) {
      message.info('没有符合当前筛选条件的草稿');
      return;
    }
    modal.confirm({
      title: `提交全部 ${drafts.total} 人的草稿？`,
      content: (
        <span data-testid="bulk-submit-scope">
          未勾选任何申请：将提交{filtersInWords() || '本单位'}的全部 {drafts.total}{' '}
          人的草稿。提交后不能再修改；信息不完整的会被跳过，并列出原因。
        </span>
      ),
      okText: `确定提交 ${drafts.total} 人`,
      cancelText: '取消',
      onOk: () =>
        bulkSubmit.mutateAsync({
          campaignId,
          filter: { unitId: filterUnitId, jobTypeId, grade, verdict, q: q || undefined },
        }),
    });
  };

  /** The list's filters in words, for the bulk confirmation (empty when none is set). */
  const filtersInWords = () => {
    const parts: string[] = [];
    if (jobTypeId) parts.push(`申报工种“${jtOptions.find((o) => o.value === jobTypeId)?.label ?? jobTypeId}”`);
    if (grade) parts.push(`申报等级“${GRADE_LABELS[grade as AppliedGrade]}”`);
    if (verdict) parts.push(`系统判定“${VERDICT_SHORT[verdict]}”`);
    if (q) parts.push(`姓名或身份证号含“${q}”`);
    return parts.length > 0 ? `符合筛选条件（${parts.join('，')}）` : '';
  };

  const confirm = useMutation({
    mutationFn: (a: ApplicationListItem) => applicationApi.confirm(a.id),
    onSuccess: async (_r, a) => {
      message.success(`已确认「${a.name}」的网上报名`);
      await refresh();
    },
    onError: (e) => {
      if (!isSessionError(e)) message.error(errorMessage(e));
    },
  });

  const resetFilters = () => {
    setFilterUnitId(undefined);
    setJobTypeId(undefined);
    setGrade(undefined);
    setVerdict(undefined);
    setStatus(undefined);
    setQ('');
    setQInput('');
    setPage(1);
    setFilterKey((k) => k + 1);
  };

  const onTableChange = (
    _p: unknown,
    _f: unknown,
    sorter: SorterResult<ApplicationListItem> | SorterResult<ApplicationListItem>[],
  ) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = typeof s?.field === 'string' ? s.field : undefined;
    if (s?.order && field && SORTABLE.has(field)) {
      setSort({ sort: field as ApplicationSort, order: s.order === 'ascend' ? 'asc' : 'desc' });
    } else {
      setSort({});
    }
    setPage(1);
  };
  const sortOrder = (field: ApplicationSort) =>
    sort.sort === field ? (sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null;

  if (campaigns.isError) {
    return <Alert type="error" showIcon title={errorMessage(campaigns.error)} />;
  }
  if (campaigns.isSuccess && campaignItems.length === 0) {
    return <Result status="info" title="还没有考核年度" subTitle="省工考办创建并开启考核年度后，可在此报名。" />;
  }

  /** The unit (or department, jurisdiction) whose applications 批量打印 prints. */
  const printUnitId = unitId ?? filterUnitId;
  const batchPrint = () => {
    if (!campaignId || !printUnitId) return;
    fileJob.run({
      title: '批量打印申请表',
      unit: '份申请表',
      start: () => applicationApi.printJob({ campaignId, unitId: printUnitId, status: status ?? undefined }),
    });
  };
  const exportList = () => {
    if (!campaignId) return;
    fileJob.run({
      title: '导出 Excel',
      unit: '人',
      start: () => applicationApi.exportJob({ ...filters, campaignId }),
    });
  };

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          报名管理
        </Typography.Title>
        <Space>
          <span className="gk-muted">考核年度</span>
          <CampaignSelect
            campaigns={campaignItems}
            value={campaignId}
            loading={campaigns.isPending}
            onChange={(v) => {
              setCampaignId(v);
              setJobTypeId(undefined);
              setPage(1);
            }}
          />
        </Space>
      </div>
      {campaign && campaign.status !== 'open' && (
        <Alert
          className="gk-mb"
          type="info"
          showIcon
          title={
            campaign.status === 'draft'
              ? `${campaign.year}年度尚未开启，暂不能报名。`
              : `${campaign.year}年度已结束，报名信息只能查看。`
          }
        />
      )}
      <Card
        title={
          manage ? (
            <Segmented<string>
              aria-label="列表范围"
              value={status === 'awaiting_unit' ? 'awaiting' : 'all'}
              onChange={(v) => {
                setStatus(v === 'awaiting' ? 'awaiting_unit' : undefined);
                setPage(1);
                setFilterKey((k) => k + 1);
              }}
              options={[
                { value: 'all', label: '全部报名' },
                {
                  value: 'awaiting',
                  label: (
                    <span data-testid="app-awaiting-tab">
                      待确认（网上报名）
                      <Badge count={awaitingCount} size="small" offset={[6, -2]} />
                    </span>
                  ),
                },
              ]}
            />
          ) : (
            '报名列表'
          )
        }
        extra={
          <Space wrap>
            {manage && campaign?.status === 'open' && (
              <>
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => navigate('/applications/new')}
                  data-testid="app-new"
                >
                  新增报名
                </Button>
                <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="app-import">
                  批量导入
                </Button>
                {status !== 'awaiting_unit' && (
                  <Tooltip
                    title={
                      selectedIds.length > 0
                        ? `提交已勾选的 ${selectedIds.length} 人的申请`
                        : '未勾选时，提交符合筛选条件的全部草稿'
                    }
                  >
                    <Button
                      icon={<SendOutlined />}
                      onClick={() => void startBulkSubmit()}
                      loading={bulkSubmit.isPending}
                      data-testid="app-bulk-submit"
                    >
                      批量提交{selectedIds.length > 0 ? `（${selectedIds.length}）` : ''}
                    </Button>
                  </Tooltip>
                )}
              </>
            )}
            <Tooltip title={printUnitId ? '打印筛选范围内的申请表（每人一式三份，PDF）' : '请先按组织机构筛选'}>
              <Button
                icon={<PrinterOutlined />}
                onClick={batchPrint}
                disabled={!campaignId || !printUnitId}
                data-testid="app-batch-print"
              >
                批量打印
              </Button>
            </Tooltip>
            <Tooltip title="下载考场编排已发布的本单位（或筛选范围内）考生的准考证（PDF，每人一页）">
              <Button
                icon={<IdcardOutlined />}
                onClick={() => ticketDownload.mutate({ unitId: printUnitId })}
                disabled={!campaignId}
                loading={ticketDownload.isPending && !('applicationId' in (ticketDownload.variables ?? {}))}
                data-testid="app-batch-tickets"
              >
                批量下载准考证
              </Button>
            </Tooltip>
            <Button icon={<FileExcelOutlined />} onClick={exportList} disabled={!campaignId} data-testid="app-export">
              导出 Excel
            </Button>
          </Space>
        }
      >
        <form
          className="gk-filters"
          aria-label="筛选报名"
          onSubmit={(e) => {
            e.preventDefault();
            setQ(qInput.trim());
            setPage(1);
          }}
        >
          {!manage && (
            <OrgTreeSelect
              key={`unit-${filterKey}`}
              aria-label="按组织机构筛选"
              allowClear
              placeholder="全部组织机构"
              value={filterUnitId}
              className="gk-filter-org"
              onChange={(id) => {
                setFilterUnitId(id);
                setPage(1);
              }}
            />
          )}
          <Select
            aria-label="按申报工种筛选"
            allowClear
            placeholder="全部工种"
            className="gk-filter-jobtype"
            value={jobTypeId}
            loading={jobTypes.isLoading}
            showSearch={jobTypeSearch}
            options={jtOptions.map((o) => ({ value: o.value, label: o.label, search: o.search }))}
            onChange={(v) => {
              setJobTypeId(v);
              setPage(1);
            }}
            notFoundContent="没有匹配的工种"
          />
          <Select
            aria-label="按申报等级筛选"
            allowClear
            placeholder="全部等级"
            className="gk-filter-grade"
            value={grade}
            options={([5, 4, 3, 2, 1] as AppliedGrade[]).map((g) => ({ value: g, label: GRADE_LABELS[g] }))}
            onChange={(v) => {
              setGrade(v);
              setPage(1);
            }}
          />
          <Select<Verdict>
            aria-label="按资格结论筛选"
            allowClear
            placeholder="全部结论"
            className="gk-filter-small"
            value={verdict}
            options={(Object.keys(VERDICT_SHORT) as Verdict[]).map((v) => ({ value: v, label: VERDICT_SHORT[v] }))}
            onChange={(v) => {
              setVerdict(v);
              setPage(1);
            }}
          />
          <Select<ApplicationStatus>
            aria-label="按状态筛选"
            allowClear
            placeholder="全部状态"
            className="gk-filter-small"
            value={status}
            options={(Object.keys(APPLICATION_STATUS_LABELS) as ApplicationStatus[]).map((s) => ({
              value: s,
              label: APPLICATION_STATUS_LABELS[s],
            }))}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
          />
          <Input
            aria-label="关键词"
            allowClear
            placeholder="姓名或身份证号"
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            className="gk-filter-q"
          />
          <Button type="primary" htmlType="submit">
            查询
          </Button>
          <Button onClick={resetFilters}>重置</Button>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label="刷新" />
        </form>
        {list.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(list.error)} />}
        <Table<ApplicationListItem>
          size="small"
          rowKey="id"
          data-testid="app-list"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          onChange={onTableChange}
          rowSelection={
            manage && campaign?.status === 'open' && status !== 'awaiting_unit'
              ? {
                  selectedRowKeys: selectedIds,
                  preserveSelectedRowKeys: true,
                  onChange: (keys) => setSelectedIds(keys.map(Number)),
                  getCheckboxProps: (a) => ({
                    disabled: !['draft', 'returned'].includes(a.status),
                    'aria-label': `选择 ${a.name}`,
                  }),
                }
              : undefined
          }
          // Fits the 1366 px screen's 1068 px frame; the unit (or, for a unit, the job type) takes what is left.
          scroll={{ x: manage ? 1050 : 1060 }}
          locale={{ emptyText: '没有符合条件的报名' }}
          pagination={pagination(list.data?.total ?? 0, '人')}
          columns={[
            {
              title: '姓名',
              dataIndex: 'name',
              width: 110,
              sorter: true,
              sortOrder: sortOrder('name'),
              render: (n: string, a) => <Link to={`/applications/${a.id}`}>{n}</Link>,
            },
            {
              title: '身份证号',
              dataIndex: 'idNumber',
              width: 170,
              render: (v: string) => <span className="gk-mono">{v}</span>,
            },
            {
              title: '性别',
              dataIndex: 'sex',
              width: 52,
              render: (s: ApplicationListItem['sex']) => SEX_LABELS[s] ?? '—',
            },
            ...(manage
              ? []
              : [
                  {
                    title: '单位',
                    dataIndex: 'unitName',
                    sorter: true,
                    sortOrder: sortOrder('unitName'),
                    ellipsis: true,
                  },
                ]),
            { title: '申报工种', dataIndex: 'appliedJobType', width: manage ? undefined : 120, ellipsis: true },
            {
              title: '申报等级',
              dataIndex: 'appliedGrade',
              width: 110,
              sorter: true,
              sortOrder: sortOrder('appliedGrade'),
              render: (g: AppliedGrade) => GRADE_LABELS[g] ?? g,
            },
            {
              title: '资格结论',
              dataIndex: 'verdict',
              width: 90,
              sorter: true,
              sortOrder: sortOrder('verdict'),
              render: (v: Verdict) => <Tag color={VERDICT_COLORS[v]}>{VERDICT_SHORT[v] ?? v}</Tag>,
            },
            {
              title: '状态',
              dataIndex: 'status',
              width: 120,
              sorter: true,
              sortOrder: sortOrder('status'),
              render: (s: ApplicationStatus, a) => (
                <span>
                  <Tag color={APPLICATION_STATUS_COLORS[s]}>{APPLICATION_STATUS_LABELS[s] ?? s}</Tag>
                  <span className="gk-muted gk-block">{SOURCE_LABELS[a.source]}</span>
                </span>
              ),
            },
            {
              title: '更新时间',
              dataIndex: 'updatedAt',
              width: 100,
              render: (v: string) => <span title={formatDateTime(v)}>{formatDateTime(v).slice(0, 10)}</span>,
            },
            {
              title: '操作',
              key: 'actions',
              // Officials above the unit only open the form (查看); the unit also confirms (确认) and prints each
              // confirmed staff member's 准考证 (officials above print theirs in one PDF: 批量下载准考证).
              width: manage ? 200 : 72,
              fixed: 'right' as const,
              render: (_: unknown, a: ApplicationListItem) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => navigate(`/applications/${a.id}`)}>
                    {manage && (a.status === 'draft' || a.status === 'awaiting_unit' || a.status === 'returned')
                      ? '编辑'
                      : '查看'}
                  </Button>
                  {manage && a.status === 'awaiting_unit' && (
                    <Button
                      type="link"
                      size="small"
                      icon={<CheckOutlined />}
                      loading={confirm.isPending && confirm.variables?.id === a.id}
                      data-testid={`app-confirm-${a.id}`}
                      onClick={() =>
                        modal.confirm({
                          title: `确认「${a.name}」的网上报名？`,
                          content: '确认后申请即由本单位提交，进入审核流程。建议先打开申请表核对信息。',
                          okText: '确认',
                          cancelText: '取消',
                          onOk: () => confirm.mutateAsync(a).catch(() => undefined),
                        })
                      }
                    >
                      确认
                    </Button>
                  )}
                  {manage && a.status === 'province_confirmed' && (
                    <Button
                      type="link"
                      size="small"
                      icon={<IdcardOutlined />}
                      loading={
                        ticketDownload.isPending &&
                        (ticketDownload.variables as { applicationId?: number } | undefined)?.applicationId === a.id
                      }
                      onClick={() => ticketDownload.mutate({ applicationId: a.id })}
                      data-testid={`app-ticket-${a.id}`}
                    >
                      准考证
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {importing && campaignId !== undefined && unitId !== undefined && (
        <ApplicationImportModal
          campaignId={campaignId}
          unitId={unitId}
          onClose={() => setImporting(false)}
          onImported={() => void refresh()}
        />
      )}
      {fileJob.dialog}
      <BulkResultModal result={bulkResult} label="提交" onClose={() => setBulkResult(null)} />
    </>
  );
}
