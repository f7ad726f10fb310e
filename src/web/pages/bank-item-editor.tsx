import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Radio, Result, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  DIFFICULTIES,
  EXPLANATION_MAX_LENGTH,
  ITEM_TYPES,
  type ItemField,
  type ItemProblem,
  type ItemType,
  KNOWLEDGE_POINT_MAX_LENGTH,
  OPTION_COUNTS,
  OPTION_LETTERS,
  OPTION_MAX_LENGTH,
  SOURCE_MAX_LENGTH,
  STEM_MAX_LENGTH,
  validateItem,
} from '../../domain/items';
import { bankApi, bankKeys } from '../api/banks';
import { ApiError, errorMessage, isApiError, isSessionError } from '../api/client';
import type { BankItemContent } from '../api/types';
import { ImagePicker } from '../banks/image-picker';
import { CandidatePreview, ManagerKey } from '../banks/item-preview';
import { DIFFICULTY_LABELS, ITEM_TYPE_LABELS, TRUE_FALSE_LABELS } from '../labels';

interface Draft {
  type: ItemType;
  stem: string;
  stemImage: string | null;
  options: Array<{ text: string; image: string | null }>;
  answer: string;
  difficulty: number;
  knowledgePoint: string;
  source: string;
  explanation: string;
}

const emptyOptions = (n: number) => Array.from({ length: n }, () => ({ text: '', image: null }));

const NEW_ITEM: Draft = {
  type: 'single',
  stem: '',
  stemImage: null,
  options: emptyOptions(4),
  answer: '',
  difficulty: 3,
  knowledgePoint: '',
  source: '',
  explanation: '',
};

function fromContent(c: BankItemContent): Draft {
  return {
    type: c.type,
    stem: c.stem,
    stemImage: c.stemImage,
    options: c.options.map((o) => ({ text: o.text, image: o.image })),
    answer: c.answer,
    difficulty: c.difficulty,
    knowledgePoint: c.knowledgePoint,
    source: c.source,
    explanation: c.explanation,
  };
}

/** The draft after a change of type: true/false has no options, choice items start with four empty ones. */
function withType(d: Draft, type: ItemType): Draft {
  if (type === d.type) return d;
  if (type === 'true_false') return { ...d, type, options: [], answer: '' };
  const options = d.type === 'true_false' ? emptyOptions(4) : d.options;
  const answer = d.type === 'true_false' || (type === 'single' && d.answer.length !== 1) ? '' : d.answer;
  return { ...d, type, options, answer };
}

/** Removes option `index`; the answer's letters after it move up one, its own letter goes. */
function withoutOption(d: Draft, index: number): Draft {
  const answer = [...d.answer]
    .map((l) => OPTION_LETTERS.indexOf(l as (typeof OPTION_LETTERS)[number]))
    .filter((i) => i !== index)
    .map((i) => OPTION_LETTERS[i > index ? i - 1 : i])
    .join('');
  return { ...d, options: d.options.filter((_, i) => i !== index), answer };
}

/**
 * 新建试题 (/banks/:id/items/new) and 修改试题 (/bank-items/:itemId/edit): the form with the domain's live checks on
 * the field they concern (only once it has been touched, or on saving), a preview as the candidate will see it and,
 * beside it, the answer and 解析.
 */
