import { z } from 'zod';

/** PostgreSQL's `integer`: every id and version column. A larger number would fail in the database. */
export const INT4_MAX = 2_147_483_647;

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const POSITIVE_DECIMAL = /^[1-9][0-9]*$/;

/**
 * A record's id in a path or a query string: plain decimal digits, no sign, no leading zero, no spaces, no
 * `0x10` or `1e3` (which `z.coerce.number()` would take), within int4. Every path id and id-like query parameter
 * uses this one schema.
 */
export function idParam(description: string) {
  return z
    .string()
    .regex(POSITIVE_DECIMAL, '须为正整数编号')
    .max(10, '编号超出范围')
    .transform(Number)
    .pipe(z.number().max(INT4_MAX, '编号超出范围'))
    .describe(description);
}

/** A record's id (or version number) in a JSON body: a positive integer within int4. */
export function idValue(description: string) {
  return z.number().int().positive().max(INT4_MAX, '编号超出范围').describe(description);
}

/**
 * A whole number in a query string (page, page size, grade, year): decimal digits only, within [min, max].
 * `default` applies when the parameter is absent.
 */
export function intQuery(min: number, max: number) {
  return z
    .string()
    .regex(DECIMAL, '须为整数')
    .max(10, `须在 ${min} 至 ${max} 之间`)
    .transform(Number)
    .pipe(z.number().min(min).max(max));
}

/** `page` of every paged list. */
export function pageQuery() {
  return intQuery(1, 1_000_000).default(1);
}

/**
 * A query string's parameters as a client builds them: the parsed values (numbers, booleans, not their digits),
 * each one optional where the schema lets it be left out, defaults included. The client turns them into the
 * string the schema reads (`?page=2&includeInactive=true`).
 */
export type QueryOf<S extends z.ZodType> = {
  [K in keyof z.input<S>]: K extends keyof z.output<S> ? z.output<S>[K] : never;
};
