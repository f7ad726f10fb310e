import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import type { PanelBody } from '../../server/modules/panels/panels.schemas';
import { type PanelDetail, panelApi, panelKeys } from '../api/panels';

interface Values {
  name: string;
  range: [Dayjs, Dayjs];
  memberIds: number[];
  chairId: number;
}

/** 新建 / 修改评审组: name, 评审时间, members (experts with an account), the 组长 among them. */
export function PanelFormModal({
  open,
  panel,
  saving,
  onCancel,
  onSave,
}: {
  open: boolean;
  panel: PanelDetail | null;
  saving: boolean;
  onCancel: () => void;
  onSave: (body: PanelBody) => void;
}) {
  const [form] = Form.useForm<Values>();
  const experts = useQuery({ queryKey: panelKeys.experts(''), queryFn: () => panelApi.experts(), enabled: open });
  const memberIds = Form.useWatch('memberIds', form) ?? [];
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (panel) {
      form.setFieldsValue({
        name: panel.name,
        range: [dayjs(panel.startsAt), dayjs(panel.endsAt)],
        memberIds: panel.memberList.map((m) => m.expertId),
        chairId: panel.memberList.find((m) => m.isChair)?.expertId,
      });
    }
  }, [open, panel, form]);
  const options = (experts.data?.items ?? [])
    .filter((e) => e.active && e.username)
    .map((e) => ({ value: e.id, label: `${e.name}（${e.workUnitName}）` }));
  return (
    <Modal
      open={open}
      title={panel ? '修改评审组' : '新建评审组'}
      onCancel={onCancel}
      onOk={() => form.submit()}
      confirmLoading={saving}
      width={620}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          onSave({
            name: v.name,
            startsAt: v.range[0].toISOString(),
            endsAt: v.range[1].toISOString(),
            memberIds: v.memberIds,
            chairId: v.chairId,
          })
        }
      >
        <Form.Item name="name" label="评审组名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input maxLength={40} data-testid="panel-name" />
        </Form.Item>
        <Form.Item name="range" label="评审时间" rules={[{ required: true, message: '请选择评审时间' }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" className="gk-full" />
        </Form.Item>
        <Form.Item
          name="memberIds"
          label="成员（已建账号的在用专家）"
          rules={[{ required: true, message: '请选择成员' }]}
          extra="五名及以上成员评分时，去掉一个最高分和一个最低分。"
        >
          <Select mode="multiple" options={options} loading={experts.isLoading} optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="chairId" label="组长" rules={[{ required: true, message: '请选择组长' }]}>
          <Select options={options.filter((o) => memberIds.includes(o.value))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
