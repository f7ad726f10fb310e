/**
 * Metrics across the workers of one machine (WORKERS > 1). Every worker listens on the same port, so a scraper
 * cannot pick one: the worker that receives `GET /api/metrics` asks the primary, the primary asks every worker
 * for its registry (as JSON) and answers with their aggregate (prom-client's AggregatorRegistry: counters and
 * histograms summed, database-derived gauges taken once). A plain process (WORKERS=1) answers with its own.
 */
import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, type Registry } from 'prom-client';

const ASK = 'gk:metrics:ask';
const ANSWER = 'gk:metrics:answer';
const COLLECT = 'gk:metrics:collect';
const COLLECTED = 'gk:metrics:collected';
const TIMEOUT_MS = 5_000;

interface Message {
  type?: string;
  id?: string;
  text?: string;
  metrics?: unknown;
  error?: string;
}

const pending = new Map<string, (message: Message) => void>();
let workerListening = false;

/** This process's metrics text: its own registry, or (in a cluster worker) the machine's aggregate. */
export async function metricsText(registry: Registry): Promise<{ text: string; contentType: string }> {
  if (!cluster.isWorker || !process.send) return { text: await registry.metrics(), contentType: registry.contentType };
  listenAsWorker(registry);
  const id = randomUUID();
  const answer = await new Promise<Message>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error('the primary did not answer the metrics request'));
    }, TIMEOUT_MS);
    pending.set(id, (message) => {
      clearTimeout(timer);
      resolve(message);
    });
    process.send?.({ type: ASK, id });
  });
  if (answer.error || answer.text === undefined) throw new Error(answer.error ?? 'no metrics');
  return { text: answer.text, contentType: registry.contentType };
}

/** In a worker: answers the primary's collection requests with this registry (call once the app is built). */
export function listenAsWorker(registry: Registry): void {
  if (workerListening || !cluster.isWorker) return;
  workerListening = true;
  process.on('message', (message: Message) => {
    if (message?.type === ANSWER && message.id) {
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    } else if (message?.type === COLLECT && message.id) {
      registry
        .getMetricsAsJSON()
        .then((metrics) => process.send?.({ type: COLLECTED, id: message.id, metrics }))
        .catch((error: Error) => process.send?.({ type: COLLECTED, id: message.id, error: error.message }));
    }
  });
}

/** In the primary: serves the workers' requests for the machine's aggregate. */
export function serveClusterMetrics(): void {
  const collecting = new Map<string, { waiting: number; parts: unknown[]; done: () => void }>();
  cluster.on('message', (worker: Worker, message: Message) => {
    if (message?.type === COLLECTED && message.id) {
      const round = collecting.get(message.id);
      if (!round) return;
      if (Array.isArray(message.metrics)) round.parts.push(message.metrics);
      if (--round.waiting === 0) round.done();
      return;
    }
    if (message?.type !== ASK || !message.id) return;
    const askId = message.id;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w?.isConnected()));
    const id = randomUUID();
    const round = { waiting: workers.length, parts: [] as unknown[], done: () => {} };
    const finished = new Promise<void>((resolve) => {
      round.done = resolve;
      setTimeout(resolve, TIMEOUT_MS - 1_000).unref();
    });
    collecting.set(id, round);
    for (const w of workers) w.send({ type: COLLECT, id });
    void finished.then(async () => {
      collecting.delete(id);
      try {
        const text = await AggregatorRegistry.aggregate(round.parts as never).metrics();
        if (worker.isConnected()) worker.send({ type: ANSWER, id: askId, text });
      } catch (error) {
        if (worker.isConnected()) worker.send({ type: ANSWER, id: askId, error: (error as Error).message });
      }
    });
  });
}
