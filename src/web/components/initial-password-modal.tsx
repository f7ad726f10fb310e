import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Modal, Space } from 'antd';
import { useState } from 'react';

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
