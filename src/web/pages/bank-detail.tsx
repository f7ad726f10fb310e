import {
  ArrowLeftOutlined,
  DownloadOutlined,
  ExportOutlined,
  ImportOutlined,
  PlusOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Result, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { DIFFICULTIES, ITEM_STATUSES, ITEM_TYPES, type ItemStatus, type ItemType } from '../../domain/items';
import { bankApi, bankKeys } from '../api/banks';
import { errorMessage } from '../api/client';
import type { BankItemListQuery, BankItemMeta } from '../api/types';
import { BankImportModal } from '../banks/bank-import';
import { QtiButtons } from '../banks/qti-buttons';
import { useFileJob } from '../components/file-job';
import { difficultyLabel, ITEM_STATUS_COLORS, ITEM_STATUS_LABELS, ITEM_TYPE_LABELS, SUBJECT_LABELS } from '../labels';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';
import { useSession } from '../session';
import { formatDateTime } from '../util';

const PAGE_SIZES = [10, 20, 50, 100];

function pick<T extends string | number>(values: readonly T[], raw: string | null): T | undefined {
  return values.find((v) => String(v) === raw);
}

/** The list's state as the address keeps it: ?status=&type=&kp=&difficulty=&page=&size= */
function readState(search: URLSearchParams): BankItemListQuery {
  const page = Number(search.get('page'));
  const size = Number(search.get('size'));
  return {
    status: pick(ITEM_STATUSES, search.get('status')),
    type: pick(ITEM_TYPES, search.get('type')),
    knowledgePoint: search.get('kp')?.trim() || undefined,
    difficulty: pick(DIFFICULTIES, search.get('difficulty')),
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(size) ? size : 20,
  };
}

function writeState(state: BankItemListQuery): URLSearchParams {
  const next = new URLSearchParams();
  if (state.status) next.set('status', state.status);
  if (state.type) next.set('type', state.type);
  if (state.knowledgePoint) next.set('kp', state.knowledgePoint);
  if (state.difficulty) next.set('difficulty', String(state.difficulty));
  if (state.page && state.page > 1) next.set('page', String(state.page));
  if (state.pageSize && state.pageSize !== 20) next.set('size', String(state.pageSize));
  return next;
}

/** One bank: its items' metadata (never their content), filtered and paged by the server; 新建试题. */
export default function BankDetailPage() {
  const bankId = Number(useParams().id);
  const { can } = useSession();
  const manage = can('bank.manage');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [search, setSearch] = useSearchParams();
  const state = readState(search);
  const [kpInput, setKpInput] = useState(state.knowledgePoint ?? '');
  const [importing, setImporting] = useState(false);
  const fileJob = useFileJob();
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: bankKeys.all }), [queryClient]);

  const update = (patch: Partial<BankItemListQuery>) =>
    setSearch(writeState({ ...state, page: 1, ...patch }), { replace: true });

  const banks = useQuery({ queryKey: bankKeys.list, queryFn: bankApi.list });
  const bank = banks.data?.items.find((b) => b.id === bankId);
  const items = useQuery({
    queryKey: bankKeys.items(bankId, state),
    queryFn: () => bankApi.items(bankId, state),
    enabled: Number.isInteger(bankId) && bankId > 0,
    placeholderData: keepPreviousData,
  });

  if (banks.isSuccess && !bank) {
    return (
      <Result
        status="404"
        title="题库不存在"
        extra={
          <Link to="/banks">
            <ArrowLeftOutlined aria-hidden /> 返回题库列表
          </Link>
        }
      />
    );
  }

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          {bank?.name ?? '题库'}
          {bank && (
            <span className="gk-page-sub">
              {SUBJECT_LABELS[bank.subject]}
              {bank.jobTypeName ? ` · ${bank.jobTypeName}` : ''}
              {bank.grade ? ` · ${GRADE_LABELS[bank.grade as AppliedGrade]}` : ''} · 共 {bank.itemCount} 题，已审核{' '}
              {bank.approvedCount} 题
            </span>
          )}
        </Typography.Title>
        <Space>
          <Link to="/banks">
            <ArrowLeftOutlined aria-hidden /> 题库列表
          </Link>
          <Button icon={<ReloadOutlined />} aria-label="刷新" onClick={refresh} />
          <Button icon={<DownloadOutlined />} href={bankApi.templateUrl} download data-testid="bank-template">
            下载模板
          </Button>
          {manage && bank && (
            <>
              <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="bank-import">
                导入 Excel
              </Button>
              <Button
                icon={<ExportOutlined />}
                data-testid="bank-export"
                title={`导出${state.status ? `${ITEM_STATUS_LABELS[state.status]}的` : '全部'}试题（含答案和解析；图片不随 Excel 导出）`}
                onClick={() =>
                  fileJob.run({
                    title: `导出 Excel：${bank.name}${state.status ? `（${ITEM_STATUS_LABELS[state.status]}）` : ''}`,
                    unit: '道试题',
                    start: () => bankApi.exportJob(bankId, { status: state.status }),
                  })
                }
              >
                导出 Excel
              </Button>
              <QtiButtons bankId={bankId} />
            </>
          )}
          {manage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate(`/banks/${bankId}/items/new`)}
              data-testid="item-create"
            >
              新建试题
            </Button>
          )}
        </Space>
      </div>
      <Card>
        <form
          className="gk-filters"
          aria-label="筛选试题"
          onSubmit={(e) => {
            e.preventDefault();
            update({ knowledgePoint: kpInput.trim() || undefined });
          }}
        >
          <Select<ItemStatus>
            aria-label="按状态筛选"
            allowClear
            placeholder="全部状态"
            className="gk-filter-small"
            value={state.status}
            options={ITEM_STATUSES.map((s) => ({ value: s, label: ITEM_STATUS_LABELS[s] }))}
            onChange={(v) => update({ status: v })}
          />
          <Select<ItemType>
            aria-label="按题型筛选"
            allowClear
            placeholder="全部题型"
            className="gk-filter-small"
            value={state.type}
            options={ITEM_TYPES.map((t) => ({ value: t, label: ITEM_TYPE_LABELS[t] }))}
            onChange={(v) => update({ type: v })}
          />
          <Select<number>
            aria-label="按难度筛选"
            allowClear
            placeholder="全部难度"
            className="gk-filter-small"
            value={state.difficulty}
            options={DIFFICULTIES.map((d) => ({ value: d, label: difficultyLabel(d) }))}
            onChange={(v) => update({ difficulty: v })}
          />
          <Input
            aria-label="知识点"
            allowClear
            placeholder="知识点（完全一致）"
            value={kpInput}
            onChange={(e) => {
              setKpInput(e.target.value);
              if (e.target.value === '' && state.knowledgePoint) update({ knowledgePoint: undefined });
            }}
            className="gk-filter-q"
          />
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </form>
        {items.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(items.error)} />}
        <Table<BankItemMeta>
          data-testid="items-table"
          size="small"
          rowKey="itemId"
          loading={items.isFetching}
          dataSource={items.data?.items ?? []}
          locale={{ emptyText: manage ? '没有符合条件的试题；点击“新建试题”编写' : '没有符合条件的试题' }}
          pagination={{
            current: state.page,
            pageSize: state.pageSize,
            total: items.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (t) => `共 ${t} 题`,
            onChange: (p, s) => update({ page: s !== state.pageSize ? 1 : p, pageSize: s }),
          }}
          columns={[
            {
              title: '编号',
              dataIndex: 'itemId',
              width: 80,
              render: (id: number) => <Link to={`/bank-items/${id}`}>{id}</Link>,
            },
            { title: '题型', dataIndex: 'type', width: 80, render: (t: ItemType) => ITEM_TYPE_LABELS[t] },
            {
              title: '知识点',
              dataIndex: 'knowledgePoint',
              render: (k: string, item) => <Link to={`/bank-items/${item.itemId}`}>{k}</Link>,
            },
            { title: '难度', dataIndex: 'difficulty', width: 100, render: (d: number) => difficultyLabel(d) },
            {
              title: '状态',
              dataIndex: 'status',
              width: 90,
              render: (s: ItemStatus) => <Tag color={ITEM_STATUS_COLORS[s]}>{ITEM_STATUS_LABELS[s]}</Tag>,
            },
            { title: '版本', dataIndex: 'version', width: 60, align: 'right' },
            { title: '编写时间', dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
            { title: '修改时间', dataIndex: 'updatedAt', width: 170, render: (v: string) => formatDateTime(v) },
          ]}
        />
      </Card>
      {importing && bank && (
        <BankImportModal
          bankId={bankId}
          bankName={bank.name}
          onClose={() => setImporting(false)}
          onImported={refresh}
        />
      )}
      {fileJob.dialog}
    </>
  );
}
