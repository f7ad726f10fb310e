import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { errorMessage, isApiError } from '../api/client';
import { authApi, registrationApi } from '../api/endpoints';
import { usePublicConfig } from '../components/demo-banner';
import { PageLoading } from '../components/page-loading';
import { OnlineRegionsNotice } from '../registration/online-regions';
import { useSession } from '../session';
import { PHONE_PATTERN } from '../util';

const TITLE = '河南省机关事业单位工勤技能岗位等级考核系统';
const POLICY_HINT = '密码 8–64 位，至少包含大写字母、小写字母、数字、符号中的三类，不能包含身份证号。';

interface Values {
  idNumber: string;
  name: string;
  phone: string;
  password: string;
  confirm: string;
}

/** The password policy's shape (the server's check is the one that counts). */
function policyProblem(password: string, idNumber: string): string | null {
  const chars = [...password];
  if (chars.length < 8 || chars.length > 64) return '密码长度应为8至64位';
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  const id = idNumber.trim().toLowerCase();
  if (id && password.toLowerCase().includes(id)) return '密码不能包含身份证号';
  return null;
}

/** 网上报名（试点地区）: an applicant creates an account (username = ID number), then is signed in. */
export default function RegisterPage() {
  const { user, loading, signedIn } = useSession();
  const { data: config } = usePublicConfig();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const signUp = useMutation({
    mutationFn: async (v: Values) => {
      const idNumber = v.idNumber.trim().toUpperCase();
      const res = await registrationApi.signUp({
        idNumber,
        name: v.name.trim(),
        phone: v.phone.trim(),
        password: v.password,
      });
      setCreated(res.username);
      return authApi.login(res.username, v.password);
    },
    onSuccess: (response) => {
      signedIn(response);
      navigate(response.mustChangePassword ? '/change-password' : '/my-application', { replace: true });
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'ACCOUNT_EXISTS') {
        form.setFields([{ name: 'idNumber', errors: [e.message] }]);
      }
      setError(errorMessage(e));
    },
  });

  if (loading) return <PageLoading />;
  if (user && !signUp.isPending && !created) return <Navigate to="/" replace />;

  return (
    <div className="gk-login">
      <div className="gk-login-inner">
        <h1 className="gk-login-title">{config?.appName || TITLE}</h1>
        <Card className="gk-login-card" title="网上报名（试点地区）· 注册">
          <OnlineRegionsNotice />
          <Typography.Paragraph type="secondary">
            注册后自行填写申请表，提交给所在单位确认。用户名为身份证号。
          </Typography.Paragraph>
          {error && (
            <Alert
              className="gk-mb"
              type="error"
              showIcon
              role="alert"
              title={created ? `账号已创建（用户名 ${created}），但自动登录失败：${error}` : error}
              action={created ? <Link to="/login">去登录</Link> : undefined}
            />
          )}
          <Form<Values>
            form={form}
            layout="vertical"
            requiredMark={false}
            autoComplete="off"
            onFinish={(v) => {
              setError(null);
              signUp.mutate(v);
            }}
          >
            <Form.Item
              label="身份证号"
              name="idNumber"
              extra="注册后用身份证号登录"
              rules={[
                { required: true, whitespace: true, message: '请输入身份证号' },
                { pattern: /^\s*\d{17}[\dXx]\s*$/, message: '身份证号应为18位（最后一位可为X）' },
              ]}
            >
              <Input data-testid="reg-id" maxLength={18} className="gk-mono" autoFocus autoComplete="username" />
            </Form.Item>
            <Form.Item
              label="姓名"
              name="name"
              extra="与身份证一致"
              rules={[
                { required: true, whitespace: true, message: '请输入姓名' },
                { max: 30, message: '姓名不超过30个字' },
              ]}
            >
              <Input data-testid="reg-name" maxLength={30} autoComplete="name" />
            </Form.Item>
            <Form.Item
              label="手机号码"
              name="phone"
              rules={[
                { required: true, whitespace: true, message: '请输入手机号码' },
                { pattern: PHONE_PATTERN, message: '请输入正确的电话号码' },
              ]}
            >
              <Input data-testid="reg-phone" maxLength={20} inputMode="tel" autoComplete="tel" />
            </Form.Item>
            <Form.Item
              label="密码"
              name="password"
              extra={POLICY_HINT}
              dependencies={['idNumber']}
              rules={[
                { required: true, message: '请输入密码' },
                ({ getFieldValue }) => ({
                  validator: (_r, value: string | undefined) => {
                    const problem = value ? policyProblem(value, String(getFieldValue('idNumber') ?? '')) : null;
                    return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
                  },
                }),
              ]}
            >
              <Input.Password data-testid="reg-password" autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              label="确认密码"
              name="confirm"
              dependencies={['password']}
              rules={[
                { required: true, message: '请再次输入密码' },
                ({ getFieldValue }) => ({
                  validator: (_r, value: string | undefined) =>
                    !value || value === getFieldValue('password')
                      ? Promise.resolve()
                      : Promise.reject(new Error('两次输入的密码不一致')),
                }),
              ]}
            >
              <Input.Password data-testid="reg-confirm" autoComplete="new-password" />
            </Form.Item>
            <Button
              data-testid="reg-submit"
              type="primary"
              htmlType="submit"
              block
              size="large"
              loading={signUp.isPending}
            >
              注册并登录
            </Button>
          </Form>
          <div className="gk-login-links">
            <Link to="/login">已有账号，去登录</Link>
            <Link to="/self-check">先做资格自测</Link>
          </div>
        </Card>
      </div>
    </div>
  );
}
