// A small namespace-aware XML tree for QTI packages, built with saxes (a non-validating SAX parser that expands no
// entity of a DTD: a "billion laughs" document is an error, not a memory bomb), and the text model of QTI's HTML
// content (stems, options, feedback): markup stripped, line breaks kept. docs/api-banks.md, "QTI 3.0".
import { SaxesParser, type SaxesTagNS } from 'saxes';

export const QTI_NS = 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0';
export const CP_NS = 'http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1';
export const LOM_NS = 'http://ltsc.ieee.org/xsd/LOM';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface XmlElement {
  uri: string;
  local: string;
  /** Attributes without a namespace by their name; namespaced ones as `{uri}local`. */
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const MAX_DEPTH = 200;

export class XmlError extends Error {}

/** Parses a whole document; throws XmlError (not well-formed, too deep, an entity it does not know). */
export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let failure: Error | null = null;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (stack.length >= MAX_DEPTH) {
      failure ??= new XmlError('XML 嵌套过深');
      return;
    }
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      attrs[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
    }
    const element: XmlElement = { uri: tag.uri ?? '', local: tag.local ?? tag.name, attrs, children: [] };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else root ??= element;
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (t: string) => {
    const parent = stack.at(-1);
    if (parent && t !== '') parent.children.push(t);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  try {
    parser.write(text.replace(/^\uFEFF/, '')).close();
  } catch (error) {
    failure ??= error as Error;
  }
  if (failure) throw new XmlError(`XML 格式错误：${(failure as Error).message.slice(0, 200)}`);
  if (!root) throw new XmlError('XML 文件为空');
  return root;
}

export const elements = (e: XmlElement): XmlElement[] =>
  e.children.filter((c): c is XmlElement => typeof c !== 'string');

/** Child elements by local name (any namespace unless one is given). */
export function childrenNamed(e: XmlElement, local: string, uri?: string): XmlElement[] {
  return elements(e).filter((c) => c.local === local && (uri === undefined || c.uri === uri));
}
export const child = (e: XmlElement, local: string, uri?: string) => childrenNamed(e, local, uri)[0];

/** Every descendant element (depth first, document order) that `match` accepts. */
export function descendants(e: XmlElement, match: (x: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (x: XmlElement) => {
    for (const c of elements(x)) {
      if (match(c)) out.push(c);
      walk(c);
    }
  };
  walk(e);
  return out;
}

/** The plain text of an element and its descendants, as written (metadata values). */
export function rawText(e: XmlElement): string {
  return e.children.map((c) => (typeof c === 'string' ? c : rawText(c))).join('');
}

// ─── HTML content as text ────────────────────────────────────────────────────────────────────────────────

/** Elements that end a line (HTML's block boxes, list items, table rows). */
const BLOCKS = new Set([
  'p',
  'div',
  'blockquote',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'caption',
  'figure',
  'figcaption',
  'hr',
  'address',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'qti-content-body',
  'qti-prompt',
]);

/** Whitespace-preserving markup: <pre>, and our own export's `gk-pre` spans (whitespace HTML would collapse). */
export const PRE_CLASS = 'gk-pre';
const isPre = (e: XmlElement) => e.local === 'pre' || (e.attrs.class ?? '').split(/\s+/).includes(PRE_CLASS);

export interface TextOptions {
  /** Elements left out with their content (feedback, rubrics, the interaction inside a body, …). */
  skip?: (e: XmlElement) => boolean;
  /** Called for every <img>: left out of the text, the caller collects it. */
  onImage?: (img: XmlElement) => void;
}

const SOFT = '\u0001';
const HARD = '\u0002';
const SPACE = '\u0003';

/**
 * An element's content as plain text the way a browser lays it out: markup stripped; runs of spaces, tabs and line
 * ends in the source collapse to one space (they are the file's indentation, not the author's); <br> is a line break;
 * block elements start and end lines (never an empty line of their own); whitespace in <pre> (and in our export's
 * `gk-pre` spans) is kept as written; each line is trimmed of collapsed space. Tables read row by row, cells apart.
 */
export function htmlText(root: XmlElement, options: TextOptions = {}): string {
  const parts: string[] = [];
  const walk = (e: XmlElement, pre: boolean) => {
    for (const c of e.children) {
      if (typeof c === 'string') {
        // XML 1.0 text cannot carry U+0001–U+0003 (the parser refuses them), so the markers below never clash.
        parts.push(pre ? c : c.replace(/[ \t\n\r\f]+/g, SPACE));
        continue;
      }
      if (options.skip?.(c)) continue;
      if (c.local === 'img') {
        options.onImage?.(c);
        continue;
      }
      if (c.local === 'br') {
        parts.push(HARD);
        continue;
      }
      if (c.local === 'td' || c.local === 'th') parts.push(SPACE);
      const block = BLOCKS.has(c.local);
      if (block) parts.push(SOFT);
      walk(c, pre || isPre(c));
      if (block) parts.push(SOFT);
    }
  };
  walk(root, isPre(root));
  // Soft breaks: several in a row are one, none at the start or end; hard breaks (<br>) always count.
  const joined = parts
    .join('')
    .replace(new RegExp(`[${SOFT}${SPACE}]*${SOFT}[${SOFT}${SPACE}]*`, 'g'), SOFT)
    .replace(new RegExp(`^${SOFT}|${SOFT}$`, 'g'), '')
    .replace(new RegExp(`[${SOFT}${HARD}]`, 'g'), '\n');
  return joined
    .split('\n')
    .map((line) =>
      line.replace(new RegExp(`^${SPACE}+|${SPACE}+$`, 'g'), '').replace(new RegExp(`${SPACE}+`, 'g'), ' '),
    )
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

// ─── Writing ────────────────────────────────────────────────────────────────────────────────────────────

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Plain text as QTI HTML content that `htmlText` reads back exactly: line ends as <br/>, and whitespace a browser
 * would collapse (runs, tabs, at a line's start or end) inside a `gk-pre` span, which other tools show as a space.
 */
export function textToHtml(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      escapeXml(line).replace(/[ \t\r\f]+/g, (ws, offset: number) =>
        ws === ' ' && offset > 0 && offset + 1 < escapeXml(line).length
          ? ' '
          : `<span class="${PRE_CLASS}">${ws}</span>`,
      ),
    )
    .join('<br/>');
}
