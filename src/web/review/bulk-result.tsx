import { Button, Modal, Result, Table } from 'antd';
import { Link } from 'react-router';
import { ACTION_LABELS } from '../../domain/review';
import type { BulkResult, BulkSkip } from '../api/review';

/** What a bulk decision did: how many moved, and each skipped application with the server's reason. */
export function BulkResultModal({ result, onClose }: { result: BulkResult | null; onClose: () => void }) {
  const label = result ? ACTION_LABELS[result.action] : '';
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
                  render: (n: string, s) => (
                    <Link to={`/applications/${s.id}`} state={{ from: 'review' }}>
                      {n}
                    </Link>
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
