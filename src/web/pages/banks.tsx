import { DownloadOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, type ButtonProps, Card, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { isJobTypeSubject, JOB_TYPE_SUBJECT_GRADES, SUBJECTS, type Subject } from '../../domain/items';
import { bankApi, bankKeys } from '../api/banks';
import { errorMessage, isSessionError } from '../api/client';
import type { Bank } from '../api/types';
import { jobTypeOptions, jobTypeSearch, useCatalogJobTypes } from '../application/job-types';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { usePublicConfig } from '../components/demo-banner';
import { SUBJECT_LABELS } from '../labels';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';
import { useSession } from '../session';
import { formatDateTime } from '../util';

interface CreateValues {
  subject: Subject;
  jobTypeId?: number;
  grade?: number;
  name: string;
}

function gradeLabel(grade: number | null): string {
  return grade === null ? '全部等级' : (GRADE_LABELS[grade as AppliedGrade] ?? String(grade));
}

/**
 * 新建题库: the subject; for 岗位技能 a job type of the current campaign's catalogue and one of its grades 五–二, for
 * 专业基础知识 (一级) a job type and 一级; a name.
 */
function CreateBankModal({
  banks,
  onClose,
  onCreated,
}: {
  banks: readonly Bank[];
  onClose: () => void;
  onCreated: (bank: Bank) => void;
}) {
  const [form] = Form.useForm<CreateValues>();
  const subject = Form.useWatch('subject', form);
  const jobTypeId = Form.useWatch('jobTypeId', form);
  const { campaign, list: campaigns } = useCampaignChoice();
  const jobTyped = subject !== undefined && isJobTypeSubject(subject);
  const jobTypes = useCatalogJobTypes(jobTyped ? campaign?.catalogVersionId : undefined);
  const options = useMemo(() => jobTypeOptions(jobTypes.data?.items), [jobTypes.data]);
  const jobType = options.find((o) => o.value === jobTypeId)?.jobType;
  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      bankApi.create({
        subject: v.subject,
        name: v.name.trim(),
        jobTypeId: isJobTypeSubject(v.subject) ? v.jobTypeId : null,
        grade: isJobTypeSubject(v.subject) ? v.grade : null,
      }),
    onSuccess: onCreated,
  });

  return (
    <Modal
      open
      title="新建题库"
      onCancel={onClose}
      destroyOnHidden
      okText="新建"
      cancelText="取消"
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'bank-create-ok' } as ButtonProps}
    >
      <Form<CreateValues> form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item label="科目" name="subject" rules={[{ required: true, message: '请选择科目' }]}>
          <Select
            placeholder="请选择科目"
            options={SUBJECTS.map((s) => {
              // 职业道德 and 职业能力 have one bank each (for every grade); 岗位技能 one per job type and grade,
              // 专业基础知识 one per job type (一级).
              const taken = !isJobTypeSubject(s) && banks.some((b) => b.subject === s);
              return {
                value: s,
                label: taken
                  ? `${SUBJECT_LABELS[s]}（已有题库）`
                  : s === 'basics'
                    ? `${SUBJECT_LABELS[s]}（一级）`
                    : SUBJECT_LABELS[s],
                disabled: taken,
              };
            })}
            onChange={() => form.setFieldsValue({ jobTypeId: undefined, grade: undefined })}
          />
        </Form.Item>
        {jobTyped && (
          <>
            <Form.Item
              label="工种"
              name="jobTypeId"
              rules={[{ required: true, message: '请选择工种' }]}
              extra={
                campaign
                  ? `${campaign.year}年度工种目录中的工种；输入名称、代码或类别查找`
                  : campaigns.isPending
                    ? undefined
                    : '还没有考核年度，无法选择工种'
              }
            >
              <Select
                placeholder="请选择工种"
                showSearch={jobTypeSearch}
                loading={jobTypes.isFetching}
                options={options.map((o) => ({ value: o.value, label: o.label, search: o.search }))}
                onChange={() => form.setFieldsValue({ grade: undefined })}
              />
            </Form.Item>
            <Form.Item label="等级" name="grade" rules={[{ required: true, message: '请选择等级' }]}>
              <Select
                placeholder={jobType ? '请选择等级' : '请先选择工种'}
                disabled={!jobType}
                options={[...(jobType?.grades ?? [])]
                  .filter((g) => JOB_TYPE_SUBJECT_GRADES[subject].includes(g))
                  .sort((a, b) => b - a)
                  .map((g) => ({ value: g, label: GRADE_LABELS[g as AppliedGrade] }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          label="题库名称"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请填写题库名称' }]}
          extra="如 职业道德通用题库、汽车驾驶员三级题库"
        >
          <Input maxLength={100} />
        </Form.Item>
      </Form>
      {create.isError && <Alert type="error" showIcon role="alert" title={errorMessage(create.error)} />}
    </Modal>
  );
}

function RenameBankModal({ bank, onClose }: { bank: Bank; onClose: () => void }) {
  const [form] = Form.useForm<{ name: string }>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const rename = useMutation({
    mutationFn: (name: string) => bankApi.rename(bank.id, { name: name.trim() }),
    onSuccess: async (b) => {
      message.success(`已改名为「${b.name}」`);
      await queryClient.invalidateQueries({ queryKey: bankKeys.list });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`修改题库名称：${bank.name}`}
      onCancel={onClose}
      destroyOnHidden
      okText="保存"
      cancelText="取消"
      confirmLoading={rename.isPending}
      onOk={() => form.submit()}
    >
      <Form form={form} layout="vertical" initialValues={{ name: bank.name }} onFinish={(v) => rename.mutate(v.name)}>
        <Form.Item
          label="题库名称"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请填写题库名称' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Form>
      {rename.isError && <Alert type="error" showIcon role="alert" title={errorMessage(rename.error)} />}
    </Modal>
  );
}

/** 题库管理: the banks, with their item counts; 新建题库 and rename. */
export default function BanksPage() {
  const { can } = useSession();
  const manage = can('bank.manage');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Bank | null>(null);
  const banks = useQuery({ queryKey: bankKeys.list, queryFn: bankApi.list });
  const demo = usePublicConfig().data?.demoMode === true;

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          题库管理
          <span className="gk-page-sub">试题列表只显示题型、知识点等信息；查看试题内容会记入审计日志</span>
        </Typography.Title>
        <Space>
          {demo && (
            // The demo's sample bank to import (演示环境 only): 汽车驾驶员四级, written for the demo.
            <Button
              href={bankApi.sampleUrl}
              download
              icon={<DownloadOutlined />}
              title="演示用示例题库（汽车驾驶员四级，45道试题），可新建该题库后导入"
              data-testid="bank-sample-download"
            >
              下载示例题库
            </Button>
          )}
          {manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="bank-create">
              新建题库
            </Button>
          )}
        </Space>
      </div>
      {banks.isError && !isSessionError(banks.error) && (
        <Alert className="gk-mb" type="error" showIcon title={errorMessage(banks.error)} />
      )}
      <Card>
        <Table<Bank>
          data-testid="banks-table"
          size="small"
          rowKey="id"
          loading={banks.isFetching}
          dataSource={banks.data?.items ?? []}
          locale={{ emptyText: '还没有题库，点击“新建题库”开始' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 个题库` }}
          columns={[
            {
              title: '题库名称',
              dataIndex: 'name',
              render: (name: string, b) => <Link to={`/banks/${b.id}`}>{name}</Link>,
            },
            {
              title: '科目',
              dataIndex: 'subject',
              width: 100,
              render: (s: Subject) => SUBJECT_LABELS[s],
            },
            {
              title: '工种',
              dataIndex: 'jobTypeName',
              width: 180,
              render: (n: string | null) => n ?? '—',
            },
            { title: '等级', dataIndex: 'grade', width: 150, render: (g: number | null) => gradeLabel(g) },
            { title: '试题数', dataIndex: 'itemCount', width: 80, align: 'right' },
            { title: '已审核', dataIndex: 'approvedCount', width: 80, align: 'right' },
            {
              title: '修改时间',
              dataIndex: 'updatedAt',
              width: 170,
              render: (v: string) => formatDateTime(v),
            },
            ...(manage
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 90,
                    render: (_: unknown, b: Bank) => (
                      <Button
                        size="small"
                        type="link"
                        icon={<EditOutlined />}
                        onClick={() => setRenaming(b)}
                        aria-label={`修改题库名称：${b.name}`}
                      >
                        改名
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {creating && (
        <CreateBankModal
          banks={banks.data?.items ?? []}
          onClose={() => setCreating(false)}
          onCreated={(b) => {
            message.success(`已新建题库「${b.name}」`);
            setCreating(false);
            void queryClient.invalidateQueries({ queryKey: bankKeys.list });
          }}
        />
      )}
      {renaming && <RenameBankModal bank={renaming} onClose={() => setRenaming(null)} />}
    </>
  );
}
