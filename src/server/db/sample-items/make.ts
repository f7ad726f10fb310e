// A compact way to write the demo's sample items (示例题库): each bank names its knowledge points and sources once,
// and each item refers to them by position. The texts are written for the demo (original, not taken from any
// real exam bank); sample-banks.test.ts runs every one through the domain's validateItem.

import type { ItemContent } from '../../../domain/items.js';

/** Letters of the correct options ('B', 'ACD'), in ascending order as the domain's answer encoding wants. */
type Letters = string;

export interface SampleItemWriter {
  items: ItemContent[];
  /** 单选题: `answer` is one letter. */
  single(
    kp: number,
    difficulty: number,
    stem: string,
    options: string[],
    answer: Letters,
    explanation: string,
    source?: number,
  ): void;
  /** 多选题: `answer` has two or more letters. */
  multiple(
    kp: number,
    difficulty: number,
    stem: string,
    options: string[],
    answer: Letters,
    explanation: string,
    source?: number,
  ): void;
  /** 判断题: true for 正确, false for 错误. */
  judge(kp: number, difficulty: number, stem: string, answer: boolean, explanation: string, source?: number): void;
}

/**
 * A writer over one bank's knowledge points and sources (an item's `kp` and `source` are indexes into them; the
 * source defaults to the first).
 */
export function sampleItems(knowledgePoints: readonly string[], sources: readonly string[]): SampleItemWriter {
  const items: ItemContent[] = [];
  const point = (kp: number) => {
    const name = knowledgePoints[kp];
    if (name === undefined) throw new RangeError(`no knowledge point ${kp}`);
    return name;
  };
  const from = (source: number) => {
    const name = sources[source];
    if (name === undefined) throw new RangeError(`no source ${source}`);
    return name;
  };
  const choice =
    (type: 'single' | 'multiple') =>
    (
      kp: number,
      difficulty: number,
      stem: string,
      options: string[],
      answer: Letters,
      explanation: string,
      source = 0,
    ) => {
      items.push({
        type,
        stem,
        stemImage: null,
        options: options.map((text) => ({ text, image: null })),
        answer,
        difficulty,
        knowledgePoint: point(kp),
        source: from(source),
        explanation,
      });
    };
  return {
    items,
    single: choice('single'),
    multiple: choice('multiple'),
    judge(kp, difficulty, stem, answer, explanation, source = 0) {
      items.push({
        type: 'true_false',
        stem,
        stemImage: null,
        options: [],
        answer: answer ? 'T' : 'F',
        difficulty,
        knowledgePoint: point(kp),
        source: from(source),
        explanation,
      });
    },
  };
}
