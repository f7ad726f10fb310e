/**
 * A return path from the query string, accepted only when it stays on this site: an absolute path, not
 * protocol-relative ('//evil.example'), no backslashes, and not the sign-in page itself.
 */
export function safeRedirect(raw: string | null | undefined, fallback = '/'): string {
  if (!raw) return fallback;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return fallback;
  for (const ch of raw) if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) return fallback;
  if (raw === '/login' || raw.startsWith('/login?') || raw.startsWith('/login/')) return fallback;
  return raw;
}

/** The sign-in URL that returns to `path` afterwards. */
export function loginUrl(path: string, expired: boolean): string {
  const params = new URLSearchParams();
  const target = safeRedirect(path, '');
  if (target && target !== '/') params.set('redirect', target);
  if (expired) params.set('expired', '1');
  const qs = params.toString();
  return qs ? `/login?${qs}` : '/login';
}

// Times are shown in Beijing time whatever the browser's zone: the rules and the offices count Beijing days.
const BEIJING = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : BEIJING.format(d);
}

export function isLocked(lockedUntil: string | null | undefined, now: number = Date.now()): boolean {
  if (!lockedUntil) return false;
  const t = Date.parse(lockedUntil);
  return Number.isFinite(t) && t > now;
}

export interface DiffRow {
  key: string;
  before: unknown;
  after: unknown;
  /** 'added' | 'removed' | 'changed' | 'same' */
  change: 'added' | 'removed' | 'changed' | 'same';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Key-by-key comparison of an audit row's before/after objects, keys in first-seen order. */
export function diffRows(before: unknown, after: unknown): DiffRow[] {
  const b = isPlainObject(before) ? before : {};
  const a = isPlainObject(after) ? after : {};
  const keys: string[] = [];
  for (const k of [...Object.keys(b), ...Object.keys(a)]) if (!keys.includes(k)) keys.push(k);
  return keys.map((key) => {
    const inB = Object.hasOwn(b, key);
    const inA = Object.hasOwn(a, key);
    const bv = b[key];
    const av = a[key];
    let change: DiffRow['change'];
    if (inB && !inA) change = 'removed';
    else if (!inB && inA) change = 'added';
    else change = stableStringify(bv) === stableStringify(av) ? 'same' : 'changed';
    return { key, before: inB ? bv : undefined, after: inA ? av : undefined, change };
  });
}

export function stableStringify(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_k, v: unknown) => {
    if (isPlainObject(v)) {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, v[k]]),
      );
    }
    return v;
  });
}

/** A short display of a JSON value for the diff table. */
export function formatJsonValue(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 2);
}

/**
 * The shape of a 统一社会信用代码 (GB 32100-2015): 18 characters from the digits and the capital letters
 * without I, O, Z, S, V. The check digit is left to the server, which is authoritative.
 */
export const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function creditCodeShapeOk(code: string): boolean {
  return CREDIT_CODE_PATTERN.test(code);
}

/** Trimmed string, or undefined when empty (for optional create fields). */
export function optionalText(value: string | null | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

/** The server's rule for phone numbers (accounts and org nodes): digits, spaces and + - ( ), 5–20 characters. */
export const PHONE_PATTERN = /^[0-9+\-() ]{5,20}$/;
