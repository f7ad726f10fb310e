// What the exam client's service worker (sw.ts) keeps: the page and the same-origin files it names. Pure, tested.

/** The exam client's page, the cache key of every navigation under /exam/. */
export const PAGE = '/exam/';

/** The same-origin files a page names (scripts, module preloads, style sheets, the icon), never the API. */
export function shellFiles(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/\b(?:src|href)="(\/(?!\/)[^"?#]+)"/g)) {
    const file = match[1]!;
    if (!file.startsWith('/api/') && file !== PAGE) found.add(file);
  }
  return [...found];
}
