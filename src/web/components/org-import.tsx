import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Modal, Radio, Space, Table, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/client';
import { orgApi } from '../api/endpoints';
import type { ImportMode, ImportRowError, OrgImportResult, OrgNode } from '../api/types';
import { ORG_KIND_LABELS } from '../labels';

function ResultView({ result, mode }: { result: OrgImportResult; mode: ImportMode }) {
  const hasErrors = result.errors.length > 0;
  let type: 'success' | 'warning' | 'error' = 'success';
  let title = `导入完成：共 ${result.total} 行，已导入 ${result.imported} 行`;
  if (hasErrors && result.imported === 0) {
    type = 'error';
    title =
      mode === 'all_or_nothing'
        ? `发现 ${result.errors.length} 处错误，按“全部无误才导入”的要求，本次没有导入任何数据。请修改后重新上传。`
        : `共 ${result.total} 行，没有可导入的行（${result.errors.length} 处错误）。`;
  } else if (hasErrors) {
    type = 'warning';
    title = `共 ${result.total} 行，已导入 ${result.imported} 行，跳过 ${result.skipped} 行（${result.errors.length} 处错误）。`;
  } else if (result.skipped > 0) {
    title += `，跳过 ${result.skipped} 行`;
  }
  return (
    <Space orientation="vertical" className="gk-full" size="middle">
      <Alert type={type} showIcon title={title} role="status" />
      {hasErrors && (
        <Table<ImportRowError & { key: number }>
          size="small"
          bordered
          caption="错误明细"
          dataSource={result.errors.map((e, i) => ({ ...e, key: i }))}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            { title: '行号', dataIndex: 'row', width: 80 },
            { title: '列', dataIndex: 'column', width: 140, render: (c: string | null) => c || '—' },
            { title: '原因', dataIndex: 'message' },
          ]}
        />
      )}
    </Space>
  );
}

/** 批量导入: upload the filled-in template under a jurisdiction or department. */
export function OrgImportModal({
  parent,
  onClose,
  onImported,
}: {
  parent: OrgNode;
  onClose: () => void;
  onImported: (result: OrgImportResult) => void;
}) {
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [fileError, setFileError] = useState<string | null>(null);

  const run = useMutation({
    mutationFn: (vars: { file: File; mode: ImportMode }) => orgApi.import(parent.id, vars.mode, vars.file),
    onSuccess: (result) => {
      if (result.imported > 0) onImported(result);
    },
  });

  const file = files[0]?.originFileObj;

  const submit = () => {
    if (!file) {
      setFileError('请选择要导入的 Excel 文件');
      return;
    }
    setFileError(null);
    run.mutate({ file, mode });
  };

  return (
    <Modal
      open
      width={760}
      title={`批量导入（导入到：${parent.name}）`}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="close" onClick={onClose}>
          关闭
        </Button>,
        <Button key="submit" type="primary" loading={run.isPending} onClick={submit} disabled={!file}>
          开始导入
        </Button>,
      ]}
    >
      <Space orientation="vertical" className="gk-full" size="middle">
        <Typography.Paragraph className="gk-mb0">
          请先下载模板，按模板填写后上传（.xlsx）。模板各列：类型（主管部门/单位）、名称、统一社会信用代码、上级主管部门、联系人、联系电话。
          {parent.kind === 'department'
            ? `导入到${ORG_KIND_LABELS.department}「${parent.name}」时，文件中应只包含该部门所属的单位。`
            : '单位的“上级主管部门”一列填写其所属主管部门的名称。'}
        </Typography.Paragraph>
        <a href={orgApi.templateUrl} download>
          <DownloadOutlined aria-hidden /> 下载模板
        </a>
        <Form layout="vertical" component="div">
          <Form.Item label="导入方式" className="gk-mb-s">
            <Radio.Group
              value={mode}
              onChange={(e) => setMode(e.target.value as ImportMode)}
              options={[
                { value: 'all_or_nothing', label: '全部无误才导入' },
                { value: 'good_rows', label: '导入无误的行' },
              ]}
            />
          </Form.Item>
          <Form.Item
            label="Excel 文件"
            validateStatus={fileError ? 'error' : undefined}
            help={fileError ?? '仅支持 .xlsx 格式'}
            className="gk-mb-s"
          >
            <Upload
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              maxCount={1}
              fileList={files}
              beforeUpload={(f) => {
                if (!/\.xlsx$/i.test(f.name)) {
                  setFileError('请选择 .xlsx 格式的文件');
                  return Upload.LIST_IGNORE;
                }
                setFileError(null);
                run.reset();
                return false;
              }}
              onChange={({ fileList }) => setFiles(fileList.slice(-1))}
              onRemove={() => {
                setFiles([]);
                run.reset();
              }}
            >
              <Button icon={<UploadOutlined />}>选择文件</Button>
            </Upload>
          </Form.Item>
        </Form>
        {run.isError && <Alert type="error" showIcon title={errorMessage(run.error)} role="alert" />}
        {run.data && run.variables && <ResultView result={run.data} mode={run.variables.mode} />}
      </Space>
    </Modal>
  );
}
