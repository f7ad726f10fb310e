import { EditOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { centreApi, centreKeys, type RoomDetail } from '../api/centres';
import { errorMessage, isSessionError } from '../api/client';
import { ticketApi } from '../api/tickets';
import { useFileJob } from '../components/file-job';
import { useSession } from '../session';
import { CentreModal } from './centres';

type Room = Omit<RoomDetail, 'centreName' | 'centreCode' | 'abilities' | 'latestChecks'>;

interface RoomValues {
  code: string;
  name: string;
  rows: number;
  columns: number;
}

function CreateRoomModal({ centreId, onClose }: { centreId: number; onClose: () => void }) {
  const [form] = Form.useForm<RoomValues>();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: (v: RoomValues) =>
      centreApi.createRoom(centreId, {
        code: v.code.trim(),
        name: v.name.trim(),
        seatMap: { rows: v.rows, columns: v.columns, outOfUse: [] },
      }),
    onSuccess: (room) => navigate(`/rooms/${room.id}`),
  });
  return (
    <Modal
      open
      title="新建考场"
      onCancel={onClose}
      destroyOnHidden
      okText="新建并编辑座位图"
      cancelText="取消"
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'room-create-ok' } as ButtonProps}
    >
      <Form<RoomValues>
        form={form}
        layout="vertical"
        initialValues={{ rows: 6, columns: 8 }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item
          label="考场代码"
          name="code"
          extra="两位数字，本考点内不重复，用于准考证号"
          rules={[
            { required: true, message: '请填写考场代码' },
            { pattern: /^[0-9]{2}$/, message: '考场代码须为两位数字（如 01）' },
          ]}
        >
          <Input maxLength={2} className="gk-filter-small" data-testid="room-code" />
        </Form.Item>
        <Form.Item
          label="考场名称"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请填写考场名称' }]}
        >
          <Input maxLength={40} placeholder="如 第一机房" data-testid="room-name" />
        </Form.Item>
        <Space>
          <Form.Item label="座位行数" name="rows" rules={[{ required: true, message: '请填写行数' }]}>
            <InputNumber min={1} max={26} precision={0} />
          </Form.Item>
          <Form.Item label="每行座位数" name="columns" rules={[{ required: true, message: '请填写每行座位数' }]}>
            <InputNumber min={1} max={99} precision={0} />
          </Form.Item>
        </Space>
      </Form>
      {create.isError && <Alert type="error" showIcon role="alert" title={errorMessage(create.error)} />}
    </Modal>
  );
}

export default function CentrePage() {
  const id = Number(useParams().id);
  const centre = useQuery({ queryKey: centreKeys.detail(id), queryFn: () => centreApi.get(id) });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState(false);
  const c = centre.data;
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { can } = useSession();
  const fileJob = useFileJob();
  const printSet = () =>
    fileJob.run({
      title: '打印全套考务材料',
      unit: '个考场·场次',
      start: () => ticketApi.startPrintSet(id),
      fileUrl: ticketApi.printSetUrl,
    });
  const toggle = useMutation({
    mutationFn: (r: Room) => centreApi.updateRoom(r.id, { active: !r.active }),
    onSuccess: async (r) => {
      message.success(r.active ? `已启用考场「${r.name}」` : `已停用考场「${r.name}」`);
      await queryClient.invalidateQueries({ queryKey: centreKeys.all });
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          {c ? `${c.code} ${c.name}` : '考点'}
          {c && !c.active && <Tag style={{ marginLeft: 12 }}>已停用</Tag>}
        </Typography.Title>
        <Space>
          <Link to="/centres">
            <Button>返回考点列表</Button>
          </Link>
          {c?.abilities.update && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              修改考点
            </Button>
          )}
          {c && can('seating.read') && (
            <Button icon={<PrinterOutlined />} onClick={printSet} data-testid="centre-print-set">
              打印全套考务材料
            </Button>
          )}
          {c?.abilities.manageRooms && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="room-create">
              新建考场
            </Button>
          )}
        </Space>
      </div>
      {centre.isError && !isSessionError(centre.error) && (
        <Alert className="gk-mb" type="error" showIcon title={errorMessage(centre.error)} />
      )}
      {c && (
        <Card className="gk-mb">
          <Descriptions size="small" column={3}>
            <Descriptions.Item label="地区">{c.orgNodeName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="地址">{c.address}</Descriptions.Item>
            <Descriptions.Item label="联系人">
              {[c.contactName, c.contactPhone].filter(Boolean).join(' ') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label="考场数">{c.roomCount}</Descriptions.Item>
            <Descriptions.Item label="可容纳考生">{c.capacity}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card title="考场">
        <Table<Room>
          rowKey="id"
          size="middle"
          loading={centre.isFetching}
          dataSource={c?.rooms ?? []}
          pagination={false}
          columns={[
            { title: '代码', dataIndex: 'code', width: 70 },
            {
              title: '考场名称',
              dataIndex: 'name',
              render: (name: string, r) => <Link to={`/rooms/${r.id}`}>{name}</Link>,
            },
            {
              title: '座位',
              key: 'size',
              width: 90,
              render: (_, r) => `${r.seatMap.rows}×${r.seatMap.columns}`,
            },
            { title: '可用', dataIndex: 'usable', width: 70 },
            { title: '备用', dataIndex: 'spare', width: 70 },
            { title: '可容纳', dataIndex: 'capacity', width: 80 },
            {
              title: '机位检测',
              key: 'checks',
              render: (_, r) => (
                <Space size={4} wrap>
                  <Tag color="green">通过 {r.checks.ok}</Tag>
                  <Tag color={r.checks.failed ? 'red' : undefined}>未通过 {r.checks.failed}</Tag>
                  <Tag>未检测 {r.checks.unchecked}</Tag>
                </Space>
              ),
            },
            {
              title: '状态',
              dataIndex: 'active',
              width: 80,
              render: (active: boolean) => (active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
            },
            {
              title: '操作',
              key: 'actions',
              width: 80,
              render: (_, r) =>
                c?.abilities.manageRooms ? (
                  <Popconfirm
                    title={r.active ? `停用考场「${r.name}」？` : `启用考场「${r.name}」？`}
                    okText="确定"
                    cancelText="取消"
                    onConfirm={() => toggle.mutate(r)}
                  >
                    <Button size="small">{r.active ? '停用' : '启用'}</Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>
      {creating && <CreateRoomModal centreId={id} onClose={() => setCreating(false)} />}
      {editing && c && <CentreModal centre={c} onClose={() => setEditing(false)} />}
      {fileJob.dialog}
    </>
  );
}
