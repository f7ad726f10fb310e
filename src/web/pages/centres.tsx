import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { type Centre, centreApi, centreKeys } from '../api/centres';
import { errorMessage, isSessionError } from '../api/client';
import { useSession } from '../session';
import { PHONE_PATTERN } from '../util';

interface CentreValues {
  name: string;
  code: string;
  address: string;
  contactName?: string;
  contactPhone?: string;
}

/** 新建考点 / 修改考点: name, two-digit code (part of the 准考证号), address, contact. */
export function CentreModal({ centre, onClose }: { centre: Centre | null; onClose: () => void }) {
  const [form] = Form.useForm<CentreValues>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: CentreValues) => {
      const body = {
        name: v.name.trim(),
        code: v.code.trim(),
        address: v.address.trim(),
        contactName: v.contactName?.trim() || null,
        contactPhone: v.contactPhone?.trim() || null,
      };
      return centre ? centreApi.update(centre.id, body) : centreApi.create(body);
    },
    onSuccess: async (c) => {
      message.success(centre ? `已保存考点「${c.name}」` : `已新建考点「${c.name}」`);
      await queryClient.invalidateQueries({ queryKey: centreKeys.all });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={centre ? `修改考点：${centre.name}` : '新建考点'}
      onCancel={onClose}
      destroyOnHidden
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'centre-save' } as ButtonProps}
    >
      <Form<CentreValues>
        form={form}
        layout="vertical"
        initialValues={
          centre
            ? {
                name: centre.name,
                code: centre.code,
                address: centre.address,
                contactName: centre.contactName ?? undefined,
                contactPhone: centre.contactPhone ?? undefined,
              }
            : undefined
        }
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          label="考点名称"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请填写考点名称' }]}
        >
          <Input maxLength={60} data-testid="centre-name" />
        </Form.Item>
        <Form.Item
          label="考点代码"
          name="code"
          extra="两位数字，本地区内不重复，用于准考证号"
          rules={[
            { required: true, message: '请填写考点代码' },
            { pattern: /^[0-9]{2}$/, message: '考点代码须为两位数字（如 01）' },
          ]}
        >
          <Input maxLength={2} className="gk-filter-small" data-testid="centre-code" />
        </Form.Item>
        <Form.Item
          label="地址"
          name="address"
          rules={[{ required: true, whitespace: true, message: '请填写考点地址' }]}
        >
          <Input maxLength={120} data-testid="centre-address" />
        </Form.Item>
        <Space wrap>
          <Form.Item label="联系人" name="contactName">
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item
            label="联系电话"
            name="contactPhone"
            rules={[{ pattern: PHONE_PATTERN, message: '电话格式不正确' }]}
          >
            <Input maxLength={20} />
          </Form.Item>
        </Space>
      </Form>
      {save.isError && <Alert type="error" showIcon role="alert" title={errorMessage(save.error)} />}
    </Modal>
  );
}

export default function CentresPage() {
  const { user } = useSession();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Centre | 'new' | null>(null);
  const params = { page, pageSize: 20, q: q || undefined };
  const centres = useQuery({ queryKey: centreKeys.list(params), queryFn: () => centreApi.list(params) });
  // A jurisdiction's 工考办, and the province for centres of its own (where 省直 and 中央驻豫 candidates sit).
  const canCreate = user?.role === 'jurisdiction_admin' || user?.role === 'province_admin';
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const toggle = useMutation({
    mutationFn: (c: Centre) => centreApi.update(c.id, { active: !c.active }),
    onSuccess: async (c) => {
      message.success(c.active ? `已启用考点「${c.name}」` : `已停用考点「${c.name}」`);
      await queryClient.invalidateQueries({ queryKey: centreKeys.all });
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          考点管理
          <span className="gk-page-sub">考点、考场和座位图；考前在每台电脑上做机位检测</span>
        </Typography.Title>
        <Space>
          <Link to="/seat-check">
            <Button>机位检测</Button>
          </Link>
          {canCreate && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="centre-create"
            >
              新建考点
            </Button>
          )}
        </Space>
      </div>
      {centres.isError && !isSessionError(centres.error) && (
        <Alert className="gk-mb" type="error" showIcon title={errorMessage(centres.error)} />
      )}
      <Card>
        <Input.Search
          className="gk-mb"
          placeholder="考点名称或代码"
          allowClear
          style={{ maxWidth: 280 }}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
        />
        <Table<Centre>
          rowKey="id"
          size="middle"
          loading={centres.isFetching}
          dataSource={centres.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: centres.data?.total ?? 0, onChange: setPage }}
          columns={[
            { title: '地区', dataIndex: 'orgNodeName', width: 110, render: (v: string | null) => v ?? '—' },
            { title: '代码', dataIndex: 'code', width: 70 },
            {
              title: '考点名称',
              dataIndex: 'name',
              render: (name: string, c) => <Link to={`/centres/${c.id}`}>{name}</Link>,
            },
            { title: '地址', dataIndex: 'address', ellipsis: true },
            { title: '考场', dataIndex: 'roomCount', width: 70 },
            { title: '可容纳', dataIndex: 'capacity', width: 80 },
            {
              title: '状态',
              dataIndex: 'active',
              width: 80,
              render: (active: boolean) => (active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
            },
            {
              title: '操作',
              key: 'actions',
              width: 150,
              render: (_, c) =>
                c.abilities.update ? (
                  <Space size={4}>
                    <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(c)}>
                      修改
                    </Button>
                    <Popconfirm
                      title={c.active ? `停用考点「${c.name}」？停用后不能再做机位检测` : `启用考点「${c.name}」？`}
                      okText="确定"
                      cancelText="取消"
                      onConfirm={() => toggle.mutate(c)}
                    >
                      <Button size="small">{c.active ? '停用' : '启用'}</Button>
                    </Popconfirm>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      {editing && <CentreModal centre={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
