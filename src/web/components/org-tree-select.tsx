import { App, TreeSelect } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { errorMessage, isSessionError } from '../api/client';
import type { OrgNodeSummary } from '../api/types';
import { ORG_KIND_LABELS } from '../labels';
import { isLeafNode, moreKey, type OrgTreeStore, parseMoreKey, useOrgTreeStore } from './org-tree-store';

interface Option {
  value: number | string;
  title: string;
  isLeaf: boolean;
  disabled?: boolean;
  children?: Option[];
}

function buildOptions(store: OrgTreeStore, isDisabled?: (node: OrgNodeSummary) => boolean): Option[] {
  const build = (node: OrgNodeSummary, depth: number): Option => {
    const page = store.children[node.id];
    let children: Option[] | undefined;
    if (page && depth < 8) {
      children = page.items.map((c) => build(c, depth + 1));
      if (page.items.length < page.total) {
        children.push({
          value: moreKey(node.id),
          title: `加载更多…（已显示 ${page.items.length}/${page.total}）`,
          isLeaf: true,
        });
      }
    }
    return {
      value: node.id,
      title: `${node.name}（${ORG_KIND_LABELS[node.kind]}${node.active ? '' : '，已停用'}）`,
      isLeaf: isLeafNode(node),
      disabled: isDisabled?.(node),
      children,
    };
  };
  return (store.roots ?? []).map((r) => build(r, 0));
}

/**
 * Picks an org node from the viewer's subtree, loading each level on demand.
 * `onChange` gets the node too, so callers can act on its kind.
 */
export function OrgTreeSelect({
  value,
  onChange,
  placeholder = '请选择组织机构',
  allowClear,
  isDisabled,
  id,
  style,
  className,
  'aria-label': ariaLabel,
}: {
  value?: number | null;
  onChange?: (id: number | undefined, node: OrgNodeSummary | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  isDisabled?: (node: OrgNodeSummary) => boolean;
  id?: string;
  style?: CSSProperties;
  className?: string;
  'aria-label'?: string;
}): ReactNode {
  const store = useOrgTreeStore(false);
  const { message } = App.useApp();
  const fail = (e: unknown) => {
    if (!isSessionError(e)) message.error(errorMessage(e));
  };

  return (
    <TreeSelect<number | string>
      id={id}
      aria-label={ariaLabel}
      className={className}
      style={style}
      value={value ?? undefined}
      placeholder={store.rootsError ? errorMessage(store.rootsError) : placeholder}
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      loading={!store.roots && !store.rootsError}
      treeData={buildOptions(store, isDisabled)}
      treeLoadedKeys={Object.keys(store.children).map(Number)}
      loadData={async (node) => {
        const nodeId = Number(node.value);
        if (Number.isInteger(nodeId)) await store.loadChildren(nodeId).catch(fail);
      }}
      onChange={(v) => {
        const more = parseMoreKey(v);
        if (more !== null) {
          store.loadMore(more).catch(fail);
          return;
        }
        if (v === undefined || v === null) {
          onChange?.(undefined, undefined);
          return;
        }
        const nodeId = Number(v);
        onChange?.(nodeId, store.findNode(nodeId));
      }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, minWidth: 320, overflow: 'auto' } } }}
      notFoundContent="没有可选的组织机构"
    />
  );
}
