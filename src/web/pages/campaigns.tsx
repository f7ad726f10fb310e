import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, InputNumber, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../api/client';
import { campaignApi, queryKeys } from '../api/endpoints';
import type { CampaignStatus, CampaignSummary } from '../api/types';
import { CAMPAIGN_STATUS_COLORS, CAMPAIGN_STATUS_LABELS } from '../labels';
import { useSession } from '../session';

function NewCampaignModal({ taken, onClose }: { taken: number[]; onClose: () => void }) {
  const navigate = useNavigate();
  const next = (taken.length ? Math.max(...taken) : new Date().getFullYear() - 1) + 1;
  return (
    <Modal
      open
      title="新建考核年度"
      okText="下一步：核对设置"
      cancelText="取消"
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ htmlType: 'submit', form: 'new-campaign' }}
    >
      <Form<{ year: number }>
        id="new-campaign"
        layout="vertical"
        initialValues={{ year: next }}
        onFinish={(v) => navigate(`/campaigns/new?year=${v.year}`)}
      >
        <Typography.Paragraph type="secondary">
          按2017年通知的模板生成该年度的设置（时间安排、申报条件截止、考试科目），下一步可逐项修改后保存。
        </Typography.Paragraph>
        <Form.Item
          label="考核年度"
          name="year"
          rules={[
            { required: true, message: '请填写年度' },
            {
              validator: (_r, v: number | null) =>
                v && taken.includes(v) ? Promise.reject(new Error(`${v}年度已存在`)) : Promise.resolve(),
            },
          ]}
        >
          <InputNumber<number> min={2000} max={2100} precision={0} suffix="年" autoFocus className="gk-full" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 考核年度: the list; a row opens the campaign (timetable for everyone, settings for the province). */
export default function CampaignsPage() {
  const { can } = useSession();
  const navigate = useNavigate();
  const manage = can('campaign.manage');
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: queryKeys.campaigns, queryFn: campaignApi.list });
  const items = list.data?.items ?? [];

  return (
    <>
      <Typography.Title level={3}>考核年度</Typography.Title>
      <Card
        title="考核年度列表"
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label="刷新" />{' '}
            {manage && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="campaign-new"
              >
                新建考核年度
              </Button>
            )}
          </>
        }
      >
        {list.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(list.error)} />}
        <Table<CampaignSummary>
          size="small"
          rowKey="id"
          loading={list.isFetching}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: manage ? '还没有考核年度，请点击“新建考核年度”' : '还没有考核年度' }}
          onRow={(c) => ({ onDoubleClick: () => navigate(`/campaigns/${c.id}`) })}
          columns={[
            { title: '年度', dataIndex: 'year', width: 80 },
            {
              title: '名称',
              dataIndex: 'name',
              render: (n: string, c) => <Link to={`/campaigns/${c.id}`}>{n}</Link>,
            },
            { title: '通知文号', dataIndex: 'noticeNumber', width: 220 },
            { title: '通知日期', dataIndex: 'noticeDate', width: 110 },
            { title: '工种目录', dataIndex: 'catalogVersionName', width: 200, ellipsis: true },
            {
              title: '状态',
              dataIndex: 'status',
              width: 90,
              render: (s: CampaignStatus) => <Tag color={CAMPAIGN_STATUS_COLORS[s]}>{CAMPAIGN_STATUS_LABELS[s]}</Tag>,
            },
          ]}
        />
      </Card>
      {creating && <NewCampaignModal taken={items.map((c) => c.year)} onClose={() => setCreating(false)} />}
    </>
  );
}
