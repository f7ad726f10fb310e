import { DeleteOutlined, PictureOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { useRef } from 'react';
import { bankImageApi } from '../api/bank-images';
import { errorMessage } from '../api/client';

const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp';
const MAX_BYTES = 2 * 1024 * 1024;

/**
 * A stem's or an option's picture in the item editor: 上传图片 (a real button, so the keyboard reaches it; the file
 * input behind it is hidden), a thumbnail of the chosen picture with its alt text, 移除图片. The server reads the type
 * from the bytes and refuses anything else; the size is checked here first to spare the upload.
 */
export function ImagePicker({
  value,
  onChange,
  label,
  testId,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  /** What the picture belongs to, for the buttons' and the thumbnail's words: 题干, 选项A. */
  label: string;
  testId: string;
}) {
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const upload = useMutation({
    mutationFn: (file: File) => bankImageApi.upload(file),
    onSuccess: (image) => onChange(image.id),
    onError: (e) => message.error(`${label}图片上传失败：${errorMessage(e)}`),
  });
  return (
    <div className="gk-image-picker" data-testid={testId}>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        aria-hidden
        tabIndex={-1}
        data-testid={`${testId}-file`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          if (file.size > MAX_BYTES) {
            message.error(`${label}图片不能超过 2 MB`);
            return;
          }
          upload.mutate(file);
        }}
      />
      {value !== null && <img className="gk-image-thumb" src={bankImageApi.url(value)} alt={`${label}图片`} />}
      <Button
        size="small"
        icon={<PictureOutlined />}
        loading={upload.isPending}
        onClick={() => input.current?.click()}
        aria-label={value === null ? `为${label}上传图片` : `更换${label}图片`}
      >
        {value === null ? '上传图片' : '更换图片'}
      </Button>
      {value !== null && (
        <Button size="small" icon={<DeleteOutlined />} onClick={() => onChange(null)} aria-label={`移除${label}图片`}>
          移除图片
        </Button>
      )}
    </div>
  );
}
