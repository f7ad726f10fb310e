import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { errorMessage, isApiError } from '../api/client';
import { orgApi } from '../api/endpoints';
import type { CreateOrgNodeBody, OrgKind, OrgNode, UpdateOrgNodeBody } from '../api/types';
import { ORG_KIND_LABELS, orgCodeLabel } from '../labels';
import { CREDIT_CODE_PATTERN, optionalText, PHONE_PATTERN } from '../util';

interface Values {
  name: string;
  code?: string;
  contactName?: string;
  contactPhone?: string;
}

export type OrgNodeFormTarget =
  | { mode: 'create'; parent: OrgNode; kind: CreateOrgNodeBody['kind'] }
  | { mode: 'edit'; node: OrgNode };

/** Returns only what changed; a cleared optional field becomes null. */
export function changedFields(node: OrgNode, values: Values): UpdateOrgNodeBody {
  const body: UpdateOrgNodeBody = {};
  const name = values.name.trim();
  if (name !== node.name) body.name = name;
  const norm = (v: string | undefined) => optionalText(v) ?? null;
  const code = norm(values.code?.toUpperCase());
  if (code !== (node.code ?? null)) body.code = code;
  const contactName = norm(values.contactName);
  if (contactName !== (node.contactName ?? null)) body.contactName = contactName;
  const contactPhone = norm(values.contactPhone);
  if (contactPhone !== (node.contactPhone ?? null)) body.contactPhone = contactPhone;
  return body;
}

export function OrgNodeFormModal({
  target,
  onClose,
  onSaved,
}: {
  target: OrgNodeFormTarget;
  onClose: () => void;
  onSaved: (node: OrgNode) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const kind: OrgKind = target.mode === 'create' ? target.kind : target.node.kind;
  const usesCreditCode = kind === 'department' || kind === 'unit';
  const codeRequired = kind === 'unit';
  const title =
    target.mode === 'create'
      ? `新增${ORG_KIND_LABELS[target.kind]}（上级：${target.parent.name}）`
      : `编辑${ORG_KIND_LABELS[kind]}：${target.node.name}`;

  const save = useMutation({
    mutationFn: async (values: Values): Promise<OrgNode | null> => {
      if (target.mode === 'create') {
        return orgApi.create({
          parentId: target.parent.id,
          kind: target.kind,
          name: values.name.trim(),
          code: optionalText(values.code?.toUpperCase()),
          contactName: optionalText(values.contactName),
          contactPhone: optionalText(values.contactPhone),
        });
      }
      const body = changedFields(target.node, values);
      if (Object.keys(body).length === 0) return null;
      return orgApi.update(target.node.id, body);
    },
    onSuccess: (node) => {
      if (node) onSaved(node);
      else onClose();
    },
    onError: (e) => {
      setError(errorMessage(e));
      if (isApiError(e) && (e.code === 'CREDIT_CODE_INVALID' || e.code === 'ORG_CODE_TAKEN')) {
        form.setFields([{ name: 'code', errors: [e.message] }]);
      } else if (isApiError(e) && e.code === 'ORG_NAME_TAKEN') {
        form.setFields([{ name: 'name', errors: [e.message] }]);
      }
    },
  });

  const initialValues: Values =
    target.mode === 'edit'
      ? {
          name: target.node.name,
          code: target.node.code ?? '',
          contactName: target.node.contactName ?? '',
          contactPhone: target.node.contactPhone ?? '',
        }
      : { name: '' };

  return (
    <Modal
      open
      title={title}
      okText="保存"
      cancelText="取消"
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={{ htmlType: 'submit' }}
      modalRender={(dom) => (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={initialValues}
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
        label="名称"
        name="name"
        rules={[
          { required: true, whitespace: true, message: '请输入名称' },
          { max: 100, message: '名称不超过 100 个字' },
        ]}
      >
        <Input autoFocus maxLength={100} />
      </Form.Item>
      <Form.Item
        label={orgCodeLabel(kind)}
        name="code"
        normalize={(v: string | undefined) => (usesCreditCode ? v?.toUpperCase().replace(/\s/g, '') : v)}
        extra={usesCreditCode ? `18 位，由数字和大写字母组成${codeRequired ? '' : '；可不填'}` : undefined}
        rules={[
          { required: codeRequired, whitespace: true, message: `请输入${orgCodeLabel(kind)}` },
          ...(usesCreditCode
            ? [{ pattern: CREDIT_CODE_PATTERN, message: '统一社会信用代码格式不正确（应为 18 位数字或大写字母）' }]
            : []),
        ]}
      >
        <Input maxLength={usesCreditCode ? 18 : 32} className="gk-mono" />
      </Form.Item>
      <Form.Item label="联系人" name="contactName" rules={[{ max: 50, message: '联系人不超过 50 个字' }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item
        label="联系电话"
        name="contactPhone"
        rules={[{ pattern: PHONE_PATTERN, message: '请输入正确的电话号码' }]}
      >
        <Input maxLength={30} />
      </Form.Item>
    </Modal>
  );
}
