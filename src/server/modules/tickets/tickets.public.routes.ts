import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { publishedKey, requireSigningKey } from '../../platform/signing.js';

export const ticketPublicKeyResponse = z.object({
  algorithm: z.literal('Ed25519'),
  publicKey: z.string().describe('原始 32 字节公钥的 base64url'),
  keyId: z.string().describe('公钥 SHA-256 前 8 字节的 base64url'),
  pem: z.string().describe('SPKI PEM 格式公钥'),
});

/** The public half of the signing key, for the proctor's console to check ticket tokens offline. */
export function ticketPublicRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/public/tickets/public-key',
      {
        config: { access: 'public', rateLimit: { max: deps.config.publicRatePerMinute, timeWindow: 60_000 } },
        schema: {
          tags: ['公众服务'],
          summary: '准考证二维码验签公钥（无需登录）',
          description:
            '准考证二维码为 GKT1.<payload>.<signature>：payload 为声明 JSON（UTF-8）的 base64url，signature 为对 payload 字符串字节的 Ed25519 签名（base64url）。考务端可凭此公钥离线验签；格式见 docs/api-tickets.md。服务器未配置签名密钥时答 503 SIGNING_KEY_MISSING。',
          response: { 200: ticketPublicKeyResponse },
        },
      },
      async (_request, reply) => {
        const key = requireSigningKey(deps.signingKey);
        // The key changes only with a restart under another SIGNING_KEY: a console may cache it for a while.
        reply.header('cache-control', 'public, max-age=300');
        return publishedKey(key);
      },
    );
  };
}
