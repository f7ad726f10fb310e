import { EditOutlined, KeyOutlined, PlusOutlined, ReloadOutlined, UnlockOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { centreApi, centreKeys } from '../api/centres';
import { errorMessage, isApiError, isSessionError } from '../api/client';
import { accountApi, queryKeys } from '../api/endpoints';
import type { Account, AccountListQuery, CreateAccountBody, OrgKind, OrgNodeSummary, Role } from '../api/types';
import { InitialPasswordModal, ResetCodeModal } from '../components/initial-password-modal';
import { OrgTreeSelect } from '../components/org-tree-select';
import { usePaging } from '../components/use-paging';
import {
  ACCOUNT_ROLE_FILTER_OPTIONS,
  CREATABLE_ROLES_BY_KIND,
  ORG_KIND_LABELS,
  ROLE_LABELS,
  roleLabel,
} from '../labels';
import { useSession } from '../session';
import { formatDateTime, isLocked, optionalText, PHONE_PATTERN } from '../util';

const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/;

interface CreateValues {
  username: string;
  displayName: string;
  orgNodeId: number;
  role: CreateAccountBody['role'];
  centreId?: number;
  phone?: string;
}

interface EditValues {
  displayName: string;
  phone?: string;
}

type Shown = { title: string; username: string; displayName?: string; password: string };
type ShownCode = { username: string; displayName?: string; code: string; expiresAt: string };

function CreateAccountModal({ onClose, onCreated }: { onClose: () => void; onCreated: (shown: Shown) => void }) {
  const [form] = Form.useForm<CreateValues>();
  const [kind, setKind] = useState<OrgKind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const roleOptions = kind ? CREATABLE_ROLES_BY_KIND[kind] : [];
  const role = Form.useWatch('role', form);
  const nodeId = Form.useWatch('orgNodeId', form);
  // A 考点管理员 is bound to one test centre of the jurisdiction it sits at.
  const centreParams = { orgNodeId: nodeId, page: 1, pageSize: 200 };
  const centres = useQuery({
    queryKey: centreKeys.list(centreParams),
    queryFn: () => centreApi.list(centreParams),
    enabled: role === 'centre_manager' && nodeId !== undefined,
  });

  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      accountApi.create({
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        role: v.role,
        orgNodeId: v.orgNodeId,
        centreId: v.role === 'centre_manager' ? v.centreId : undefined,
        phone: optionalText(v.phone),
      }),
    onSuccess: async (res) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.accountsAll });
      onCreated({
        title: '账号已创建',
        username: res.account.username,
        displayName: res.account.displayName,
        password: res.initialPassword,
      });
    },
    onError: (e) => {
      setError(errorMessage(e));
      if (isApiError(e) && e.code === 'ACCOUNT_USERNAME_TAKEN') {
        form.setFields([{ name: 'username', errors: [e.message] }]);
      } else if (isApiError(e) && e.code === 'ACCOUNT_ROLE_NOT_ALLOWED') {
        form.setFields([{ name: 'role', errors: [e.message] }]);
      }
    },
  });

  const onNode = (_id: number | undefined, node: OrgNodeSummary | undefined) => {
    const k = node?.kind ?? null;
    setKind(k);
    const allowed = k ? CREATABLE_ROLES_BY_KIND[k] : [];
    const current = form.getFieldValue('role') as CreateValues['role'] | undefined;
    if (allowed.length === 1) form.setFieldValue('role', allowed[0]);
    else if (current && !allowed.includes(current)) form.setFieldValue('role', undefined);
  };

  return (
    <Modal
      open
      title="新增账号"
      okText="创建"
      cancelText="取消"
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
      okButtonProps={{ htmlType: 'submit' }}
      modalRender={(dom) => (
        <Form<CreateValues>
          form={form}
          layout="vertical"
          onFinish={(v) => {
            setError(null);
            create.mutate(v);
          }}
        >
          {dom}
        </Form>
      )}
    >
      {error && <Alert className="gk-mb" type="error" showIcon title={error} role="alert" />}
      <Form.Item
        label="所属组织机构"
        name="orgNodeId"
        rules={[{ required: true, message: '请选择所属组织机构' }]}
        extra="辖区可设工考办管理员、监考员或考点管理员；主管部门设审核员；单位设经办人；省级可设监考员。"
      >
        <OrgTreeSelect onChange={onNode} />
      </Form.Item>
      <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
        <Select<Role>
          placeholder={kind ? '请选择角色' : '请先选择所属组织机构'}
          disabled={!kind || roleOptions.length === 0}
          options={roleOptions.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          notFoundContent={kind ? `${ORG_KIND_LABELS[kind]}下不能开设账号` : undefined}
        />
      </Form.Item>
      {role === 'centre_manager' && (
        <Form.Item label="所管考点" name="centreId" rules={[{ required: true, message: '请选择考点' }]}>
          <Select<number>
            placeholder="请选择本辖区的考点"
            loading={centres.isFetching}
            options={(centres.data?.items ?? [])
              .filter((c) => c.active)
              .map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))}
            notFoundContent="本辖区还没有考点，请先在「考点管理」中新建"
          />
        </Form.Item>
      )}
      <Form.Item
        label="用户名"
        name="username"
        extra="用于登录，3–32 位，以字母开头，可含字母、数字和 _ . -"
        rules={[
          { required: true, whitespace: true, message: '请输入用户名' },
          { pattern: USERNAME_PATTERN, message: '用户名为 3–32 位，以字母开头，只能包含字母、数字和 _ . -' },
        ]}
      >
        <Input autoComplete="off" maxLength={64} />
      </Form.Item>
      <Form.Item
        label="姓名"
        name="displayName"
        rules={[
          { required: true, whitespace: true, message: '请输入姓名' },
          { max: 50, message: '姓名不超过 50 个字' },
        ]}
      >
        <Input autoComplete="off" maxLength={50} />
      </Form.Item>
      <Form.Item label="手机号码" name="phone" rules={[{ pattern: PHONE_PATTERN, message: '请输入正确的电话号码' }]}>
        <Input autoComplete="off" maxLength={30} />
      </Form.Item>
    </Modal>
  );
}

