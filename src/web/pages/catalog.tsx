import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/client';
import { catalogApi, queryKeys } from '../api/endpoints';
import type { CatalogImportResult, CatalogVersion, ImportRowError, JobType, JobTypeListQuery } from '../api/types';
import { usePaging } from '../components/use-paging';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';
import { useSession } from '../session';
import { formatDateTime } from '../util';

function gradeList(grades: number[]): string {
  return [...grades]
    .sort((a, b) => b - a)
    .map((g) => GRADE_LABELS[g as AppliedGrade]?.slice(0, 2) ?? g)
    .join('、');
}

function CatalogImportModal({ onClose, onImported }: { onClose: () => void; onImported: (v: CatalogVersion) => void }) {
  const [form] = Form.useForm<{ name: string; title: string }>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (v: { name: string; title: string; file: File }) =>
      catalogApi.import(v.name.trim(), v.title.trim(), v.file),
    onSuccess: (res: CatalogImportResult) => {
      if (res.version) onImported(res.version);
    },
  });
  const file = files[0]?.originFileObj;
  const result = run.data;

  return (
    <Modal
      open
      width={780}
      title="导入工种目录"
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="close" onClick={onClose}>
          关闭
        </Button>,
        <Button
          key="go"
          type="primary"
          loading={run.isPending}
          disabled={!!result?.version}
          onClick={() => form.submit()}
          data-testid="catalog-import-start"
        >
          开始导入
        </Button>,
      ]}
    >
      <Space orientation="vertical" className="gk-full" size="middle">
        <Typography.Paragraph className="gk-mb0">
          一个文号对应一个目录版本。文件中每行一个工种：工种代码、工种名称、工种类别、可申报等级（如“五级,四级,三级,二级”）、本地考试（是/否；技术监督类和测绘类默认为是）。
          全部行无误才会生成目录版本。
        </Typography.Paragraph>
        <a href={catalogApi.templateUrl} download>
          <DownloadOutlined aria-hidden /> 下载模板
        </a>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => {
            if (!file) {
              setFileError('请选择要导入的 Excel 文件');
              return;
            }
            setFileError(null);
            run.mutate({ ...v, file });
          }}
        >
          <Form.Item
            label="文号"
            name="name"
            rules={[{ required: true, whitespace: true, message: '请填写文号' }]}
            extra="如 豫人社办〔2022〕93号；不能与已有版本重复"
          >
            <Input maxLength={60} data-testid="catalog-import-name" />
          </Form.Item>
          <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
            <Input maxLength={120} placeholder="如 河南省机关事业单位工勤技能岗位工种设置目录" />
          </Form.Item>
          <Form.Item
            label="Excel 文件"
            validateStatus={fileError ? 'error' : undefined}
            help={fileError ?? '仅支持 .xlsx 格式'}
          >
            <Upload
              data-testid="catalog-import-file"
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
        {run.isError && <Alert type="error" showIcon role="alert" title={errorMessage(run.error)} />}
        {result &&
          (result.version ? (
            <Alert
              type="success"
              showIcon
              role="status"
              title={`已导入 ${result.imported} 个工种，生成目录版本“${result.version.name}”。`}
            />
          ) : (
            <>
              <Alert
                type="error"
                showIcon
                role="status"
                title={`共 ${result.total} 行，发现 ${result.errors.length} 处错误，未生成目录版本。请修改后重新导入。`}
              />
              <Table<ImportRowError & { key: number }>
                data-testid="catalog-import-errors"
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
            </>
          ))}
      </Space>
    </Modal>
  );
}

