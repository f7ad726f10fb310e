import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { errorMessage } from '../api/client';
import { downloadPdf, type MyTicket, ticketApi, ticketKeys } from '../api/tickets';
import { formatCnDate } from '../self-check/model';

const STATE_TAGS: Record<MyTicket['state'], { color: string; text: string }> = {
  printable: { color: 'success', text: '可打印' },
  not_published: { color: 'default', text: '编排未发布' },
  upcoming: { color: 'processing', text: '打印时间未到' },
  ended: { color: 'warning', text: '打印时间已过' },
};

/**
 * 我的准考证: the applicant's seats, each with whether the ticket prints today and why not; the download button is
 * enabled only when it does (the server checks again).
 */
export function MyTicketsCard() {
  const { message } = App.useApp();
  const tickets = useQuery({ queryKey: ticketKeys.mine, queryFn: ticketApi.mine });
  const download = useMutation({
    mutationFn: (t: MyTicket) => downloadPdf(ticketApi.ticketPath(t.applicationId)),
    onError: (error) => void message.error(errorMessage(error)),
  });

  let body: React.ReactNode;
  if (tickets.isPending) body = <Typography.Text type="secondary">正在读取…</Typography.Text>;
  else if (tickets.isError) body = <Alert type="error" showIcon title={errorMessage(tickets.error)} />;
  else if (tickets.data.items.length === 0) {
    body = (
      <Typography.Text type="secondary" data-testid="my-ticket-none">
        资格审查通过并编排考场后，可在准考证打印时间内在此下载准考证。
      </Typography.Text>
    );
  } else {
    body = (
      <Space orientation="vertical" className="gk-full" size="middle">
        {tickets.data.items.map((t) => (
          <div key={`${t.applicationId}-${t.sessionName}`} data-testid={`my-ticket-${t.applicationId}`}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label="考核年度">{t.campaignName}</Descriptions.Item>
              <Descriptions.Item label="状态">
                <Tag color={STATE_TAGS[t.state].color} data-testid="my-ticket-state">
                  {STATE_TAGS[t.state].text}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label="场次">
                {t.sessionName}（{formatCnDate(t.sessionDate)} {t.startTime} 开考）
              </Descriptions.Item>
              <Descriptions.Item label="准考证号">{t.ticketNumber ?? '发布后显示'}</Descriptions.Item>
              <Descriptions.Item label="打印时间" span={2}>
                {formatCnDate(t.window.startsOn)} 至 {formatCnDate(t.window.endsOn)}
              </Descriptions.Item>
            </Descriptions>
            <Space className="gk-mt" wrap>
              <Button
                type="primary"
                icon={<DownloadOutlined />}
                disabled={!t.printable}
                loading={download.isPending && download.variables?.applicationId === t.applicationId}
                onClick={() => download.mutate(t)}
                data-testid="my-ticket-download"
              >
                下载准考证
              </Button>
              <Typography.Text type={t.printable ? 'success' : 'secondary'} data-testid="my-ticket-message">
                {t.message}
              </Typography.Text>
            </Space>
          </div>
        ))}
      </Space>
    );
  }
  return (
    <Card size="small" title="我的准考证" className="gk-app-card gk-mb" data-testid="my-tickets">
      {body}
    </Card>
  );
}
