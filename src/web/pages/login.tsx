import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../api/client';
import { authApi } from '../api/endpoints';
import type { DemoAccount } from '../api/types';
import { usePublicConfig } from '../components/demo-banner';
import { PageLoading } from '../components/page-loading';
import { roleLabel } from '../labels';
import { useSession } from '../session';
import { safeRedirect } from '../util';

const DEMO_PASSWORD = 'Demo#2017';
const TITLE = '河南省机关事业单位工勤技能岗位等级考核系统';

interface LoginValues {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { user, loading, signedIn, ended } = useSession();
  const { data: config } = usePublicConfig();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<LoginValues>();
  const [error, setError] = useState<string | null>(null);
  const redirect = safeRedirect(params.get('redirect'));
  const expired = params.get('expired') === '1' || ended === 'expired';

  const login = useMutation({
    mutationFn: (values: LoginValues) => authApi.login(values.username.trim(), values.password),
    onSuccess: (response) => {
      signedIn(response);
      navigate(response.mustChangePassword ? '/change-password' : redirect, { replace: true });
    },
    onError: (e) => {
      setError(errorMessage(e));
      form.setFieldValue('password', '');
    },
  });

  if (loading) return <PageLoading tip="正在确认登录状态…" />;
  if (user && !login.isPending) {
    return <Navigate to={user.mustChangePassword ? '/change-password' : redirect} replace />;
  }

  const fillDemo = (account: DemoAccount) => {
    form.setFieldsValue({ username: account.username, password: DEMO_PASSWORD });
    setError(null);
    document.querySelector<HTMLInputElement>('[data-testid="login-submit"]')?.focus();
  };

  return (
    <div className="gk-login">
      <div className="gk-login-inner">
        <h1 className="gk-login-title">{config?.appName || TITLE}</h1>
        <Card className="gk-login-card" title="登录">
          {expired && !error && <Alert className="gk-mb" type="warning" showIcon title="登录已过期，请重新登录" />}
          {error && <Alert className="gk-mb" type="error" showIcon title={error} role="alert" />}
          <Form<LoginValues>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={(values) => {
              setError(null);
              login.mutate(values);
            }}
            autoComplete="on"
          >
            <Form.Item
              label="用户名"
              name="username"
              rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
            >
              <Input
                data-testid="login-username"
                prefix={<UserOutlined aria-hidden />}
                autoComplete="username"
                autoFocus
                size="large"
              />
            </Form.Item>
            <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password
                data-testid="login-password"
                prefix={<LockOutlined aria-hidden />}
                autoComplete="current-password"
                size="large"
              />
            </Form.Item>
            <Button
              data-testid="login-submit"
              type="primary"
              htmlType="submit"
              block
              size="large"
              loading={login.isPending}
            >
              登录
            </Button>
          </Form>
          <div className="gk-login-links">
            <span className="gk-login-link-group">
              <Link to="/self-check">资格自测</Link>
              <Link to="/score-lookup" data-testid="login-score-lookup">
                成绩查询
              </Link>
              <Link to="/verify" data-testid="login-verify">
                证书核验
              </Link>
              <Link to="/publicity" data-testid="login-publicity">
                合格人员公示
              </Link>
              <Link to="/register" data-testid="login-register">
                网上报名（试点地区）
              </Link>
            </span>
            <Typography.Text type="secondary">
              <Link to="/reset-password" data-testid="login-forgot">
                忘记密码
              </Link>
              ：申报人凭工考办签发的重置码自行设置；工作人员请联系本级管理员
            </Typography.Text>
          </div>
          {config?.demoMode && config.demoAccounts && config.demoAccounts.length > 0 && (
            <Collapse
              className="gk-demo-accounts"
              size="small"
              items={[
                {
                  key: 'demo',
                  label: `演示账号（密码均为 ${DEMO_PASSWORD}）`,
                  children: (
                    <ul className="gk-demo-list">
                      {config.demoAccounts.map((account) => (
                        <li key={account.username}>
                          <span>
                            <strong>{account.label}</strong>
                            <span className="gk-demo-meta">
                              {roleLabel(account.role)} · <span className="gk-mono">{account.username}</span>
                            </span>
                          </span>
                          <Button
                            size="small"
                            onClick={() => fillDemo(account)}
                            aria-label={`填入演示账号 ${account.username}`}
                          >
                            填入
                          </Button>
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]}
            />
          )}
        </Card>
        {config?.version && <div className="gk-login-version">版本 {config.version}</div>}
      </div>
    </div>
  );
}
