import type { FastifyInstance } from 'fastify';

/** Connections opened just before the signal get this long to send their request before idle ones are closed. */
export const LATE_REQUEST_WAIT_MS = 1_000;
const IDLE_SWEEP_MS = 200;
const ACCEPT_TURN_MS = 20;

/**
 * Closes the app gracefully: takes in the connections already queued, then stops accepting connections, serves every request that reached the process
 * (Fastify answers them with Connection: close while closing), then runs the onClose hooks (background jobs and
 * the exam sweep settle). Node's server.close() would also close at once every connection with no request under
 * way, which cuts off a client that has connected but whose request the process has not read yet (a reset,
 * seen under load): such connections get LATE_REQUEST_WAIT_MS first, then idle ones are closed every
 * IDLE_SWEEP_MS until none is left (a keep-alive connection is closed as soon as its request is answered).
 */
export async function closeGracefully(app: FastifyInstance): Promise<void> {
  // Connections the kernel has queued but the process not yet taken (the event loop was busy) would be reset
  // when the listening socket closes: one turn of the loop (its poll phase) takes them in first.
  await new Promise((resolve) => setTimeout(resolve, ACCEPT_TURN_MS));
  const server = app.server;
  const closeIdle = server.closeIdleConnections.bind(server);
  server.closeIdleConnections = () => undefined;
  let sweep: NodeJS.Timeout | null = null;
  const wait = setTimeout(() => {
    server.closeIdleConnections = closeIdle;
    closeIdle();
    sweep = setInterval(closeIdle, IDLE_SWEEP_MS);
  }, LATE_REQUEST_WAIT_MS);
  try {
    await app.close();
  } finally {
    clearTimeout(wait);
    if (sweep) clearInterval(sweep);
    server.closeIdleConnections = closeIdle;
  }
}
