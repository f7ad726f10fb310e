import { DownloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Modal, Progress, Radio, Space, Table, Typography, type UploadFile } from 'antd';
import { useState } from 'react';
import { bankApi } from '../api/banks';
import { errorMessage } from '../api/client';
import type { BackgroundJob, BankImportJobResult, BankImportMode } from '../api/types';
import { ImportFilePicker, useImportJob } from '../components/import-job';

type Problem = BankImportJobResult['errors'][number];

const MODE_LABELS: Readonly<Record<BankImportMode, string>> = {
  all_or_nothing: '全部正确才导入',
  good_rows: '只导入正确的行',
};

/** The finished job: its counts in words, then every problem (行号, 列, 原因), paged. */
function ImportResult({ job }: { job: BackgroundJob<BankImportJobResult> }) {
  if (job.status === 'failed') {
    return <Alert type="error" showIcon role="alert" title="导入失败" description={job.message || '处理文件时出错'} />;
  }
  const result = job.result;
  if (!result) return null;
  const { total, imported, rejected, errors } = result;
  let type: 'success' | 'warning' | 'error' = 'success';
  let title = `导入完成：共 ${total} 行，导入 ${imported} 道试题（草稿，须由另一名题库管理员审核）。`;
  if (total === 0) {
    type = 'warning';
    title = '文件的“试题”工作表中没有试题（第1行为表头，从第2行起每行一道试题）。';
  } else if (rejected > 0 && imported === 0) {
    type = 'error';
    title =
      result.mode === 'all_or_nothing' && rejected < total
        ? `共 ${total} 行，其中 ${rejected} 行有错误。按“全部正确才导入”的要求，本次没有导入任何试题；请按下表修改后重新导入。`
        : `共 ${total} 行，全部有错误，没有导入任何试题；请按下表修改后重新导入。`;
  } else if (rejected > 0) {
    type = 'warning';
    title = `共 ${total} 行：导入 ${imported} 道试题（草稿），${rejected} 行有错误未导入；可修改这些行后再次导入。`;
  }
  return (
    <Space orientation="vertical" className="gk-full" size="middle">
      <Alert type={type} showIcon title={title} role="status" data-testid="bank-import-result" />
      {errors.length > 0 && (
        <Table<Problem & { key: number }>
          data-testid="bank-import-errors"
          size="small"
          bordered
          caption={`错误明细（${errors.length} 处，${rejected} 行）`}
          dataSource={errors.map((e, i) => ({ ...e, key: i }))}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            { title: '行号', dataIndex: 'row', width: 70, render: (r: number) => (r > 0 ? r : '—') },
            { title: '列', dataIndex: 'column', width: 90, render: (c: string) => c || '—' },
            { title: '原因', dataIndex: 'message' },
          ]}
        />
      )}
    </Space>
  );
}

/**
 * 导入 Excel: a filled template is uploaded, checked and written by a background job on the server; the dialog
 * follows its progress and shows the counts and every bad row. Imported items are drafts by the importer.
 */
export function BankImportModal({
  bankId,
  bankName,
  onClose,
  onImported,
}: {
  bankId: number;
  bankName: string;
  onClose: () => void;
  onImported: () => void;
}) {
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [mode, setMode] = useState<BankImportMode>('all_or_nothing');
  const [fileError, setFileError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  const start = useMutation({
    mutationFn: (file: File) => bankApi.import(bankId, mode, file),
    onMutate: () => setJobId(null),
    onSuccess: (res) => setJobId(res.jobId),
  });
  const { job, finished, running, percent } = useImportJob<BankImportJobResult>(jobId, start.isPending, onImported);
  const file = files[0]?.originFileObj;
  const data = job.data;

  const run = () => {
    if (!file) {
      setFileError('请选择要导入的 Excel 文件');
      return;
    }
    setFileError(null);
    start.mutate(file);
  };

  return (
    <Modal
      open
      width={820}
      title={`导入 Excel：${bankName}`}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: !running }}
      footer={[
        <Button key="close" onClick={onClose}>
          关闭
        </Button>,
        <Button
          key="start"
          type="primary"
          loading={running}
          onClick={run}
          disabled={!file}
          data-testid="bank-import-start"
        >
          {finished ? '重新导入' : '开始导入'}
        </Button>,
      ]}
    >
      <Space orientation="vertical" className="gk-full" size="middle">
        <Typography.Paragraph className="gk-mb0">
          按模板填写“试题”工作表（题型、题干、选项A至F、答案、难度、知识点、解析、来源），每行一道试题，一次最多 10000
          行。每行按与在线编写相同的规则检查，有错误的行连同列和原因列在下表中。导入的试题为草稿，编写人为您本人，须由另一名题库管理员审核通过后才能组卷。
        </Typography.Paragraph>
        <a href={bankApi.templateUrl} download>
          <DownloadOutlined aria-hidden /> 下载模板
        </a>
        <Form layout="vertical" component="div">
          <Form.Item label="导入方式" className="gk-mb-s">
            <Radio.Group
              value={mode}
              disabled={running}
              onChange={(e) => setMode(e.target.value as BankImportMode)}
              options={(Object.keys(MODE_LABELS) as BankImportMode[]).map((value) => ({
                value,
                label: MODE_LABELS[value],
              }))}
              data-testid="bank-import-mode"
            />
          </Form.Item>
          <ImportFilePicker
            label="Excel 文件"
            extension="xlsx"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            typeMessage="请选择 .xlsx 格式的文件"
            help="仅支持 .xlsx 格式；修改后可重新选择文件再次导入"
            files={files}
            onFiles={setFiles}
            error={fileError}
            onError={setFileError}
            disabled={running}
            testId="bank-import-file"
          />
        </Form>
        {start.isError && <Alert type="error" showIcon title={errorMessage(start.error)} role="alert" />}
        {job.isError && <Alert type="error" showIcon title={errorMessage(job.error)} role="alert" />}
        {(start.isPending || jobId !== null) && !finished && !job.isError && !start.isError && (
          <div data-testid="bank-import-progress" aria-live="polite">
            <Progress percent={percent} status="active" />
            <Typography.Text type="secondary">
              {!data || data.status === 'queued'
                ? '排队中，请稍候…'
                : data.processed * 2 <= data.total
                  ? `正在检查：第 ${data.processed} / ${data.total / 2} 行`
                  : `正在写入：${Math.max(0, data.processed - data.total / 2)} / ${data.total / 2} 行`}
            </Typography.Text>
          </div>
        )}
        {finished && data && <ImportResult job={data} />}
      </Space>
    </Modal>
  );
}
