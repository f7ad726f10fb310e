import {
  BankOutlined,
  CheckCircleOutlined,
  ClusterOutlined,
  EditOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  PlusOutlined,
  ReloadOutlined,
  StopOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Input,
  Result,
  Space,
  Spin,
  Table,
  Tag,
  Tree,
  type TreeDataNode,
  type TreeProps,
  Typography,
} from 'antd';
import { type Key, type ReactNode, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage, isApiError, isSessionError } from '../api/client';
import { orgApi, queryKeys } from '../api/endpoints';
import type { CreateOrgNodeBody, OrgKind, OrgNode, OrgNodeSummary } from '../api/types';
import { OrgImportModal } from '../components/org-import';
import { OrgNodeFormModal, type OrgNodeFormTarget } from '../components/org-node-form';
import { isLeafNode, moreKey, type OrgTreeStore, parseMoreKey, useOrgTreeStore } from '../components/org-tree-store';
import { usePaging } from '../components/use-paging';
import { ORG_KIND_DESCRIPTIONS, orgCodeLabel, orgKindLabel } from '../labels';

const KIND_ICONS: Record<OrgKind, ReactNode> = {
  province: <BankOutlined />,
  jurisdiction: <EnvironmentOutlined />,
  department: <ClusterOutlined />,
  unit: <HomeOutlined />,
};

/** Which kind of child the page offers to create under a node of this kind. */
const KIND_RANK: Record<OrgKind, number> = { province: 0, jurisdiction: 1, department: 2, unit: 3 };

/** Ancestors from the top down, whatever order the server lists them in. */
function ancestorsTopDown(node: OrgNode) {
  return [...node.ancestors].sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind]);
}

const CHILD_KIND: Partial<Record<OrgKind, CreateOrgNodeBody['kind']>> = {
  jurisdiction: 'department',
  department: 'unit',
};

function nodeTitle(node: OrgNodeSummary): ReactNode {
  return (
    <span className={node.active ? undefined : 'gk-inactive'}>
      {node.name}
      {!node.active && (
        <Tag className="gk-tag-inline" color="default">
          已停用
        </Tag>
      )}
    </span>
  );
}

function buildTreeData(store: OrgTreeStore): TreeDataNode[] {
  const build = (node: OrgNodeSummary, depth: number): TreeDataNode => {
    const page = store.children[node.id];
    let kids: TreeDataNode[] | undefined;
    if (page && depth < 8) {
      kids = page.items.map((c) => build(c, depth + 1));
      if (page.items.length < page.total) {
        kids.push({
          key: moreKey(node.id),
          title: (
            <span className="gk-tree-more">
              加载更多（已显示 {page.items.length}/{page.total}）
            </span>
          ),
          isLeaf: true,
        });
      }
    }
    return {
      key: node.id,
      title: nodeTitle(node),
      icon: KIND_ICONS[node.kind],
      isLeaf: isLeafNode(node),
      children: kids,
    };
  };
  return (store.roots ?? []).map((r) => build(r, 0));
}

function OrgTreePanel({
  store,
  selectedId,
  expandedKeys,
  setExpandedKeys,
  onSelect,
}: {
  store: OrgTreeStore;
  selectedId: number | null;
  expandedKeys: Key[];
  setExpandedKeys: (keys: Key[]) => void;
  onSelect: (id: number) => void;
}) {
  const { message } = App.useApp();
  const treeData = buildTreeData(store);
  const loadedKeys = Object.keys(store.children).map(Number);

  const loadData: TreeProps['loadData'] = async (node) => {
    const id = Number(node.key);
    if (!Number.isInteger(id)) return;
    try {
      await store.loadChildren(id);
    } catch (e) {
      if (!isSessionError(e)) message.error(errorMessage(e));
    }
  };

  if (store.rootsError) {
    return <Alert type="error" showIcon title={errorMessage(store.rootsError)} />;
  }
  if (!store.roots) return <Spin className="gk-block-center" />;
  if (store.roots.length === 0) return <Empty description="没有可查看的组织机构" />;

  return (
    <Tree
      className="gk-org-tree"
      showIcon
      blockNode
      treeData={treeData}
      loadData={loadData}
      loadedKeys={loadedKeys}
      expandedKeys={expandedKeys}
      onExpand={(keys) => setExpandedKeys(keys)}
      selectedKeys={selectedId === null ? [] : [selectedId]}
      onSelect={(_keys, info) => {
        const more = parseMoreKey(info.node.key);
        if (more !== null) {
          store.loadMore(more).catch((e: unknown) => {
            if (!isSessionError(e)) message.error(errorMessage(e));
          });
          return;
        }
        const id = Number(info.node.key);
        if (Number.isInteger(id)) onSelect(id);
      }}
      aria-label="组织机构树"
    />
  );
}

