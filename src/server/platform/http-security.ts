import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers on every response (helmet's middleware, built once), tuned for what this app serves:
 * - Content-Security-Policy: scripts from this origin only (the Swagger UI loads its scripts as files; any inline
 *   script hashes it declares are added);
 *   styles from this origin and inline ones, which antd's CSS-in-JS injects at run time (a nonce would need every
 *   HTML answer templated; inline styles cannot run code); images also from data: and blob: (photo previews);
 *   no plugins; the app may frame only itself (the printed form's preview); forms post only here.
 * - X-Content-Type-Options: nosniff; X-Frame-Options: SAMEORIGIN; Referrer-Policy: same-origin.
 * - Strict-Transport-Security only on https requests (see trustProxy), where a browser honours it.
 * - Cache-Control: no-store on every /api/ answer: personal data stays out of shared and browser caches.
 *
 * Register after @fastify/swagger-ui, whose decorator carries the script hashes.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  const swaggerScripts = (app as unknown as { swaggerCSP?: { script: string[] } }).swaggerCSP?.script ?? [];
  // Helmet's middleware, built once: @fastify/helmet builds it again for every request (parsing the policy each
  // time), which showed in the exam-day profile at thousands of saves a second. The policy never varies here.
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...swaggerScripts],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    frameguard: { action: 'sameorigin' },
    referrerPolicy: { policy: 'same-origin' },
    // Sent below, only where it means something.
    strictTransportSecurity: false,
    // The app loads nothing cross-origin; these would only break the PDF viewer in some browsers.
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) =>
    headers(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.protocol === 'https') {
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    }
    if (request.url.startsWith('/api/') && !request.url.startsWith('/api/docs')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}

/**
 * TRUST_PROXY → Fastify's trustProxy: which hops of X-Forwarded-For / -Proto to believe. `false` (the default)
 * believes none; a number believes that many proxies in front of the app; addresses or CIDRs (comma-separated, or
 * proxy-addr's `loopback`, `linklocal`, `uniquelocal`) believe only hops that come from them. `true` — every hop,
 * so any client could choose its own address for the audit trail and the rate limits — is refused.
 */
export function parseTrustProxy(raw: string | undefined): false | number | string {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') {
    throw new Error(
      'TRUST_PROXY=true would believe every X-Forwarded-For hop, so any client could forge its address. ' +
        "Give the reverse proxy's address (TRUST_PROXY=10.0.0.5, or a CIDR such as 10.0.0.0/24) or the number of " +
        'proxies in front of the app (TRUST_PROXY=1).',
    );
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops < 1 || hops > 10) throw new Error('TRUST_PROXY: a hop count is between 1 and 10');
    return hops;
  }
  const parts = value.split(',').map((p) => p.trim());
  const address = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/;
  const bad = parts.find((p) => !address.test(p));
  if (bad !== undefined) throw new Error(`TRUST_PROXY: "${bad}" is not an address, a CIDR or a hop count`);
  return parts.join(',');
}

/** Fastify's option for a parsed TRUST_PROXY: a hop count becomes "trust the nearest n hops" (proxy-addr's rule). */
export function trustProxyOption(
  value: false | number | string,
): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return value;
}

/**
 * For answers written outside Fastify's hooks (bad URLs, oversize heads on the raw socket): a JSON error needs no
 * resources at all.
 */
export const BARE_SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
} as const;
