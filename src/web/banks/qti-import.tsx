import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Modal, Progress, Radio, Space, Table, Typography, type UploadFile } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/client';
import { type QtiFailure, type QtiImportMode, type QtiImportResult, qtiApi } from '../api/qti';
import type { BackgroundJob } from '../api/types';
import { ImportFilePicker, useImportJob } from '../components/import-job';

const _POLL_MS = 800;
const MAX_MB = 50;

function Report({ job, mode }: { job: BackgroundJob<QtiImportResult>; mode: QtiImportMode }) {
  if (job.status === 'failed') {
    return (
      <Alert type="error" showIcon role="alert" title="导入失败" description={job.message || '处理试题包时出错。'} />
    );
  }
  const r = job.result;
  if (!r) return null;
  const failed = r.failed.length;
  let type: 'success' | 'warning' | 'error' = 'success';
  let title = `导入完成：试题包共 ${r.total} 道题，已导入 ${r.imported} 道（草稿，须由另一位题库管理员审核）。`;
  if (failed > 0 && r.imported === 0) {
    type = 'error';
    title =
      mode === 'all_or_nothing'
        ? `有 ${failed} 道题不能导入，按“全部可导入才导入”的要求，本次没有导入任何试题。`
        : `共 ${r.total} 道题，没有可导入的试题。`;
  } else if (failed > 0) {
    type = 'warning';
    title = `共 ${r.total} 道题，已导入 ${r.imported} 道（草稿），${failed} 道不能导入，原因见下表。`;
  }
  return (
    <Space orientation="vertical" className="gk-full" size="middle">
      <Alert type={type} showIcon title={title} role="status" data-testid="qti-import-result" />
      {r.notes.length > 0 && (
        <Alert
          type="info"
          showIcon
          title="提示"
          data-testid="qti-import-notes"
          description={
            <ul className="gk-mb0">
              {r.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          }
        />
      )}
      {failed > 0 && (
        <Table<QtiFailure & { key: number }>
          data-testid="qti-import-failures"
          size="small"
          bordered
          caption="未导入的试题"
          dataSource={r.failed.map((f, i) => ({ ...f, key: i }))}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            { title: '试题标识', dataIndex: 'ref', width: 160 },
            { title: '文件', dataIndex: 'file', width: 200 },
            { title: '原因', dataIndex: 'reason' },
          ]}
        />
      )}
    </Space>
  );
}

/**
 * 导入 QTI: upload an IMS QTI 3.0 content package (.zip); the server reads it in the background and the dialog
 * follows the job, then shows what was imported, the defaults it took, and every item it refused with the reason.
 */
export function QtiImportModal({
  bankId,
  onClose,
  onImported,
}: {
  bankId: number;
  onClose: () => void;
  onImported: () => void;
}) {
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [mode, setMode] = useState<QtiImportMode>('good_rows');
  const [fileError, setFileError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [ranMode, setRanMode] = useState<QtiImportMode>(mode);

  const start = useMutation({
    mutationFn: (file: File) => qtiApi.import(bankId, mode, file),
    onMutate: () => {
      setJobId(null);
      setRanMode(mode);
    },
    onSuccess: (res) => setJobId(res.jobId),
  });
  const { job, finished, running, percent } = useImportJob<QtiImportResult>(jobId, start.isPending, onImported);
  const file = files[0]?.originFileObj;

  return (
    <Modal
      open
      width={860}
      title="导入 QTI 试题包"
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
          disabled={!file}
          data-testid="qti-import-start"
          onClick={() => {
            if (!file) {
              setFileError('请选择要导入的试题包');
              return;
            }
            start.mutate(file);
          }}
        >
          {jobId !== null && finished ? '重新导入' : '开始导入'}
        </Button>,
      ]}
    >
      <Space orientation="vertical" className="gk-full" size="middle">
        <Typography.Paragraph className="gk-mb0">
          上传 IMS QTI 3.0 试题包（含 imsmanifest.xml 的 .zip 文件，不超过 {MAX_MB} MB，最多 5000
          道题）。只导入单选题和多选题（qti-choice-interaction），题干和选项中的格式去掉、保留换行，图片随题导入；
          填空、问答、排序、匹配等其他题型逐题列出原因，不影响其他试题。导入的试题为草稿，须由另一位题库管理员审核。
        </Typography.Paragraph>
        <Form layout="vertical" component="div">
          <Form.Item label="导入方式" className="gk-mb-s">
            <Radio.Group
              value={mode}
              disabled={running}
              onChange={(e) => setMode(e.target.value as QtiImportMode)}
              options={[
                { value: 'good_rows', label: '只导入可导入的试题' },
                { value: 'all_or_nothing', label: '全部可导入才导入' },
              ]}
            />
          </Form.Item>
          <ImportFilePicker
            label="试题包"
            extension="zip"
            accept=".zip,application/zip"
            typeMessage="请选择 .zip 格式的试题包"
            help="仅支持 .zip 格式"
            maxBytes={MAX_MB * 1024 * 1024}
            sizeMessage={`试题包不能超过 ${MAX_MB} MB`}
            files={files}
            onFiles={setFiles}
            error={fileError}
            onError={setFileError}
            disabled={running}
            testId="qti-import-file"
            chooseTestId="qti-import-choose"
          />
        </Form>
        {start.isError && <Alert type="error" showIcon role="alert" title={errorMessage(start.error)} />}
        {job.isError && <Alert type="error" showIcon role="alert" title={errorMessage(job.error)} />}
        {jobId !== null && (
          <div data-testid="qti-import-progress" data-status={job.data?.status ?? 'starting'}>
            <Progress
              percent={finished ? 100 : percent}
              status={job.data?.status === 'failed' ? 'exception' : finished ? 'success' : 'active'}
              format={(value) => (finished ? '完成' : job.data ? `${value ?? 0}%` : '排队中')}
            />
          </div>
        )}
        {finished && job.data && <Report job={job.data} mode={ranMode} />}
      </Space>
    </Modal>
  );
}
