import type { z } from 'zod';

/**
 * A query string's parameters as a client builds them: the parsed values (numbers, booleans, not their digits),
 * each one optional where the schema lets it be left out, defaults included. The client turns them into the
 * string the schema reads (`?page=2&includeInactive=true`).
 */
export type QueryOf<S extends z.ZodType> = {
  [K in keyof z.input<S>]: K extends keyof z.output<S> ? z.output<S>[K] : never;
};
