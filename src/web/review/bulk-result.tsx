import { Button, Modal, Result, Table } from 'antd';
import { Link } from 'react-router';
import type { BulkSkip } from '../api/review';
import type { BulkSubmitResponse } from '../api/types';

/**
 * What a bulk action did (批量通过, 批量提交…): how many moved, and each skipped application with the server's
 * reason. `label` is the action's word: 通过, 退回, 提交.
 */
export function BulkResultModal({
  result,
  label,
  onClose,
}: {
  result: BulkSubmitResponse | null;
  label: string;
  onClose: () => void;
}) {
  const skipped = result?.skipped ?? [];
  return (
    <Modal
      open={result !== null}
      title={`批量${label}结果`}
      onCancel={onClose}
      width={720}
      footer={
        <Button type="primary" onClick={onClose} autoFocus data-testid="bulk-result-close">
          知道了
        </Button>
      }
    >
      {result && (
        <>
          <Result
            className="gk-rv-result"
            status={skipped.length > 0 ? 'warning' : 'success'}
            title={
              <span data-testid="bulk-result-title">
                {label}成功 {result.succeeded} 人{skipped.length > 0 ? `，跳过 ${skipped.length} 人` : ''}
              </span>
            }
            subTitle={`共匹配 ${result.matched} 人。${skipped.length > 0 ? '以下申请未处理，原因见列表：' : ''}`}
          />
          {skipped.length > 0 && (
            <Table<BulkSkip>
              size="small"
              rowKey="id"
              data-testid="bulk-result-skipped"
              dataSource={skipped}
              pagination={skipped.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              columns={[
                {
                  title: '姓名',
                  dataIndex: 'name',
                  width: 120,
                  render: (n: string, s) =>
                    n ? (
                      <Link to={`/applications/${s.id}`} state={{ from: 'review' }}>
                        {n}
                      </Link>
                    ) : (
                      <span className="gk-muted">（无法查看）</span>
                    ),
                },
                { title: '未处理原因', dataIndex: 'message' },
              ]}
            />
          )}
        </>
      )}
    </Modal>
  );
}
