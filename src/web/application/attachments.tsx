import { DeleteOutlined, FileOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { errorMessage, isSessionError } from '../api/client';
import { applicationApi } from '../api/endpoints';
import type { Application, ApplicationFile, ApplicationFileKind } from '../api/types';
import { FILE_KIND_LABELS } from '../labels';
import { Grade1Evidence } from './grade1-evidence';
import { checkFileBasics, checkPhotoSize, formatBytes } from './model';

/** The pixel size of an image file, read in the browser. */
function imageSize(file: File): Promise<{ width: number; height: number }> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      resolve({ width: img.naturalWidth, height: img.naturalHeight });
      URL.revokeObjectURL(url);
    };
    img.onerror = () => {
      reject(new Error('无法读取图片，请确认文件是有效的 JPEG 图片'));
      URL.revokeObjectURL(url);
    };
    img.src = url;
  });
}

async function checkFile(kind: ApplicationFileKind, file: File): Promise<string | null> {
  const basic = checkFileBasics(kind, file);
  if (basic || kind !== 'photo') return basic;
  try {
    const { width, height } = await imageSize(file);
    return checkPhotoSize(width, height);
  } catch (e) {
    return errorMessage(e);
  }
}

const SCAN_KINDS: ApplicationFileKind[] = ['grade_certificate', 'graduation_certificate', 'evidence'];

/** 附件: the 2-inch photo (with preview) and the scans, once the application has been saved. */
export function Attachments({
  application,
  campaignYear,
  editable,
  onChanged,
}: {
  application: Application | null;
  campaignYear: number;
  editable: boolean;
  onChanged: () => void;
}) {
  const { message, modal } = App.useApp();
  const [errors, setErrors] = useState<Partial<Record<ApplicationFileKind, string>>>({});
  const [photoBust, setPhotoBust] = useState(0);

  const upload = useMutation({
    mutationFn: (v: { kind: ApplicationFileKind; file: File }) =>
      applicationApi.uploadFile(application?.id ?? 0, v.kind, v.file),
    onSuccess: (_f, v) => {
      message.success(`${FILE_KIND_LABELS[v.kind]}已上传`);
      if (v.kind === 'photo') setPhotoBust((n) => n + 1);
      onChanged();
    },
    onError: (e, v) => {
      if (!isSessionError(e)) setErrors((old) => ({ ...old, [v.kind]: errorMessage(e) }));
    },
  });
  const remove = useMutation({
    mutationFn: (f: ApplicationFile) => applicationApi.deleteFile(application?.id ?? 0, f.id),
    onSuccess: () => {
      message.success('已删除');
      onChanged();
    },
    onError: (e) => {
      if (!isSessionError(e)) message.error(errorMessage(e));
    },
  });

  if (!application) {
    return (
      <Card title="照片和扫描件" size="small" className="gk-app-card">
        <Alert type="info" showIcon title="请先保存草稿，再上传2寸免冠照片和证书扫描件。" />
      </Card>
    );
  }

  const files = application.files ?? [];
  const photo = files.find((f) => f.kind === 'photo');

  // Only who may change the application sees upload buttons (not a reviewer above the unit, nor anyone once it
  // is submitted): a button that can never be used is not shown disabled.
  const picker = (kind: ApplicationFileKind, accept: string, label: string) =>
    !editable ? null : (
      <Upload
        accept={accept}
        showUploadList={false}
        disabled={!editable || upload.isPending}
        beforeUpload={async (file) => {
          const problem = await checkFile(kind, file);
          setErrors((old) => ({ ...old, [kind]: problem ?? undefined }));
          if (!problem) upload.mutate({ kind, file });
          return Upload.LIST_IGNORE;
        }}
      >
        <Button
          size="small"
          icon={<UploadOutlined />}
          disabled={!editable}
          loading={upload.isPending && upload.variables?.kind === kind}
          data-testid={`app-upload-${kind}`}
        >
          {label}
        </Button>
      </Upload>
    );

  const confirmDelete = (f: ApplicationFile) =>
    modal.confirm({
      title: `确定删除「${f.fileName}」吗？`,
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => remove.mutateAsync(f).catch(() => undefined),
    });

  const fileLine = (f: ApplicationFile) => (
    <li key={f.id}>
      <FileOutlined aria-hidden />{' '}
      <a href={applicationApi.fileUrl(application.id, f.id)} target="_blank" rel="noreferrer">
        {f.fileName}
      </a>{' '}
      <span className="gk-muted">{formatBytes(f.size)}</span>
      {editable && (
        <Button
          type="link"
          size="small"
          danger
          icon={<DeleteOutlined />}
          aria-label={`删除 ${f.fileName}`}
          onClick={() => confirmDelete(f)}
        />
      )}
    </li>
  );

  return (
    <>
      <Card title="照片和扫描件" size="small" className="gk-app-card">
        <div className="gk-app-files">
          <div className="gk-app-photo-col">
            <div className="gk-app-photo">
              {photo ? (
                <img src={`${applicationApi.fileUrl(application.id, photo.id)}?v=${photoBust}`} alt="2寸免冠照片" />
              ) : (
                <span className="gk-muted">2寸免冠照片</span>
              )}
            </div>
            <Space orientation="vertical" size={4}>
              {picker('photo', '.jpg,.jpeg,image/jpeg', photo ? '更换照片' : '上传照片')}
              {editable && (
                <Typography.Text type="secondary" className="gk-app-hint">
                  JPEG，≤200 KB，2寸竖版（标准 413×579 像素）
                </Typography.Text>
              )}
              {errors.photo && <Typography.Text type="danger">{errors.photo}</Typography.Text>}
            </Space>
          </div>
          <div className="gk-app-scans">
            {SCAN_KINDS.map((kind) => {
              const list = files.filter((f) => f.kind === kind);
              return (
                <div key={kind} className="gk-app-scan">
                  <div className="gk-app-scan-head">
                    <strong>{FILE_KIND_LABELS[kind]}</strong>
                    {picker(kind, '.jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf', '上传')}
                  </div>
                  {list.length > 0 ? (
                    <ul className="gk-app-file-list">{list.map(fileLine)}</ul>
                  ) : (
                    <span className="gk-muted">未上传</span>
                  )}
                  {errors[kind] && (
                    <Typography.Text type="danger" className="gk-block">
                      {errors[kind]}
                    </Typography.Text>
                  )}
                </div>
              );
            })}
            <Typography.Text type="secondary" className="gk-app-hint">
              扫描件：JPEG、PNG 或 PDF，每个文件 ≤5 MB
            </Typography.Text>
          </div>
        </div>
      </Card>
      {application.appliedGrade === 1 && (
        <Grade1Evidence
          application={application}
          campaignYear={campaignYear}
          editable={editable}
          onChanged={onChanged}
        />
      )}
    </>
  );
}
