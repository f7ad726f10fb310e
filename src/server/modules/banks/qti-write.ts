// Writing IMS QTI 3.0 content packages: one `qti-assessment-item` per item and the manifest with each item's
// metadata (LOM: 知识点 as a keyword, difficulty in LOM's vocabulary, 来源 as an "isbasedon" relation), written so that
// qti-read.ts reads every item back as it was. docs/api-banks.md, "QTI 3.0".
import { type ItemContent, OPTION_LETTERS, TRUE_FALSE_LABELS } from '../../../domain/items.js';
import { LOM_DIFFICULTY, TRUE_FALSE_CLASS } from './qti-read.js';
import { CP_NS, escapeXml, LOM_NS, QTI_NS, textToHtml } from './qti-xml.js';

const MATCH_CORRECT = 'https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml';
const ITEM_XSD = 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd';
const CP_XSD = 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export interface ExportItem {
  /** The QTI identifier and the resource's (`item-<id>`). */
  identifier: string;
  title: string;
  content: ItemContent;
}

/** Where an image's file lies inside the package, by its key. */
export type ImagePaths = ReadonlyMap<string, string>;

const attr = (value: string) => escapeXml(value);

function img(path: string, alt: string): string {
  // Item files live in items/, pictures in images/.
  return `<img src="../${attr(path)}" alt="${attr(alt)}"/>`;
}

/** One item as a QTI 3.0 assessment item (UTF-8 XML). */
export function itemXml(item: ExportItem, images: ImagePaths): string {
  const c = item.content;
  const trueFalse = c.type === 'true_false';
  const choices = trueFalse
    ? (['T', 'F'] as const).map((id) => ({ id, text: TRUE_FALSE_LABELS[id], image: null as string | null }))
    : c.options.map((o, i) => ({ id: OPTION_LETTERS[i]!, text: o.text, image: o.image }));
  const correct = trueFalse ? [c.answer] : [...c.answer];
  const cardinality = c.type === 'multiple' ? 'multiple' : 'single';
  const imagePath = (key: string) => images.get(key) ?? key;

  const stemParts = [`<p>${textToHtml(c.stem)}</p>`];
  if (c.stemImage) stemParts.push(`<p>${img(imagePath(c.stemImage), '题干图片')}</p>`);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<qti-assessment-item xmlns="${QTI_NS}" xmlns:xsi="${XSI}" xsi:schemaLocation="${QTI_NS} ${ITEM_XSD}"`,
    `    identifier="${attr(item.identifier)}" title="${attr(item.title)}" adaptive="false" time-dependent="false" xml:lang="zh-CN">`,
    `  <qti-response-declaration identifier="RESPONSE" cardinality="${cardinality}" base-type="identifier">`,
    '    <qti-correct-response>',
    ...correct.map((v) => `      <qti-value>${attr(v)}</qti-value>`),
    '    </qti-correct-response>',
    '  </qti-response-declaration>',
    '  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float">',
    '    <qti-default-value><qti-value>0</qti-value></qti-default-value>',
    '  </qti-outcome-declaration>',
    '  <qti-outcome-declaration identifier="FEEDBACK" cardinality="single" base-type="identifier"/>',
    '  <qti-item-body>',
    `    <qti-choice-interaction response-identifier="RESPONSE" shuffle="false" max-choices="${c.type === 'multiple' ? 0 : 1}"${trueFalse ? ` class="${TRUE_FALSE_CLASS}"` : ''}>`,
    `      <qti-prompt>${stemParts.join('')}</qti-prompt>`,
    ...choices.map(
      (o) =>
        `      <qti-simple-choice identifier="${o.id}">${textToHtml(o.text)}${o.image ? img(imagePath(o.image), `选项${o.id}图片`) : ''}</qti-simple-choice>`,
    ),
    '    </qti-choice-interaction>',
    '  </qti-item-body>',
    `  <qti-response-processing template="${MATCH_CORRECT}"/>`,
  ];
  if (c.explanation !== '') {
    lines.push(
      '  <qti-modal-feedback outcome-identifier="FEEDBACK" identifier="EXPLANATION" show-hide="show" title="解析">',
      `    <qti-content-body><p>${textToHtml(c.explanation)}</p></qti-content-body>`,
      '  </qti-modal-feedback>',
    );
  }
  lines.push('</qti-assessment-item>', '');
  return lines.join('\n');
}

const langString = (text: string) => `<string language="zh-CN">${escapeXml(text)}</string>`;

/** One item's LOM record in the manifest: what the item file has no place for. */
function lom(item: ExportItem): string {
  const c = item.content;
  const parts = [
    `<lom xmlns="${LOM_NS}">`,
    '<general>',
    `<identifier><catalog>gongkao</catalog><entry>${escapeXml(item.identifier)}</entry></identifier>`,
    `<title>${langString(item.title)}</title>`,
    `<keyword>${langString(c.knowledgePoint)}</keyword>`,
    '</general>',
    '<educational>',
    `<difficulty><source>LOMv1.0</source><value>${LOM_DIFFICULTY[c.difficulty - 1] ?? 'medium'}</value></difficulty>`,
    '</educational>',
  ];
  if (c.source !== '') {
    parts.push(
      '<relation>',
      '<kind><source>LOMv1.0</source><value>isbasedon</value></kind>',
      `<resource><description>${langString(c.source)}</description></resource>`,
      '</relation>',
    );
  }
  parts.push('</lom>');
  return parts.join('');
}

/** The package's imsmanifest.xml: one resource per item (its file, its pictures as dependencies), one per picture. */
export function manifestXml(
  identifier: string,
  title: string,
  items: ReadonlyArray<ExportItem & { file: string; images: string[] }>,
  imageFiles: ReadonlyArray<{ identifier: string; file: string }>,
): string {
  const imageId = new Map(imageFiles.map((f) => [f.file, f.identifier]));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<manifest xmlns="${CP_NS}" xmlns:xsi="${XSI}" xsi:schemaLocation="${CP_NS} ${CP_XSD}" identifier="${attr(identifier)}">`,
    '  <metadata>',
    '    <schema>QTI Package</schema>',
    '    <schemaversion>3.0.0</schemaversion>',
    `    <lom xmlns="${LOM_NS}"><general><title>${langString(title)}</title></general></lom>`,
    '  </metadata>',
    '  <organizations/>',
    '  <resources>',
  ];
  for (const item of items) {
    lines.push(
      `    <resource identifier="${attr(item.identifier)}" type="imsqti_item_xmlv3p0" href="${attr(item.file)}">`,
      `      <metadata>${lom(item)}</metadata>`,
      `      <file href="${attr(item.file)}"/>`,
      ...item.images.map((f) => `      <dependency identifierref="${attr(imageId.get(f) ?? f)}"/>`),
      '    </resource>',
    );
  }
  for (const f of imageFiles) {
    lines.push(
      `    <resource identifier="${attr(f.identifier)}" type="webcontent" href="${attr(f.file)}">`,
      `      <file href="${attr(f.file)}"/>`,
      '    </resource>',
    );
  }
  lines.push('  </resources>', '</manifest>', '');
  return lines.join('\n');
}
