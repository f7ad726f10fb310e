// The exam client's service worker (/exam/sw.js, scope /exam/): keeps the page itself on the seat's PC, so that a
// reload, a browser restart or a PC restarted after a power cut opens the exam even while the network is down. The
// page then resumes from IndexedDB (store.ts: the seat, the state, the papers, the journal) and its sender keeps
// trying. Only the shell is kept: the page (/exam/) and the files it loads. The API is never touched here: answers go
// through the journal (sync.ts), and no paper ever passes through this cache.
//
// The page is network-first (a new version of the client arrives with the next load that reaches the server); its
// files are content-hashed, so they are served from the cache when there and kept only while the page names them.
// Built by Vite as an entry of its own (vite.config.ts) into one file with no import or export: a classic worker
// script.
import { PAGE, shellFiles } from './shell.js';

interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  readonly location: Location;
}

const scope = self as unknown as WorkerScope;
const CACHE = 'gk-exam-shell-v1';

/** Fetches the page and what it names into the cache, and drops what the page no longer names. */
async function keepShell(page?: Response): Promise<void> {
  const cache = await caches.open(CACHE);
  const response = page ?? (await fetch(PAGE, { cache: 'no-store', credentials: 'same-origin' }));
  if (!response.ok) return;
  const html = await response.clone().text();
  const files = shellFiles(html);
  const missing: string[] = [];
  for (const file of files) if (!(await cache.match(file))) missing.push(file);
  await cache.addAll(missing);
  await cache.put(PAGE, response);
  const wanted = new Set([PAGE, ...files]);
  for (const request of await cache.keys()) {
    if (!wanted.has(new URL(request.url).pathname)) await cache.delete(request);
  }
}

scope.addEventListener('install', (event) => {
  event.waitUntil(keepShell().then(() => scope.skipWaiting()));
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await scope.clients.claim();
    })(),
  );
});

scope.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    if (!(url.pathname === '/exam' || url.pathname.startsWith(PAGE))) return;
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) event.waitUntil(keepShell(response.clone()).catch(() => undefined));
          return response;
        })
        .catch(async () => (await caches.match(PAGE, { cacheName: CACHE })) ?? Response.error()),
    );
    return;
  }
  event.respondWith(caches.match(url.pathname, { cacheName: CACHE }).then((kept) => kept ?? fetch(request)));
});