export default function BankItemEditorPage() {
  const params = useParams();
  const itemId = params.itemId ? Number(params.itemId) : undefined;
  const editing = itemId !== undefined;
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  // Editing: the newest version's number from the history (metadata), then its content, once (an audited read).
  const versions = useQuery({
    queryKey: bankKeys.versions(itemId ?? 0),
    queryFn: () => bankApi.versions(itemId ?? 0),
    enabled: editing,
  });
  const newest = versions.data?.items[0];
  const content = useQuery({
    queryKey: ['bank-item-content', itemId, newest?.version],
    queryFn: () => bankApi.content(itemId ?? 0, newest?.version ?? 0),
    enabled: editing && newest !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: false,
  });

  const [draft, setDraft] = useState<Draft>(NEW_ITEM);
  const [loadedFrom, setLoadedFrom] = useState<string | null>(null);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [stale, setStale] = useState(false);
  // The loaded version becomes the form (adjusting state while rendering, as React recommends).
  const loadedKey = content.data ? `${content.data.version}@${content.data.updatedAt}` : null;
  if (content.data && loadedKey !== loadedFrom) {
    setLoadedFrom(loadedKey);
    setDraft(fromContent(content.data));
    setTouched(new Set());
    setSubmitted(false);
    setStale(false);
  }
  const bankId = editing ? newest?.bankId : Number(params.id);

  const problems = validateItem(draft);
  const touch = (key: string) => {
    if (!touched.has(key)) setTouched(new Set([...touched, key]));
  };
  const change = (patch: Partial<Draft>, key: string) => {
    setDraft({ ...draft, ...patch });
    touch(key);
  };
  const shown = (p: ItemProblem) =>
    submitted ||
    touched.has(p.option ? `options:${p.option}` : p.field) ||
    (p.field === 'answer' && touched.has('answer'));
  const fieldProblems = (field: ItemField, option?: string) =>
    problems.filter((p) => p.field === field && (option === undefined ? !p.option : p.option === option) && shown(p));
  const status = (list: ItemProblem[]) => (list.length > 0 ? ('error' as const) : undefined);
  const help = (list: ItemProblem[], extra?: string) =>
    list.length > 0 ? list.map((p) => p.message).join('；') : extra;

  const save = useMutation({
    mutationFn: async () => {
      const body = { ...draft, knowledgePoint: draft.knowledgePoint.trim() };
      if (!editing) return bankApi.createItem(bankId ?? 0, body);
      const loaded = content.data;
      if (!loaded) throw new ApiError(409, 'ITEM_VERSION_STALE', '试题尚未加载完');
      // The revision read when the editor opened: the server refuses the edit (ITEM_VERSION_STALE) if anyone
      // changed this version since, an edit in place included.
      return bankApi.updateItem(itemId, { ...body, version: loaded.version, revision: loaded.revision });
    },
    onSuccess: async (res) => {
      message.success(
        res.mode === 'new_version' ? `已保存为第 ${res.item.version} 版草稿，待他人审核` : '已保存为草稿，待他人审核',
      );
      await queryClient.invalidateQueries({ queryKey: bankKeys.all });
      navigate(`/bank-items/${res.item.itemId}`, { replace: editing });
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'ITEM_VERSION_STALE') setStale(true);
    },
  });

  const onSave = () => {
    setSubmitted(true);
    if (problems.length > 0) {
      message.error(`还有 ${problems.length} 处需要修改，请查看标红的内容`);
      return;
    }
    save.mutate();
  };

  const reload = async () => {
    save.reset();
    setLoadedFrom(null);
    await versions.refetch();
    await content.refetch();
  };

  if (editing && (versions.isError || content.isError)) {
    return (
      <Result
        status="error"
        title="无法读取试题"
        subTitle={errorMessage(versions.error ?? content.error)}
        extra={<Link to="/banks">返回题库列表</Link>}
      />
    );
  }
  if (editing && !content.data) return <Card loading />;

  const optionCount = OPTION_COUNTS[draft.type];
  const back = editing ? `/bank-items/${itemId}` : `/banks/${bankId}`;
  const optionsProblems = fieldProblems('options');

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          {editing ? `修改试题 ${itemId}` : '新建试题'}
          <span className="gk-page-sub">
            {editing
              ? `修改第 ${newest?.version} 版；保存后须由另一位题库管理员审核`
              : '保存为草稿后，须由另一位题库管理员审核通过才能组卷'}
          </span>
        </Typography.Title>
        <Link to={back}>
          <ArrowLeftOutlined aria-hidden /> 返回
        </Link>
      </div>
      {stale && (
        <Alert
          className="gk-mb"
          type="warning"
          showIcon
          role="alert"
          data-testid="item-stale"
          title="这道题已被他人修改或审核，你编辑的不是最新版本，未保存。"
          description="重新加载将读取最新版本（记入审计日志），你在此页的修改会丢失。"
          action={
            <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
              重新加载
            </Button>
          }
        />
      )}
      {save.isError && !stale && !isSessionError(save.error) && (
        <Alert className="gk-mb" type="error" showIcon role="alert" title={errorMessage(save.error)} />
      )}
      <Row gutter={16}>
        <Col span={14}>
          <Card size="small" title="试题内容">
            <Form layout="vertical" component={false}>
              <Form.Item label="题型" htmlFor="item-type">
                <Radio.Group
                  id="item-type"
                  optionType="button"
                  value={draft.type}
                  onChange={(e) => {
                    setDraft(withType(draft, e.target.value as ItemType));
                    touch('type');
                  }}
                  options={ITEM_TYPES.map((t) => ({ value: t, label: ITEM_TYPE_LABELS[t] }))}
                />
              </Form.Item>
              <Form.Item
                label="题干"
                htmlFor="item-stem"
                required
                validateStatus={status(fieldProblems('stem'))}
                help={help(fieldProblems('stem'))}
              >
                <Input.TextArea
                  id="item-stem"
                  autoSize={{ minRows: 3, maxRows: 10 }}
                  maxLength={STEM_MAX_LENGTH}
                  showCount
                  value={draft.stem}
                  onChange={(e) => change({ stem: e.target.value }, 'stem')}
                  onBlur={() => touch('stem')}
                />
              </Form.Item>
              <ImagePicker
                label="题干"
                testId="item-stem-image"
                value={draft.stemImage}
                onChange={(stemImage) => change({ stemImage }, 'stem')}
              />
              {draft.type !== 'true_false' && (
                <fieldset className="gk-fieldset" aria-label="选项">
                  <Typography.Text strong>
                    选项（{optionCount.min}至{optionCount.max}个）
                  </Typography.Text>
                  {draft.options.map((o, i) => {
                    const letter = OPTION_LETTERS[i] ?? '?';
                    const own = fieldProblems('options', letter);
                    return (
                      <div className="gk-option-row" key={letter}>
                        <Form.Item validateStatus={status(own)} help={help(own)}>
                          <Input
                            id={`item-option-${letter}`}
                            aria-label={`选项${letter}`}
                            prefix={<strong>{letter}.</strong>}
                            maxLength={OPTION_MAX_LENGTH}
                            value={o.text}
                            onChange={(e) =>
                              change(
                                {
                                  options: draft.options.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)),
                                },
                                `options:${letter}`,
                              )
                            }
                            onBlur={() => touch(`options:${letter}`)}
                          />
                          <ImagePicker
                            label={`选项${letter}`}
                            testId={`item-option-${letter}-image`}
                            value={o.image}
                            onChange={(image) =>
                              change(
                                { options: draft.options.map((x, j) => (j === i ? { ...x, image } : x)) },
                                `options:${letter}`,
                              )
                            }
                          />
                        </Form.Item>
                        <Button
                          icon={<DeleteOutlined />}
                          aria-label={`删除选项${letter}`}
                          title={`删除选项${letter}`}
                          disabled={draft.options.length <= optionCount.min}
                          onClick={() => {
                            setDraft(withoutOption(draft, i));
                            touch('options');
                          }}
                        />
                      </div>
                    );
                  })}
                  <Form.Item validateStatus={status(optionsProblems)} help={help(optionsProblems)}>
                    <Button
                      icon={<PlusOutlined />}
                      disabled={draft.options.length >= optionCount.max}
                      onClick={() => {
                        setDraft({ ...draft, options: [...draft.options, { text: '', image: null }] });
                        touch('options');
                      }}
                    >
                      添加选项
                    </Button>
                  </Form.Item>
                </fieldset>
              )}
              <Form.Item
                label="正确答案"
                required
                validateStatus={status(fieldProblems('answer'))}
                help={help(fieldProblems('answer'))}
              >
                <div data-testid="item-answer">
                  {draft.type === 'single' && (
                    <Radio.Group
                      aria-label="正确答案"
                      value={draft.answer}
                      onChange={(e) => change({ answer: String(e.target.value) }, 'answer')}
                      options={draft.options.map((_, i) => ({ value: OPTION_LETTERS[i], label: OPTION_LETTERS[i] }))}
                    />
                  )}
                  {draft.type === 'multiple' && (
                    <Checkbox.Group
                      aria-label="正确答案"
                      value={[...draft.answer]}
                      onChange={(v) => change({ answer: [...v].map(String).sort().join('') }, 'answer')}
                      options={draft.options.map((_, i) => ({ value: OPTION_LETTERS[i], label: OPTION_LETTERS[i] }))}
                    />
                  )}
                  {draft.type === 'true_false' && (
                    <Radio.Group
                      aria-label="正确答案"
                      value={draft.answer}
                      onChange={(e) => change({ answer: String(e.target.value) }, 'answer')}
                      options={(['T', 'F'] as const).map((v) => ({ value: v, label: TRUE_FALSE_LABELS[v] }))}
                    />
                  )}
                </div>
              </Form.Item>
              <Form.Item label="难度" required>
                <Radio.Group
                  aria-label="难度"
                  optionType="button"
                  value={draft.difficulty}
                  onChange={(e) => change({ difficulty: Number(e.target.value) }, 'difficulty')}
                  options={DIFFICULTIES.map((d) => ({ value: d, label: `${d} ${DIFFICULTY_LABELS[d]}` }))}
                />
              </Form.Item>
              <Form.Item
                label="知识点"
                htmlFor="item-kp"
                required
                validateStatus={status(fieldProblems('knowledgePoint'))}
                help={help(fieldProblems('knowledgePoint'), '列表按知识点筛选，请使用统一的写法')}
              >
                <Input
                  id="item-kp"
                  maxLength={KNOWLEDGE_POINT_MAX_LENGTH}
                  value={draft.knowledgePoint}
                  onChange={(e) => change({ knowledgePoint: e.target.value }, 'knowledgePoint')}
                  onBlur={() => touch('knowledgePoint')}
                />
              </Form.Item>
              <Form.Item
                label="来源"
                htmlFor="item-source"
                validateStatus={status(fieldProblems('source'))}
                help={help(fieldProblems('source'), '教材、规章等，可不填')}
              >
                <Input
                  id="item-source"
                  maxLength={SOURCE_MAX_LENGTH}
                  value={draft.source}
                  onChange={(e) => change({ source: e.target.value }, 'source')}
                />
              </Form.Item>
              <Form.Item
                label="解析"
                htmlFor="item-explanation"
                validateStatus={status(fieldProblems('explanation'))}
                help={help(fieldProblems('explanation'))}
              >
                <Input.TextArea
                  id="item-explanation"
                  autoSize={{ minRows: 2, maxRows: 8 }}
                  maxLength={EXPLANATION_MAX_LENGTH}
                  value={draft.explanation}
                  onChange={(e) => change({ explanation: e.target.value }, 'explanation')}
                />
              </Form.Item>
              <Space>
                <Button
                  type="primary"
                  icon={<SaveOutlined />}
                  loading={save.isPending}
                  onClick={onSave}
                  data-testid="item-save"
                >
                  保存草稿
                </Button>
                <Button onClick={() => navigate(back)}>取消</Button>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col span={10}>
          <CandidatePreview content={draft} />
          <ManagerKey content={draft} />
        </Col>
      </Row>
    </>
  );
}