function NodeDetails({
  node,
  onSelect,
  onEdit,
  onToggleActive,
  toggling,
}: {
  node: OrgNode;
  onSelect: (id: number) => void;
  onEdit: () => void;
  onToggleActive: () => void;
  toggling: boolean;
}) {
  const crumbs = [
    ...ancestorsTopDown(node).map((a) => ({
      key: a.id,
      title: (
        <Typography.Link onClick={() => onSelect(a.id)} href={`/org?node=${a.id}`}>
          {a.name}
        </Typography.Link>
      ),
    })),
    { key: node.id, title: node.name },
  ];
  const actions: ReactNode[] = [];
  if (node.abilities.update) {
    actions.push(
      <Button key="edit" icon={<EditOutlined />} onClick={onEdit}>
        编辑
      </Button>,
    );
  }
  if (node.abilities.deactivate) {
    actions.push(
      node.active ? (
        <Button key="deactivate" danger icon={<StopOutlined />} onClick={onToggleActive} loading={toggling}>
          停用
        </Button>
      ) : (
        <Button key="activate" icon={<CheckCircleOutlined />} onClick={onToggleActive} loading={toggling}>
          启用
        </Button>
      ),
    );
  }

  return (
    <Card
      title={
        <Space>
          {KIND_ICONS[node.kind]}
          <span>{node.name}</span>
          {node.active ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>}
        </Space>
      }
      extra={actions.length > 0 ? <Space>{actions}</Space> : null}
    >
      {node.ancestors.length > 0 && <Breadcrumb className="gk-mb" items={crumbs} />}
      <Descriptions
        size="small"
        column={{ xs: 1, lg: 2 }}
        items={[
          {
            key: 'kind',
            label: '类型',
            children: (
              <span title={ORG_KIND_DESCRIPTIONS[node.kind]}>{orgKindLabel(node.kind, node.jurisdictionType)}</span>
            ),
          },
          {
            key: 'code',
            label: orgCodeLabel(node.kind),
            children: node.code ? <span className="gk-mono">{node.code}</span> : '—',
          },
          { key: 'contactName', label: '联系人', children: node.contactName || '—' },
          { key: 'contactPhone', label: '联系电话', children: node.contactPhone || '—' },
          { key: 'childCount', label: '下级机构数', children: node.childCount },
          { key: 'active', label: '状态', children: node.active ? '启用' : '已停用' },
        ]}
      />
    </Card>
  );
}

