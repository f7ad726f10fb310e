import { IdcardOutlined, KeyOutlined, LockOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage, isApiError } from '../api/client';
import { authApi } from '../api/endpoints';

interface Values {
  username: string;
  code: string;
  newPassword: string;
  confirm: string;
}

const POLICY_HINT = '密码 8–64 位，至少包含大写字母、小写字母、数字、符号中的三类，不能包含身份证号。';

/**
 * 忘记密码: an applicant redeems the one-time reset code that their jurisdiction's office issued after checking
 * their ID card, and chooses a new password. Officials' passwords are reset by their administrator instead.
 */
export default function ResetPasswordPage() {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const redeem = useMutation({
    mutationFn: (v: Values) => authApi.redeemResetCode(v.username.trim(), v.code.trim(), v.newPassword),
    onError: (e) => {
      setError(errorMessage(e));
      if (isApiError(e) && e.code === 'PASSWORD_POLICY') form.setFields([{ name: 'newPassword', errors: [e.message] }]);
    },
  });

  return (
    <div className="gk-login">
      <div className="gk-login-inner">
        <h1 className="gk-login-title">忘记密码</h1>
        <Card className="gk-login-card" title="申报人凭重置码设置新密码">
          {redeem.isSuccess ? (
            <Result
              status="success"
              title="新密码已设置"
              subTitle="该账号在其他地方的登录已全部退出，请用新密码登录。"
              extra={
                <Button type="primary" onClick={() => navigate('/login')} autoFocus>
                  去登录
                </Button>
              }
            />
          ) : (
            <>
              <Typography.Paragraph type="secondary">
                申报人忘记密码时，请携带身份证到所在地（单位所在市、县）工考办，核验身份后领取一次性重置码，24
                小时内在本页设置新密码。单位经办人、审核人员等工作人员的密码由本级管理员重置。
              </Typography.Paragraph>
              {error && <Alert className="gk-mb" type="error" showIcon title={error} role="alert" />}
              <Form<Values>
                form={form}
                layout="vertical"
                requiredMark={false}
                onFinish={(v) => {
                  setError(null);
                  redeem.mutate(v);
                }}
              >
                <Form.Item
                  label="身份证号"
                  name="username"
                  rules={[{ required: true, whitespace: true, message: '请输入身份证号' }]}
                >
                  <Input prefix={<IdcardOutlined aria-hidden />} autoComplete="username" autoFocus maxLength={18} />
                </Form.Item>
                <Form.Item
                  label="重置码"
                  name="code"
                  extra="形如 K7QD-M3XA，不区分大小写"
                  rules={[{ required: true, whitespace: true, message: '请输入重置码' }]}
                >
                  <Input prefix={<KeyOutlined aria-hidden />} autoComplete="one-time-code" maxLength={20} />
                </Form.Item>
                <Form.Item
                  label="新密码"
                  name="newPassword"
                  extra={POLICY_HINT}
                  rules={[{ required: true, message: '请输入新密码' }]}
                >
                  <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="new-password" />
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
                  <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="new-password" />
                </Form.Item>
                <Button type="primary" htmlType="submit" block loading={redeem.isPending}>
                  设置新密码
                </Button>
              </Form>
              <div className="gk-login-links">
                <Link to="/login">返回登录</Link>
              </div>
            </>
          )}
        </Card>
      </div>
    </div>
  );
}
