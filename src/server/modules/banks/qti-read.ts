// Reading IMS QTI 3.0 content packages: the manifest's item resources with their LOM metadata, and each
// `qti-assessment-item` as one of our items (single or multiple choice, or our export's true/false), or the reason
// (in Chinese) why it cannot be one. Pure: strings and bytes in, results out; the service reads the zip and stores.
// What is taken and what is refused, and why: docs/api-banks.md, "QTI 3.0".
import { DIFFICULTIES, type ItemContent, type ItemType, OPTION_LETTERS } from '../../../domain/items.js';
import {
  child,
  childrenNamed,
  descendants,
  elements,
  htmlText,
  parseXml,
  QTI_NS,
  rawText,
  type XmlElement,
  XmlError,
} from './qti-xml.js';

/** The class our export puts on a true/false item's interaction (choices T and F), so that it reads back as one. */
export const TRUE_FALSE_CLASS = 'gk-true-false';
export const UNCLASSIFIED_POINT = '未分类';
export const DEFAULT_DIFFICULTY = 3;

/** LOM v1.0 `educational/difficulty` (very easy … very difficult) ↔ our 1–5. */
export const LOM_DIFFICULTY = ['very easy', 'easy', 'medium', 'difficult', 'very difficult'] as const;

export interface ManifestItem {
  /** The resource's identifier (the report names items by it). */
  identifier: string;
  /** The item file's path inside the package. */
  href: string;
  /** From the resource's LOM metadata; null where the package says nothing. */
  difficulty: number | null;
  knowledgePoint: string | null;
  source: string | null;
}

export class PackageError extends Error {}

/** Resolves `href` against the folder of `base` (a path inside the package); null when it leaves the package. */
export function resolvePath(base: string, href: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/') || href.includes('\\')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(href.split(/[?#]/)[0] ?? '');
  } catch {
    return null;
  }
  const parts = base.split('/').slice(0, -1);
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(segment);
  }
  return parts.join('/');
}

const localIs = (name: string) => (e: XmlElement) => e.local === name;
/** A LOM `langstring`: the first `string` child's text (LOM 1484.12.3), or the element's own text. */
function langString(e: XmlElement | undefined): string | null {
  if (!e) return null;
  const s = child(e, 'string');
  const text = (s ? rawText(s) : rawText(e)).trim();
  return text === '' ? null : text;
}

function difficultyOf(value: string | null): number | null {
  if (value === null) return null;
  const v = value.trim().toLowerCase();
  const lom = LOM_DIFFICULTY.indexOf(v as (typeof LOM_DIFFICULTY)[number]);
  if (lom >= 0) return lom + 1;
  const words: Record<string, number> = { 易: 1, 较易: 2, 中等: 3, 较难: 4, 难: 5 };
  if (words[v] !== undefined) return words[v];
  return /^[1-5]$/.test(v) ? Number(v) : null;
}

/** The metadata our export writes (LOM, any namespace prefix; docs/api-banks.md), from a resource's <metadata>. */
function metadataOf(resource: XmlElement): Pick<ManifestItem, 'difficulty' | 'knowledgePoint' | 'source'> {
  const lom = descendants(resource, localIs('lom'))[0];
  if (!lom) return { difficulty: null, knowledgePoint: null, source: null };
  const general = child(lom, 'general');
  const keyword = general ? childrenNamed(general, 'keyword')[0] : undefined;
  const difficulty = descendants(lom, localIs('difficulty'))[0];
  const relation = childrenNamed(lom, 'relation').find((r) => {
    const kind = child(r, 'kind');
    const value = kind ? child(kind, 'value') : undefined;
    return value ? rawText(value).trim().toLowerCase() === 'isbasedon' : false;
  });
  const resourceOfRelation = relation ? child(relation, 'resource') : undefined;
  return {
    difficulty: difficultyOf(difficulty ? (langString(child(difficulty, 'value')) ?? null) : null),
    knowledgePoint: langString(keyword),
    source: langString(resourceOfRelation ? child(resourceOfRelation, 'description') : undefined),
  };
}

