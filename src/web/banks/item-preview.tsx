import { Card, Descriptions, Typography } from 'antd';
import type { ItemType } from '../../domain/items';
import { OPTION_LETTERS } from '../../domain/items';
import { bankImageApi } from '../api/bank-images';
import { ITEM_TYPE_LABELS, TRUE_FALSE_LABELS } from '../labels';

export interface PreviewContent {
  type: ItemType;
  stem: string;
  /** The stem's picture (a stored image's key), shown under the stem. */
  stemImage?: string | null;
  options: ReadonlyArray<{ text: string; image?: string | null }>;
  answer: string;
  source: string;
  explanation: string;
}

const HINTS: Record<ItemType, string> = {
  single: '请从下列选项中选择一项',
  multiple: '请从下列选项中选择两项或两项以上',
  true_false: '请判断下列说法',
};

/** The item as the candidate will see it: the stem and the choices, nothing of the key. */
export function CandidatePreview({ content }: { content: PreviewContent }) {
  const choices =
    content.type === 'true_false'
      ? (['T', 'F'] as const).map((v) => ({ key: v, text: TRUE_FALSE_LABELS[v] }))
      : content.options.map((o, i) => ({
          key: OPTION_LETTERS[i] ?? String(i),
          text: `${OPTION_LETTERS[i]}. ${o.text}`,
          image: o.image ?? null,
        }));
  const mark = content.type === 'multiple' ? '□' : '○';
  return (
    <Card size="small" title="考生所见" data-testid="item-preview" className="gk-mb">
      <Typography.Text type="secondary">
        {ITEM_TYPE_LABELS[content.type]} · {HINTS[content.type]}
      </Typography.Text>
      <Typography.Paragraph className="gk-item-stem">
        {content.stem.trim() || <span className="gk-muted">（题干）</span>}
      </Typography.Paragraph>
      {content.stemImage && <img className="gk-item-image" src={bankImageApi.url(content.stemImage)} alt="题干图片" />}
      <ul className="gk-item-choices" aria-label="选项">
        {choices.map((c) => (
          <li key={c.key}>
            <span aria-hidden>{mark} </span>
            {c.text}
            {'image' in c && c.image && (
              <img className="gk-item-image" src={bankImageApi.url(c.image)} alt={`选项${c.key}图片`} />
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function answerInWords(type: ItemType, answer: string): string {
  if (answer === '') return '（未设置）';
  if (type === 'true_false') return TRUE_FALSE_LABELS[answer as 'T' | 'F'] ?? answer;
  return [...answer].join('、');
}

/** What only the bank manager sees: the answer, the 解析 and the source. */
export function ManagerKey({ content }: { content: PreviewContent }) {
  return (
    <Card size="small" title="答案与解析（仅题库管理员可见）" data-testid="item-key">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'answer', label: '正确答案', children: answerInWords(content.type, content.answer) },
          { key: 'explanation', label: '解析', children: content.explanation.trim() || '—' },
          { key: 'source', label: '来源', children: content.source.trim() || '—' },
        ]}
      />
    </Card>
  );
}