function EditAccountModal({ account, onClose }: { account: Account; onClose: () => void }) {
  const [form] = Form.useForm<EditValues>();
  const [error, setError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: EditValues) => {
      const body: { displayName?: string; phone?: string } = {};
      const name = v.displayName.trim();
      if (name !== account.displayName) body.displayName = name;
      const phone = optionalText(v.phone);
      if (phone) body.phone = phone;
      if (Object.keys(body).length === 0) return Promise.resolve(null);
      return accountApi.update(account.id, body);
    },
    onSuccess: async (res) => {
      if (res) {
        message.success('已保存');
        await queryClient.invalidateQueries({ queryKey: queryKeys.accountsAll });
      }
      onClose();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <Modal
      open
      title={`编辑账号：${account.username}`}
      okText="保存"
      cancelText="取消"
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={{ htmlType: 'submit' }}
      modalRender={(dom) => (
        <Form<EditValues>
          form={form}
          layout="vertical"
          initialValues={{ displayName: account.displayName, phone: '' }}
          onFinish={(v) => {
            setError(null);
            save.mutate(v);
          }}
        >
          {dom}
        </Form>
      )}
    >
      {error && <Alert className="gk-mb" type="error" showIcon title={error} role="alert" />}
      <Form.Item
        label="姓名"
        name="displayName"
        rules={[
          { required: true, whitespace: true, message: '请输入姓名' },
          { max: 50, message: '姓名不超过 50 个字' },
        ]}
      >
        <Input autoFocus maxLength={50} />
      </Form.Item>
      <Form.Item
        label="手机号码"
        name="phone"
        extra="留空则不修改"
        rules={[{ pattern: PHONE_PATTERN, message: '请输入正确的电话号码' }]}
      >
        <Input maxLength={30} />
      </Form.Item>
    </Modal>
  );
}

function StatusTags({ a }: { a: Account }) {
  return (
    <Space size={4} wrap>
      {a.active ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>}
      {isLocked(a.lockedUntil) && (
        <Tooltip title={`锁定至 ${formatDateTime(a.lockedUntil)}`}>
          <Tag color="red">已锁定</Tag>
        </Tooltip>
      )}
      {a.mustChangePassword && <Tag color="orange">待改初始密码</Tag>}
    </Space>
  );
}