/**
 * The item resources of `imsmanifest.xml` in document order: `resource` elements whose type names a QTI item
 * (`imsqti_item_xmlv3p0`; other versions are listed too, and refused per item by the item reader). Tests, sections and
 * web content are not items. Throws PackageError when the manifest is no manifest.
 */
export function readManifest(xml: string): ManifestItem[] {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    throw new PackageError(
      error instanceof XmlError ? `imsmanifest.xml：${error.message}` : 'imsmanifest.xml 无法读取',
    );
  }
  if (root.local !== 'manifest') throw new PackageError('imsmanifest.xml 的根元素不是 manifest');
  const items: ManifestItem[] = [];
  for (const resources of childrenNamed(root, 'resources')) {
    for (const resource of childrenNamed(resources, 'resource')) {
      const type = (resource.attrs.type ?? '').toLowerCase();
      if (!type.startsWith('imsqti_item_xml')) continue;
      const href = resource.attrs.href ?? child(resource, 'file')?.attrs.href ?? '';
      items.push({ identifier: resource.attrs.identifier ?? href, href, ...metadataOf(resource) });
    }
  }
  return items;
}

// ─── Items ──────────────────────────────────────────────────────────────────────────────────────────────

/** What one item file gives, before its pictures are stored: paths inside the package instead of image keys. */
export interface ReadItem {
  /** ItemContent without image keys; stemImage and options[].image are package paths (or null). */
  content: ItemContent;
  /** Things worth telling that did not stop the item (defaults taken), in Chinese. */
  notes: string[];
}
export type ReadItemResult = { ok: true; item: ReadItem } | { ok: false; reason: string };

/** Interactions we cannot hold, by QTI 3 element name, in words a bank manager knows. */
const INTERACTION_NAMES: Record<string, string> = {
  'qti-text-entry-interaction': '填空（文本输入）',
  'qti-extended-text-interaction': '问答（长文本输入）',
  'qti-order-interaction': '排序',
  'qti-match-interaction': '匹配',
  'qti-associate-interaction': '关联配对',
  'qti-gap-match-interaction': '拖放填空',
  'qti-inline-choice-interaction': '下拉选择填空',
  'qti-hottext-interaction': '热文本选择',
  'qti-hotspot-interaction': '图形热点',
  'qti-graphic-order-interaction': '图形排序',
  'qti-graphic-associate-interaction': '图形关联',
  'qti-graphic-gap-match-interaction': '图形拖放',
  'qti-select-point-interaction': '图上选点',
  'qti-position-object-interaction': '图上放置',
  'qti-slider-interaction': '滑块',
  'qti-media-interaction': '音视频',
  'qti-upload-interaction': '上传文件',
  'qti-drawing-interaction': '绘图',
  'qti-custom-interaction': '自定义',
  'qti-portable-custom-interaction': '自定义（PCI）',
  'qti-end-attempt-interaction': '结束作答',
};
const isInteraction = (e: XmlElement) => e.local.endsWith('-interaction');
/** Content that is not what the candidate reads as the question or an option. */
const NOT_CONTENT = new Set([
  'qti-feedback-inline',
  'qti-feedback-block',
  'qti-rubric-block',
  'qti-template-inline',
  'qti-template-block',
  'qti-printed-variable',
  'qti-catalog-info',
  'qti-stylesheet',
]);
const UNSUPPORTED_MEDIA: Record<string, string> = {
  math: '数学公式（MathML）',
  object: '嵌入对象',
  audio: '音频',
  video: '视频',
  iframe: '内嵌网页',
  svg: '矢量图（SVG）',
  'qti-include': '外部引用内容（qti-include）',
};

const MATCH_CORRECT = /\/match_correct(\.xml)?$/i;

