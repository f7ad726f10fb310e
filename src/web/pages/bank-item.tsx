import {
  ArrowLeftOutlined,
  CheckOutlined,
  EditOutlined,
  EyeOutlined,
  ReloadOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Result, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ItemStatus, ItemType } from '../../domain/items';
import { bankApi, bankKeys } from '../api/banks';
import { errorMessage, isSessionError } from '../api/client';
import type { BankItemContent, BankItemMeta } from '../api/types';
import { CandidatePreview, ManagerKey } from '../banks/item-preview';
import { difficultyLabel, ITEM_STATUS_COLORS, ITEM_STATUS_LABELS, ITEM_TYPE_LABELS } from '../labels';
import { formatDateTime } from '../util';

const AUDIT_NOTE = '记入审计日志';

/**
 * One item: its versions (metadata), a version's content only behind a button that says it is audited, and
 * 审核通过 / 停用 as the server's abilities allow (it refuses approving one's own version, in its own words).
 */
export default function BankItemPage() {
  const itemId = Number(useParams().id);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const [refusal, setRefusal] = useState<string | null>(null);
  const versions = useQuery({ queryKey: bankKeys.versions(itemId), queryFn: () => bankApi.versions(itemId) });
  const banks = useQuery({ queryKey: bankKeys.list, queryFn: bankApi.list });

  // A version's content is fetched only on request (a mutation: never refetched, cached or prefetched).
  const view = useMutation({ mutationFn: (version: number) => bankApi.content(itemId, version) });
  const shown: BankItemContent | undefined = view.data;

  const act = useMutation({
    mutationFn: ({ action, version }: { action: 'approve' | 'retire'; version: number }) =>
      action === 'approve' ? bankApi.approve(itemId, version) : bankApi.retire(itemId, version),
    onMutate: () => setRefusal(null),
    onSuccess: async (res) => {
      message.success(
        res.mode === 'approved'
          ? `第 ${res.item.version} 版已审核通过${res.supersededVersion ? `，第 ${res.supersededVersion} 版随之停用` : ''}`
          : `第 ${res.item.version} 版已停用`,
      );
      await queryClient.invalidateQueries({ queryKey: bankKeys.all });
    },
    onError: (e) => {
      if (!isSessionError(e)) setRefusal(errorMessage(e));
    },
  });

  if (versions.isError) {
    return (
      <Result
        status="error"
        title="无法读取试题"
        subTitle={errorMessage(versions.error)}
        extra={<Link to="/banks">返回题库列表</Link>}
      />
    );
  }
  const list = versions.data?.items ?? [];
  const newest = list[0];
  const bank = banks.data?.items.find((b) => b.id === newest?.bankId);

  const retire = (v: BankItemMeta) =>
    modal.confirm({
      title: `停用第 ${v.version} 版？`,
      content: '停用后该版本不再用于组卷，也不能再审核通过或修改；如需使用请另建新题。',
      okText: '停用',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => act.mutateAsync({ action: 'retire', version: v.version }).catch(() => undefined),
    });

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          试题 {itemId}
          {newest && (
            <span className="gk-page-sub">
              {ITEM_TYPE_LABELS[newest.type]} · {newest.knowledgePoint} · 最新第 {newest.version} 版{' '}
              <Tag color={ITEM_STATUS_COLORS[newest.status]} data-testid="item-status">
                {ITEM_STATUS_LABELS[newest.status]}
              </Tag>
            </span>
          )}
        </Typography.Title>
        <Space>
          {bank && (
            <Link to={`/banks/${bank.id}`}>
              <ArrowLeftOutlined aria-hidden /> {bank.name}
            </Link>
          )}
          <Button
            icon={<ReloadOutlined />}
            aria-label="刷新"
            onClick={() => void queryClient.invalidateQueries({ queryKey: bankKeys.versions(itemId) })}
          />
          {newest?.abilities.edit && (
            <Tooltip title="修改时将读取最新版本的内容，记入审计日志">
              <Button icon={<EditOutlined />} onClick={() => navigate(`/bank-items/${itemId}/edit`)}>
                修改
              </Button>
            </Tooltip>
          )}
        </Space>
      </div>
      {refusal && (
        <Alert
          className="gk-mb"
          type="error"
          showIcon
          role="alert"
          data-testid="item-refusal"
          title={refusal}
          closable={{ onClose: () => setRefusal(null) }}
        />
      )}
      <Card size="small" title="版本记录" className="gk-mb">
        <Table<BankItemMeta>
          data-testid="versions-table"
          size="small"
          rowKey="version"
          loading={versions.isFetching}
          dataSource={list}
          pagination={false}
          columns={[
            { title: '版本', dataIndex: 'version', width: 60, align: 'right' },
            {
              title: '状态',
              dataIndex: 'status',
              width: 80,
              render: (s: ItemStatus) => <Tag color={ITEM_STATUS_COLORS[s]}>{ITEM_STATUS_LABELS[s]}</Tag>,
            },
            { title: '题型', dataIndex: 'type', width: 70, render: (t: ItemType) => ITEM_TYPE_LABELS[t] },
            { title: '知识点', dataIndex: 'knowledgePoint' },
            { title: '难度', dataIndex: 'difficulty', width: 90, render: (d: number) => difficultyLabel(d) },
            {
              title: '编写',
              key: 'written',
              width: 170,
              render: (_: unknown, v) => (
                <>
                  <span className="gk-block">{formatDateTime(v.updatedAt)}</span>
                  <span className="gk-muted gk-block">{v.authorName || `账号 ${v.authorId}`}</span>
                </>
              ),
            },
            {
              title: '审核 / 停用',
              key: 'approved',
              width: 170,
              render: (_: unknown, v) =>
                v.retiredAt ? (
                  <span className="gk-block">停用 {formatDateTime(v.retiredAt)}</span>
                ) : v.approvedAt ? (
                  <>
                    <span className="gk-block">{formatDateTime(v.approvedAt)}</span>
                    <span className="gk-muted gk-block">{v.approverName || `账号 ${v.approverId}`}</span>
                  </>
                ) : (
                  '—'
                ),
            },
            {
              title: '操作',
              key: 'actions',
              width: 300,
              render: (_: unknown, v) => (
                <Space size={4} wrap>
                  <Button
                    size="small"
                    icon={<EyeOutlined />}
                    loading={view.isPending && view.variables === v.version}
                    onClick={() => view.mutate(v.version)}
                    data-testid={`view-${v.version}`}
                  >
                    查看内容（{AUDIT_NOTE}）
                  </Button>
                  {v.status === 'draft' && (
                    <Tooltip
                      title={v.abilities.approve ? undefined : '不能审核自己编写或修改的试题，须由他人审核'}
                      trigger={['hover', 'focus']}
                    >
                      {/* A disabled button takes no focus: the wrapper does, so the reason reaches keyboard users. */}
                      <span tabIndex={v.abilities.approve ? undefined : 0}>
                        <Button
                          size="small"
                          type="primary"
                          icon={<CheckOutlined />}
                          disabled={!v.abilities.approve}
                          loading={act.isPending && act.variables?.action === 'approve'}
                          onClick={() => act.mutate({ action: 'approve', version: v.version })}
                          data-testid={`approve-${v.version}`}
                        >
                          审核通过
                        </Button>
                        {!v.abilities.approve && (
                          <span className="gk-sr-only">（不能审核自己编写或修改的试题，须由他人审核）</span>
                        )}
                      </span>
                    </Tooltip>
                  )}
                  {v.abilities.retire && (
                    <Button size="small" danger icon={<StopOutlined />} onClick={() => retire(v)}>
                      停用
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {view.isError && !isSessionError(view.error) && (
        <Alert className="gk-mb" type="error" showIcon title={errorMessage(view.error)} />
      )}
      {shown && (
        <Card
          size="small"
          data-testid="item-content"
          title={`第 ${shown.version} 版的内容`}
          extra={
            <Button size="small" type="link" onClick={() => view.reset()}>
              收起
            </Button>
          }
        >
          <Alert className="gk-mb" type="info" showIcon title="本次查看已记入审计日志。" />
          <Row gutter={16}>
            <Col span={12}>
              <CandidatePreview content={shown} />
            </Col>
            <Col span={12}>
              <ManagerKey content={shown} />
              <Descriptions
                className="gk-mt"
                size="small"
                column={1}
                items={[
                  { key: 'difficulty', label: '难度', children: difficultyLabel(shown.difficulty) },
                  { key: 'kp', label: '知识点', children: shown.knowledgePoint },
                ]}
              />
            </Col>
          </Row>
        </Card>
      )}
    </>
  );
}
