import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Descriptions, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import {
  AUDIT_ACTION_GROUPS,
  AUDIT_ENTITY_LABELS,
  auditActionLabel,
  auditEntityLabel,
  auditFieldLabel,
  auditValueLabel,
} from '../../domain/audit-labels';
import { errorMessage } from '../api/client';
import { auditApi, queryKeys } from '../api/endpoints';
import type { AuditEntry, AuditListQuery } from '../api/types';
import { JsonDiff } from '../components/json-diff';
import { usePaging } from '../components/use-paging';
import { roleLabel } from '../labels';
import { formatDateTime } from '../util';

interface Filters {
  range: [Dayjs | null, Dayjs | null] | null;
  action: string;
  entityType: string;
  actor: string;
}

const EMPTY: Filters = { range: null, action: '', entityType: '', actor: '' };

/** The 动作 filter: Chinese labels grouped by what they act on; the value sent is the code. */
const ACTION_OPTIONS = AUDIT_ACTION_GROUPS.map((group) => ({
  label: group.label,
  title: group.label,
  options: Object.entries(group.actions).map(([value, label]) => ({ value, label })),
}));
const ENTITY_OPTIONS = Object.entries(AUDIT_ENTITY_LABELS).map(([value, label]) => ({ value, label }));

/** The object in words: its name when the server knows it, else its kind and number. */
function objectName(entry: Pick<AuditEntry, 'entityType' | 'entityId' | 'entityName'>): string {
  if (entry.entityName) return entry.entityName;
  return `${auditEntityLabel(entry.entityType)}${entry.entityId ? ` #${entry.entityId}` : ''}`;
}

function toParams(f: Filters): Omit<AuditListQuery, 'page' | 'pageSize'> {
  return {
    from: f.range?.[0]?.format('YYYY-MM-DD'),
    to: f.range?.[1]?.format('YYYY-MM-DD'),
    action: f.action.trim() || undefined,
    entityType: f.entityType.trim() || undefined,
    actor: f.actor.trim() || undefined,
  };
}

function AuditDetail({ entry }: { entry: AuditEntry }) {
  return (
    <Space orientation="vertical" size="middle" className="gk-full">
      <Descriptions
        size="small"
        column={{ xs: 1, lg: 2 }}
        items={[
          { key: 'id', label: '记录编号', children: entry.id },
          {
            key: 'entity',
            label: '对象',
            children: (
              <span title={`${entry.entityType}${entry.entityId ? ` #${entry.entityId}` : ''}`}>
                {objectName(entry)}
              </span>
            ),
          },
          {
            key: 'action',
            label: '动作',
            children: <span title={entry.action}>{auditActionLabel(entry.action)}</span>,
          },
          { key: 'ip', label: 'IP 地址', children: entry.ip || '—' },
          { key: 'ua', label: '浏览器', children: <span className="gk-break">{entry.userAgent || '—'}</span> },
        ]}
      />
      <JsonDiff
        before={entry.before}
        after={entry.after}
        fieldLabel={auditFieldLabel}
        valueLabel={(key, value) => auditValueLabel(entry.entityType, key, value)}
      />
    </Space>
  );
}

const presets: { label: string; value: [Dayjs, Dayjs] }[] = [
  { label: '今天', value: [dayjs().startOf('day'), dayjs().endOf('day')] },
  { label: '最近 7 天', value: [dayjs().subtract(6, 'day').startOf('day'), dayjs().endOf('day')] },
  { label: '最近 30 天', value: [dayjs().subtract(29, 'day').startOf('day'), dayjs().endOf('day')] },
];

export default function AuditPage() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const { page, pageSize, setPage, pagination } = usePaging();

  const params: AuditListQuery = { ...toParams(applied), page, pageSize };
  const list = useQuery({
    queryKey: queryKeys.audit(params),
    queryFn: () => auditApi.list(params),
    placeholderData: keepPreviousData,
  });

  const apply = (f: Filters) => {
    setApplied(f);
    setPage(1);
  };

  return (
    <>
      <Typography.Title level={3}>审计日志</Typography.Title>
      <Card>
        <form
          className="gk-filters"
          aria-label="筛选审计日志"
          onSubmit={(e) => {
            e.preventDefault();
            apply(draft);
          }}
        >
          <DatePicker.RangePicker
            aria-label="日期范围"
            value={draft.range}
            onChange={(range) => setDraft((d) => ({ ...d, range }))}
            presets={presets}
            allowEmpty={[true, true]}
            placeholder={['开始日期', '结束日期']}
          />
          <Input
            aria-label="操作人"
            placeholder="操作人用户名"
            allowClear
            value={draft.actor}
            onChange={(e) => setDraft((d) => ({ ...d, actor: e.target.value }))}
            className="gk-filter-q"
          />
          <Select
            aria-label="动作"
            data-testid="audit-action-filter"
            placeholder="动作"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={ACTION_OPTIONS}
            value={draft.action || undefined}
            onChange={(value?: string) => setDraft((d) => ({ ...d, action: value ?? '' }))}
            className="gk-filter-select"
            popupMatchSelectWidth={false}
          />
          <Select
            aria-label="对象类型"
            placeholder="对象类型"
            allowClear
            options={ENTITY_OPTIONS}
            value={draft.entityType || undefined}
            onChange={(value?: string) => setDraft((d) => ({ ...d, entityType: value ?? '' }))}
            className="gk-filter-select"
          />
          <Button type="primary" htmlType="submit">
            查询
          </Button>
          <Button
            onClick={() => {
              setDraft(EMPTY);
              apply(EMPTY);
            }}
          >
            重置
          </Button>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
            刷新
          </Button>
        </form>
        {list.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(list.error)} />}
        <Table<AuditEntry>
          size="small"
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          // The fixed columns and the 摘要 fit the 1366 px screen's 1068 px frame; narrower screens scroll.
          scroll={{ x: 1060 }}
          locale={{ emptyText: '没有符合条件的审计记录' }}
          expandable={{
            expandedRowRender: (entry) => <AuditDetail entry={entry} />,
            columnTitle: <span className="gk-sr-only">详情</span>,
          }}
          pagination={pagination(list.data?.total ?? 0, '条')}
          columns={[
            { title: '时间', dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
            {
              title: '操作人',
              key: 'actor',
              width: 150,
              render: (_: unknown, e) =>
                e.actorUsername ? (
                  <span>
                    <span className="gk-mono">{e.actorUsername}</span>
                    {e.actorRole && (
                      <Typography.Text type="secondary" className="gk-block">
                        {roleLabel(e.actorRole)}
                      </Typography.Text>
                    )}
                  </span>
                ) : (
                  <Typography.Text type="secondary">系统</Typography.Text>
                ),
            },
            { title: '组织', dataIndex: 'orgNodeName', width: 130, render: (v: string | null) => v || '—' },
            {
              title: '动作',
              dataIndex: 'action',
              width: 130,
              render: (v: string) => (
                <Tag title={v} data-testid="audit-action">
                  {auditActionLabel(v)}
                </Tag>
              ),
            },
            {
              title: '对象',
              key: 'object',
              width: 160,
              render: (_: unknown, e) => <span className="gk-break">{objectName(e)}</span>,
            },
            { title: '摘要', dataIndex: 'summary' },
            { title: 'IP', dataIndex: 'ip', width: 110, render: (v: string | null) => v || '—' },
          ]}
        />
      </Card>
    </>
  );
}
