import { DownloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Modal, Progress, Radio, Space, Table, Typography, type UploadFile } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/client';
import { applicationApi } from '../api/endpoints';
import type { BackgroundJob, ImportJobResult, ImportMode, ImportRowError } from '../api/types';
import { ImportFilePicker, useImportJob } from '../components/import-job';

const _POLL_MS = 800;

function JobResult({ job, mode, submit }: { job: BackgroundJob; mode: ImportMode; submit: boolean }) {
  if (job.status === 'failed') {
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title="导入失败"
        description={job.message || '处理文件时出错，请检查文件后重试。'}
      />
    );
  }
  const result = job.result;
  if (!result) return null;
  const errors = result.errors;
  const done = submit ? '已导入并提交' : '已导入（草稿）';
  let type: 'success' | 'warning' | 'error' = 'success';
  let title = `导入完成：共 ${result.total} 行，${done} ${result.imported} 行。`;
  if (errors.length > 0 && result.imported === 0) {
    type = 'error';
    title =
      mode === 'all_or_nothing'
        ? `发现 ${errors.length} 处错误，按“全部无误才导入”的要求，本次没有导入任何数据。请按下表修改文件后重新导入。`
        : `共 ${result.total} 行，没有可导入的行（${errors.length} 处错误）。请修改文件后重新导入。`;
  } else if (errors.length > 0) {
    type = 'warning';
    title = `共 ${result.total} 行，${done} ${result.imported} 行；有错误的行未导入（${errors.length} 处错误），可修改后只导入这些行。`;
  }
  return (
    <Space orientation="vertical" className="gk-full" size="middle">
      <Alert type={type} showIcon title={title} role="status" data-testid="app-import-result" />
      {errors.length > 0 && (
        <Table<ImportRowError & { key: number }>
          data-testid="app-import-errors"
          size="small"
          bordered
          caption="错误明细"
          dataSource={errors.map((e, i) => ({ ...e, key: i }))}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            { title: '行号', dataIndex: 'row', width: 80 },
            { title: '列', dataIndex: 'column', width: 150, render: (c: string | null) => c || '—' },
            { title: '原因', dataIndex: 'message' },
          ]}
        />
      )}
    </Space>
  );
}

/** 批量导入: upload the filled-in template; the server works in the background and the dialog follows it. */
export function ApplicationImportModal({
  campaignId,
  unitId,
  onClose,
  onImported,
}: {
  campaignId: number;
  unitId: number;
  onClose: () => void;
  onImported: () => void;
}) {
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [submit, setSubmit] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [ran, setRan] = useState<{ mode: ImportMode; submit: boolean } | null>(null);

  const start = useMutation({
    mutationFn: (file: File) => applicationApi.import({ campaignId, unitId, mode, submit, file }),
    onMutate: () => {
      setJobId(null);
      setRan({ mode, submit });
    },
    onSuccess: (res) => setJobId(res.jobId),
  });

  const { job, finished, running, percent } = useImportJob<ImportJobResult>(jobId, start.isPending, onImported);
  const file = files[0]?.originFileObj;

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
      width={800}
      title="批量导入报名"
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
          data-testid="app-import-start"
        >
          {ran && finished ? '重新导入' : '开始导入'}
        </Button>,
      ]}
    >
      <Space orientation="vertical" className="gk-full" size="middle">
        <Typography.Paragraph className="gk-mb0">
          请先下载本年度的模板（含文化程度、等级、申报工种等下拉选项），按申请表各栏填写后上传（.xlsx，最多 5000
          行）。每行按与在线填写相同的规则检查；身份证号有误、工种不在目录中、与文件内或本年度已有报名重复的行会列在错误表中。
          资格条件不符的人员仍可导入，其审查意见随申请保存。
        </Typography.Paragraph>
        <a href={applicationApi.templateUrl(campaignId)} download>
          <DownloadOutlined aria-hidden /> 下载导入模板
        </a>
        <Form layout="vertical" component="div">
          <Form.Item label="导入方式" className="gk-mb-s">
            <Radio.Group
              value={mode}
              disabled={running}
              onChange={(e) => setMode(e.target.value as ImportMode)}
              options={[
                { value: 'all_or_nothing', label: '全部无误才导入' },
                { value: 'good_rows', label: '只导入无误的行' },
              ]}
            />
          </Form.Item>
          <Form.Item className="gk-mb-s">
            <Checkbox checked={submit} disabled={running} onChange={(e) => setSubmit(e.target.checked)}>
              导入后直接提交（不勾选则保存为草稿，逐条检查后再提交）
            </Checkbox>
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
            testId="app-import-file"
            chooseTestId="app-import-choose"
          />
        </Form>
        {start.isError && <Alert type="error" showIcon title={errorMessage(start.error)} role="alert" />}
        {job.isError && <Alert type="error" showIcon title={errorMessage(job.error)} role="alert" />}
        {jobId !== null && job.data && (
          <div data-testid="app-import-progress" data-status={job.data.status}>
            <Progress
              percent={finished ? 100 : percent}
              status={job.data.status === 'failed' ? 'exception' : finished ? 'success' : 'active'}
              format={(value) => (finished ? '完成' : `${value ?? 0}%`)}
            />
          </div>
        )}
        {jobId !== null && !job.data && !job.isError && (
          <div data-testid="app-import-progress" data-status="starting">
            <Progress percent={0} status="active" format={() => '排队中'} />
          </div>
        )}
        {finished && job.data && ran && <JobResult job={job.data} mode={ran.mode} submit={ran.submit} />}
      </Space>
    </Modal>
  );
}
