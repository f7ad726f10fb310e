// Offline check of a 准考证's QR token (GKT1.<payload>.<signature>, modules/tickets/ticket-token.ts) in the browser:
// the Ed25519 signature of the payload string against the published public key, which is fetched once and kept in
// localStorage so that admission works while the network is down.
import { ed25519 } from '@noble/curves/ed25519.js';

const KEY_STORAGE = 'gk.ticketPublicKey';

export interface TicketToken {
  ticketNumber: string;
  name: string;
  idNumberMasked: string;
  sessionId: number;
  seatLabel: string;
}

export type TicketCheckResult = { ok: true; claims: TicketToken } | { ok: false; message: string };

function fromBase64Url(text: string): Uint8Array {
  const b64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const raw = atob(b64);
  return Uint8Array.from(raw, (ch) => ch.charCodeAt(0));
}

/** The published key, from the server (then kept) or, offline, from what was kept. */
export async function loadTicketPublicKey(): Promise<string | null> {
  try {
    const res = await fetch('/api/public/tickets/public-key', { credentials: 'same-origin' });
    if (res.ok) {
      const body = (await res.json()) as { publicKey: string };
      localStorage.setItem(KEY_STORAGE, body.publicKey);
      return body.publicKey;
    }
  } catch {
    // Offline: the kept key follows.
  }
  return localStorage.getItem(KEY_STORAGE);
}

/** Verifies a scanned token; the words say why one is refused. */
export function checkTicketToken(publicKey: string, scanned: string): TicketCheckResult {
  const parts = scanned.trim().split('.');
  if (parts.length !== 3 || parts[0] !== 'GKT1') return { ok: false, message: '不是本系统的准考证二维码' };
  const [, payload, signature] = parts as [string, string, string];
  let valid = false;
  try {
    valid = ed25519.verify(fromBase64Url(signature), new TextEncoder().encode(payload), fromBase64Url(publicKey));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, message: '签名校验失败：准考证二维码被改动或非本系统签发' };
  try {
    const claims = JSON.parse(new TextDecoder().decode(fromBase64Url(payload))) as Record<string, unknown>;
    if (claims.purpose !== 'ticket' || claims.v !== 1) return { ok: false, message: '准考证二维码版本不受支持' };
    return {
      ok: true,
      claims: {
        ticketNumber: String(claims.ticketNumber),
        name: String(claims.name),
        idNumberMasked: String(claims.idNumberMasked),
        sessionId: Number(claims.sessionId),
        seatLabel: String(claims.seatLabel),
      },
    };
  } catch {
    return { ok: false, message: '不是本系统的准考证二维码' };
  }
}
