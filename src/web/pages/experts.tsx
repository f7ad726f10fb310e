import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/client';
import { type Expert, type ExpertAccountResponse, panelApi, panelKeys } from '../api/panels';
import { InitialPasswordModal } from '../components/initial-password-modal';
import { OrgTreeSelect } from '../components/org-tree-select';

interface ExpertForm {
  name: string;
  idNumber?: string;
  workUnitId: number;
  title?: string;
  specialty?: string;
  phone?: string;
  active: boolean;
}

/**
 * 评审专家 (the province): the expert list of the 一级 panel review — name, ID number (masked in the list), work unit
 * (an org node: the own-unit rule reads it), title, specialty, phone, active — and each expert's 评审专家 account.
 */
export default function ExpertsPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Expert | 'new' | null>(null);
  const [accountFor, setAccountFor] = useState<Expert | null>(null);
  const [issued, setIssued] = useState<ExpertAccountResponse | null>(null);
  const [form] = Form.useForm<ExpertForm>();
  const [accountForm] = Form.useForm<{ username: string }>();
  const list = useQuery({ queryKey: panelKeys.experts(q), queryFn: () => panelApi.experts(q) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: panelKeys.all });
  const onError = (e: unknown) => void message.error(errorMessage(e));

  const save = useMutation({
    mutationFn: (v: ExpertForm) => {
      const body = { ...v, title: v.title || null, specialty: v.specialty || null, phone: v.phone || null };
      if (editing === 'new') return panelApi.createExpert({ ...body, idNumber: v.idNumber ?? '' });
      const { idNumber, ...rest } = body;
      return panelApi.updateExpert((editing as Expert).id, idNumber ? { ...rest, idNumber } : rest);
    },
    onSuccess: () => {
      void message.success('已保存');
      setEditing(null);
      void refresh();
    },
    onError,
  });
  const account = useMutation({
    mutationFn: (v: { username: string }) => panelApi.createAccount(accountFor!.id, v),
    onSuccess: (r) => {
      setAccountFor(null);
      setIssued(r);
      void refresh();
    },
    onError,
  });

  const open = (e: Expert | 'new') => {
    setEditing(e);
    form.resetFields();
    if (e !== 'new') {
      form.setFieldsValue({
        name: e.name,
        workUnitId: e.workUnitId,
        title: e.title ?? undefined,
        specialty: e.specialty ?? undefined,
        phone: e.phone ?? undefined,
        active: e.active,
      });
    } else form.setFieldsValue({ active: true });
  };

  return (
    <div data-testid="experts-page">
      <Typography.Title level={3}>评审专家</Typography.Title>
      <Typography.Paragraph type="secondary">
        一级（高级技师）综合评审的专家库。专家的工作单位用于回避：专家不评本单位的考生。参加评审的专家须先建立「评审专家」账号。
      </Typography.Paragraph>
      <Card size="small">
        <Space style={{ marginBottom: 12 }} wrap>
          <Input.Search
            allowClear
            placeholder="姓名、单位、职称或专长"
            aria-label="查找专家"
            onSearch={setQ}
            style={{ width: 260 }}
          />
          <Button type="primary" onClick={() => open('new')} data-testid="expert-new">
            新增专家
          </Button>
        </Space>
        {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
        <Table<Expert>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="experts-table"
          columns={[
            { title: '姓名', dataIndex: 'name', width: 90 },
            { title: '身份证号', dataIndex: 'idNumberMasked', width: 170 },
            { title: '工作单位', dataIndex: 'workUnitName' },
            { title: '职称', dataIndex: 'title', width: 110 },
            { title: '专长', dataIndex: 'specialty' },
            { title: '电话', dataIndex: 'phone', width: 120 },
            {
              title: '状态',
              key: 'active',
              width: 70,
              render: (_, e) => (e.active ? <Tag color="green">在用</Tag> : <Tag>停用</Tag>),
            },
            {
              title: '账号',
              key: 'username',
              width: 120,
              render: (_, e) => e.username ?? <Typography.Text type="secondary">未建立</Typography.Text>,
            },
            {
              title: '操作',
              key: 'ops',
              width: 150,
              render: (_, e) => (
                <Space>
                  <Typography.Link onClick={() => open(e)}>修改</Typography.Link>
                  {!e.username && e.active && (
                    <Typography.Link
                      data-testid={`expert-account-${e.id}`}
                      onClick={() => {
                        accountForm.resetFields();
                        setAccountFor(e);
                      }}
                    >
                      建立账号
                    </Typography.Link>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? '新增评审专家' : '修改评审专家'}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={editing === 'new' ? '身份证号' : '身份证号（不改则留空）'}
            rules={editing === 'new' ? [{ required: true, message: '请填写身份证号' }] : []}
          >
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="workUnitId" label="工作单位" rules={[{ required: true, message: '请选择工作单位' }]}>
            <OrgTreeSelect
              placeholder="选择主管部门或单位"
              isDisabled={(n) => n.kind !== 'unit' && n.kind !== 'department'}
            />
          </Form.Item>
          <Space className="gk-full" size="middle">
            <Form.Item name="title" label="职称">
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="phone" label="电话">
              <Input maxLength={20} />
            </Form.Item>
          </Space>
          <Form.Item name="specialty" label="专长">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="active" label="在用" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={accountFor !== null}
        title={`为「${accountFor?.name ?? ''}」建立评审专家账号`}
        onCancel={() => setAccountFor(null)}
        onOk={() => accountForm.submit()}
        confirmLoading={account.isPending}
        destroyOnHidden
      >
        <Form form={accountForm} layout="vertical" onFinish={(v) => account.mutate(v)}>
          <Form.Item
            name="username"
            label="用户名"
            rules={[{ required: true, message: '请填写用户名' }]}
            extra="以字母开头，只能包含字母、数字和 _ . -；初始密码只显示一次，首次登录须修改。"
          >
            <Input maxLength={32} data-testid="expert-username" />
          </Form.Item>
        </Form>
      </Modal>
      {issued && (
        <InitialPasswordModal
          title="评审专家账号已建立"
          username={issued.expert.username ?? ''}
          displayName={issued.expert.name}
          password={issued.initialPassword}
          onClose={() => setIssued(null)}
        />
      )}
    </div>
  );
}