/** 工种目录: the catalogue versions and, for the one chosen, its job types. */
export default function CatalogPage() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const manage = can('catalog.manage');
  const [chosen, setChosen] = useState<number | undefined>();
  const [q, setQ] = useState('');
  const [qInput, setQInput] = useState('');
  const [category, setCategory] = useState<string | undefined>();
  const { page, pageSize, setPage, pagination } = usePaging();
  const [importing, setImporting] = useState(false);

  const versions = useQuery({ queryKey: queryKeys.catalogVersions, queryFn: catalogApi.versions });
  const items = versions.data?.items ?? [];
  const version = items.find((v) => v.id === chosen) ?? items[0];
  const params: JobTypeListQuery = { q: q || undefined, category, page, pageSize };
  const jobTypes = useQuery({
    queryKey: queryKeys.jobTypes(version?.id ?? 0, params),
    queryFn: () => catalogApi.jobTypes(version?.id ?? 0, params),
    enabled: version !== undefined,
    placeholderData: keepPreviousData,
  });

  const pick = (id: number) => {
    setChosen(id);
    setCategory(undefined);
    setQ('');
    setQInput('');
    setPage(1);
  };

  return (
    <>
      <Typography.Title level={3}>工种目录</Typography.Title>
      <div className="gk-org">
        <Card
          size="small"
          title="目录版本"
          className="gk-org-left"
          extra={
            manage && (
              <Button
                size="small"
                type="primary"
                icon={<UploadOutlined />}
                onClick={() => setImporting(true)}
                data-testid="catalog-import"
              >
                导入
              </Button>
            )
          }
        >
          {versions.isError && <Alert type="error" showIcon title={errorMessage(versions.error)} />}
          {versions.isPending ? (
            <Skeleton active paragraph={{ rows: 3 }} />
          ) : items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有工种目录" />
          ) : (
            // A list of buttons: each version is picked with a click, Enter or Space, and says whether it is shown.
            <ul className="gk-version-list" aria-label="工种目录版本">
              {items.map((v) => (
                <li key={v.id}>
                  <button
                    type="button"
                    className={`gk-version-item${v.id === version?.id ? ' gk-version-active' : ''}`}
                    onClick={() => pick(v.id)}
                    aria-pressed={v.id === version?.id}
                  >
                    <span className="gk-block">
                      <strong>{v.name}</strong>
                      {v.isSample && (
                        <Tag color="orange" className="gk-tag-inline">
                          示例
                        </Tag>
                      )}
                    </span>
                    <span className="gk-muted gk-block">{v.title}</span>
                    <span className="gk-muted gk-block">
                      {v.jobTypeCount} 个工种 · {formatDateTime(v.createdAt).slice(0, 10)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card size="small" title={version ? `${version.name} 的工种` : '工种'}>
          {version?.isSample && (
            <Alert className="gk-mb" type="warning" showIcon title="这是演示用的示例目录，不是官方工种目录。" />
          )}
          <form
            className="gk-filters"
            aria-label="筛选工种"
            onSubmit={(e) => {
              e.preventDefault();
              setQ(qInput.trim());
              setPage(1);
            }}
          >
            <Select
              aria-label="按类别筛选"
              allowClear
              placeholder="全部类别"
              className="gk-filter-role"
              value={category}
              showSearch={{ optionFilterProp: 'label' }}
              options={(jobTypes.data?.categories ?? []).map((c) => ({ value: c, label: c }))}
              onChange={(v) => {
                setCategory(v);
                setPage(1);
              }}
            />
            <Input
              aria-label="关键词"
              allowClear
              placeholder="工种名称或代码"
              value={qInput}
              onChange={(e) => setQInput(e.target.value)}
              className="gk-filter-q"
            />
            <Button type="primary" htmlType="submit">
              查询
            </Button>
          </form>
          {jobTypes.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(jobTypes.error)} />}
          <Table<JobType>
            size="small"
            rowKey="id"
            loading={jobTypes.isFetching}
            dataSource={jobTypes.data?.items ?? []}
            locale={{ emptyText: '没有符合条件的工种' }}
            pagination={pagination(jobTypes.data?.total ?? 0, '个工种')}
            columns={[
              {
                title: '代码',
                dataIndex: 'code',
                width: 110,
                render: (c: string) => <span className="gk-mono">{c}</span>,
              },
              { title: '工种名称', dataIndex: 'name' },
              { title: '类别', dataIndex: 'category', width: 150 },
              { title: '可申报等级', dataIndex: 'grades', width: 220, render: (g: number[]) => gradeList(g) },
              {
                title: '本地考试',
                dataIndex: 'localExam',
                width: 90,
                render: (l: boolean) => (l ? <Tag color="blue">是</Tag> : '否'),
              },
            ]}
          />
        </Card>
      </div>
      {importing && (
        <CatalogImportModal
          onClose={() => setImporting(false)}
          onImported={(v) => {
            void queryClient.invalidateQueries({ queryKey: queryKeys.catalogVersions });
            pick(v.id);
          }}
        />
      )}
    </>
  );
}
