// ExcelJS's SAX loop (saxes), used by platform/xlsx-read.ts to read shared strings with limits.
declare module 'exceljs/lib/utils/parse-sax.js' {
  type SaxEvent =
    | { eventType: 'opentag'; value: { name: string; attributes: Record<string, string> } }
    | { eventType: 'text'; value: string }
    | { eventType: 'closetag'; value: { name: string } };
  export default function parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]>;
}