/** Does the explicit response processing give points exactly when the response equals the correct response? */
function scoresCorrectResponse(rp: XmlElement, responseId: string): boolean {
  return descendants(rp, localIs('qti-response-if')).some((branch) => {
    const [condition, ...actions] = elements(branch);
    if (condition?.local !== 'qti-match') return false;
    const operands = elements(condition);
    const hasVariable = operands.some((o) => o.local === 'qti-variable' && o.attrs.identifier === responseId);
    const hasCorrect = operands.some((o) => o.local === 'qti-correct' && o.attrs.identifier === responseId);
    if (!hasVariable || !hasCorrect || operands.length !== 2) return false;
    return actions.some((a) => {
      if (a.local !== 'qti-set-outcome-value' || a.attrs.identifier !== 'SCORE') return false;
      const value = child(a, 'qti-base-value');
      return value !== undefined && Number(rawText(value).trim()) > 0;
    });
  });
}

/**
 * One `qti-assessment-item` as our item. `meta` is what the manifest says of it. Refused (a reason, never a throw):
 * not QTI 3, no or several interactions, any interaction but a choice, more than 6 options, a response processing
 * that is not "all correct or nothing", a correct response naming no option, more than one picture in the stem or in
 * an option, media the model cannot hold (MathML, audio, video, objects). The domain's validateItem runs later.
 */
