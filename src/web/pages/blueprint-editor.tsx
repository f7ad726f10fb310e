import {
  ArrowLeftOutlined,
  CheckCircleOutlined,
  DeleteOutlined,
  PlusOutlined,
  ReloadOutlined,
  RollbackOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  InputNumber,
  Popconfirm,
  Result,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  type Blueprint,
  type BlueprintProblem,
  MAX_DURATION_MINUTES,
  MIN_DURATION_MINUTES,
  PAPER_TOTAL_POINTS,
  validateBlueprint,
} from '../../domain/blueprint';
import { DIFFICULTIES, ITEM_TYPES, type ItemType } from '../../domain/items';
import { blueprintApi, blueprintKeys } from '../api/blueprints';
import { errorMessage, isApiError, isSessionError } from '../api/client';
import type {
  BlueprintCellInput,
  BlueprintDefinition,
  BlueprintDetail,
  BlueprintSufficiency,
  CheckBlueprintBody,
  KnowledgePoints,
} from '../api/types';
import { gradeShort, scopeTitle } from '../blueprints/scope';
import { ITEM_TYPE_LABELS } from '../labels';
import { formatDateTime } from '../util';

/** The select's value for "any 知识点" (a cell's null). */
const ANY = '\u0000any';

interface Row {
  key: number;
  cell: BlueprintCellInput;
}

interface Draft {
  settings: Omit<BlueprintDefinition, 'cells'>;
  rows: Row[];
}

let nextKey = 1;

function toDraft(definition: BlueprintDefinition): Draft {
  const { cells, ...settings } = definition;
  return { settings, rows: cells.map((cell) => ({ key: nextKey++, cell })) };
}

