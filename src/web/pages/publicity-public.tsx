import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { PUBLICITY_STATE_LABELS } from '../../domain/publicity';
import { errorMessage } from '../api/client';
import { type PublicEntriesResponse, publicityApi, publicityKeys } from '../api/publicity';
import { usePublicConfig } from '../components/demo-banner';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';

type Person = PublicEntriesResponse['items'][number];

/**
 * 合格人员公示 (public, no sign-in): the qualified persons of a campaign while published (and after, marked ended),
 * ID numbers masked, paged and searched by name or unit; an objection (异议) may be filed during the period.
 */
export default function PublicityPublicPage() {
  const { data: config } = usePublicConfig();
  const lists = useQuery({ queryKey: publicityKeys.publicList, queryFn: publicityApi.publicList });
  // One list per campaign and result track (五级至二级, 一级): chosen as `campaignId:track`.
  const [chosen, setChosen] = useState<string | undefined>();
  const first = lists.data?.items[0];
  const key = chosen ?? (first ? `${first.campaignId}:${first.track}` : undefined);
  const campaignId = key === undefined ? undefined : Number(key.split(':')[0]);
  const track = key?.split(':')[1] === 'grade1' ? ('grade1' as const) : ('regular' as const);
  const [search, setSearch] = useState({ page: 1, q: '' });
  const [objecting, setObjecting] = useState<Person | null>(null);
  const entries = useQuery({
    queryKey: publicityKeys.publicEntries(campaignId ?? 0, { ...search, track }),
    queryFn: () => publicityApi.publicEntries(campaignId ?? 0, { page: search.page, q: search.q || undefined, track }),
    enabled: campaignId !== undefined,
    placeholderData: keepPreviousData,
  });
  const objection = useMutation({
    mutationFn: (v: { objectorName: string; objectorContact: string; content: string }) =>
      publicityApi.publicObjection(campaignId ?? 0, { ...v, applicationId: objecting?.applicationId ?? 0 }),
    onSuccess: () => setObjecting(null),
  });
  const data = entries.data;
  return (
    <div className="gk-login">
      <div className="gk-login-inner" style={{ maxWidth: 1100, width: '100%' }}>
        <h1 className="gk-login-title">{config?.appName || '河南省机关事业单位工勤技能岗位等级考核'}</h1>
        <Card title="合格人员公示" data-testid="publicity-public">
          {lists.data && lists.data.items.length === 0 && <Alert type="info" showIcon title="目前没有正在公示的名单" />}
          {lists.data && lists.data.items.length > 0 && (
            <Space wrap style={{ marginBottom: 12 }}>
              <Select
                aria-label="公示名单"
                style={{ width: 420, maxWidth: '100%' }}
                value={key}
                onChange={(v) => {
                  setChosen(v);
                  setSearch({ page: 1, q: '' });
                }}
                options={lists.data.items.map((l) => ({
                  value: `${l.campaignId}:${l.track}`,
                  label: `${l.name}（${PUBLICITY_STATE_LABELS[l.state]}）`,
                }))}
              />
              <Input.Search
                allowClear
                placeholder="按姓名或单位查找"
                style={{ width: 240 }}
                onSearch={(q) => setSearch({ page: 1, q })}
                data-testid="publicity-search"
              />
            </Space>
          )}
          {entries.isError && <Alert type="warning" showIcon title={errorMessage(entries.error)} />}
          {data && (
            <>
              <Typography.Paragraph>
                <Tag color="purple" data-testid="publicity-public-track">
                  {data.trackLabel}
                </Tag>
                公示期：{data.startsOn} 至 {data.endsOn}{' '}
                <Tag color={data.state === 'running' ? 'blue' : 'default'}>{PUBLICITY_STATE_LABELS[data.state]}</Tag>
                {data.state === 'running'
                  ? `如对公示人员有异议，请在公示期内实名提出（点击“提出异议”，或联系：${data.contact}）。`
                  : '公示期已满。'}
              </Typography.Paragraph>
              <Table<Person>
                size="small"
                rowKey="applicationId"
                loading={entries.isFetching}
                dataSource={data.items}
                pagination={{
                  current: search.page,
                  pageSize: data.pageSize,
                  total: data.total,
                  showSizeChanger: false,
                  onChange: (page) => setSearch((s) => ({ ...s, page })),
                }}
                columns={[
                  { title: '姓名', dataIndex: 'name', width: 90 },
                  { title: '身份证号', dataIndex: 'idNumberMasked', width: 170 },
                  { title: '地区', dataIndex: 'jurisdictionName', width: 100 },
                  { title: '单位', dataIndex: 'unitName' },
                  { title: '工种', dataIndex: 'jobTypeName', width: 110 },
                  {
                    title: '等级',
                    dataIndex: 'grade',
                    width: 120,
                    render: (g: number) => GRADE_LABELS[g as AppliedGrade] ?? g,
                  },
                  {
                    title: '',
                    width: 90,
                    render: (_: unknown, p) =>
                      data.state === 'running' ? (
                        <Button size="small" onClick={() => setObjecting(p)}>
                          提出异议
                        </Button>
                      ) : null,
                  },
                ]}
              />
            </>
          )}
          {objection.data && <Alert style={{ marginTop: 12 }} type="success" showIcon title={objection.data.message} />}
          <div style={{ marginTop: 16 }}>
            <Link to="/login">返回登录</Link>
          </div>
        </Card>
      </div>
      <Modal
        open={objecting !== null}
        title={`对「${objecting?.name ?? ''}」（${objecting?.unitName ?? ''}）提出异议`}
        onCancel={() => setObjecting(null)}
        footer={null}
        destroyOnHidden
      >
        <Form layout="vertical" onFinish={objection.mutate} requiredMark={false}>
          <Form.Item label="您的姓名" name="objectorName" rules={[{ required: true, message: '请填写您的姓名' }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            label="联系电话或地址"
            name="objectorContact"
            rules={[{ required: true, min: 5, message: '请填写联系方式' }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            label="异议的事实和理由"
            name="content"
            rules={[{ required: true, min: 5, message: '请写明事实和理由' }]}
          >
            <Input.TextArea rows={5} maxLength={2000} />
          </Form.Item>
          {objection.isError && (
            <Alert type="error" showIcon title={errorMessage(objection.error)} style={{ marginBottom: 12 }} />
          )}
          <Button type="primary" htmlType="submit" loading={objection.isPending}>
            提交
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
