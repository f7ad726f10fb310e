import { UploadOutlined } from '@ant-design/icons';
import { Button, Form, Upload, type UploadFile } from 'antd';
import { useEffect, useRef } from 'react';
import { useJobPoll } from './file-job';

/**
 * An import's background job as its dialog follows it (applications, bank items from Excel or QTI): the job polled
 * until it ends, `onImported` called once per finished job that wrote something (so the list behind refreshes),
 * whether the dialog is busy (`starting`: the upload request is still under way) and the progress in per cent.
 */
export function useImportJob<R extends { imported: number }>(
  jobId: string | null,
  starting: boolean,
  onImported: () => void,
) {
  const job = useJobPoll<R>(jobId);
  const finished = job.data?.status === 'done' || job.data?.status === 'failed';
  const imported = job.data?.result?.imported ?? 0;
  const reported = useRef<string | null>(null);
  useEffect(() => {
    if (finished && imported > 0 && jobId !== null && reported.current !== jobId) {
      reported.current = jobId;
      onImported();
    }
  }, [finished, imported, jobId, onImported]);
  const running = starting || (jobId !== null && !finished && !job.isError);
  const data = job.data;
  const percent = data && data.total > 0 ? Math.min(100, Math.round((data.processed / data.total) * 100)) : 0;
  return { job, finished, running, percent };
}

/**
 * One file to import, chosen in a form (never uploaded by antd itself: the dialog sends it). A file of another
 * kind, or larger than `maxBytes`, is refused on the field with `typeMessage` / `sizeMessage`.
 */
export function ImportFilePicker({
  label,
  extension,
  accept,
  typeMessage,
  help,
  maxBytes,
  sizeMessage,
  files,
  onFiles,
  error,
  onError,
  disabled,
  testId,
  chooseTestId,
}: {
  label: string;
  /** Without the dot: 'xlsx', 'zip'. */
  extension: string;
  accept: string;
  typeMessage: string;
  help: string;
  maxBytes?: number;
  sizeMessage?: string;
  files: UploadFile[];
  onFiles: (files: UploadFile[]) => void;
  error: string | null;
  onError: (error: string | null) => void;
  disabled: boolean;
  testId: string;
  chooseTestId?: string;
}) {
  const pattern = new RegExp(`\\.${extension}$`, 'i');
  return (
    <Form.Item label={label} validateStatus={error ? 'error' : undefined} help={error ?? help} className="gk-mb-s">
      <Upload
        accept={accept}
        data-testid={testId}
        maxCount={1}
        fileList={files}
        disabled={disabled}
        beforeUpload={(f) => {
          if (!pattern.test(f.name)) {
            onError(typeMessage);
            return Upload.LIST_IGNORE;
          }
          if (maxBytes !== undefined && f.size > maxBytes) {
            onError(sizeMessage ?? typeMessage);
            return Upload.LIST_IGNORE;
          }
          onError(null);
          return false;
        }}
        onChange={({ fileList }) => onFiles(fileList.slice(-1))}
        onRemove={() => onFiles([])}
      >
        <Button icon={<UploadOutlined />} data-testid={chooseTestId}>
          选择文件
        </Button>
      </Upload>
    </Form.Item>
  );
}