function toDefinition(draft: Draft): BlueprintDefinition {
  return { ...draft.settings, cells: draft.rows.map((r) => r.cell) };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The running totals the footer shows: items and points (a paper totals 100). */
function totalsOf(rows: readonly Row[]) {
  return {
    items: rows.reduce((s, r) => s + (r.cell.count || 0), 0),
    points: round2(rows.reduce((s, r) => s + (r.cell.count || 0) * (r.cell.points || 0), 0)),
  };
}

/** The value the debounced live check sends, `delay` ms after the last change. */
function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

function problemsOfCell(problems: readonly BlueprintProblem[], index: number) {
  return problems.filter((p) => p.cell === index || p.otherCell === index);
}

/** 题量检查: each cell × candidate grade, 需要 / 可用 (matching, reserved by nested cells), mean difficulty. */
function SufficiencyTable({ sufficiency, stale }: { sufficiency: BlueprintSufficiency; stale: boolean }) {
  const many = sufficiency.grades.length > 1;
  const cellCount = sufficiency.grades[0]?.report.cells.length ?? 0;
  type Line = {
    key: string;
    cell: number;
    label: string;
    needed: number;
    first: boolean;
    span: number;
    grade: string;
    matching: number;
    reserved: number;
    available: number;
    sufficient: boolean;
    mean: number | null;
  };
  const lines: Line[] = [];
  for (let c = 0; c < cellCount; c++) {
    sufficiency.grades.forEach((g, i) => {
      const cell = g.report.cells[c];
      if (!cell) return;
      lines.push({
        key: `${c}:${g.grade ?? 'all'}`,
        cell: c,
        label: cell.label,
        needed: cell.needed,
        first: i === 0,
        span: sufficiency.grades.length,
        grade: g.grade === null ? '全部等级（暂无考生）' : `${gradeShort(g.grade)}（${g.candidates}人）`,
        matching: cell.matching,
        reserved: cell.reserved,
        available: cell.available,
        sufficient: cell.sufficient,
        mean: cell.meanDifficulty,
      });
    });
  }
  const spanned = (line: Line) => ({ rowSpan: line.first ? line.span : 0 });
  return (
    <Table<Line>
      data-testid="blueprint-sufficiency"
      size="small"
      rowKey="key"
      pagination={false}
      className={stale ? 'gk-bp-stale' : undefined}
      dataSource={lines}
      rowClassName={(l) => (l.sufficient ? '' : 'gk-bp-row-short')}
      locale={{ emptyText: '还没有抽题规则' }}
      columns={[
        { title: '序号', dataIndex: 'cell', width: 56, onCell: spanned, render: (c: number) => c + 1 },
        { title: '规则', dataIndex: 'label', onCell: spanned },
        { title: '需要', dataIndex: 'needed', width: 64, align: 'right', onCell: spanned },
        ...(many ? [{ title: '考生等级', dataIndex: 'grade', width: 130 }] : []),
        { title: '符合条件', dataIndex: 'matching', width: 80, align: 'right' as const },
        {
          title: '预留',
          dataIndex: 'reserved',
          width: 64,
          align: 'right' as const,
          render: (n: number) => (n > 0 ? n : '—'),
        },
        {
          title: '可用',
          dataIndex: 'available',
          width: 64,
          align: 'right' as const,
          render: (n: number, l: Line) => (l.sufficient ? n : <strong className="gk-bp-short-text">{n}</strong>),
        },
        {
          title: '平均难度',
          dataIndex: 'mean',
          width: 80,
          align: 'right' as const,
          render: (m: number | null) => (m === null ? '—' : m.toFixed(2)),
        },
        {
          title: '是否充足',
          dataIndex: 'sufficient',
          width: 80,
          render: (ok: boolean, l: Line) =>
            ok ? <Tag color="green">充足</Tag> : <Tag color="red">缺{l.needed - l.available}题</Tag>,
        },
      ]}
    />
  );
}

/** Each grade's expected mean difficulty, its range and spread, against target ± tolerance. */
function DifficultyLines({ sufficiency }: { sufficiency: BlueprintSufficiency }) {
  const many = sufficiency.grades.length > 1;
  const lines = sufficiency.grades
    .filter((g) => g.report.expectedMean !== null)
    .map((g) => {
      const r = g.report;
      const who = many ? `${gradeShort(g.grade)}：` : '';
      const range = r.meanRange ? `（可能 ${r.meanRange.min}–${r.meanRange.max}）` : '';
      const spread = r.meanStdDev === null ? '' : `，各份试卷波动约 ±${r.meanStdDev.toFixed(2)}`;
      return `${who}试卷平均难度预计 ${r.expectedMean?.toFixed(2)}${range}${spread}；目标 ${r.target?.toFixed(2)} ± ${r.tolerance}`;
    });
  const unique = [...new Set(lines)];
  if (unique.length === 0) return null;
  return (
    <ul className="gk-bp-lines" data-testid="blueprint-difficulty">
      {unique.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}

/** The live check's problems, blocking ones first; one line each, the grade named where it differs. */
function ProblemList({ sufficiency, draft }: { sufficiency: BlueprintSufficiency; draft: boolean }) {
  const many = sufficiency.grades.length > 1;
  const seen = new Set<string>();
  const blocking: string[] = [];
  const warnings: string[] = [];
  for (const g of sufficiency.grades) {
    for (const p of g.report.problems) {
      const text = many && g.grade !== null ? `${gradeShort(g.grade)}考生：${p.message}` : p.message;
      const key = `${p.code}|${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      (p.code === 'BLUEPRINT_TOLERANCE_TOO_TIGHT' ? warnings : blocking).push(text);
    }
  }
  return (
    <>
      {blocking.length > 0 && (
        <Alert
          className="gk-mb-s"
          type="error"
          showIcon
          data-testid="blueprint-blocking"
          title="按当前已审核试题，这份规则还不能发布"
          description={
            <ul className="gk-bp-lines">
              {blocking.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          }
        />
      )}
      {warnings.length > 0 && (
        <Alert
          className="gk-mb-s"
          type="warning"
          showIcon
          title="提醒（发布时须确认）"
          description={warnings.join('；')}
        />
      )}
      {blocking.length === 0 && warnings.length === 0 && (
        <Alert
          className="gk-mb-s"
          type="success"
          showIcon
          title={draft ? '每一条规则的已审核试题都足够，可以发布' : '每一条规则的已审核试题都足够'}
        />
      )}
    </>
  );
}

function kpOptions(kp: KnowledgePoints | undefined, type: ItemType, current: string | null) {
  const typeLabel = ITEM_TYPE_LABELS[type];
  const options = (kp?.items ?? [])
    .map((i) => ({ point: i.knowledgePoint, n: i.byType[type].reduce((s, x) => s + x, 0) }))
    .sort((a, b) => b.n - a.n || a.point.localeCompare(b.point, 'zh-CN'))
    .map(({ point, n }) => ({ value: point, label: `${point}（${typeLabel}${n}题）`, search: point }));
  if (current !== null && !options.some((o) => o.value === current)) {
    // Without the pool's counts (a read-only view does not load them), the point as it is.
    options.unshift({ value: current, label: kp ? `${current}（题库中没有）` : current, search: current });
  }
  const all = (kp?.byType[type] ?? []).reduce((s, x) => s + x, 0);
  return [{ value: ANY, label: kp ? `不限知识点（${typeLabel}${all}题）` : '不限知识点', search: '不限' }, ...options];
}

/**
 * 组卷规则 (/blueprints/:id): the settings and the cells of a draft, with running totals and, below, the live
 * sufficiency table (the server checks the unsaved rules against the approved items of every candidate grade as
 * they are typed). 保存 names the revision it was made on; 发布 is refused with the reasons shown; a published
 * blueprint is read-only, and 撤回发布 takes it back to draft while no paper was drawn from it.
 */
export default function BlueprintEditorPage() {
  const id = Number(useParams().id);
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const detail = useQuery({
    queryKey: blueprintKeys.one(id),
    queryFn: () => blueprintApi.get(id),
    enabled: Number.isInteger(id) && id > 0,
    refetchOnWindowFocus: false,
  });
  const bp = detail.data?.blueprint;

  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadedFrom, setLoadedFrom] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [stale, setStale] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  // The loaded revision becomes the form (adjusting state while rendering, as React recommends).
  const loadedKey = bp ? `${bp.id}@${bp.revision}` : null;
  if (bp && loadedKey !== loadedFrom) {
    setLoadedFrom(loadedKey);
    setDraft(toDraft(bp.definition));
    setDirty(false);
    setStale(false);
  }

  const editable = bp?.abilities.edit ?? false;
  const definition = useMemo(() => (draft ? toDefinition(draft) : null), [draft]);
  const domainBlueprint: Blueprint | null =
    bp && definition
      ? ({ ...definition, subject: bp.subject, jobTypeId: bp.jobTypeId, grade: bp.grade } as Blueprint)
      : null;
  const problems = domainBlueprint ? validateBlueprint(domainBlueprint) : [];
  const totals = totalsOf(draft?.rows ?? []);

  // The live check: the unsaved definition, 400 ms after the last change; the saved one's report meanwhile.
  const checked = useDebounced(definition, 400);
  const checkBody: CheckBlueprintBody | null =
    bp && checked
      ? {
          campaignId: bp.campaignId,
          subject: bp.subject,
          jobTypeId: bp.jobTypeId,
          grade: bp.grade,
          definition: checked,
        }
      : null;
  const live = useQuery({
    queryKey: blueprintKeys.check(checkBody ?? ({} as CheckBlueprintBody)),
    queryFn: ({ signal }) => blueprintApi.check(checkBody!, signal),
    enabled: checkBody !== null && dirty,
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: false,
  });
  const sufficiency = (dirty ? live.data?.sufficiency : undefined) ?? detail.data?.sufficiency;
  const checking = dirty && (live.isFetching || checked !== definition);

  const kpParams = bp
    ? {
        campaignId: bp.campaignId,
        subject: bp.subject,
        jobTypeId: bp.jobTypeId ?? undefined,
        grade: bp.grade ?? undefined,
      }
    : null;
  const kp = useQuery({
    queryKey: blueprintKeys.knowledgePoints(kpParams ?? { campaignId: 0, subject: 'ethics' }),
    queryFn: () => blueprintApi.knowledgePoints(kpParams!),
    enabled: kpParams !== null && editable,
    refetchOnWindowFocus: false,
  });

  const afterChange = async (res: BlueprintDetail, text: string) => {
    message.success(text);
    setActionError(null);
    queryClient.setQueryData(blueprintKeys.one(id), res);
    await queryClient.invalidateQueries({ queryKey: ['blueprints', 'campaign'] });
  };
  const onError = (e: unknown) => {
    if (isApiError(e) && e.code === 'BLUEPRINT_STALE') setStale(true);
    else if (!isSessionError(e)) setActionError(errorMessage(e));
  };

  const save = useMutation({
    mutationFn: () => blueprintApi.update(id, { revision: bp!.revision, definition: definition! }),
    onSuccess: (res) => afterChange(res, '已保存'),
    onError,
  });
  const publish = useMutation({
    mutationFn: (confirmTolerance: boolean) => blueprintApi.publish(id, { revision: bp!.revision, confirmTolerance }),
    onSuccess: (res) => afterChange(res, '已发布，生成试卷时将按此规则抽题'),
    onError: (e) => {
      if (isApiError(e) && e.code === 'BLUEPRINT_TOLERANCE_TOO_TIGHT') confirmTolerance(e.message);
      else onError(e);
      // The server checked against the items as they are now: show its figures.
      if (!(isApiError(e) && e.code === 'BLUEPRINT_STALE')) void detail.refetch();
    },
  });
  const withdraw = useMutation({
    mutationFn: () => blueprintApi.withdraw(id, bp!.revision),
    onSuccess: (res) => afterChange(res, '已撤回发布，规则回到草稿'),
    onError,
  });
  const remove = useMutation({
    mutationFn: () => blueprintApi.remove(id, bp!.revision),
    onSuccess: async () => {
      message.success('已删除');
      await queryClient.invalidateQueries({ queryKey: blueprintKeys.all });
      navigate(`/blueprints?campaign=${bp?.campaignId ?? ''}`);
    },
    onError,
  });

  function confirmTolerance(text: string) {
    modal.confirm({
      title: '允许偏差小于试卷平均难度的自然波动',
      content: text,
      okText: '仍然发布',
      cancelText: '取消',
      onOk: () => publish.mutate(true),
    });
  }

  const onPublish = () => {
    setActionError(null);
    const warning = sufficiency?.grades
      .flatMap((g) => g.report.problems)
      .find((p) => p.code === 'BLUEPRINT_TOLERANCE_TOO_TIGHT');
    if (sufficiency?.canPublish && warning) confirmTolerance(warning.message);
    else publish.mutate(false);
  };

  const onSave = () => {
    setActionError(null);
    if (problems.length > 0) {
      message.error(`还有 ${problems.length} 处需要修改，请查看标红的内容`);
      return;
    }
    save.mutate();
  };

  const reload = async () => {
    setLoadedFrom(null);
    setStale(false);
    await detail.refetch();
  };

  if (detail.isError) {
    return (
      <Result
        status={isApiError(detail.error) && detail.error.status === 404 ? '404' : 'error'}
        title="无法读取组卷规则"
        subTitle={errorMessage(detail.error)}
        extra={<Link to="/blueprints">返回组卷规则</Link>}
      />
    );
  }
  if (!bp || !draft || !detail.data) return <Card loading />;

  const setSettings = (patch: Partial<Draft['settings']>) => {
    setDraft({ ...draft, settings: { ...draft.settings, ...patch } });
    setDirty(true);
  };
  const setCell = (key: number, patch: Partial<BlueprintCellInput>) => {
    setDraft({ ...draft, rows: draft.rows.map((r) => (r.key === key ? { ...r, cell: { ...r.cell, ...patch } } : r)) });
    setDirty(true);
  };
  const addRow = () => {
    setDraft({
      ...draft,
      rows: [
        ...draft.rows,
        {
          key: nextKey++,
          cell: { type: 'single', knowledgePoint: null, difficulty: { min: 1, max: 5 }, count: 10, points: 1 },
        },
      ],
    });
    setDirty(true);
  };
  const removeRow = (key: number) => {
    setDraft({ ...draft, rows: draft.rows.filter((r) => r.key !== key) });
    setDirty(true);
  };

  const title = scopeTitle(bp);
  const back = `/blueprints?campaign=${bp.campaignId}`;
  const top = problems.filter((p) => p.cell === undefined);
  const num = (v: number | null) => (v === null ? 0 : v);
  const disabled = !editable;

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          组卷规则：{title}
          <span className="gk-page-sub">
            {bp.status === 'published' ? <Tag color="green">已发布</Tag> : <Tag color="blue">草稿</Tag>}
            已确认考生 {detail.data.candidates} 人 · 修订 {bp.revision} · 修改于 {formatDateTime(bp.updatedAt)}
            {bp.publishedAt && ` · ${bp.publishedByName ?? ''}发布于 ${formatDateTime(bp.publishedAt)}`}
          </span>
        </Typography.Title>
        <Link to={back}>
          <ArrowLeftOutlined aria-hidden /> 返回组卷规则
        </Link>
      </div>

      {stale && (
        <Alert
          className="gk-mb"
          type="warning"
          showIcon
          role="alert"
          data-testid="blueprint-stale"
          title="这份规则已被他人修改（或发布、撤回），你的操作未完成。"
          description="重新加载将读取最新的规则，你在此页未保存的修改会丢失。"
          action={
            <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
              重新加载
            </Button>
          }
        />
      )}
      {actionError && (
        <Alert
          className="gk-mb"
          type="error"
          showIcon
          role="alert"
          data-testid="blueprint-error"
          title={actionError}
          closable={{ onClose: () => setActionError(null) }}
        />
      )}
      {bp.status === 'published' && (
        <Alert
          className="gk-mb"
          type="info"
          showIcon
          title={
            bp.papers > 0
              ? `已发布，已按此规则生成 ${bp.papers} 份试卷；规则不能再修改或撤回`
              : '已发布，不能修改；尚未生成试卷，撤回发布后可以修改'
          }
        />
      )}

      <Space className="gk-mb" wrap>
        {bp.abilities.edit && (
          <Button
            type="primary"
            icon={<SaveOutlined />}
            loading={save.isPending}
            disabled={!dirty}
            onClick={onSave}
            data-testid="blueprint-save"
          >
            保存
          </Button>
        )}
        {bp.abilities.publish && (
          <Button
            icon={<CheckCircleOutlined />}
            loading={publish.isPending}
            disabled={dirty}
            onClick={onPublish}
            data-testid="blueprint-publish"
          >
            发布
          </Button>
        )}
        {bp.status === 'published' && (
          <Button
            icon={<RollbackOutlined />}
            loading={withdraw.isPending}
            disabled={!bp.abilities.withdraw}
            onClick={() => withdraw.mutate()}
            data-testid="blueprint-withdraw"
          >
            撤回发布
          </Button>
        )}
        {bp.abilities.delete && (
          <Popconfirm
            title="删除这份组卷规则？"
            okText="删除"
            cancelText="取消"
            okButtonProps={{ danger: true }}
            onConfirm={() => remove.mutate()}
          >
            <Button danger icon={<DeleteOutlined />} loading={remove.isPending}>
              删除
            </Button>
          </Popconfirm>
        )}
        {dirty && <span className="gk-muted">有未保存的修改；保存后才能发布</span>}
      </Space>

      <Card size="small" title="考试设置" className="gk-mb">
        <Form layout="inline" component={false}>
          <div className="gk-bp-settings">
            <Form.Item label="考试时长（分钟）" htmlFor="bp-duration">
              <InputNumber
                id="bp-duration"
                min={MIN_DURATION_MINUTES}
                max={MAX_DURATION_MINUTES}
                precision={0}
                disabled={disabled}
                value={draft.settings.durationMinutes}
                onChange={(v) => setSettings({ durationMinutes: num(v) })}
              />
            </Form.Item>
            <Form.Item label="及格线（分）" htmlFor="bp-pass">
              <InputNumber
                id="bp-pass"
                min={1}
                max={PAPER_TOTAL_POINTS}
                precision={0}
                disabled={disabled}
                value={draft.settings.passLine}
                onChange={(v) => setSettings({ passLine: num(v) })}
              />
            </Form.Item>
            <Form.Item label="题目乱序" htmlFor="bp-shuffle-items">
              <Switch
                id="bp-shuffle-items"
                disabled={disabled}
                checked={draft.settings.shuffleItems}
                onChange={(v) => setSettings({ shuffleItems: v })}
              />
            </Form.Item>
            <Form.Item label="选项乱序" htmlFor="bp-shuffle-options">
              <Switch
                id="bp-shuffle-options"
                disabled={disabled}
                checked={draft.settings.shuffleOptions}
                onChange={(v) => setSettings({ shuffleOptions: v })}
              />
            </Form.Item>
            <Form.Item label="目标平均难度" htmlFor="bp-target">
              <InputNumber
                id="bp-target"
                className="gk-bp-target"
                min={1}
                max={5}
                step={0.1}
                precision={2}
                placeholder="按题库平均"
                disabled={disabled}
                value={draft.settings.targetDifficulty}
                onChange={(v) => setSettings({ targetDifficulty: v })}
              />
            </Form.Item>
            <Form.Item label="允许偏差 ±" htmlFor="bp-tolerance">
              <InputNumber
                id="bp-tolerance"
                min={0.01}
                max={4}
                step={0.1}
                precision={2}
                disabled={disabled}
                value={draft.settings.difficultyTolerance}
                onChange={(v) => setSettings({ difficultyTolerance: num(v) })}
              />
            </Form.Item>
          </div>
        </Form>
        {top.length > 0 && (
          <Alert
            className="gk-mt"
            type="error"
            showIcon
            data-testid="blueprint-problems"
            title={top.map((p) => p.message).join('；')}
          />
        )}
      </Card>

      <Card
        size="small"
        className="gk-mb"
        title="抽题规则"
        extra={
          <span
            data-testid="blueprint-totals"
            className={totals.points === PAPER_TOTAL_POINTS ? '' : 'gk-bp-short-text'}
          >
            合计 {totals.items} 题，总分 {totals.points} 分{totals.points === PAPER_TOTAL_POINTS ? '' : '（应为100分）'}
          </span>
        }
      >
        <Table<Row>
          data-testid="blueprint-cells"
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={draft.rows}
          rowClassName={(_, i) => (problemsOfCell(problems, i).length > 0 ? 'gk-bp-row-error' : '')}
          locale={{ emptyText: '还没有抽题规则；点击“添加规则”' }}
          footer={
            editable
              ? () => (
                  <Button icon={<PlusOutlined />} onClick={addRow} data-testid="blueprint-add-cell">
                    添加规则
                  </Button>
                )
              : undefined
          }
          expandable={{
            expandedRowKeys: draft.rows.filter((_, i) => problemsOfCell(problems, i).length > 0).map((r) => r.key),
            expandedRowRender: (_, i) => (
              <span className="gk-bp-short-text" role="alert">
                {problemsOfCell(problems, i)
                  .map((p) => p.message)
                  .join('；')}
              </span>
            ),
            showExpandColumn: false,
          }}
          columns={[
            { title: '序号', key: 'n', width: 56, render: (_: unknown, __: Row, i: number) => i + 1 },
            {
              title: '题型',
              key: 'type',
              width: 110,
              render: (_: unknown, r: Row, i: number) => (
                <Select<ItemType>
                  id={`bp-cell-${i + 1}-type`}
                  aria-label={`第${i + 1}条规则的题型`}
                  className="gk-full"
                  disabled={disabled}
                  value={r.cell.type}
                  options={ITEM_TYPES.map((t) => ({ value: t, label: ITEM_TYPE_LABELS[t] }))}
                  onChange={(v) => setCell(r.key, { type: v })}
                />
              ),
            },
            {
              title: '知识点',
              key: 'kp',
              render: (_: unknown, r: Row, i: number) => (
                <Select<string>
                  id={`bp-cell-${i + 1}-kp`}
                  aria-label={`第${i + 1}条规则的知识点`}
                  className="gk-full"
                  showSearch={{ optionFilterProp: 'search' }}
                  disabled={disabled}
                  loading={kp.isFetching}
                  value={r.cell.knowledgePoint ?? ANY}
                  options={kpOptions(kp.data, r.cell.type, r.cell.knowledgePoint)}
                  onChange={(v) => setCell(r.key, { knowledgePoint: v === ANY ? null : v })}
                />
              ),
            },
            {
              title: '难度范围',
              key: 'band',
              width: 170,
              render: (_: unknown, r: Row, i: number) => (
                <Space size={4}>
                  <Select<number>
                    id={`bp-cell-${i + 1}-min`}
                    aria-label={`第${i + 1}条规则的最低难度`}
                    className="gk-bp-difficulty"
                    disabled={disabled}
                    value={r.cell.difficulty.min}
                    options={DIFFICULTIES.map((d) => ({ value: d, label: d }))}
                    onChange={(v) => setCell(r.key, { difficulty: { ...r.cell.difficulty, min: v } })}
                  />
                  至
                  <Select<number>
                    id={`bp-cell-${i + 1}-max`}
                    aria-label={`第${i + 1}条规则的最高难度`}
                    className="gk-bp-difficulty"
                    disabled={disabled}
                    value={r.cell.difficulty.max}
                    options={DIFFICULTIES.map((d) => ({ value: d, label: d }))}
                    onChange={(v) => setCell(r.key, { difficulty: { ...r.cell.difficulty, max: v } })}
                  />
                </Space>
              ),
            },
            {
              title: '题数',
              key: 'count',
              width: 96,
              render: (_: unknown, r: Row, i: number) => (
                <InputNumber
                  id={`bp-cell-${i + 1}-count`}
                  aria-label={`第${i + 1}条规则的题数`}
                  className="gk-full"
                  min={1}
                  max={300}
                  precision={0}
                  disabled={disabled}
                  value={r.cell.count}
                  onChange={(v) => setCell(r.key, { count: num(v) })}
                />
              ),
            },
            {
              title: '每题分值',
              key: 'points',
              width: 104,
              render: (_: unknown, r: Row, i: number) => (
                <InputNumber
                  id={`bp-cell-${i + 1}-points`}
                  aria-label={`第${i + 1}条规则的每题分值`}
                  className="gk-full"
                  min={0.01}
                  max={100}
                  step={0.5}
                  precision={2}
                  disabled={disabled}
                  value={r.cell.points}
                  onChange={(v) => setCell(r.key, { points: num(v) })}
                />
              ),
            },
            {
              title: '小计',
              key: 'subtotal',
              width: 72,
              align: 'right',
              render: (_: unknown, r: Row) => round2((r.cell.count || 0) * (r.cell.points || 0)),
            },
            ...(editable
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 64,
                    render: (_: unknown, r: Row, i: number) => (
                      <Button
                        size="small"
                        icon={<DeleteOutlined />}
                        aria-label={`删除第${i + 1}条规则`}
                        title={`删除第${i + 1}条规则`}
                        onClick={() => removeRow(r.key)}
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>

      <Card
        size="small"
        title={
          <span>
            题量检查<span className="gk-page-sub">按各等级考生可抽取的已审核试题{checking ? '，检查中…' : ''}</span>
          </span>
        }
      >
        {live.isError && dirty && !isSessionError(live.error) && (
          <Alert className="gk-mb-s" type="error" showIcon title={errorMessage(live.error)} />
        )}
        {sufficiency && (
          <>
            <ProblemList sufficiency={sufficiency} draft={bp.status === 'draft'} />
            <SufficiencyTable sufficiency={sufficiency} stale={checking} />
            <DifficultyLines sufficiency={sufficiency} />
          </>
        )}
      </Card>
    </>
  );
}
