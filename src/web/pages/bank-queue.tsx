import { CheckOutlined, EyeOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Input, Modal, Result, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ITEM_TYPES, type ItemType } from '../../domain/items';
import { bankApi, bankKeys } from '../api/banks';
import { errorMessage } from '../api/client';
import type { BankQueueItem, BankQueueQuery, BulkApproveBody, BulkApproveResponse } from '../api/types';
import { difficultyLabel, ITEM_TYPE_LABELS } from '../labels';
import { useSession } from '../session';
import { formatDateTime } from '../util';

const PAGE_SIZES = [10, 20, 50, 100];
/** The server's limit for one bulk approval. */
const BULK_LIMIT = 5000;

const positive = (raw: string | null) => {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

/** The queue's state as the address keeps it: ?bank=&type=&kp=&author=&page=&size= */
function readState(search: URLSearchParams): BankQueueQuery {
  const size = Number(search.get('size'));
  return {
    bankId: positive(search.get('bank')),
    type: ITEM_TYPES.find((t) => t === search.get('type')),
    knowledgePoint: search.get('kp')?.trim() || undefined,
    authorId: positive(search.get('author')),
    page: positive(search.get('page')) ?? 1,
    pageSize: PAGE_SIZES.includes(size) ? size : 20,
  };
}

function writeState(state: BankQueueQuery): URLSearchParams {
  const next = new URLSearchParams();
  if (state.bankId) next.set('bank', String(state.bankId));
  if (state.type) next.set('type', state.type);
  if (state.knowledgePoint) next.set('kp', state.knowledgePoint);
  if (state.authorId) next.set('author', String(state.authorId));
  if (state.page && state.page > 1) next.set('page', String(state.page));
  if (state.pageSize && state.pageSize !== 20) next.set('size', String(state.pageSize));
  return next;
}

const keyOf = (i: { itemId: number; version: number }) => `${i.itemId}:${i.version}`;

/**
 * 待审核试题: the draft versions of every bank (metadata only), filtered and paged by the server. A second bank
 * manager approves ticked versions or everything the filter shows; versions one wrote oneself are never approved
 * by oneself (the server skips and lists them).
 */
export default function BankQueuePage() {
  const { can } = useSession();
  const manage = can('bank.manage');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [search, setSearch] = useSearchParams();
  const state = readState(search);
  const [kpInput, setKpInput] = useState(state.knowledgePoint ?? '');
  const [selected, setSelected] = useState<Map<string, { itemId: number; version: number }>>(new Map());
  const [confirm, setConfirm] = useState<'selected' | 'filter' | null>(null);
  const [result, setResult] = useState<BulkApproveResponse | null>(null);

  const update = (patch: Partial<BankQueueQuery>) => {
    setSelected(new Map());
    setSearch(writeState({ ...state, page: 1, ...patch }), { replace: true });
  };

  const banks = useQuery({ queryKey: bankKeys.list, queryFn: bankApi.list });
  const queue = useQuery({
    queryKey: bankKeys.queue(state),
    queryFn: () => bankApi.queue(state),
    placeholderData: keepPreviousData,
  });
  const total = queue.data?.total ?? 0;
  const ownCount = queue.data?.ownCount ?? 0;
  const { bankId, type, knowledgePoint, authorId } = state;
  const filter = { bankId, type, knowledgePoint, authorId };

  const approve = useMutation({
    mutationFn: (body: BulkApproveBody) => bankApi.bulkApprove(body),
    onSuccess: async (res) => {
      setConfirm(null);
      setSelected(new Map());
      setResult(res);
      if (res.skipped.length === 0) message.success(`已审核通过 ${res.succeeded} 道试题`);
      await queryClient.invalidateQueries({ queryKey: bankKeys.all });
    },
  });

  const run = () => {
    if (confirm === 'selected') approve.mutate({ items: [...selected.values()] });
    else approve.mutate({ filter, expectedCount: total });
  };
  const closeConfirm = () => {
    setConfirm(null);
    approve.reset();
  };

  const bankName = banks.data?.items.find((b) => b.id === bankId)?.name;
  const filterWords = [
    bankName ? `题库「${bankName}」` : '全部题库',
    type ? ITEM_TYPE_LABELS[type] : null,
    knowledgePoint ? `知识点「${knowledgePoint}」` : null,
    authorId ? `编写人 ${queue.data?.authors.find((a) => a.id === authorId)?.name ?? authorId}` : null,
  ]
    .filter(Boolean)
    .join('，');

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          待审核试题
          <span className="gk-page-sub">各题库的草稿版本；本人编写或修改的版本须由另一名题库管理员审核</span>
        </Typography.Title>
        <Button
          icon={<ReloadOutlined />}
          aria-label="刷新"
          onClick={() => void queryClient.invalidateQueries({ queryKey: bankKeys.all })}
        />
      </div>
      <Card>
        <form
          className="gk-filters"
          aria-label="筛选待审核试题"
          onSubmit={(e) => {
            e.preventDefault();
            update({ knowledgePoint: kpInput.trim() || undefined });
          }}
        >
          <Select<number>
            aria-label="按题库筛选"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部题库"
            className="gk-filter-org"
            value={bankId}
            options={(banks.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
            onChange={(v) => update({ bankId: v })}
            data-testid="queue-bank"
          />
          <Select<ItemType>
            aria-label="按题型筛选"
            allowClear
            placeholder="全部题型"
            className="gk-filter-small"
            value={type}
            options={ITEM_TYPES.map((t) => ({ value: t, label: ITEM_TYPE_LABELS[t] }))}
            onChange={(v) => update({ type: v })}
          />
          <Input
            aria-label="知识点"
            allowClear
            placeholder="知识点（完全一致）"
            value={kpInput}
            onChange={(e) => {
              setKpInput(e.target.value);
              if (e.target.value === '' && knowledgePoint) update({ knowledgePoint: undefined });
            }}
            className="gk-filter-q"
            data-testid="queue-kp"
          />
          <Select<number>
            aria-label="按编写人筛选"
            allowClear
            placeholder="全部编写人"
            className="gk-filter-select"
            value={authorId}
            options={(queue.data?.authors ?? []).map((a) => ({ value: a.id, label: a.name }))}
            onChange={(v) => update({ authorId: v })}
          />
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </form>

        {manage && (
          <Flex wrap gap={8} align="center" justify="space-between" className="gk-mb" data-testid="queue-bulkbar">
            <span>
              {selected.size > 0 ? (
                <>
                  已勾选 <strong data-testid="queue-selected-count">{selected.size}</strong> 道
                  <Button type="link" size="small" onClick={() => setSelected(new Map())}>
                    清除勾选
                  </Button>
                </>
              ) : (
                <span className="gk-muted">
                  共 {total} 道待审核，其中本人编写的 {ownCount}{' '}
                  道不能由本人审核。勾选后审核通过，或审核通过筛选出的全部。
                </span>
              )}
            </span>
            <Space wrap>
              <Button
                type="primary"
                icon={<CheckOutlined />}
                disabled={selected.size === 0}
                onClick={() => setConfirm('selected')}
                data-testid="queue-approve-selected"
              >
                审核通过勾选的
              </Button>
              <Button
                icon={<CheckOutlined />}
                disabled={total === 0 || total === ownCount || total > BULK_LIMIT}
                title={total > BULK_LIMIT ? `一次最多审核 ${BULK_LIMIT} 道，请缩小筛选范围` : undefined}
                onClick={() => setConfirm('filter')}
                data-testid="queue-approve-filter"
              >
                审核通过筛选出的全部
              </Button>
            </Space>
          </Flex>
        )}

        {queue.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(queue.error)} />}
        <Table<BankQueueItem>
          data-testid="queue-table"
          size="small"
          rowKey={keyOf}
          loading={queue.isFetching}
          dataSource={queue.data?.items ?? []}
          locale={{ emptyText: '没有待审核的试题' }}
          rowSelection={
            manage
              ? {
                  selectedRowKeys: [...selected.keys()],
                  preserveSelectedRowKeys: true,
                  getCheckboxProps: (item) => ({
                    disabled: !item.abilities.approve,
                    title: item.abilities.approve ? undefined : '本人编写的版本须由他人审核',
                    'aria-label': `勾选试题 ${item.itemId} 第${item.version}版`,
                  }),
                  onChange: (keys, rows) => {
                    const next = new Map<string, { itemId: number; version: number }>();
                    for (const key of keys) {
                      const known = selected.get(String(key)) ?? rows.find((r) => r && keyOf(r) === key) ?? undefined;
                      if (known) next.set(String(key), { itemId: known.itemId, version: known.version });
                    }
                    setSelected(next);
                  },
                }
              : undefined
          }
          pagination={{
            current: state.page,
            pageSize: state.pageSize,
            total,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (t) => `共 ${t} 道`,
            onChange: (p, s) =>
              setSearch(writeState({ ...state, page: s !== state.pageSize ? 1 : p, pageSize: s }), { replace: true }),
          }}
          columns={[
            {
              title: '编号',
              dataIndex: 'itemId',
              width: 80,
              render: (id: number) => <Link to={`/bank-items/${id}`}>{id}</Link>,
            },
            { title: '题库', dataIndex: 'bankName', ellipsis: false },
            { title: '题型', dataIndex: 'type', width: 80, render: (t: ItemType) => ITEM_TYPE_LABELS[t] },
            { title: '知识点', dataIndex: 'knowledgePoint' },
            { title: '难度', dataIndex: 'difficulty', width: 80, render: (d: number) => difficultyLabel(d) },
            { title: '版本', dataIndex: 'version', width: 60, align: 'right' },
            { title: '编写人', dataIndex: 'authorName', width: 130 },
            { title: '修改时间', dataIndex: 'updatedAt', width: 160, render: (v: string) => formatDateTime(v) },
            {
              title: '操作',
              key: 'actions',
              width: 90,
              render: (_: unknown, item) => (
                <Link to={`/bank-items/${item.itemId}`} aria-label={`查看试题 ${item.itemId}`}>
                  <EyeOutlined aria-hidden /> 查看
                </Link>
              ),
            },
          ]}
        />
      </Card>

      <Modal
        open={confirm !== null}
        title="审核通过试题"
        onCancel={closeConfirm}
        onOk={run}
        okText="审核通过"
        cancelText="取消"
        confirmLoading={approve.isPending}
        okButtonProps={{ 'data-testid': 'queue-approve-ok' }}
      >
        <div data-testid="queue-confirm">
          {confirm === 'selected' ? (
            <p>
              将审核通过勾选的 <strong>{selected.size}</strong> 道试题（版本）。
            </p>
          ) : (
            <p>
              将审核通过筛选出的全部 <strong>{total}</strong> 道试题（{filterWords}）。
            </p>
          )}
          <p className="gk-muted">
            {confirm === 'filter' && ownCount > 0
              ? `其中本人编写或修改的 ${ownCount} 道将跳过，须由另一名题库管理员审核。`
              : '本人编写或修改的版本一律跳过，须由另一名题库管理员审核。'}
            审核通过后，同一试题的旧版本随之停用。
          </p>
          {approve.isError && <Alert type="error" showIcon title={errorMessage(approve.error)} role="alert" />}
        </div>
      </Modal>

      <Modal
        open={result !== null}
        title="审核结果"
        onCancel={() => setResult(null)}
        footer={
          <Button type="primary" onClick={() => setResult(null)} autoFocus data-testid="queue-result-close">
            知道了
          </Button>
        }
        width={720}
      >
        {result && (
          <>
            <Result
              status={result.skipped.length > 0 ? 'warning' : 'success'}
              title={
                <span data-testid="queue-result-title">
                  审核通过 {result.succeeded} 道{result.skipped.length > 0 ? `，跳过 ${result.skipped.length} 道` : ''}
                </span>
              }
              subTitle={`共匹配 ${result.matched} 道。${result.skipped.length > 0 ? '以下版本未审核通过，原因见列表：' : ''}`}
            />
            {result.skipped.length > 0 && (
              <Table
                size="small"
                rowKey={keyOf}
                data-testid="queue-result-skipped"
                dataSource={result.skipped}
                pagination={result.skipped.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                columns={[
                  {
                    title: '试题',
                    dataIndex: 'itemId',
                    width: 90,
                    render: (id: number) => <Link to={`/bank-items/${id}`}>{id}</Link>,
                  },
                  { title: '版本', dataIndex: 'version', width: 60 },
                  { title: '原因', dataIndex: 'message' },
                ]}
              />
            )}
          </>
        )}
      </Modal>
    </>
  );
}
