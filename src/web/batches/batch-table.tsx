import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Select, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { type Batch, type BatchDirection, type BatchStatus, batchApi, batchKeys } from '../api/batches';
import { errorMessage } from '../api/client';
import { usePaging } from '../components/use-paging';
import { formatDateTime } from '../util';
import { BATCH_STATUS_LABELS, BatchStatusTag } from './batch-status';

/** The batches this node sent, or received, with server paging. */
export function BatchTable({ campaignId, direction }: { campaignId: number; direction: BatchDirection }) {
  const [status, setStatus] = useState<BatchStatus | undefined>();
  const { page, pageSize, setPage, pagination } = usePaging();
  const params = { campaignId, direction, status, page, pageSize };
  const list = useQuery({
    queryKey: batchKeys.list(params),
    queryFn: () => batchApi.list(params),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <div className="gk-filters">
        <Select<BatchStatus>
          aria-label="按批次状态筛选"
          allowClear
          placeholder="全部状态"
          className="gk-filter-small"
          value={status}
          options={(Object.keys(BATCH_STATUS_LABELS) as BatchStatus[]).map((s) => ({
            value: s,
            label: BATCH_STATUS_LABELS[s],
          }))}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label="刷新" />
      </div>
      {list.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(list.error)} />}
      <Table<Batch>
        size="small"
        rowKey="id"
        data-testid={`batch-list-${direction}`}
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        // Fits the 1366 px screen's 1068 px frame; the two names share what is left (cut with the whole on hover).
        scroll={{ x: 1060 }}
        locale={{ emptyText: direction === 'sent' ? '还没有上报过批次' : '还没有收到批次' }}
        pagination={pagination(list.data?.total ?? 0, '批')}
        columns={[
          {
            title: '批次号',
            dataIndex: 'batchNo',
            // 2017-410100-00003 on one line.
            width: 160,
            render: (v: string, b) => (
              <Link to={`/review/batches/${b.id}`} className="gk-mono">
                {v}
              </Link>
            ),
          },
          { title: '报送单位', dataIndex: 'fromName', ellipsis: true },
          { title: '接收单位', dataIndex: 'toName', ellipsis: true },
          { title: '申请数', dataIndex: 'applicationCount', width: 76, align: 'right' as const },
          {
            title: (
              <Tooltip title="接收方尚未审查的申请">
                <span>待审查</span>
              </Tooltip>
            ),
            dataIndex: 'undecidedCount',
            width: 76,
            align: 'right' as const,
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 104,
            render: (s: BatchStatus) => <BatchStatusTag status={s} />,
          },
          {
            title: '上报时间',
            dataIndex: 'submittedAt',
            width: 150,
            render: (v: string, b) => (
              <span>
                {formatDateTime(v).slice(0, 16)}
                {b.submittedByName && <span className="gk-muted gk-block">{b.submittedByName}</span>}
              </span>
            ),
          },
          {
            title: '退回原因',
            dataIndex: 'returnReason',
            width: 180,
            render: (v: string | null, b) =>
              v ? (
                <>
                  <Typography.Paragraph className="gk-mb0" ellipsis={{ rows: 2, tooltip: v }}>
                    {v}
                  </Typography.Paragraph>
                  {b.returnedAt && (
                    <span className="gk-muted gk-block">
                      {formatDateTime(b.returnedAt).slice(0, 10)}
                      {b.returnedByName ? ` · ${b.returnedByName}` : ''}
                    </span>
                  )}
                </>
              ) : (
                <span className="gk-muted">—</span>
              ),
          },
          {
            title: '操作',
            key: 'actions',
            width: 80,
            fixed: 'right' as const,
            render: (_: unknown, b: Batch) => (
              <Link to={`/review/batches/${b.id}`} aria-label={`查看批次 ${b.batchNo}`}>
                查看
              </Link>
            ),
          },
        ]}
      />
    </>
  );
}
