import { useMutation } from '@tanstack/react-query';
import { Alert, Checkbox, Form, Input, Modal, Select } from 'antd';
import { parseSeatLabel } from '../../domain/seat-map';
import { errorMessage } from '../api/client';
import { type SeatingAssignment, type SeatingRooms, seatingApi } from '../api/seating';
import { ignoreInvalid } from '../components/form-validation.js';

interface MoveValues {
  sessionId: number;
  roomId: number;
  seatLabel: string;
  reason: string;
  confirmNotified: boolean;
  allowSpare: boolean;
}

export const NOTIFIED_MOVE_WARNING = '已通知（准考证可能已打印）。调整后须重新发布考场安排并重新通知考生。';
export const NOTIFIED_CONFIRM = '我已知晓：调整后须重新通知考生';
export const ALLOW_SPARE = '允许使用备用机位（仅限机器故障）';

/** A required tick: the server refuses to move a notified candidate unless the user confirmed it. */
export const mustTick = (message: string) => ({
  validator: (_: unknown, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(message))),
});

/** 调整座位 from the assignment list: another session, room (those in the caller's scope) and seat, with a reason. */
export function MoveDialog({
  assignment,
  rooms,
  onClose,
}: {
  assignment: SeatingAssignment;
  rooms: SeatingRooms;
  onClose: (moved: boolean) => void;
}) {
  const [form] = Form.useForm<MoveValues>();
  const sessionId = Form.useWatch('sessionId', form) ?? assignment.sessionId;
  const move = useMutation({
    mutationFn: (v: MoveValues) =>
      seatingApi.move({
        applicationId: assignment.applicationId,
        sessionId: v.sessionId,
        roomId: v.roomId,
        seatLabel: parseSeatLabel(v.seatLabel)?.label ?? v.seatLabel.trim().toUpperCase(),
        reason: v.reason.trim(),
        confirmNotified: v.confirmNotified || undefined,
        allowSpare: v.allowSpare || undefined,
      }),
    onSuccess: () => onClose(true),
  });
  const roomOptions = rooms.rooms
    .filter((r) => r.sessionId === sessionId)
    .map((r) => ({
      value: r.roomId,
      label: `${r.examRoomNumber ? `第${r.examRoomNumber}考场 · ` : ''}${r.centreName} ${r.roomCode} ${r.roomName}（${r.seated}/${r.capacity}）`,
    }));

  return (
    <Modal
      open
      title={`调整座位：${assignment.name}`}
      okText="调整"
      cancelText="取消"
      confirmLoading={move.isPending}
      onCancel={() => onClose(false)}
      onOk={() => void form.validateFields().then((v) => move.mutate(v), ignoreInvalid)}
      okButtonProps={{ 'data-testid': 'move-ok' }}
      destroyOnHidden
    >
      <p className="gk-muted">
        现在：{assignment.sessionName} · {assignment.centreName} {assignment.roomName} · 座位 {assignment.seatLabel}
      </p>
      {assignment.notifiedAt && (
        <Alert
          className="gk-mb"
          type="warning"
          showIcon
          title={`${assignment.name}${NOTIFIED_MOVE_WARNING}`}
          data-testid="move-notified"
        />
      )}
      {move.isError && <Alert className="gk-mb" type="error" showIcon role="alert" title={errorMessage(move.error)} />}
      <Form
        form={form}
        name="move"
        layout="vertical"
        initialValues={{
          sessionId: assignment.sessionId,
          roomId: assignment.roomId,
          seatLabel: '',
          reason: '',
          confirmNotified: false,
          allowSpare: false,
        }}
        data-testid="move-form"
      >
        <Form.Item name="sessionId" label="场次" rules={[{ required: true, message: '请选择场次' }]}>
          <Select
            options={rooms.sessions.map((s) => ({
              value: s.id,
              label: `${s.name}（${s.sessionDate} ${s.startTime}）`,
            }))}
            onChange={() => form.setFieldValue('roomId', undefined)}
          />
        </Form.Item>
        <Form.Item name="roomId" label="考场" rules={[{ required: true, message: '请选择考场' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={roomOptions} placeholder="选择考场" />
        </Form.Item>
        <Form.Item
          name="seatLabel"
          label="座位号"
          rules={[
            { required: true, message: '请填写座位号' },
            {
              validator: (_, v: string) =>
                !v || parseSeatLabel(v)
                  ? Promise.resolve()
                  : Promise.reject(new Error('座位号格式不正确（如 A03 或 01-03）')),
            },
          ]}
        >
          <Input placeholder="如 A03" maxLength={5} data-testid="move-seat" />
        </Form.Item>
        <Form.Item
          name="reason"
          label="调整原因"
          rules={[{ required: true, whitespace: true, message: '请填写调整原因' }]}
        >
          <Input.TextArea rows={2} maxLength={200} showCount data-testid="move-reason" />
        </Form.Item>
        <Form.Item name="allowSpare" valuePropName="checked" className="gk-mb0">
          <Checkbox>{ALLOW_SPARE}</Checkbox>
        </Form.Item>
        {assignment.notifiedAt && (
          <Form.Item name="confirmNotified" valuePropName="checked" rules={[mustTick('请确认调整后重新通知考生')]}>
            <Checkbox data-testid="move-confirm-notified">{NOTIFIED_CONFIRM}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
