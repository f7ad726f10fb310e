import { useCallback, useEffect, useRef, useState } from 'react';
import { orgApi } from '../api/endpoints';
import type { OrgNodeSummary } from '../api/types';

/** Children of one node as loaded so far (the server pages them). */
export interface ChildPage {
  items: OrgNodeSummary[];
  total: number;
  pages: number;
}

export interface OrgTreeStore {
  roots: OrgNodeSummary[] | null;
  rootsError: unknown;
  children: Record<number, ChildPage>;
  /** Loads a node's first page of children unless loaded already (`force` reloads). */
  loadChildren: (parentId: number, force?: boolean) => Promise<void>;
  /** Loads the next page of a node's children. */
  loadMore: (parentId: number) => Promise<void>;
  /** Replaces a node's data wherever it appears (after an edit, say). */
  patchNode: (node: OrgNodeSummary) => void;
  findNode: (id: number) => OrgNodeSummary | undefined;
  reloadRoots: () => void;
}

export const TREE_PAGE_SIZE = 50;

export function isLeafNode(node: OrgNodeSummary): boolean {
  return node.kind === 'unit' || node.childCount === 0;
}

/** A MORE key marks the "加载更多" pseudo-node under a parent. */
export const moreKey = (parentId: number) => `more:${parentId}`;
export function parseMoreKey(key: unknown): number | null {
  if (typeof key !== 'string' || !key.startsWith('more:')) return null;
  const id = Number(key.slice(5));
  return Number.isInteger(id) ? id : null;
}

/**
 * The viewer's part of the org tree, loaded lazily level by level through GET /api/org/nodes?parentId=.
 * Shared by the org page's Tree and the account form's TreeSelect.
 */
export function useOrgTreeStore(includeInactive: boolean): OrgTreeStore {
  const [roots, setRoots] = useState<OrgNodeSummary[] | null>(null);
  const [rootsError, setRootsError] = useState<unknown>(null);
  const [children, setChildren] = useState<Record<number, ChildPage>>({});
  const childrenRef = useRef(children);
  childrenRef.current = children;
  const rootsRef = useRef(roots);
  rootsRef.current = roots;
  const generation = useRef(0);
  const [reloadTick, setReloadTick] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadTick is the explicit "reload" trigger.
  useEffect(() => {
    const gen = ++generation.current;
    setRoots(null);
    setRootsError(null);
    setChildren({});
    orgApi.list({ includeInactive, page: 1, pageSize: TREE_PAGE_SIZE }).then(
      (res) => {
        if (gen === generation.current) setRoots(res.items);
      },
      (error: unknown) => {
        if (gen === generation.current) setRootsError(error);
      },
    );
  }, [includeInactive, reloadTick]);

  const fetchPage = useCallback(
    async (parentId: number, page: number) => {
      const gen = generation.current;
      const res = await orgApi.list({ parentId, includeInactive, page, pageSize: TREE_PAGE_SIZE });
      if (gen !== generation.current) return;
      setChildren((prev) => {
        const existing = page > 1 ? prev[parentId] : undefined;
        const seen = new Set(existing?.items.map((n) => n.id));
        const items = existing ? [...existing.items, ...res.items.filter((n) => !seen.has(n.id))] : res.items;
        return { ...prev, [parentId]: { items, total: res.total, pages: page } };
      });
    },
    [includeInactive],
  );

  const loadChildren = useCallback(
    async (parentId: number, force = false) => {
      if (!force && childrenRef.current[parentId]) return;
      await fetchPage(parentId, 1);
    },
    [fetchPage],
  );

  const loadMore = useCallback(
    async (parentId: number) => {
      const current = childrenRef.current[parentId];
      await fetchPage(parentId, (current?.pages ?? 0) + 1);
    },
    [fetchPage],
  );

  const patchNode = useCallback((node: OrgNodeSummary) => {
    // A node's detail (with its ancestors) as the tree's lists hold it.
    const strip = (): OrgNodeSummary => ({
      id: node.id,
      parentId: node.parentId,
      kind: node.kind,
      name: node.name,
      code: node.code,
      contactName: node.contactName,
      contactPhone: node.contactPhone,
      active: node.active,
      childCount: node.childCount,
      jurisdictionType: node.jurisdictionType,
      reviewedByProvince: node.reviewedByProvince,
      abilities: node.abilities,
    });
    setRoots((prev) => prev?.map((n) => (n.id === node.id ? strip() : n)) ?? prev);
    setChildren((prev) => {
      let changed = false;
      const next: Record<number, ChildPage> = {};
      for (const [key, page] of Object.entries(prev)) {
        if (page.items.some((n) => n.id === node.id)) {
          changed = true;
          next[Number(key)] = { ...page, items: page.items.map((n) => (n.id === node.id ? strip() : n)) };
        } else {
          next[Number(key)] = page;
        }
      }
      return changed ? next : prev;
    });
  }, []);

  const findNode = useCallback((id: number) => {
    const root = rootsRef.current?.find((n) => n.id === id);
    if (root) return root;
    for (const page of Object.values(childrenRef.current)) {
      const hit = page.items.find((n) => n.id === id);
      if (hit) return hit;
    }
    return undefined;
  }, []);

  const reloadRoots = useCallback(() => setReloadTick((t) => t + 1), []);

  return { roots, rootsError, children, loadChildren, loadMore, patchNode, findNode, reloadRoots };
}
