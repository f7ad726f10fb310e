import { LogoutOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage, isApiError, refreshCsrfToken, setCsrfToken } from '../api/client';
import { authApi } from '../api/endpoints';
import { AppLayout } from '../components/app-layout';
import { roleLabel } from '../labels';
import { useSession } from '../session';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

const POLICY_HINT =
  '密码 8–64 位，至少包含大写字母、小写字母、数字、符号中的三类，不能包含用户名或身份证号，不能与当前密码相同。';

function ChangePasswordForm({ forced }: { forced: boolean }) {
  const { markPasswordChanged, dropSession } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);

  const change = useMutation({
    mutationFn: (v: Values) => authApi.changePassword(v.currentPassword, v.newPassword),
    onSuccess: async () => {
      form.resetFields();
      setError(null);
      // The server may end the session or rotate its token when the password changes.
      setCsrfToken(null);
      const stillSignedIn = await authApi.me().then(
        () => true,
        (e: unknown) => !(isApiError(e) && e.status === 401),
      );
      if (!stillSignedIn) {
        dropSession(null);
        message.success('密码已修改，请使用新密码重新登录');
        navigate('/login', { replace: true });
        return;
      }
      await refreshCsrfToken();
      markPasswordChanged();
      message.success('密码已修改');
      if (forced) navigate('/', { replace: true });
    },
    onError: (e) => {
      setError(errorMessage(e));
      if (isApiError(e) && e.code === 'AUTH_WRONG_PASSWORD') {
        form.setFields([{ name: 'currentPassword', errors: [e.message] }]);
      } else if (isApiError(e) && e.code === 'PASSWORD_POLICY') {
        form.setFields([{ name: 'newPassword', errors: [e.message] }]);
      }
    },
  });

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(v) => change.mutate(v)}
      className="gk-narrow-form"
    >
      {error && <Alert className="gk-mb" type="error" showIcon title={error} role="alert" />}
      <Form.Item
        label={forced ? '初始密码' : '当前密码'}
        name="currentPassword"
        rules={[{ required: true, message: forced ? '请输入初始密码' : '请输入当前密码' }]}
      >
        <Input.Password data-testid="cp-current" autoComplete="current-password" autoFocus />
      </Form.Item>
      <Form.Item
        label="新密码"
        name="newPassword"
        extra={POLICY_HINT}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: '请输入新密码' },
          ({ getFieldValue }) => ({
            validator: (_rule, value: string | undefined) =>
              value && value === getFieldValue('currentPassword')
                ? Promise.reject(new Error('新密码不能与当前密码相同'))
                : Promise.resolve(),
          }),
        ]}
      >
        <Input.Password data-testid="cp-new" autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirm"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: (_rule, value: string | undefined) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error('两次输入的新密码不一致')),
          }),
        ]}
      >
        <Input.Password data-testid="cp-confirm" autoComplete="new-password" />
      </Form.Item>
      <Button data-testid="cp-submit" type="primary" htmlType="submit" loading={change.isPending}>
        {forced ? '修改密码并进入系统' : '修改密码'}
      </Button>
    </Form>
  );
}

/** Forced mode: the first sign-in, where nothing but this and signing out is allowed. */
function ForcedChangePassword() {
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  return (
    <div className="gk-login">
      <div className="gk-login-inner">
        <h1 className="gk-login-title">河南省机关事业单位工勤技能岗位等级考核系统</h1>
        <Card
          className="gk-login-card"
          title="修改初始密码"
          extra={
            <Button
              data-testid="logout"
              type="link"
              icon={<LogoutOutlined />}
              loading={busy}
              onClick={async () => {
                setBusy(true);
                await signOut();
                navigate('/login', { replace: true });
              }}
            >
              退出登录
            </Button>
          }
        >
          <Alert
            className="gk-mb"
            type="info"
            showIcon
            title="为保障账号安全，首次登录或密码被重置后，须先修改初始密码才能使用系统。"
          />
          {user && !user.partial && (
            <Typography.Paragraph type="secondary" data-testid="header-user">
              当前账号：{user.displayName}（{user.username}），{roleLabel(user.role)}
              {user.orgNodeName ? `，${user.orgNodeName}` : ''}
            </Typography.Paragraph>
          )}
          <ChangePasswordForm forced />
        </Card>
      </div>
    </div>
  );
}

export default function ChangePasswordPage() {
  const { user } = useSession();
  if (!user || user.mustChangePassword) return <ForcedChangePassword />;
  return (
    <AppLayout>
      <Typography.Title level={3}>个人中心</Typography.Title>
      <div className="gk-two-col">
        <Card title="账号信息">
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'username', label: '用户名', children: user.username },
              { key: 'displayName', label: '姓名', children: user.displayName },
              { key: 'role', label: '角色', children: roleLabel(user.role) },
              { key: 'org', label: '所属组织', children: user.orgNodeName ?? '—' },
            ]}
          />
        </Card>
        <Card title="修改密码">
          <ChangePasswordForm forced={false} />
        </Card>
      </div>
    </AppLayout>
  );
}
