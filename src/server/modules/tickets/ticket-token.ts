/**
 * The 准考证's QR token: `GKT1.<payload>.<signature>`, signed with the server's Ed25519 key (platform/signing.ts),
 * the same shape as the certificate's `GKC1.` code (issue 16). `<payload>` is the base64url of the UTF-8 JSON of
 * the claims below, opened by `"purpose":"ticket"`; `<signature>` is the base64url of the Ed25519 signature of the
 * `<payload>` string's bytes. The proctor's console checks it offline with the published public key
 * (GET /api/public/tickets/public-key); docs/api-tickets.md has the format and a verifying snippet.
 *
 * The token carries the masked ID number only: the QR can be photographed by anyone standing near the candidate.
 */
import type { KeyObject } from 'node:crypto';
import { maskIdNumberPublic } from '../../../domain/masking.js';
import { type SigningKey, signToken, verifyToken } from '../../platform/signing.js';

export const TICKET_TOKEN_PREFIX = 'GKT1';
export const TICKET_TOKEN_PURPOSE = 'ticket';
export const TICKET_TOKEN_VERSION = 1;

/** What a ticket token says, in this order in its JSON (after `purpose`). */
export interface TicketClaims {
  v: typeof TICKET_TOKEN_VERSION;
  /** 准考证号. */
  ticketNumber: string;
  applicationId: number;
  name: string;
  /** `410105********1234`. */
  idNumberMasked: string;
  sessionId: number;
  /** The session's start, ISO 8601 with offset. */
  sessionStart: string;
  centreCode: string;
  roomCode: string;
  seatLabel: string;
  /** When the token was signed, ISO 8601. */
  issuedAt: string;
}

/** What the service hands over to sign: the full ID number is masked here, never later. */
export interface TicketTokenInput {
  ticketNumber: string;
  applicationId: number;
  name: string;
  idNumber: string;
  sessionId: number;
  sessionStart: Date | string;
  centreCode: string;
  roomCode: string;
  seatLabel: string;
}

export type TicketRefusal = 'malformed' | 'bad_signature' | 'wrong_version';

export type TicketCheck = { ok: true; claims: TicketClaims } | { ok: false; reason: TicketRefusal };

/** Chinese for each refusal, as the console shows it. */
export const TICKET_REFUSAL_LABELS: Record<TicketRefusal, string> = {
  malformed: '不是本系统的准考证二维码',
  bad_signature: '签名校验失败：准考证二维码被改动或非本系统签发',
  wrong_version: '准考证二维码版本不受支持',
};

const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : value);

/** The claims a ticket's token carries, in their fixed order. */
export function ticketClaims(input: TicketTokenInput, issuedAt: Date): TicketClaims {
  return {
    v: TICKET_TOKEN_VERSION,
    ticketNumber: input.ticketNumber,
    applicationId: input.applicationId,
    name: input.name,
    idNumberMasked: maskIdNumberPublic(input.idNumber),
    sessionId: input.sessionId,
    sessionStart: iso(input.sessionStart),
    centreCode: input.centreCode,
    roomCode: input.roomCode,
    seatLabel: input.seatLabel,
    issuedAt: issuedAt.toISOString(),
  };
}

/** Signs a ticket's token (SIGNING_KEY_MISSING when the server has no key). */
export function signTicket(key: SigningKey | null, input: TicketTokenInput, issuedAt: Date): string {
  return signToken(key, TICKET_TOKEN_PREFIX, TICKET_TOKEN_PURPOSE, ticketClaims(input, issuedAt));
}

const STRING_CLAIMS = [
  'ticketNumber',
  'name',
  'idNumberMasked',
  'sessionStart',
  'centreCode',
  'roomCode',
  'seatLabel',
  'issuedAt',
] as const;

/**
 * Checks a scanned token against the public key alone: the claims, or why it is refused. A signature that holds over
 * another purpose (a certificate) counts as a bad signature for a ticket.
 */
export function verifyTicket(publicKey: KeyObject | SigningKey, token: string): TicketCheck {
  const key = 'privateKey' in publicKey ? publicKey.publicKey : publicKey;
  const checked = verifyToken(key, TICKET_TOKEN_PREFIX, TICKET_TOKEN_PURPOSE, token);
  if (!checked.ok) return { ok: false, reason: checked.reason === 'malformed' ? 'malformed' : 'bad_signature' };
  const c = checked.claims;
  if (c.v !== TICKET_TOKEN_VERSION) return { ok: false, reason: 'wrong_version' };
  const shaped =
    STRING_CLAIMS.every((k) => typeof c[k] === 'string') &&
    Number.isInteger(c.applicationId) &&
    Number.isInteger(c.sessionId);
  if (!shaped) return { ok: false, reason: 'malformed' };
  return { ok: true, claims: c as unknown as TicketClaims };
}