export default function AccountsPage() {
  const { can, user } = useSession();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const manage = can('account.manage');

  const [orgNodeId, setOrgNodeId] = useState<number | undefined>();
  const [role, setRole] = useState<Role | undefined>();
  const [q, setQ] = useState('');
  const [qInput, setQInput] = useState('');
  const { page, pageSize, setPage, pagination } = usePaging();
  const [filterKey, setFilterKey] = useState(0);

  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Account | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [shownCode, setShownCode] = useState<ShownCode | null>(null);

  const params: AccountListQuery = { orgNodeId, role, q: q || undefined, page, pageSize };
  const list = useQuery({
    queryKey: queryKeys.accounts(params),
    queryFn: () => accountApi.list(params),
    placeholderData: keepPreviousData,
  });

  const onFail = (e: unknown) => {
    if (!isSessionError(e)) message.error(errorMessage(e));
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.accountsAll });

  const setActive = useMutation({
    mutationFn: (v: { a: Account; active: boolean }) => accountApi.update(v.a.id, { active: v.active }),
    onSuccess: async (_res, v) => {
      message.success(v.active ? `已启用账号 ${v.a.username}` : `已停用账号 ${v.a.username}`);
      await refresh();
    },
    onError: onFail,
  });
  const reset = useMutation({
    mutationFn: (a: Account) => accountApi.resetPassword(a.id),
    onSuccess: async (res, a) => {
      if (res.kind === 'reset_code') {
        setShownCode({
          username: a.username,
          displayName: a.displayName,
          code: res.resetCode,
          expiresAt: res.expiresAt,
        });
      } else {
        setShown({
          title: '密码已重置',
          username: a.username,
          displayName: a.displayName,
          password: res.initialPassword,
        });
      }
      await refresh();
    },
    onError: onFail,
  });
  const unlock = useMutation({
    mutationFn: (a: Account) => accountApi.unlock(a.id),
    onSuccess: async (_res, a) => {
      message.success(`已解锁账号 ${a.username}`);
      await refresh();
    },
    onError: onFail,
  });

  const confirmReset = (a: Account) =>
    modal.confirm(
      a.role === 'applicant'
        ? {
            title: `为申报人「${a.displayName}（${a.username}）」签发密码重置码？`,
            content:
              '请先核验申报人的身份证件。系统生成一次性重置码（24 小时内有效），由申报人本人在登录页「忘记密码」中设置新密码；原密码在设置前仍然有效，该账号现有的登录全部退出。',
            okText: '签发重置码',
            cancelText: '取消',
            onOk: () => reset.mutateAsync(a).catch(() => undefined),
          }
        : {
            title: `确定重置「${a.displayName}（${a.username}）」的密码吗？`,
            content: '系统将生成新的初始密码，原密码立即失效，该账号现有的登录全部退出；对方下次登录时须修改密码。',
            okText: '重置密码',
            cancelText: '取消',
            onOk: () => reset.mutateAsync(a).catch(() => undefined),
          },
    );
  const confirmActive = (a: Account) =>
    modal.confirm({
      title: a.active ? `确定停用账号「${a.username}」吗？` : `确定启用账号「${a.username}」吗？`,
      content: a.active ? '停用后该账号不能再登录，可随时重新启用。' : '启用后该账号可以正常登录。',
      okText: a.active ? '停用' : '启用',
      okButtonProps: a.active ? { danger: true } : undefined,
      cancelText: '取消',
      onOk: () => setActive.mutateAsync({ a, active: !a.active }).catch(() => undefined),
    });

  const resetFilters = () => {
    setOrgNodeId(undefined);
    setRole(undefined);
    setQ('');
    setQInput('');
    setPage(1);
    setFilterKey((k) => k + 1);
  };

  return (
    <>
      <Typography.Title level={3}>账号管理</Typography.Title>
      <Card
        title="账号列表"
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新增账号
            </Button>
          )
        }
      >
        <form
          className="gk-filters"
          aria-label="筛选账号"
          onSubmit={(e) => {
            e.preventDefault();
            setQ(qInput.trim());
            setPage(1);
          }}
        >
          <OrgTreeSelect
            key={filterKey}
            aria-label="按组织机构筛选"
            allowClear
            placeholder="全部组织机构"
            value={orgNodeId}
            className="gk-filter-org"
            onChange={(id) => {
              setOrgNodeId(id);
              setPage(1);
            }}
          />
          <Select<Role>
            aria-label="按角色筛选"
            allowClear
            placeholder="全部角色"
            value={role}
            className="gk-filter-role"
            onChange={(r) => {
              setRole(r);
              setPage(1);
            }}
            options={ACCOUNT_ROLE_FILTER_OPTIONS.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          />
          <Input
            aria-label="关键词"
            allowClear
            placeholder="用户名或姓名"
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            className="gk-filter-q"
          />
          <Button type="primary" htmlType="submit">
            查询
          </Button>
          <Button onClick={resetFilters}>重置</Button>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
            刷新
          </Button>
        </form>
        {list.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(list.error)} />}
        <Table<Account>
          size="small"
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          // Every column has a width and the table scrolls by their sum (which fits the 1366 px screen's 1068 px frame),
          // so the fixed 操作 column covers nothing.
          scroll={{ x: manage ? 1060 : 850 }}
          locale={{ emptyText: '没有符合条件的账号' }}
          pagination={pagination(list.data?.total ?? 0, '个账号')}
          columns={[
            {
              title: '账号',
              dataIndex: 'username',
              // An 18-digit ID number (an applicant's account) on one line.
              width: 175,
              render: (u: string, a) => (
                <span>
                  <span className="gk-mono">{u}</span>
                  {u === user?.username && <Tag className="gk-tag-inline">本人</Tag>}
                  <span className="gk-block">{a.displayName}</span>
                </span>
              ),
            },
            { title: '角色', dataIndex: 'role', width: 115, render: (r: Role) => roleLabel(r) },
            {
              title: '所属组织',
              dataIndex: 'orgNodeName',
              width: 180,
              ellipsis: { showTitle: true },
              render: (n: string | null) => n || '—',
            },
            { title: '状态', key: 'status', width: 130, render: (_: unknown, a) => <StatusTags a={a} /> },
            {
              title: '最近登录',
              dataIndex: 'lastLoginAt',
              width: 150,
              render: (v: string | null) => (v ? formatDateTime(v) : '从未登录'),
            },
            {
              title: '创建日期',
              dataIndex: 'createdAt',
              width: 100,
              render: (v: string) => <span title={formatDateTime(v)}>{formatDateTime(v).slice(0, 10)}</span>,
            },
            ...(manage
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 210,
                    fixed: 'right' as const,
                    render: (_: unknown, a: Account) =>
                      a.username === user?.username ? (
                        <Typography.Text type="secondary">请在个人中心修改</Typography.Text>
                      ) : (
                        <Space size={0} wrap>
                          {a.abilities.editDetails && (
                            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(a)}>
                              编辑
                            </Button>
                          )}
                          {a.abilities.resetPassword && (
                            <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => confirmReset(a)}>
                              {a.role === 'applicant' ? '签发重置码' : '重置密码'}
                            </Button>
                          )}
                          {a.abilities.unlock && isLocked(a.lockedUntil) && (
                            <Button
                              type="link"
                              size="small"
                              icon={<UnlockOutlined />}
                              onClick={() => unlock.mutate(a)}
                              loading={unlock.isPending && unlock.variables?.id === a.id}
                            >
                              解锁
                            </Button>
                          )}
                          {a.abilities.update && (
                            <Button type="link" size="small" danger={a.active} onClick={() => confirmActive(a)}>
                              {a.active ? '停用' : '启用'}
                            </Button>
                          )}
                        </Space>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {creating && (
        <CreateAccountModal
          onClose={() => setCreating(false)}
          onCreated={(s) => {
            setCreating(false);
            setShown(s);
          }}
        />
      )}
      {editing && <EditAccountModal account={editing} onClose={() => setEditing(null)} />}
      {shown && (
        <InitialPasswordModal
          title={shown.title}
          username={shown.username}
          displayName={shown.displayName}
          password={shown.password}
          onClose={() => setShown(null)}
        />
      )}
      {shownCode && (
        <ResetCodeModal
          username={shownCode.username}
          displayName={shownCode.displayName}
          code={shownCode.code}
          expiresAt={shownCode.expiresAt}
          onClose={() => setShownCode(null)}
        />
      )}
    </>
  );
}