export function readItem(
  xml: string,
  meta: Pick<ManifestItem, 'difficulty' | 'knowledgePoint' | 'source'>,
): ReadItemResult {
  const refuse = (reason: string): ReadItemResult => ({ ok: false, reason });
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    return refuse(error instanceof XmlError ? error.message : 'XML 无法读取');
  }
  if (root.local !== 'qti-assessment-item' || root.uri !== QTI_NS) {
    return refuse(
      root.local === 'assessmentItem'
        ? '这是 QTI 2.x 的试题，只支持 QTI 3.0（qti-assessment-item）'
        : '不是 QTI 3.0 试题（根元素应为 qti-assessment-item，命名空间 imsqtiasi_v3p0）',
    );
  }
  const body = child(root, 'qti-item-body', QTI_NS);
  if (!body) return refuse('试题缺少 qti-item-body');

  const interactions = descendants(body, isInteraction);
  const foreign = interactions.find((i) => i.local !== 'qti-choice-interaction');
  if (foreign) {
    const name = INTERACTION_NAMES[foreign.local];
    return refuse(
      `题型不支持：${name ? `${name}题（${foreign.local}）` : foreign.local}；本系统只导入单选题、多选题（qti-choice-interaction）`,
    );
  }
  if (interactions.length === 0) return refuse('试题中没有选择题作答区（qti-choice-interaction）');
  if (interactions.length > 1) return refuse(`一道试题含有 ${interactions.length} 个作答区，本系统每题只能有一个`);
  const interaction = interactions[0]!;

  const media = descendants(body, (e) => UNSUPPORTED_MEDIA[e.local] !== undefined)[0];
  if (media) return refuse(`含有${UNSUPPORTED_MEDIA[media.local]}，本系统的试题只能是文字和图片`);

  // The response: its declaration, cardinality and correct values.
  const responseId = interaction.attrs['response-identifier'] ?? '';
  const declaration = childrenNamed(root, 'qti-response-declaration', QTI_NS).find(
    (d) => d.attrs.identifier === responseId,
  );
  if (!declaration) return refuse(`找不到作答区对应的答案声明（qti-response-declaration identifier="${responseId}"）`);
  const correct = child(declaration, 'qti-correct-response', QTI_NS);
  const correctValues = correct ? childrenNamed(correct, 'qti-value', QTI_NS).map((v) => rawText(v).trim()) : [];
  if (correctValues.length === 0) return refuse('试题没有标准答案（qti-correct-response）');

  // Scoring: match_correct (any URI form) or explicit processing that scores the correct response; none: a note.
  const notes: string[] = [];
  const rp = child(root, 'qti-response-processing', QTI_NS);
  if (!rp) notes.push('未声明评分规则，按“全部答对得分”导入');
  else {
    const template = rp.attrs.template ?? rp.attrs['template-location'] ?? '';
    if (template !== '') {
      if (!MATCH_CORRECT.test(template)) {
        return refuse(`评分规则为 ${template.split('/').pop()}，本系统只支持“全部答对得分”（match_correct）`);
      }
    } else if (!scoresCorrectResponse(rp, responseId)) {
      return refuse('评分规则不是“作答与标准答案一致得分”，本系统只支持全部答对得分（match_correct）');
    }
  }

  // Options: the simple choices in order, as letters A–F.
  const choices = childrenNamed(interaction, 'qti-simple-choice', QTI_NS);
  if (choices.length > OPTION_LETTERS.length) return refuse(`有 ${choices.length} 个选项，本系统最多 6 个`);
  const skip = (e: XmlElement) => NOT_CONTENT.has(e.local) || isInteraction(e);
  const options: { text: string; image: string | null }[] = [];
  for (const [i, choice] of choices.entries()) {
    const images: string[] = [];
    const text = htmlText(choice, { skip, onImage: (img) => images.push(img.attrs.src ?? '') });
    if (images.length > 1) return refuse(`选项${OPTION_LETTERS[i]}含有 ${images.length} 张图片，每个选项最多 1 张`);
    options.push({ text, image: images[0] ?? null });
  }
  const letterOf = new Map(choices.map((c, i) => [c.attrs.identifier ?? '', OPTION_LETTERS[i]!]));

  // The stem: the body's content outside the interaction, then the interaction's prompt.
  const stemImages: string[] = [];
  const onImage = (img: XmlElement) => stemImages.push(img.attrs.src ?? '');
  const before = htmlText(body, { skip, onImage });
  const prompt = child(interaction, 'qti-prompt', QTI_NS);
  const promptText = prompt ? htmlText(prompt, { skip, onImage }) : '';
  const stem = [before, promptText].filter((s) => s !== '').join('\n');
  if (stemImages.length > 1) return refuse(`题干含有 ${stemImages.length} 张图片，本系统每题题干最多 1 张`);
  if ([...stemImages, ...options.map((o) => o.image)].some((src) => src === '')) {
    return refuse('图片缺少地址（img 的 src 为空）');
  }

  // Type and answer.
  const cardinality = declaration.attrs.cardinality ?? 'single';
  const maxChoices = Number(interaction.attrs['max-choices'] ?? '1');
  const classes = (interaction.attrs.class ?? '').split(/\s+/);
  const ids = choices.map((c) => c.attrs.identifier);
  let type: ItemType = cardinality === 'multiple' || maxChoices !== 1 ? 'multiple' : 'single';
  let answer: string;
  let finalOptions = options;
  if (classes.includes(TRUE_FALSE_CLASS) && ids.length === 2 && ids[0] === 'T' && ids[1] === 'F') {
    if (correctValues.length !== 1) return refuse('判断题只能有一个标准答案');
    type = 'true_false';
    answer = correctValues[0]!;
    finalOptions = [];
  } else {
    const letters = correctValues.map((v) => letterOf.get(v));
    const unknown = correctValues.filter((_, i) => letters[i] === undefined);
    if (unknown.length > 0) return refuse(`标准答案 ${unknown.join('、')} 不是本题的选项`);
    answer = [...new Set(letters as string[])].sort().join('');
    if (type === 'single' && answer.length > 1) return refuse('单选题（max-choices="1"）却有多个标准答案');
  }

  // 解析: the modal feedback (all of them, in order).
  const explanation = childrenNamed(root, 'qti-modal-feedback', QTI_NS)
    .map((f) => htmlText(f, { skip }))
    .filter((t) => t !== '')
    .join('\n');

  if (meta.difficulty === null) notes.push(`未标注难度，按 ${DEFAULT_DIFFICULTY}（中等）导入`);
  if (meta.knowledgePoint === null) notes.push(`未标注知识点，按“${UNCLASSIFIED_POINT}”导入`);
  const difficulty = meta.difficulty ?? DEFAULT_DIFFICULTY;
  return {
    ok: true,
    item: {
      content: {
        type,
        stem,
        stemImage: stemImages[0] ?? null,
        options: finalOptions,
        answer,
        difficulty: (DIFFICULTIES as readonly number[]).includes(difficulty) ? difficulty : DEFAULT_DIFFICULTY,
        knowledgePoint: meta.knowledgePoint ?? UNCLASSIFIED_POINT,
        source: meta.source ?? '',
        explanation,
      },
      notes,
    },
  };
}
