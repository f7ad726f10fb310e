import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Modal, Space } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../util';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API unavailable (plain http, say): fall back to a selection copy.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }
}

/**
 * Shows a freshly issued initial password exactly once, with a copy button. The server keeps only a hash,
 * so once this closes the password cannot be shown again (only reset).
 */
export function InitialPasswordModal({
  title,
  username,
  displayName,
  password,
  onClose,
}: {
  title: string;
  username: string;
  displayName?: string;
  password: string;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          我已记下，关闭
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" className="gk-full">
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            { key: 'u', label: '用户名', children: <span className="gk-mono">{username}</span> },
            ...(displayName ? [{ key: 'n', label: '姓名', children: displayName }] : []),
            {
              key: 'p',
              label: '初始密码',
              children: (
                <Space>
                  <span className="gk-mono gk-password" data-testid="initial-password">
                    {password}
                  </span>
                  <Button
                    size="small"
                    icon={copied ? <CheckOutlined /> : <CopyOutlined />}
                    onClick={async () => setCopied(await copyText(password))}
                    autoFocus
                  >
                    {copied ? '已复制' : '复制'}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
        {copied === false && <Alert type="warning" showIcon title="无法自动复制，请手动选中密码复制。" />}
        <Alert
          type="info"
          showIcon
          title="初始密码只显示这一次"
          description="请通过安全的方式转交账号本人。对方首次登录时须先修改初始密码，才能使用系统。关闭后如遗失，只能重新重置密码。"
        />
      </Space>
    </Modal>
  );
}

/**
 * Shows an applicant's one-time reset code exactly once. The official never sees or sets the applicant's password:
 * the applicant redeems the code under 「忘记密码」 on the sign-in page and chooses one (ARCHITECTURE.md).
 */
export function ResetCodeModal({
  username,
  displayName,
  code,
  expiresAt,
  onClose,
}: {
  username: string;
  displayName?: string;
  code: string;
  expiresAt: string;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <Modal
      open
      title="已签发密码重置码"
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          我已记下，关闭
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" className="gk-full">
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            { key: 'u', label: '申报人（身份证号）', children: <span className="gk-mono">{username}</span> },
            ...(displayName ? [{ key: 'n', label: '姓名', children: displayName }] : []),
            {
              key: 'c',
              label: '重置码',
              children: (
                <Space>
                  <span className="gk-mono gk-password" data-testid="reset-code">
                    {code}
                  </span>
                  <Button
                    size="small"
                    icon={copied ? <CheckOutlined /> : <CopyOutlined />}
                    onClick={async () => setCopied(await copyText(code))}
                    autoFocus
                  >
                    {copied ? '已复制' : '复制'}
                  </Button>
                </Space>
              ),
            },
            { key: 'e', label: '有效期至', children: formatDateTime(expiresAt) },
          ]}
        />
        {copied === false && <Alert type="warning" showIcon title="无法自动复制，请手动选中重置码复制。" />}
        <Alert
          type="info"
          showIcon
          title="请核验申报人身份证件后，将重置码当面或电话告知本人"
          description="申报人在登录页点击「忘记密码」，凭身份证号和重置码自行设置新密码；重置码只能使用一次，过期作废。管理员看不到、也不能设置申报人的密码。原有登录已全部退出。"
        />
      </Space>
    </Modal>
  );
}