function ChildrenTable({
  parent,
  includeInactive,
  onSelect,
  onCreate,
  onImport,
}: {
  parent: OrgNode;
  includeInactive: boolean;
  onSelect: (id: number) => void;
  onCreate: (kind: CreateOrgNodeBody['kind']) => void;
  onImport: () => void;
}) {
  const { page, pageSize, setPage, pagination } = usePaging();
  const [q, setQ] = useState('');
  const [qInput, setQInput] = useState('');

  // A different parent starts from the first page with no search.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on parent change only.
  useEffect(() => {
    setPage(1);
    setQ('');
    setQInput('');
  }, [parent.id]);

  const params = { parentId: parent.id, q: q || undefined, includeInactive, page, pageSize };
  const list = useQuery({
    queryKey: queryKeys.orgChildren(params),
    queryFn: ({ signal }) => orgApi.list(params, signal),
    placeholderData: keepPreviousData,
  });

  const childKind = CHILD_KIND[parent.kind];
  const extra: ReactNode[] = [];
  if (childKind && parent.abilities.createChild && parent.active) {
    extra.push(
      <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => onCreate(childKind)}>
        {childKind === 'department' ? '新增主管部门' : '新增单位'}
      </Button>,
    );
  }
  if (parent.abilities.import && parent.active && (parent.kind === 'jurisdiction' || parent.kind === 'department')) {
    extra.push(
      <Button key="import" icon={<UploadOutlined />} onClick={onImport}>
        批量导入
      </Button>,
    );
  }

  return (
    <Card title="下级机构" extra={extra.length ? <Space>{extra}</Space> : null}>
      <Space className="gk-mb" wrap>
        <Input.Search
          allowClear
          placeholder="按名称或代码搜索"
          aria-label="搜索下级机构"
          value={qInput}
          onChange={(e) => setQInput(e.target.value)}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          enterButton="搜索"
          className="gk-search"
        />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label="刷新">
          刷新
        </Button>
      </Space>
      {list.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(list.error)} />}
      <Table<OrgNodeSummary>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: q ? '没有符合条件的机构' : '暂无下级机构' }}
        pagination={pagination(list.data?.total ?? 0, '条')}
        scroll={{ x: 720 }}
        columns={[
          {
            title: '名称',
            dataIndex: 'name',
            render: (_: string, n) => (
              <Typography.Link
                href={`/org?node=${n.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  onSelect(n.id);
                }}
                className={n.active ? undefined : 'gk-inactive'}
              >
                {n.name}
              </Typography.Link>
            ),
          },
          {
            title: '类型',
            dataIndex: 'kind',
            width: 72,
            render: (_: OrgKind, n) => orgKindLabel(n.kind, n.jurisdictionType),
          },
          {
            title: '代码',
            dataIndex: 'code',
            width: 176,
            render: (c: string | null) => (c ? <span className="gk-mono">{c}</span> : '—'),
          },
          {
            title: '联系人/电话',
            key: 'contact',
            width: 150,
            render: (_: unknown, n) =>
              n.contactName || n.contactPhone ? (
                <span>
                  {n.contactName || '—'}
                  {n.contactPhone && <span className="gk-block gk-muted">{n.contactPhone}</span>}
                </span>
              ) : (
                '—'
              ),
          },
          { title: '下级数', dataIndex: 'childCount', width: 64, align: 'right' },
          {
            title: '状态',
            dataIndex: 'active',
            width: 72,
            render: (a: boolean) => (a ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>),
          },
        ]}
      />
    </Card>
  );
}

export default function OrgPage() {
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [includeInactive, setIncludeInactive] = useState(false);
  const store = useOrgTreeStore(includeInactive);
  const [expandedKeys, setExpandedKeys] = useState<Key[]>([]);
  const [form, setForm] = useState<OrgNodeFormTarget | null>(null);
  const [importing, setImporting] = useState(false);

  const paramId = Number(params.get('node'));
  const firstRoot = store.roots?.[0]?.id ?? null;
  const selectedId = Number.isInteger(paramId) && paramId > 0 ? paramId : firstRoot;

  const select = (id: number) => setParams({ node: String(id) });

  const detail = useQuery({
    queryKey: queryKeys.orgNode(selectedId ?? 0),
    queryFn: () => orgApi.node(selectedId!),
    enabled: selectedId !== null,
  });
  const node = detail.data;

  // Open the tree down to the selected node (it may have been picked in the table or a link).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the selected node or the tree roots change.
  useEffect(() => {
    if (!node || !store.roots) return;
    const rootIds = new Set(store.roots.map((r) => r.id));
    const chain = ancestorsTopDown(node).map((a) => a.id);
    const start = chain.findIndex((id) => rootIds.has(id));
    if (start < 0) return;
    const path = chain.slice(start);
    let cancelled = false;
    (async () => {
      for (const id of path) {
        try {
          await store.loadChildren(id);
        } catch {
          return;
        }
        if (cancelled) return;
      }
      setExpandedKeys((keys) => Array.from(new Set([...keys, ...path])));
    })();
    return () => {
      cancelled = true;
    };
  }, [node?.id, store.roots]);

  const afterChange = async (changed: OrgNode) => {
    queryClient.setQueryData(queryKeys.orgNode(changed.id), changed);
    store.patchNode(changed);
    await queryClient.invalidateQueries({ queryKey: ['org', 'list'] });
  };

  const toggle = useMutation({
    mutationFn: (n: OrgNode) => (n.active ? orgApi.deactivate(n.id) : orgApi.activate(n.id)),
    onSuccess: async (changed) => {
      message.success(changed.active ? `已启用「${changed.name}」` : `已停用「${changed.name}」`);
      await afterChange(changed);
      if (changed.parentId !== null) {
        await queryClient.invalidateQueries({ queryKey: queryKeys.orgNode(changed.parentId) });
      }
    },
    onError: (e) => {
      if (!isSessionError(e)) message.error(errorMessage(e));
    },
  });

  const confirmToggle = (n: OrgNode) => {
    modal.confirm({
      title: n.active ? `确定停用「${n.name}」吗？` : `确定启用「${n.name}」吗？`,
      content: n.active
        ? '停用后，该机构在默认列表中不再显示，可勾选“显示已停用”查看并随时重新启用。'
        : '启用后，该机构恢复正常使用。',
      okText: n.active ? '停用' : '启用',
      okButtonProps: n.active ? { danger: true } : undefined,
      cancelText: '取消',
      onOk: () => toggle.mutateAsync(n).catch(() => undefined),
    });
  };

  /** After a child was created or imported: refresh the parent's children and counts. */
  const refreshParent = async (parentId: number) => {
    await queryClient.invalidateQueries({ queryKey: queryKeys.orgNode(parentId) });
    try {
      const fresh = await queryClient.fetchQuery({
        queryKey: queryKeys.orgNode(parentId),
        queryFn: () => orgApi.node(parentId),
      });
      store.patchNode(fresh);
      if (!isLeafNode(fresh)) {
        await store.loadChildren(parentId, true);
        setExpandedKeys((keys) => (keys.includes(parentId) ? keys : [...keys, parentId]));
      }
    } catch {
      // The panels show their own errors.
    }
    await queryClient.invalidateQueries({ queryKey: ['org', 'list'] });
  };

  let right: ReactNode;
  if (selectedId === null) {
    right = store.rootsError ? null : <Spin className="gk-block-center" />;
  } else if (detail.isPending) {
    right = <Spin className="gk-block-center" />;
  } else if (detail.isError) {
    const notFound = isApiError(detail.error) && (detail.error.status === 404 || detail.error.status === 403);
    right = (
      <Result
        status={notFound ? '404' : 'warning'}
        title={notFound ? '机构不存在或无权查看' : '加载失败'}
        subTitle={errorMessage(detail.error)}
        extra={
          firstRoot !== null && (
            <Button type="primary" onClick={() => select(firstRoot)}>
              返回本级机构
            </Button>
          )
        }
      />
    );
  } else if (node) {
    right = (
      <Space orientation="vertical" size="middle" className="gk-full">
        <NodeDetails
          node={node}
          onSelect={select}
          onEdit={() => setForm({ mode: 'edit', node })}
          onToggleActive={() => confirmToggle(node)}
          toggling={toggle.isPending}
        />
        {node.kind !== 'unit' && (
          <ChildrenTable
            parent={node}
            includeInactive={includeInactive}
            onSelect={select}
            onCreate={(kind) => setForm({ mode: 'create', parent: node, kind })}
            onImport={() => setImporting(true)}
          />
        )}
      </Space>
    );
  }

  return (
    <>
      <Typography.Title level={3}>组织机构</Typography.Title>
      <div className="gk-org">
        <Card
          className="gk-org-left"
          size="small"
          title="机构树"
          extra={
            <Checkbox checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)}>
              显示已停用
            </Checkbox>
          }
        >
          <OrgTreePanel
            store={store}
            selectedId={selectedId}
            expandedKeys={expandedKeys}
            setExpandedKeys={setExpandedKeys}
            onSelect={select}
          />
        </Card>
        <section className="gk-org-right" aria-label="机构详情">
          {right}
        </section>
      </div>
      {form && (
        <OrgNodeFormModal
          target={form}
          onClose={() => setForm(null)}
          onSaved={async (saved) => {
            const target = form;
            setForm(null);
            if (target.mode === 'create') {
              message.success(`已新增「${saved.name}」`);
              await refreshParent(target.parent.id);
            } else {
              message.success('已保存');
              await afterChange(saved);
            }
          }}
        />
      )}
      {importing && node && (
        <OrgImportModal
          parent={node}
          onClose={() => setImporting(false)}
          onImported={() => void refreshParent(node.id)}
        />
      )}
    </>
  );
}
