import { ExportOutlined, ImportOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Space } from 'antd';
import { useCallback, useState } from 'react';
import { bankKeys } from '../api/banks';
import { qtiApi } from '../api/qti';
import { useFileJob } from '../components/file-job';
import { QtiImportModal } from './qti-import';

/** 导入 QTI and 导出 QTI on a bank's page (bank managers): the import dialog, and the export as a file job. */
export function QtiButtons({ bankId }: { bankId: number }) {
  const [importing, setImporting] = useState(false);
  const fileJob = useFileJob();
  const queryClient = useQueryClient();
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: bankKeys.all }), [queryClient]);
  return (
    <>
      {/* One child of the page head's Space, so the pair keeps the same gap as the buttons around it. */}
      <Space>
        <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="qti-import">
          导入 QTI
        </Button>
        <Button
          icon={<ExportOutlined />}
          data-testid="qti-export"
          onClick={() => fileJob.run({ title: '导出 QTI 试题包', unit: '道题', start: () => qtiApi.export(bankId) })}
        >
          导出 QTI
        </Button>
      </Space>
      {importing && <QtiImportModal bankId={bankId} onClose={() => setImporting(false)} onImported={refresh} />}
      {fileJob.dialog}
    </>
  );
}
