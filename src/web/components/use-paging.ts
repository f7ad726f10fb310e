import type { TablePaginationConfig } from 'antd';
import { useState } from 'react';

/**
 * Server-side paging for an antd Table: the page and page size to ask the server for, and the Table's
 * pagination props (a new page size starts again at page 1). `unit` counts the rows: 共 N 人 / 条 / 批.
 */
export function usePaging(initialPageSize = 20) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const pagination = (total: number, unit: string): TablePaginationConfig => ({
    current: page,
    pageSize,
    total,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (t) => `共 ${t} ${unit}`,
    onChange: (p, s) => {
      setPage(s !== pageSize ? 1 : p);
      setPageSize(s);
    },
  });
  return { page, pageSize, setPage, pagination };
}
