import { DeleteOutlined, FileOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Typography, Upload } from 'antd';
import { useState } from 'react';
import { appraisalYears, grade1EvidenceProblems } from '../../domain/grade1-evidence';
import { errorMessage, isSessionError } from '../api/client';
import { applicationApi } from '../api/endpoints';
import type { Application, ApplicationFile } from '../api/types';
import { checkFileBasics, formatBytes } from './model';

const SCAN_ACCEPT = '.jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf';

type Target = { kind: 'appraisal_form'; appraisalYear: number } | { kind: 'award_certificate'; description: string };
const keyOf = (t: Target) => (t.kind === 'appraisal_form' ? `y${t.appraisalYear}` : 'award');

/**
 * 一级证明材料 (豫人社办〔2021〕27号): a 年度考核登记表 for each of the five appraisal years, and with the award waiver
 * the 获奖证书/专利证书 with what it is. What is still missing before submission is said above the lists (the
 * server refuses the submission the same way, GRADE1_EVIDENCE_MISSING). Reviewers see the same card, read-only.
 */
export function Grade1Evidence({
  application,
  campaignYear,
  editable,
  onChanged,
}: {
  application: Application;
  campaignYear: number;
  editable: boolean;
  onChanged: () => void;
}) {
  const { message, modal } = App.useApp();
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [description, setDescription] = useState('');
  const files = application.files ?? [];
  const years = appraisalYears(campaignYear);
  const problems = grade1EvidenceProblems({
    campaignYear,
    appliedGrade: application.appliedGrade,
    waiverAward: application.waiverAward,
    waiverAwardKind: application.waiverAwardKind,
    files,
  });
  const handedIn = !['draft', 'returned', 'awaiting_unit'].includes(application.status);

  const upload = useMutation({
    mutationFn: (v: { target: Target; file: File }) =>
      applicationApi.uploadFile(
        application.id,
        v.target.kind,
        v.file,
        v.target.kind === 'appraisal_form'
          ? { appraisalYear: v.target.appraisalYear }
          : { description: v.target.description },
      ),
    onSuccess: (_f, v) => {
      message.success('已上传');
      if (v.target.kind === 'award_certificate') setDescription('');
      onChanged();
    },
    onError: (e, v) => {
      if (!isSessionError(e)) setErrors((old) => ({ ...old, [keyOf(v.target)]: errorMessage(e) }));
    },
  });
  const remove = useMutation({
    mutationFn: (f: ApplicationFile) => applicationApi.deleteFile(application.id, f.id),
    onSuccess: () => {
      message.success('已删除');
      onChanged();
    },
    onError: (e) => {
      if (!isSessionError(e)) message.error(errorMessage(e));
    },
  });

  const picker = (target: Target, label: string, testId: string, disabled = false) =>
    !editable ? null : (
      <Upload
        accept={SCAN_ACCEPT}
        showUploadList={false}
        disabled={disabled || upload.isPending}
        beforeUpload={(file) => {
          const problem = checkFileBasics(target.kind, file);
          setErrors((old) => ({ ...old, [keyOf(target)]: problem ?? undefined }));
          if (!problem) upload.mutate({ target, file });
          return Upload.LIST_IGNORE;
        }}
      >
        <Button
          size="small"
          icon={<UploadOutlined />}
          disabled={disabled}
          loading={upload.isPending && upload.variables && keyOf(upload.variables.target) === keyOf(target)}
          data-testid={testId}
        >
          {label}
        </Button>
      </Upload>
    );

  const fileLine = (f: ApplicationFile) => (
    <li key={f.id}>
      <FileOutlined aria-hidden />{' '}
      <a href={applicationApi.fileUrl(application.id, f.id)} target="_blank" rel="noreferrer">
        {f.fileName}
      </a>{' '}
      {f.description && <span>（{f.description}）</span>} <span className="gk-muted">{formatBytes(f.size)}</span>
      {editable && (
        <Button
          type="link"
          size="small"
          danger
          icon={<DeleteOutlined />}
          aria-label={`删除 ${f.fileName}`}
          onClick={() =>
            modal.confirm({
              title: `确定删除「${f.fileName}」吗？`,
              okText: '删除',
              okButtonProps: { danger: true },
              cancelText: '取消',
              onOk: () => remove.mutateAsync(f).catch(() => undefined),
            })
          }
        />
      )}
    </li>
  );

  const error = (key: string) =>
    errors[key] ? (
      <Typography.Text type="danger" className="gk-block">
        {errors[key]}
      </Typography.Text>
    ) : null;

  const awards = files.filter((f) => f.kind === 'award_certificate');
  return (
    <Card title="一级证明材料" size="small" className="gk-app-card" data-testid="grade1-evidence">
      {!handedIn &&
        (problems.length > 0 ? (
          <Alert
            className="gk-mb-s"
            type="warning"
            showIcon
            data-testid="grade1-evidence-missing"
            title="提交前还须上传："
            description={
              <ul className="gk-app-file-list">
                {problems.map((p) => (
                  <li key={p.code}>{p.message}</li>
                ))}
              </ul>
            }
          />
        ) : (
          <Alert className="gk-mb-s" type="success" showIcon title="一级证明材料已齐全" />
        ))}
      <div className="gk-app-scans">
        <strong>年度考核登记表（近五年，每年至少一份）</strong>
        {years.map((year) => {
          const list = files.filter((f) => f.kind === 'appraisal_form' && f.appraisalYear === year);
          const key = `y${year}`;
          return (
            <div key={year} className="gk-app-scan" data-testid={`grade1-appraisal-${year}`}>
              <div className="gk-app-scan-head">
                <span>{year}年度</span>
                {picker({ kind: 'appraisal_form', appraisalYear: year }, '上传', `grade1-upload-${year}`)}
                {list.length === 0 && <span className="gk-muted">未上传</span>}
              </div>
              {list.length > 0 && <ul className="gk-app-file-list">{list.map(fileLine)}</ul>}
              {error(key)}
            </div>
          );
        })}
        <strong className="gk-mt-s">
          获奖证书/专利证书{application.waiverAward ? '（以奖励免除条件的必传）' : ''}
        </strong>
        {editable && (
          <div className="gk-app-scan-head">
            <Input
              size="small"
              maxLength={100}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              placeholder="奖项名称、授予机关、年份，如：2015年河南省五一劳动奖章"
              aria-label="获奖证书或专利证书说明"
              data-testid="grade1-award-description"
            />
            {picker(
              { kind: 'award_certificate', description: description.trim() },
              '上传',
              'grade1-upload-award',
              description.trim() === '',
            )}
          </div>
        )}
        {awards.length > 0 ? (
          <ul className="gk-app-file-list">{awards.map(fileLine)}</ul>
        ) : (
          <span className="gk-muted">未上传</span>
        )}
        {error('award')}
        <Typography.Text type="secondary" className="gk-app-hint">
          扫描件：JPEG、PNG 或 PDF，每个文件 ≤5 MB；获奖证书须先填写说明再上传
        </Typography.Text>
      </div>
    </Card>
  );
}
