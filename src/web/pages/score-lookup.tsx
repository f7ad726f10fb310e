import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { errorMessage } from '../api/client';
import { type ScoreLookup, scoreApi } from '../api/scores';
import { usePublicConfig } from '../components/demo-banner';

/**
 * 成绩查询 (public, no sign-in): ID number and 准考证号 → the released scores. A wrong pair and scores not yet
 * released answer the same "nothing matches".
 */
export default function ScoreLookupPage() {
  const { data: config } = usePublicConfig();
  const lookup = useMutation({ mutationFn: scoreApi.lookup });
  const result: ScoreLookup | undefined = lookup.data;
  return (
    <div className="gk-login">
      <div className="gk-login-inner">
        <h1 className="gk-login-title">{config?.appName || '河南省机关事业单位工勤技能岗位等级考核'}</h1>
        <Card className="gk-login-card" title="成绩查询" data-testid="score-lookup">
          <Typography.Paragraph type="secondary">
            成绩发布后，凭身份证号和准考证号查询本人的考试成绩。各科达到合格线（默认 60
            分）为合格，三科均合格方为通过该等级考试；一级（高级技师）须职业道德、专业基础知识和综合评审均合格。
          </Typography.Paragraph>
          <Form
            layout="vertical"
            onFinish={(values: { idNumber: string; ticketNumber: string }) => lookup.mutate(values)}
            requiredMark={false}
          >
            <Form.Item label="身份证号" name="idNumber" rules={[{ required: true, message: '请填写身份证号' }]}>
              <Input autoComplete="off" maxLength={18} data-testid="lookup-id" />
            </Form.Item>
            <Form.Item label="准考证号" name="ticketNumber" rules={[{ required: true, message: '请填写准考证号' }]}>
              <Input autoComplete="off" maxLength={30} data-testid="lookup-ticket" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={lookup.isPending} data-testid="lookup-submit">
              查询
            </Button>
          </Form>
          {lookup.isError && (
            <Alert style={{ marginTop: 16 }} type="warning" showIcon title={errorMessage(lookup.error)} />
          )}
          {result && (
            <div style={{ marginTop: 16 }} data-testid="lookup-result">
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label="姓名">{result.name}</Descriptions.Item>
                <Descriptions.Item label="结论">
                  {result.passed ? <Tag color="green">合格</Tag> : <Tag color="orange">不合格</Tag>}
                </Descriptions.Item>
              </Descriptions>
              <Table
                style={{ marginTop: 12 }}
                size="small"
                pagination={false}
                rowKey="subject"
                dataSource={result.subjects}
                columns={[
                  { title: '科目', dataIndex: 'subject' },
                  { title: '成绩', dataIndex: 'score', render: (v: number | null) => (v === null ? '—' : v) },
                  { title: '状态', dataIndex: 'status' },
                ]}
              />
            </div>
          )}
          <div style={{ marginTop: 16 }}>
            <Link to="/login">返回登录</Link>
          </div>
        </Card>
      </div>
    </div>
  );
}
