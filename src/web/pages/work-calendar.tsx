import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { CALENDAR_DAY_KIND_LABELS, type CalendarDayKind } from '../../domain/working-days';
import { errorMessage } from '../api/client';
import { calendarApi, publicityKeys } from '../api/publicity';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/**
 * 工作日历: the public holidays (放假) and weekend days worked (调休上班) that the publicity and the score review count
 * working days by. The province keeps it from the State Council's yearly notice; others read it.
 */
export default function WorkCalendarPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [year, setYear] = useState(new Date().getFullYear());
  const calendar = useQuery({ queryKey: publicityKeys.calendar(year), queryFn: () => calendarApi.year(year) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['calendar'] });
  const set = useMutation({
    mutationFn: (v: { date: string; kind: CalendarDayKind; name: string }) =>
      calendarApi.set(v.date, { kind: v.kind, name: v.name }),
    onSuccess: () => {
      void message.success('已保存');
      void refresh();
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: calendarApi.remove,
    onSuccess: () => void refresh(),
    onError: (e) => void message.error(errorMessage(e)),
  });
  const manage = calendar.data?.abilities.manage ?? false;
  return (
    <div className="gk-page" data-testid="calendar-page">
      <Space className="gk-toolbar" wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          工作日历
        </Typography.Title>
        <InputNumber aria-label="年份" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
      </Space>
      <Alert
        style={{ marginBottom: 12 }}
        type="info"
        showIcon
        title="公示期、复核申请期限和复核答复时限按工作日计算：周一至周五为工作日，标为“放假”的日期除外；周末标为“调休上班”的计为工作日。预置的 2026、2027 年节假日须以国务院办公厅当年的通知为准核对（2027 年仅预置法定节日当天，调休安排待通知发布后补充）。"
      />
      {manage && (
        <Form
          layout="inline"
          style={{ marginBottom: 12, rowGap: 8 }}
          onFinish={set.mutate}
          initialValues={{ kind: 'holiday' }}
        >
          <Form.Item
            label="日期"
            name="date"
            rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}
          >
            <Input placeholder="YYYY-MM-DD" style={{ width: 130 }} data-testid="calendar-date" />
          </Form.Item>
          <Form.Item label="类型" name="kind">
            <Select
              style={{ width: 120 }}
              options={Object.entries(CALENDAR_DAY_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写' }]}>
            <Input placeholder="例如 国庆节" style={{ width: 160 }} data-testid="calendar-name" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={set.isPending} data-testid="calendar-save">
            保存
          </Button>
        </Form>
      )}
      <Table
        size="small"
        rowKey="date"
        loading={calendar.isFetching}
        dataSource={calendar.data?.days}
        pagination={false}
        columns={[
          { title: '日期', dataIndex: 'date', width: 120 },
          { title: '星期', dataIndex: 'weekday', width: 90, render: (w: number) => WEEKDAYS[w] },
          { title: '类型', dataIndex: 'kind', width: 100, render: (k: CalendarDayKind) => CALENDAR_DAY_KIND_LABELS[k] },
          { title: '名称', dataIndex: 'name' },
          ...(manage
            ? [
                {
                  title: '操作',
                  width: 80,
                  render: (_: unknown, d: { date: string }) => (
                    <Popconfirm title="删除后按平常的工作日或周末计，确定？" onConfirm={() => remove.mutate(d.date)}>
                      <Button size="small" danger>
                        删除
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
